import { compileRule } from "../rules/compiler.ts";
import { compileContent } from "../template/index.ts";
import { parseInstant } from "../time/instant.ts";
import type { CatalogJson, OfferJson, PlacementFormat } from "./catalog-types.ts";
import type { CompiledCap, CompiledCatalog, CompiledOffer, CompiledPlacement, Condition, RenderContent } from "./compiled.ts";
import { CatalogError, type CatalogProblem } from "./errors.ts";
import { checkJourneys } from "./journeys.ts";
import { orchestratedOfferReferences, type OfferReference } from "./orchestration.ts";
import { at, isRecord, joinPath } from "./paths.ts";
import { isDeepLink, isSafeUrl } from "./url.ts";

type Add = (path: string, message: string) => void;
type Json = Record<string, unknown>;

const FORMATS = ["html", "json", "message", "text"];
const LAYOUTS = ["modal", "banner", "slideup", "fullscreen", "inline", "html"];
const ACTIONS = ["url", "dismiss", "deeplink", "custom"];
const PERIODS = ["day", "week", "month", "lifetime"];
const SCOPES = ["profile", "global"];
const STRATEGIES = ["priority", "score"];
const NAME = "must be a non-empty string";
const URL = "must be an http(s) or relative URL";
const ESCAPED = { escape: true };
const RAW = { escape: false };

/** How a catalog's journeys and campaigns are checked, and which offers they deliver. */
interface Orchestration {
  references(journeys: unknown, campaigns: unknown): OfferReference[];
  check(journeys: unknown, campaigns: unknown, add: Add): void;
}

/**
 * Validates a whole catalog and compiles it for `decide`: rules to closures, templates to parts,
 * offers indexed by placement. Every problem is reported at once, with its JSON path.
 *
 * @throws {CatalogError} with `errors: [{path, message}]` when anything is invalid.
 * @example
 * const catalog = compileCatalog({ placements: [{ id: "hero", format: "html" }],
 *   offers: [{ id: "a", placements: ["hero"], content: { html: "<b>Hi</b>" } }] });
 */
export function compileCatalog(json: unknown): CompiledCatalog {
  return compile(json, { references: orchestratedOfferReferences, check: checkJourneys });
}

/**
 * `compileCatalog` for a client ruleset (`clientRuleset`'s output), as devices compile it: the same
 * validation, except that journeys and campaigns have no place in it (they run at the edge; the
 * offers they deliver come marked `orchestrated`). Leaves their checks out of a device's bundle.
 *
 * @throws {CatalogError} as `compileCatalog` does.
 * @example const catalog = compileRuleset(await (await fetch("/v1/ruleset")).json());
 */
export function compileRuleset(json: unknown): CompiledCatalog {
  return compile(json);
}

function compile(json: unknown, orchestration?: Orchestration): CompiledCatalog {
  if (!isRecord(json)) throw new CatalogError([{ path: "$", message: "a catalog must be a JSON object" }]);
  const problems: CatalogProblem[] = [];
  const add: Add = (path, message) => void problems.push({ path, message });
  const conditions: Condition[] = [];
  const conditionIds = new Map<string, number>();
  /** A shared condition's index; identical conditions across offers are compiled and evaluated once. */
  const condition = (rule: unknown, path: string): number => {
    const key = JSON.stringify(rule);
    let index = conditionIds.get(key);
    if (index === undefined) {
      const compiled = compileCondition(rule, path, add);
      if (!compiled) return -1;
      conditionIds.set(key, (index = conditions.push(compiled) - 1));
    }
    return index;
  };

  const formats = new Map<string, PlacementFormat>();
  each(json["placements"], "$.placements", add, (placement, path) => {
    const id = placement["id"];
    if (!isName(id)) add(at(path, "id"), NAME);
    else if (formats.has(id)) add(at(path, "id"), `duplicate placement id "${id}"`);
    oneOf(placement["format"], FORMATS, at(path, "format"), add);
    optionalString(placement, "surface", path, add);
    if (isName(id) && !formats.has(id)) formats.set(id, placement["format"] as PlacementFormat);
  });

  const offers = new Map<string, CompiledOffer>();
  const seen = new Set<unknown>();
  each(json["offers"], "$.offers", add, (offer, path) => {
    const duplicate = seen.has(offer["id"]);
    if (duplicate) add(at(path, "id"), `duplicate offer id "${String(offer["id"])}"`);
    seen.add(offer["id"]);
    const compiled = compileOffer(offer, path, formats, condition, add);
    if (compiled && !duplicate) offers.set(compiled.id, compiled);
  });

  const orchestrated = new Set<unknown>();
  for (const { offerId, path } of orchestration?.references(json["journeys"], json["campaigns"]) ?? []) {
    if (offers.has(offerId as string)) orchestrated.add(offerId);
    else add(path, `unknown offer ${JSON.stringify(offerId)}`);
  }
  orchestration?.check(json["journeys"], json["campaigns"], add);
  for (const key of ["journeys", "campaigns"]) {
    const list = json[key];
    if (list !== undefined && !Array.isArray(list)) add(`$.${key}`, "must be an array");
    else if (!orchestration && (list as unknown[] | undefined)?.length) add(`$.${key}`, "a client ruleset has none: journeys and campaigns run at the edge");
  }
  const fallbacks = byPlacement(json["fallbacks"], "$.fallbacks", formats, add, (offerId, path) => {
    if (typeof offerId !== "string" || !offers.has(offerId)) add(path, `unknown offer ${JSON.stringify(offerId)}`);
    return offerId as string;
  });
  const rankings = byPlacement(json["ranking"], "$.ranking", formats, add, (ranking, path) => {
    if (!isRecord(ranking)) return add(path, "must be an object such as {\"strategy\": \"priority\"}");
    const strategy = ranking["strategy"] ?? "priority";
    oneOf(strategy, STRATEGIES, at(path, "strategy"), add);
    const score = ranking["score"];
    if (strategy === "score" && score === undefined) add(at(path, "score"), "the score strategy needs a score rule");
    const limit = ranking["limit"] ?? 1;
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 50) add(at(path, "limit"), "must be an integer from 1 to 50");
    return {
      score: strategy === "score" && score !== undefined ? compileCondition(score, at(path, "score"), add) : undefined,
      limit: limit as number,
    };
  });

  // Real-time audiences: `audiences: [{id, name?, rule}]`, rules over the evaluation context.
  const audiences: { id: string; rule: Condition }[] = [];
  const audienceIds = new Set<unknown>();
  each(json["audiences"] ?? [], "$.audiences", add, (audience, path) => {
    const { id, rule } = audience;
    if (!isName(id)) add(at(path, "id"), NAME);
    else if (audienceIds.has(id)) add(at(path, "id"), `duplicate audience id "${id}"`);
    audienceIds.add(id);
    optionalString(audience, "name", path, add);
    if (rule === undefined) add(at(path, "rule"), "an audience needs a rule");
    const compiled = rule === undefined ? undefined : compileCondition(rule, at(path, "rule"), add);
    if (compiled && isName(id)) audiences.push({ id, rule: compiled });
  });

  if (problems.length > 0) throw new CatalogError(problems);

  const placements = new Map<string, CompiledPlacement>();
  const all = [...offers.values()];
  for (const offer of all) if (orchestrated.has(offer.id)) (offer as { orchestrated: boolean }).orchestrated = true;
  for (const [id, format] of formats) {
    const ranking = rankings.get(id);
    placements.set(id, {
      id,
      format,
      offers: all.filter((o) => o.source.placements.includes(id)).sort(byRank),
      score: ranking?.score,
      limit: ranking?.limit ?? 1,
      fallback: offers.get(fallbacks.get(id)!),
    });
  }
  return { source: json as unknown as CatalogJson, placements, offers, conditions, audiences };
}

const byRank = (a: CompiledOffer, b: CompiledOffer): number => b.priority - a.priority || (a.id < b.id ? -1 : 1);

function compileOffer(
  offer: Json,
  path: string,
  formats: Map<string, PlacementFormat>,
  condition: (rule: unknown, path: string) => number,
  add: Add,
): CompiledOffer | undefined {
  let valid = true;
  const fail: Add = (p, m) => {
    valid = false;
    add(p, m);
  };
  const { id, placements, priority = 0, eligibility, schedule, caps, trigger, content, message, orchestrated = false } = offer;
  if (!isName(id)) fail(at(path, "id"), NAME);
  optionalString(offer, "name", path, fail);
  if (typeof orchestrated != "boolean") fail(at(path, "orchestrated"), "must be true or false");

  const placed: PlacementFormat[] = [];
  if (!Array.isArray(placements)) fail(at(path, "placements"), "must be an array of placement ids");
  else {
    placements.forEach((placementId, i) => {
      const format = formats.get(placementId);
      if (format) placed.push(format);
      else fail(at(at(path, "placements"), i), `unknown placement ${JSON.stringify(placementId)}`);
    });
  }
  if (typeof priority !== "number" || !Number.isFinite(priority)) fail(at(path, "priority"), "must be a finite number");

  const conditions: number[] = [];
  if (eligibility !== undefined) {
    const parts = isRecord(eligibility) && Object.keys(eligibility).length === 1 && Array.isArray(eligibility["and"]) && eligibility["and"].length > 0;
    const list = parts ? (eligibility["and"] as unknown[]) : [eligibility];
    list.forEach((rule, i) => {
      const index = condition(rule, parts ? at(at(at(path, "eligibility"), "and"), i) : at(path, "eligibility"));
      if (index < 0) valid = false;
      conditions.push(index);
    });
  }

  let start = -Infinity;
  let end = Infinity;
  if (schedule !== undefined) {
    if (!isRecord(schedule)) fail(at(path, "schedule"), "must be an object with start and/or end");
    else {
      const bound = (key: string, open: number): number => {
        if (schedule[key] === undefined) return open;
        const ms = parseInstant(schedule[key]);
        if (ms === null) fail(at(at(path, "schedule"), key), "must be an ISO-8601 date-time with a zone, e.g. 2026-03-01T00:00:00Z");
        return ms ?? open;
      };
      start = bound("start", start);
      end = bound("end", end);
      if (start >= end) fail(at(at(path, "schedule"), "end"), "must be after start");
    }
  }

  const compiledCaps: CompiledCap[] = [];
  each(caps ?? [], at(path, "caps"), fail, (cap, capPath) => {
    const { event, limit, period, scope = "profile" } = cap;
    if (!isName(event)) fail(at(capPath, "event"), "must be an event name, e.g. display");
    if (!Number.isInteger(limit) || (limit as number) < 0) fail(at(capPath, "limit"), "must be a non-negative integer");
    oneOf(period, PERIODS, at(capPath, "period"), fail);
    oneOf(scope, SCOPES, at(capPath, "scope"), fail);
    compiledCaps.push({ ...(cap as object as CompiledCap), scope: scope as CompiledCap["scope"], countKey: period === "lifetime" ? `${event}` : `${event}/${period}` });
  });

  let compiledTrigger: CompiledOffer["trigger"];
  if (trigger !== undefined) {
    if (!isRecord(trigger) || !isName(trigger["event"])) fail(at(at(path, "trigger"), "event"), "a trigger needs an event name");
    else {
      const when = trigger["when"] === undefined ? undefined : compileCondition(trigger["when"], at(at(path, "trigger"), "when"), fail);
      compiledTrigger = { event: trigger["event"], when };
    }
  }

  if (message !== undefined) checkMessage(message, at(path, "message"), fail);
  if (content !== undefined && !isRecord(content)) fail(at(path, "content"), "must be an object");
  if (content === undefined && message === undefined) fail(path, "an offer needs content or a message");
  else if (placed.includes("message") && message === undefined) fail(at(path, "message"), "an offer in a message placement needs a message");
  else if (placed.some((f) => f !== "message") && content === undefined) {
    fail(at(path, "content"), "an offer in an html, json or text placement needs content");
  }
  const renderContent = content === undefined ? undefined : compileTemplates(content, at(path, "content"), fail);
  const renderMessage = message === undefined ? undefined : compileTemplates(message, at(path, "message"), fail);

  if (!valid) return undefined;
  return {
    id: id as string,
    source: offer as unknown as OfferJson,
    priority: priority as number,
    start,
    end,
    conditions,
    caps: compiledCaps,
    trigger: compiledTrigger,
    renderContent,
    renderMessage,
    orchestrated: orchestrated as boolean,
  };
}

function checkMessage(message: unknown, path: string, add: Add): void {
  if (!isRecord(message)) return add(path, "must be an object");
  const { layout, html, title, body, image, buttons } = message;
  oneOf(layout, LAYOUTS, at(path, "layout"), add);
  for (const key of ["title", "body", "image", "imageAlt", "html"]) optionalString(message, key, path, add);
  if (layout === "html" ? !isName(html) : !isName(title) && !isName(body)) {
    add(path, layout === "html" ? "an html message needs its html" : "a message needs a title or a body");
  }
  if (typeof image === "string" && !isSafeUrl(image)) add(at(path, "image"), URL);
  each(buttons ?? [], at(path, "buttons"), add, (button, buttonPath) => {
    if (!isName(button["label"])) add(at(buttonPath, "label"), NAME);
    const action = isRecord(button["action"]) ? button["action"] : {};
    const actionPath = at(buttonPath, "action");
    const { type, url } = action;
    oneOf(type, ACTIONS, at(actionPath, "type"), add);
    if (type === "url" && !isSafeUrl(url)) add(at(actionPath, "url"), URL);
    if (type === "deeplink" && !isDeepLink(url)) add(at(actionPath, "url"), "must be a deep link such as myapp://cart");
    if (type === "custom" && !isName(action["name"])) add(at(actionPath, "name"), "a custom action needs a name");
  });
}

function compileCondition(rule: unknown, path: string, add: Add): Condition | undefined {
  try {
    return compileRule(rule);
  } catch (error) {
    const relative = (error as { path?: unknown }).path;
    add(typeof relative === "string" ? joinPath(path, relative) : path, messageOf(error));
    return undefined;
  }
}

function compileTemplates(value: unknown, path: string, add: Add): RenderContent | undefined {
  try {
    const render = compileContent(value);
    return (data, escape) => render(data, escape ? ESCAPED : RAW);
  } catch (error) {
    const list = (error as { errors?: CatalogProblem[] }).errors;
    for (const item of list ?? [{ path: "", message: messageOf(error) }]) add(joinPath(path, item.path), item.message);
    return undefined;
  }
}

const messageOf = (error: unknown): string => String(error instanceof Error ? error.message : error).replace(/ at \$\S*$/, "");

/** Calls `visit` for each object of an array, reporting what is not an array or not an object. */
function each(value: unknown, path: string, add: Add, visit: (item: Json, path: string) => void): void {
  if (!Array.isArray(value)) return add(path, "must be an array");
  value.forEach((item, i) => (isRecord(item) ? visit(item, at(path, i)) : add(at(path, i), "must be an object")));
}

/** For objects keyed by placement id (`fallbacks`, `ranking`): checks the keys, maps the values. */
function byPlacement<T>(
  value: unknown,
  path: string,
  formats: Map<string, PlacementFormat>,
  add: Add,
  map: (item: unknown, path: string) => T | void,
): Map<string, T> {
  const result = new Map<string, T>();
  if (value === undefined) return result;
  if (!isRecord(value)) {
    add(path, "must be an object keyed by placement id");
    return result;
  }
  for (const [placementId, item] of Object.entries(value)) {
    const itemPath = at(path, placementId);
    if (!formats.has(placementId)) add(itemPath, `unknown placement "${placementId}"`);
    else {
      const mapped = map(item, itemPath);
      if (mapped !== undefined) result.set(placementId, mapped);
    }
  }
  return result;
}

function oneOf(value: unknown, allowed: string[], path: string, add: Add): void {
  if (!allowed.includes(value as string)) add(path, `must be one of ${allowed.join(", ")}`);
}

function optionalString(object: Json, key: string, path: string, add: Add): void {
  if (object[key] !== undefined && typeof object[key] !== "string") add(at(path, key), "must be a string");
}

const isName = (value: unknown): value is string => typeof value === "string" && value !== "";
