import { compileActionBody, type ContentTemplate } from "@edgewise/decision-engine";
import { OUTBOUND_LIMITS as LIMITS } from "./limits.ts";

const templates = new WeakMap<object, ContentTemplate>();

/**
 * A webhook action's JSON body rendered over `data` (the journey's or campaign's evaluation
 * context): each string of the body is a template, rendered unescaped (the body is JSON, not HTML;
 * `JSON.stringify` quotes what the values hold). The action's template is compiled once per
 * definition. `undefined` when the body is over LIMITS.maxBodyBytes.
 *
 * @example renderActionBody(step.action, { profile: { email: "ana@example.com" } }) // '{"to":"ana@example.com"}'
 */
export function renderActionBody(action: { body: unknown }, data: unknown): string | undefined {
  let template = templates.get(action);
  if (!template) templates.set(action, (template = compileActionBody(action.body)));
  const body = JSON.stringify(template(data, { escape: false }) ?? null);
  return new TextEncoder().encode(body).length <= LIMITS.maxBodyBytes ? body : undefined;
}
