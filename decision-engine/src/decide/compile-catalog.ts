import { compileRule } from "../rules/compiler.ts";
import { compileContent } from "../template/index.ts";
import { parseInstant } from "../time/instant.ts";
import type { CapJson, CatalogJson, OfferJson, PlacementFormat, RankingJson } from "./catalog-types.ts";
import type { CompiledCap, CompiledCatalog, CompiledOffer, CompiledPlacement, Condition, RenderContent } from "./compiled.ts";
import { CatalogError } from "./errors.ts";
import { orchestratedOfferReferences } from "./orchestration.ts";
import { Problems, at, isNonEmptyString, isRecord, joinPath } from "./problems.ts";
import { isDeepLink, isSafeUrl } from "./url.ts";

const FORMATS: readonly PlacementFormat[] = ["html", "json", "message", "text"];
const LAYOUTS: readonly string[] = ["modal", "banner", "slideup", "fullscreen", "inline", "html"];
const ACTIONS: readonly string[] = ["url", "dismiss", "deeplink", "custom"];
const PERIODS: readonly string[] = ["day", "week", "month", "lifetime"];
const MAX_OFFERS = 10_000;
const MAX_PLACEMENTS = 1_000;
const MAX_LIMIT = 50;

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
  const problems = new Problems();
  if (!isRecord(json)) throw new CatalogError([{ path: "$", message: "a catalog must be a JSON object" }]);
  const conditions = new ConditionPool(problems);

  const formats = compilePlacementFormats(json["placements"], problems);
  const orchestrated = new Set<string>();
  const offers = compileOffers(json["offers"], formats, conditions, problems);
  for (const ref of orchestratedOfferReferences(json["journeys"], json["campaigns"])) {
    if (typeof ref.offerId === "string" && offers.has(ref.offerId)) orchestrated.add(ref.offerId);
    else problems.add(ref.path, `unknown offer ${JSON.stringify(ref.offerId)}`);
  }
  checkArray(json["journeys"], "$.journeys", problems);
  checkArray(json["campaigns"], "$.campaigns", problems);
  const fallbacks = compileFallbacks(json["fallbacks"], formats, offers, problems);
  const rankings = compileRankings(json["ranking"], formats, problems);

  if (problems.list.length > 0) throw new CatalogError(problems.list);

  const finalOffers = new Map<string, CompiledOffer>();
  for (const [id, offer] of offers) finalOffers.set(id, { ...offer, orchestrated: orchestrated.has(id) });
  const placements = new Map<string, CompiledPlacement>();
  for (const [id, format] of formats) {
    const placed = [...finalOffers.values()].filter((o) => o.source.placements.includes(id)).sort(byPriorityThenId);
    const ranking = rankings.get(id);
    const fallbackId = fallbacks.get(id);
    placements.set(id, {
      id,
      format,
      offers: placed,
      strategy: ranking?.strategy ?? "priority",
      score: ranking?.score,
      limit: ranking?.limit ?? 1,
      fallback: fallbackId === undefined ? undefined : finalOffers.get(fallbackId),
    });
  }
  return { source: json as unknown as CatalogJson, placements, offers: finalOffers, conditions: conditions.list };
}

function byPriorityThenId(a: CompiledOffer, b: CompiledOffer): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Distinct conditions compiled once: offers that share a condition share its result in a decision. */
class ConditionPool {
  readonly list: Condition[] = [];
  private readonly byKey = new Map<string, number>();
  constructor(private readonly problems: Problems) {}

  /** The conjuncts of a rule (the arguments of a top-level `and`), each as an index into the pool. */
  addConjuncts(rule: unknown, path: string): number[] {
    if (isRecord(rule) && Object.keys(rule).length === 1 && Array.isArray(rule["and"]) && rule["and"].length > 0) {
      const parts = rule["and"] as unknown[];
      const indexes = parts.map((part, i) => this.add(part, at(at(path, "and"), i)));
      return indexes.every((i) => i >= 0) ? indexes : [];
    }
    const index = this.add(rule, path);
    return index >= 0 ? [index] : [];
  }

  private add(rule: unknown, path: string): number {
    const key = JSON.stringify(rule);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const compiled = compileCondition(rule, path, this.problems);
    if (!compiled) return -1;
    this.list.push(compiled);
    this.byKey.set(key, this.list.length - 1);
    return this.list.length - 1;
  }
}

function compileCondition(rule: unknown, path: string, problems: Problems): Condition | undefined {
  try {
    return compileRule(rule);
  } catch (error) {
    const relative = (error as { path?: unknown }).path;
    problems.add(typeof relative === "string" ? joinPath(path, relative) : path, errorMessage(error));
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/ at \$[^\s]*$/, "");
}

function checkArray(value: unknown, path: string, problems: Problems): void {
  if (value !== undefined && !Array.isArray(value)) problems.add(path, "must be an array");
}

function compilePlacementFormats(value: unknown, problems: Problems): Map<string, PlacementFormat> {
  const formats = new Map<string, PlacementFormat>();
  if (!Array.isArray(value)) {
    problems.add("$.placements", "must be an array of placements");
    return formats;
  }
  if (value.length > MAX_PLACEMENTS) problems.add("$.placements", `at most ${MAX_PLACEMENTS} placements`);
  value.forEach((placement, i) => {
    const path = at("$.placements", i);
    if (!isRecord(placement)) return problems.add(path, "a placement must be an object");
    const id = placement["id"];
    if (!isNonEmptyString(id)) problems.add(at(path, "id"), "must be a non-empty string");
    else if (formats.has(id)) problems.add(at(path, "id"), `duplicate placement id "${id}"`);
    const format = placement["format"];
    if (!FORMATS.includes(format as PlacementFormat)) {
      problems.add(at(path, "format"), `must be one of ${FORMATS.join(", ")}`);
    }
    if (placement["surface"] !== undefined && typeof placement["surface"] !== "string") {
      problems.add(at(path, "surface"), "must be a string");
    }
    if (isNonEmptyString(id) && !formats.has(id)) formats.set(id, (format as PlacementFormat) ?? "html");
  });
  return formats;
}

type OfferDraft = Omit<CompiledOffer, "orchestrated"> & { orchestrated: boolean };

function compileOffers(
  value: unknown,
  formats: Map<string, PlacementFormat>,
  conditions: ConditionPool,
  problems: Problems,
): Map<string, OfferDraft> {
  const offers = new Map<string, OfferDraft>();
  if (!Array.isArray(value)) {
    problems.add("$.offers", "must be an array of offers");
    return offers;
  }
  if (value.length > MAX_OFFERS) problems.add("$.offers", `at most ${MAX_OFFERS} offers`);
  const seen = new Set<unknown>();
  value.forEach((offer, i) => {
    const path = at("$.offers", i);
    if (!isRecord(offer)) return problems.add(path, "an offer must be an object");
    const duplicate = seen.has(offer["id"]);
    if (duplicate) problems.add(at(path, "id"), `duplicate offer id "${String(offer["id"])}"`);
    seen.add(offer["id"]);
    const compiled = compileOffer(offer, path, formats, conditions, problems);
    if (compiled && !duplicate) offers.set(compiled.id, compiled);
  });
  return offers;
}

function compileOffer(
  offer: Record<string, unknown>,
  path: string,
  formats: Map<string, PlacementFormat>,
  conditions: ConditionPool,
  problems: Problems,
): OfferDraft | undefined {
  const before = problems.list.length;
  const id = offer["id"];
  if (!isNonEmptyString(id)) problems.add(at(path, "id"), "must be a non-empty string");
  if (offer["name"] !== undefined && typeof offer["name"] !== "string") problems.add(at(path, "name"), "must be a string");

  const placementIds = offer["placements"];
  if (!Array.isArray(placementIds)) {
    problems.add(at(path, "placements"), "must be an array of placement ids (empty for a fallback-only offer)");
  } else {
    placementIds.forEach((placementId, j) => {
      if (typeof placementId !== "string" || !formats.has(placementId)) {
        problems.add(at(at(path, "placements"), j), `unknown placement ${JSON.stringify(placementId)}`);
      }
    });
  }

  const priority = offer["priority"] ?? 0;
  if (typeof priority !== "number" || !Number.isFinite(priority)) problems.add(at(path, "priority"), "must be a finite number");

  const conditionIndexes =
    offer["eligibility"] === undefined ? [] : conditions.addConjuncts(offer["eligibility"], at(path, "eligibility"));
  const [start, end] = compileSchedule(offer["schedule"], at(path, "schedule"), problems);
  const caps = compileCaps(offer["caps"], at(path, "caps"), problems);
  const trigger = compileTrigger(offer["trigger"], at(path, "trigger"), problems);
  const message = offer["message"];
  if (message !== undefined) checkMessage(message, at(path, "message"), problems);
  const content = offer["content"];
  if (content !== undefined && !isRecord(content)) problems.add(at(path, "content"), "must be an object");

  const placed = Array.isArray(placementIds) ? placementIds.filter((p): p is string => typeof p === "string") : [];
  const placedFormats = placed.map((p) => formats.get(p)).filter((f): f is PlacementFormat => f !== undefined);
  if (content === undefined && message === undefined) {
    problems.add(path, "an offer needs content or a message");
  } else if (placedFormats.includes("message") && message === undefined) {
    problems.add(at(path, "message"), "an offer in a message placement needs a message");
  } else if (placedFormats.some((f) => f !== "message") && content === undefined) {
    problems.add(at(path, "content"), "an offer in an html, json or text placement needs content");
  }
  const renderContent = content === undefined ? undefined : compileTemplates(content, at(path, "content"), problems);
  const renderMessage = message === undefined ? undefined : compileTemplates(message, at(path, "message"), problems);

  if (problems.list.length > before || !isNonEmptyString(id)) return undefined;
  return {
    id,
    source: offer as unknown as OfferJson,
    priority: priority as number,
    start,
    end,
    conditions: conditionIndexes,
    profileCaps: caps.filter((c) => c.scope === "profile"),
    globalCaps: caps.filter((c) => c.scope === "global"),
    trigger,
    renderContent,
    renderMessage,
    orchestrated: false,
  };
}

function compileSchedule(value: unknown, path: string, problems: Problems): [number, number] {
  if (value === undefined) return [-Infinity, Infinity];
  if (!isRecord(value)) {
    problems.add(path, "must be an object with start and/or end");
    return [-Infinity, Infinity];
  }
  const bound = (key: "start" | "end", open: number): number => {
    const text = value[key];
    if (text === undefined) return open;
    const ms = parseInstant(text);
    if (ms === null) problems.add(at(path, key), "must be an ISO-8601 date-time with a zone, e.g. 2026-03-01T00:00:00Z");
    return ms ?? open;
  };
  const start = bound("start", -Infinity);
  const end = bound("end", Infinity);
  if (start >= end) problems.add(at(path, "end"), "must be after start");
  return [start, end];
}

function compileCaps(value: unknown, path: string, problems: Problems): CompiledCap[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, "must be an array of caps");
    return [];
  }
  const caps: CompiledCap[] = [];
  value.forEach((cap, i) => {
    const capPath = at(path, i);
    if (!isRecord(cap)) return problems.add(capPath, "a cap must be an object");
    const before = problems.list.length;
    if (!isNonEmptyString(cap["event"])) problems.add(at(capPath, "event"), "must be an event name, e.g. display");
    const limit = cap["limit"];
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0) {
      problems.add(at(capPath, "limit"), "must be a non-negative integer");
    }
    if (!PERIODS.includes(cap["period"] as string)) problems.add(at(capPath, "period"), `must be one of ${PERIODS.join(", ")}`);
    const scope = cap["scope"] ?? "profile";
    if (scope !== "profile" && scope !== "global") problems.add(at(capPath, "scope"), "must be profile or global");
    if (problems.list.length > before) return;
    const typed = { ...(cap as unknown as CapJson), scope: scope as CapJson["scope"] };
    caps.push({ ...typed, countKey: typed.period === "lifetime" ? typed.event : `${typed.event}/${typed.period}` });
  });
  return caps;
}

function compileTrigger(value: unknown, path: string, problems: Problems): CompiledOffer["trigger"] {
  if (value === undefined) return undefined;
  if (!isRecord(value) || !isNonEmptyString(value["event"])) {
    problems.add(at(path, "event"), "a trigger needs an event name");
    return undefined;
  }
  const when = value["when"] === undefined ? undefined : compileCondition(value["when"], at(path, "when"), problems);
  return { event: value["event"], when };
}

function checkMessage(message: unknown, path: string, problems: Problems): void {
  if (!isRecord(message)) return problems.add(path, "must be an object");
  const layout = message["layout"];
  if (!LAYOUTS.includes(layout as string)) problems.add(at(path, "layout"), `must be one of ${LAYOUTS.join(", ")}`);
  for (const key of ["title", "body", "image", "imageAlt", "html"] as const) {
    if (message[key] !== undefined && typeof message[key] !== "string") problems.add(at(path, key), "must be a string");
  }
  if (layout === "html" && !isNonEmptyString(message["html"])) problems.add(at(path, "html"), "an html message needs its html");
  if (layout !== "html" && !isNonEmptyString(message["title"]) && !isNonEmptyString(message["body"])) {
    problems.add(path, "a message needs a title or a body");
  }
  if (typeof message["image"] === "string" && !isSafeUrl(message["image"])) {
    problems.add(at(path, "image"), "must be an http(s) or relative URL");
  }
  const buttons = message["buttons"];
  if (buttons === undefined) return;
  if (!Array.isArray(buttons)) return problems.add(at(path, "buttons"), "must be an array");
  buttons.forEach((button, i) => checkButton(button, at(at(path, "buttons"), i), problems));
}

function checkButton(button: unknown, path: string, problems: Problems): void {
  if (!isRecord(button)) return problems.add(path, "a button must be an object");
  if (!isNonEmptyString(button["label"])) problems.add(at(path, "label"), "must be a non-empty string");
  const action = button["action"];
  if (!isRecord(action) || !ACTIONS.includes(action["type"] as string)) {
    return problems.add(at(at(path, "action"), "type"), `must be one of ${ACTIONS.join(", ")}`);
  }
  const url = action["url"];
  if (action["type"] === "url" && !isSafeUrl(url)) {
    problems.add(at(at(path, "action"), "url"), "must be an http(s) or relative URL");
  }
  if (action["type"] === "deeplink" && !isDeepLink(url)) {
    problems.add(at(at(path, "action"), "url"), "must be a deep link such as myapp://cart");
  }
  if (action["type"] === "custom" && !isNonEmptyString(action["name"])) {
    problems.add(at(at(path, "action"), "name"), "a custom action needs a name");
  }
}

const ESCAPED = { escape: true };
const RAW = { escape: false };

function compileTemplates(value: unknown, path: string, problems: Problems): RenderContent | undefined {
  try {
    const render = compileContent(value);
    return (data, escape) => render(data, escape ? ESCAPED : RAW);
  } catch (error) {
    const list = (error as { errors?: unknown }).errors;
    if (Array.isArray(list)) {
      for (const item of list as { path: string; message: string }[]) problems.add(joinPath(path, item.path), item.message);
    } else {
      problems.add(path, errorMessage(error));
    }
    return undefined;
  }
}

function compileFallbacks(
  value: unknown,
  formats: Map<string, PlacementFormat>,
  offers: Map<string, OfferDraft>,
  problems: Problems,
): Map<string, string> {
  const fallbacks = new Map<string, string>();
  if (value === undefined) return fallbacks;
  if (!isRecord(value)) {
    problems.add("$.fallbacks", "must be an object mapping placement ids to offer ids");
    return fallbacks;
  }
  for (const [placementId, offerId] of Object.entries(value)) {
    const path = at("$.fallbacks", placementId);
    if (!formats.has(placementId)) problems.add(path, `unknown placement "${placementId}"`);
    else if (typeof offerId !== "string" || !offers.has(offerId)) problems.add(path, `unknown offer ${JSON.stringify(offerId)}`);
    else fallbacks.set(placementId, offerId);
  }
  return fallbacks;
}

interface CompiledRanking {
  strategy: RankingJson["strategy"];
  score: Condition | undefined;
  limit: number;
}

function compileRankings(value: unknown, formats: Map<string, PlacementFormat>, problems: Problems): Map<string, CompiledRanking> {
  const rankings = new Map<string, CompiledRanking>();
  if (value === undefined) return rankings;
  if (!isRecord(value)) {
    problems.add("$.ranking", "must be an object mapping placement ids to rankings");
    return rankings;
  }
  for (const [placementId, ranking] of Object.entries(value)) {
    const path = at("$.ranking", placementId);
    if (!formats.has(placementId)) {
      problems.add(path, `unknown placement "${placementId}"`);
      continue;
    }
    if (!isRecord(ranking)) {
      problems.add(path, "must be an object such as {\"strategy\": \"priority\"}");
      continue;
    }
    const strategy = ranking["strategy"] ?? "priority";
    if (strategy !== "priority" && strategy !== "score") problems.add(at(path, "strategy"), "must be priority or score");
    let score: Condition | undefined;
    if (strategy === "score") {
      if (ranking["score"] === undefined) problems.add(at(path, "score"), "the score strategy needs a score rule");
      else score = compileCondition(ranking["score"], at(path, "score"), problems);
    }
    const limit = ranking["limit"] ?? 1;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      problems.add(at(path, "limit"), `must be an integer from 1 to ${MAX_LIMIT}`);
    }
    rankings.set(placementId, { strategy: strategy as RankingJson["strategy"], score, limit: limit as number });
  }
  return rankings;
}

