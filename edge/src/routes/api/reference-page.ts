import type { JsonSchema } from "../schema/shapes.ts";

import { escapeHtml } from "../../domain/shared/html.ts";

type Html = { html: string };
const raw = (html: string): Html => ({ html });
/** A tagged template whose interpolations are escaped (arrays and `raw` pieces are inserted as they are). */
function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let html = strings[0]!;
  values.forEach((value, i) => {
    html += toHtml(value) + strings[i + 1]!;
  });
  return raw(html);
}
function toHtml(value: unknown): string {
  if (value === undefined || value === null || value === false) return "";
  if (Array.isArray(value)) return value.map(toHtml).join("");
  if (typeof value === "object" && "html" in (value as object)) return (value as Html).html;
  return escapeHtml(String(value));
}

/** How a schema reads in a table: `string (1–200)`, `array of string`, `one of: a, b`, `Catalog`. */
function typeOf(schema: JsonSchema): string {
  if (typeof schema["$ref"] === "string") return schema["$ref"].split("/").pop()!;
  if (Array.isArray(schema["enum"])) return `one of: ${schema["enum"].join(", ")}`;
  if ("const" in schema) return JSON.stringify(schema["const"]);
  if (Array.isArray(schema["oneOf"])) return (schema["oneOf"] as JsonSchema[]).map(typeOf).join(" or ");
  const type = Array.isArray(schema["type"]) ? schema["type"].join(" or ") : String(schema["type"] ?? "any JSON");
  if (type === "array" && schema["items"]) return `array of ${typeOf(schema["items"] as JsonSchema)}${schema["maxItems"] === undefined ? "" : ` (≤ ${schema["maxItems"]})`}`;
  if (type === "string" && schema["maxLength"] !== undefined) return `string (${schema["minLength"] ?? 0}–${schema["maxLength"]} chars)`;
  if (type === "string" && schema["format"]) return `string (${schema["format"]})`;
  if (type === "integer" && schema["maximum"] !== undefined) return `integer (${schema["minimum"]}–${schema["maximum"]})`;
  return type;
}

/** The fields of an object schema as table rows, nested objects (and arrays of them) under dotted names. */
function fieldRows(schema: JsonSchema, prefix = "", depth = 0): Html[] {
  const properties = schema["properties"] as Record<string, JsonSchema> | undefined;
  if (!properties || depth > 3) return [];
  const required = new Set((schema["required"] as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const inner = field["type"] === "array" ? (field["items"] as JsonSchema) : field;
    return [
      h`<tr><td><code>${path}</code></td><td>${typeOf(field)}</td><td>${required.has(name) ? "yes" : ""}</td><td>${field["description"] ?? ""}</td></tr>`,
      ...fieldRows(inner, field["type"] === "array" ? `${path}[].` : `${path}.`, depth + 1),
    ];
  });
}

function fieldTable(caption: string, rows: Html[]): Html {
  if (rows.length === 0) return raw("");
  return h`<table><caption>${caption}</caption><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationSection(path: string, method: string, operation: JsonSchema): Html {
  const id = String(operation["operationId"]);
  const security = (operation["security"] as Record<string, unknown>[]).map((s) => Object.keys(s)[0]);
  const auth = security.includes("adminKey") ? "admin key" : security.includes("clientKey") ? "client key" : "public";
  const parameters = (operation["parameters"] as JsonSchema[] | undefined) ?? [];
  const body = operation["requestBody"] as JsonSchema | undefined;
  const [mediaType, media] = body ? (Object.entries(body["content"] as Record<string, JsonSchema>)[0] ?? []) : [];
  const examples = media ? Object.values((media["examples"] as Record<string, { value: unknown }>) ?? {}) : [];
  const responses = Object.entries(operation["responses"] as Record<string, JsonSchema>);
  return h`<section id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title"><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${operation["summary"]} <span class="auth">(${auth})</span></p>
${operation["description"] ? h`<p>${operation["description"]}</p>` : ""}
${fieldTable(
  "Parameters",
  parameters.map((p) => h`<tr><td><code>${p["name"]}</code> <small>${p["in"]}</small></td><td>${typeOf(p["schema"] as JsonSchema)}</td><td>${p["required"] ? "yes" : ""}</td><td>${p["description"] ?? ""}</td></tr>`),
)}
${media ? h`<p>Body: <code>${mediaType}</code>${body!["description"] ? h` — ${body!["description"]}` : ""}</p>` : ""}
${media ? fieldTable("Body fields", fieldRows(media["schema"] as JsonSchema)) : ""}
${examples.map(({ value }) => h`<details><summary>Example body</summary><pre><code>${typeof value === "string" ? value : JSON.stringify(value, null, 2)}</code></pre></details>`)}
<dl class="responses">${responses.map(([status, answer]) => h`<dt>${status}</dt><dd>${answer["description"] ?? String(answer["$ref"] ?? "").split("/").pop()}</dd>`)}</dl>
</section>`;
}

/**
 * The API reference page (`/docs/api`) rendered from the OpenAPI document: one section per
 * operation, grouped by tag, with its parameters, body fields, examples and answers. Static HTML
 * (no script), every text escaped.
 */
export function renderReferencePage(document: JsonSchema): string {
  const info = document["info"] as JsonSchema;
  const tags = (document["tags"] as { name: string }[]).map((tag) => tag.name);
  const operations = Object.entries(document["paths"] as Record<string, Record<string, JsonSchema>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const groups = tags.map((tag) => ({ tag, items: operations.filter(({ operation }) => (operation["tags"] as string[])[0] === tag) }));
  const slug = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `<!doctype html>${h`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${info["title"]} — reference</title><style>${raw(STYLE)}</style></head>
<body><a class="skip" href="#main">Skip to the reference</a>
<header><h1>${info["title"]} <small>${info["version"]}</small></h1><p>${info["description"]}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1) · catalog schema: <a href="/v1/catalog.schema.json">/v1/catalog.schema.json</a></p></header>
<nav aria-label="Operations"><ul>${groups.map(({ tag, items }) => h`<li><a href="#${slug(tag)}">${tag}</a><ul>${items.map(({ path, method, operation }) => h`<li><a href="#${operation["operationId"]}">${method.toUpperCase()} ${path}</a></li>`)}</ul></li>`)}</ul></nav>
<main id="main">${groups.map(({ tag, items }) => h`<h2 id="${slug(tag)}">${tag}</h2>${items.map(({ path, method, operation }) => operationSection(path, method, operation))}`)}</main>
</body></html>`.html}`;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--code:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--code:#161b22}}
body{font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:72rem;padding:1rem;display:grid;grid-template-columns:minmax(0,16rem) minmax(0,1fr);gap:2rem}
header{grid-column:1/-1}nav ul{list-style:none;padding-left:.75rem;margin:0}nav>ul{padding:0;position:sticky;top:1rem}nav a{color:inherit}
h1 small,.auth{color:var(--muted);font-weight:normal}section{border-top:1px solid var(--line);padding:.5rem 0 1rem}
code,pre{font-family:ui-monospace,monospace;background:var(--code);border-radius:4px}pre{padding:.75rem;overflow:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}caption{text-align:left;font-weight:600}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.method{font:600 .8rem ui-monospace,monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}
dl.responses{display:grid;grid-template-columns:4rem 1fr;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
@media (max-width:720px){body{grid-template-columns:1fr}nav>ul{position:static}}`;
