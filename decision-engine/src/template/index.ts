/**
 * Content templating: `{{ path | filter: arg }}` in offer content and messages, compiled once into
 * closures (no eval), rendered with HTML escaping decided by the placement format.
 *
 * @example
 * import { compileContent } from "./template/index.ts";
 * const render = compileContent({ html: "<h2>Olá {{ profile.firstName | default: \"cliente\" }}</h2>" });
 * render({ profile: { firstName: "Ana" } }, { escape: true }); // → { html: "<h2>Olá Ana</h2>" }
 */
export { compileTemplate, readPath, type RenderOptions, type Template } from "./compile.ts";
export { compileContent, type ContentTemplate } from "./content.ts";
export { escapeHtml } from "./escape.ts";
export { TemplateError, type TemplateErrorEntry, TemplateErrors } from "./errors.ts";
export { FILTER_NAMES } from "./filters.ts";
