/**
 * An AEP mobile ruleset ("Launch rules", what an AEP SDK downloads) from a catalog's client ruleset:
 * the offers the format can express exactly become in-app message rules, the others are skipped with
 * a reason. The reverse of the CLI's `edgewise import aep` (cli/src/aep-import.ts).
 *
 * Convertible: an offer with a `message` and a `trigger` naming an event without `when`, and no
 * eligibility, caps, orchestration (journeys, campaigns), experiment or holdout. A `schedule`
 * becomes `~timestampu` bounds (`ge` start, `lt` end, in epoch seconds).
 */

import { escapeHtml, httpsUrl } from "../shared/html.ts";

export const IN_APP_SCHEMA = "https://ns.adobe.com/personalization/message/in-app";
const TRACK = ["com.adobe.eventType.generic.track", "com.adobe.eventSource.requestContent"] as const;
const LIFECYCLE_TYPE = "com.adobe.eventType.lifecycle";

type Json = Record<string, unknown>;

export interface AepCondition {
  type: "group" | "matcher";
  definition: Json;
}

export interface AepRule {
  condition: AepCondition;
  consequences: { id: string; type: "schema"; detail: { id: string; schema: string; data: Json } }[];
}

export interface AepRuleset {
  version: 1;
  rules: AepRule[];
}

export interface SkippedOffer {
  offerId: string;
  reason: string;
}

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

const matcher = (key: string, operator: string, values: unknown[] = []): AepCondition => ({ type: "matcher", definition: { key, matcher: operator, values } });


/** A small HTML document showing a non-html message's title, body and image. */
export function messageDocument(message: Json): string {
  const text = (key: string) => (typeof own(message, key) === "string" ? (own(message, key) as string) : undefined);
  const [title, body, image, imageAlt, dir, lang] = ["title", "body", "image", "imageAlt", "dir", "lang"].map(text);
  const attributes = `${lang ? ` lang="${escapeHtml(lang)}"` : ""}${dir ? ` dir="${escapeHtml(dir)}"` : ""}`;
  const parts = [
    image && httpsUrl(image) ? `<img src="${escapeHtml(image)}" alt="${escapeHtml(imageAlt ?? "")}">` : "",
    title ? `<h1>${escapeHtml(title)}</h1>` : "",
    body ? `<p>${escapeHtml(body)}</p>` : "",
  ];
  return `<!doctype html><html${attributes}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${parts.join("")}</body></html>`;
}

/** The event part of a rule's condition: a track event's action, or an app launch. */
function eventConditions(event: string): AepCondition[] {
  if (event === "app.launch") return [matcher("~type", "eq", [LIFECYCLE_TYPE]), matcher("lifecyclecontextdata.launchevent", "ex")];
  return [matcher("~type", "eq", [TRACK[0]]), matcher("~source", "eq", [TRACK[1]]), matcher("action", "eq", [event])];
}

/** `~timestampu` bounds of a schedule, or the reason it cannot be expressed. */
function scheduleConditions(schedule: unknown): AepCondition[] | string {
  if (schedule === undefined) return [];
  if (!isRecord(schedule)) return "a schedule that is not an object";
  const bounds: AepCondition[] = [];
  for (const [key, operator, round] of [["start", "ge", Math.floor], ["end", "lt", Math.ceil]] as const) {
    const value = own(schedule, key);
    if (value === undefined) continue;
    const ms = typeof value === "string" ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) return `a schedule ${key} that is not a date`;
    bounds.push(matcher("~timestampu", operator, [round(ms / 1000)]));
  }
  return bounds;
}

/** Why `offer` has no AEP equivalent, or `undefined` when it converts. */
function reasonToSkip(offer: Json, inExperiment: ReadonlySet<string>, holdout: boolean): string | undefined {
  const message = own(offer, "message");
  const trigger = own(offer, "trigger");
  if (!isRecord(message)) return "no message (only in-app messages convert)";
  if (!isRecord(trigger) || typeof own(trigger, "event") !== "string") return "no trigger event";
  if (own(trigger, "when") !== undefined) return "a trigger with when (event data conditions)";
  if (own(offer, "eligibility") !== undefined) return "eligibility (evaluated at the edge only)";
  if (Array.isArray(own(offer, "caps")) && (own(offer, "caps") as unknown[]).length > 0) return "caps (counted at the edge only)";
  if (own(offer, "orchestrated") === true) return "delivered by a journey or campaign";
  if (inExperiment.has(String(own(offer, "id")))) return "part of an experiment";
  if (holdout) return "the catalog has a holdout";
  return undefined;
}

/** The in-app message consequence of a convertible offer. */
function consequence(id: string, message: Json): AepRule["consequences"][number] {
  const html = own(message, "layout") === "html" && typeof own(message, "html") === "string" ? (own(message, "html") as string) : messageDocument(message);
  return { id, type: "schema", detail: { id, schema: IN_APP_SCHEMA, data: { content: html, contentType: "text/html" } } };
}

/**
 * Converts a client ruleset (`GET /v1/ruleset`'s JSON: offers with `orchestrated` marked,
 * experiments, holdout) into an AEP ruleset, and lists the offers skipped.
 */
export function aepRulesFromCatalog(ruleset: unknown): { ruleset: AepRuleset; skipped: SkippedOffer[] } {
  const rules: AepRule[] = [];
  const skipped: SkippedOffer[] = [];
  const catalog = isRecord(ruleset) ? ruleset : {};
  const offers = Array.isArray(own(catalog, "offers")) ? (own(catalog, "offers") as unknown[]) : [];
  const experiments = Array.isArray(own(catalog, "experiments")) ? (own(catalog, "experiments") as unknown[]) : [];
  const inExperiment = new Set<string>();
  for (const experiment of experiments) {
    const variants = isRecord(experiment) && Array.isArray(own(experiment, "variants")) ? (own(experiment, "variants") as unknown[]) : [];
    for (const variant of variants) if (isRecord(variant) && typeof own(variant, "offer") === "string") inExperiment.add(own(variant, "offer") as string);
  }
  const holdout = own(catalog, "holdout") !== undefined;
  for (const offer of offers) {
    if (!isRecord(offer) || typeof own(offer, "id") !== "string") continue;
    const id = own(offer, "id") as string;
    const reason = reasonToSkip(offer, inExperiment, holdout);
    const schedule = reason === undefined ? scheduleConditions(own(offer, "schedule")) : [];
    if (reason !== undefined || typeof schedule === "string") {
      skipped.push({ offerId: id, reason: reason ?? (schedule as string) });
      continue;
    }
    const event = own(own(offer, "trigger") as Json, "event") as string;
    const conditions = [...eventConditions(event), ...schedule];
    rules.push({ condition: { type: "group", definition: { logic: "and", conditions } }, consequences: [consequence(id, own(offer, "message") as Json)] });
  }
  return { ruleset: { version: 1, rules }, skipped };
}
