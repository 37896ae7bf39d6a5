import { compileRule } from "../rules/compiler.ts";
import { compileContent } from "../template/index.ts";
import { parseInstant } from "../time/instant.ts";
import type { CatalogJson, OfferJson, PlacementFormat } from "./catalog-types.ts";
import type { CompiledCap, CompiledCatalog, CompiledOffer, CompiledPlacement, Condition, RenderContent } from "./compiled.ts";
import { CatalogError, type CatalogProblem } from "./errors.ts";
import { checkJourneys } from "./journeys.ts";
import { orchestratedOfferReferences, type OfferReference } from "./orchestration.ts";
import { at, each, isName, isRecord, type Add } from "./paths.ts";
import { validation, type Validation } from "./validation.ts";
import { channelOf } from "./channels.ts";
import { compileExperiments } from "./experiments.ts";

type Json = Record<string, unknown>;

const ESCAPED = { escape: true };
const RAW = { escape: false };

/** How a catalog's journeys, campaigns and outbound destinations are checked, and which offers they deliver. */
interface Orchestration {
  references(journeys: unknown, campaigns: unknown): OfferReference[];
  check(catalog: Json, add: Add): void;
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
  return validated(json, { references: orchestratedOfferReferences, check: checkJourneys });
}

/**
 * `compileCatalog` for a client ruleset (`clientRuleset`'s output): the same validation, except
 * that journeys, campaigns, webhooks and forwarding have no place in it (they run at the edge; the
 * offers journeys and campaigns deliver come marked `orchestrated`). Devices compile with
 * `compileDeviceRuleset` instead.
 *
 * @throws {CatalogError} as `compileCatalog` does.
 * @example const catalog = compileRuleset(await (await fetch("/v1/ruleset")).json());
 */
export function compileRuleset(json: unknown): CompiledCatalog {
  return validated(json);
}

/**
 * Compiles a client ruleset on a device, to the same `CompiledCatalog` (and so the same decisions)
 * as `compileRuleset`, without the catalog validation that the edge ran when it was published: no
 * problem list, paths or messages, so none of that ships in an SDK. What compiling itself needs
 * is still checked: a ruleset that is not an object, lists that are not lists of objects, a
 * schedule, trigger, fallback or ranking it cannot read, or a rule or template that does not
 * compile makes it throw a plain `Error` (or the rule's or template's own error) at the first
 * problem, never a half-compiled catalog. Safety does not depend on validation: `decide` escapes
 * template inserts in every placement format but `json` and `text` (and in `html` messages), and
 * the SDKs' renderers check every URL with `safeUrl` (which ignores undeclared or reserved
 * deep-link schemes as well).
 *
 * @throws {Error} for a ruleset it cannot compile.
 * @example const catalog = compileDeviceRuleset(await (await fetch("/v1/ruleset")).json());
 */
export function compileDeviceRuleset(json: unknown): CompiledCatalog {
  return compile(json, (path, message) => {
    throw new Error(`invalid ruleset: ${path} ${message}`);
  })!;
}

/** Compiles with every check, collecting every problem; throws them together. */
function validated(json: unknown, orchestration?: Orchestration): CompiledCatalog {
  const problems: CatalogProblem[] = [];
  // The validation is made once `compile` knows the catalog is an object; it checks the catalog's own fields first.
  const catalog = compile(json, (path, message) => void problems.push({ path, message }), (add) => validation(add, json as Json), orchestration);
  if (problems.length > 0) throw new CatalogError(problems);
  return catalog!;
}

/**
 * The catalog compiler. It reports to `add` what stops it from building (a catalog that is not an
 * object, lists that are not lists of objects, unreadable schedules, triggers, fallbacks and
 * rankings); `validate`, when given, checks the rest (ids, names, enums, references, ranges, URLs,
 * messages) at the same points of the walk, so that problems come in document order. A rule or
 * template that does not compile goes to `validate`, or is thrown as it is without it.
 * Returns `undefined` only for a catalog that is not an object.
 */
function compile(json: unknown, add: Add, validate?: (add: Add) => Validation, orchestration?: Orchestration): CompiledCatalog | undefined {
  if (!isRecord(json)) {
    add("$", "a catalog must be a JSON object");
    return undefined;
  }
  let count = 0;
  const report: Add = (path, message) => (count++, add(path, message));
  const check = validate?.(report);
  /** Compiles a rule or a template; what does not compile goes to the validation, or is thrown. */
  const attempt = <T>(build: () => T, path: string): T | undefined => {
    try {
      return build();
    } catch (error) {
      if (!check) throw error;
      check.failed(path, error);
      return undefined;
    }
  };
  const conditions: Condition[] = [];
  const conditionIds = new Map<string, number>();
  /** A shared condition's index; identical conditions across offers are compiled and evaluated once. */
  const condition = (rule: unknown, path: string): number => {
    const key = JSON.stringify(rule);
    let index = conditionIds.get(key);
    if (index === undefined) {
      const compiled = attempt(() => compileRule(rule), path);
      if (!compiled) return -1;
      conditionIds.set(key, (index = conditions.push(compiled) - 1));
    }
    return index;
  };

  const formats = new Map<string, PlacementFormat>();
  const surfaces = new Map<string, unknown>();
  each(json["placements"], "$.placements", report, (placement, path) => {
    const id = placement["id"];
    check?.placement(placement, path, formats);
    if (isName(id) && !formats.has(id)) {
      formats.set(id, placement["format"] as PlacementFormat);
      surfaces.set(id, placement["surface"]);
    }
  });

  const offers = new Map<string, CompiledOffer>();
  const seen = new Set<unknown>();
  each(json["offers"], "$.offers", report, (offer, path) => {
    const duplicate = seen.has(offer["id"]);
    seen.add(offer["id"]);
    const before = count;
    check?.offer(offer, path, formats, duplicate);
    const compiled = compileOffer(offer, path, formats, report, check, attempt, condition);
    if (count === before && !duplicate) offers.set(compiled.id, compiled);
  });

  const orchestrated = new Set<unknown>();
  for (const { offerId, path } of orchestration?.references(json["journeys"], json["campaigns"]) ?? []) {
    if (offers.has(offerId as string)) orchestrated.add(offerId);
    else report(path, `unknown offer ${JSON.stringify(offerId)}`);
  }
  orchestration?.check(json, report);
  check?.orchestration(!!orchestration);
  const fallbacks = byPlacement(json["fallbacks"], "$.fallbacks", formats, report, (offerId, path) => {
    check?.fallback(offerId, path, offers);
    return offerId as string;
  });
  const rankings = byPlacement(json["ranking"], "$.ranking", formats, report, (ranking, path) => {
    if (!isRecord(ranking)) return report(path, "must be an object such as {\"strategy\": \"priority\"}");
    check?.ranking(ranking, path);
    const { strategy, score } = ranking;
    return {
      score: strategy === "score" && score !== undefined ? attempt(() => compileRule(score), at(path, "score")) : undefined,
      limit: (ranking["limit"] ?? 1) as number,
    };
  });

  // Real-time audiences: `audiences: [{id, name?, rule}]`, rules over the evaluation context.
  const audiences: { id: string; rule: Condition }[] = [];
  each(json["audiences"] ?? [], "$.audiences", report, (audience, path) => {
    const { id, rule } = audience;
    check?.audience(audience, path);
    const compiled = rule === undefined ? undefined : attempt(() => compileRule(rule), at(path, "rule"));
    if (compiled && isName(id)) audiences.push({ id, rule: compiled });
  });

  const placements = new Map<string, CompiledPlacement>();
  const all = [...offers.values()];
  for (const offer of all) if (orchestrated.has(offer.id)) offer.orchestrated = true;
  for (const [id, format] of formats) {
    const ranking = rankings.get(id);
    placements.set(id, {
      id,
      format,
      channel: channelOf(surfaces.get(id)),
      offers: all.filter((o) => o.source.placements.includes(id)).sort(byRank),
      score: ranking?.score,
      limit: ranking?.limit ?? 1,
      fallback: offers.get(fallbacks.get(id)!),
      experiments: [],
    });
  }
  const holdout = compileExperiments(json, placements, offers, report, check, condition);
  return { source: json as unknown as CatalogJson, placements, offers, conditions, audiences, holdout };
}

const byRank = (a: CompiledOffer, b: CompiledOffer): number => b.priority - a.priority || (a.id < b.id ? -1 : 1);

/** Compiles one offer; the caller keeps it only when nothing was reported meanwhile. */
function compileOffer(
  offer: Json,
  path: string,
  formats: ReadonlyMap<string, PlacementFormat>,
  add: Add,
  check: Validation | undefined,
  attempt: <T>(build: () => T, path: string) => T | undefined,
  condition: (rule: unknown, path: string) => number,
): CompiledOffer {
  const { id, priority = 0, eligibility, schedule, caps, trigger, content, message, orchestrated = false } = offer;

  const conditions: number[] = [];
  if (eligibility !== undefined) {
    const parts = isRecord(eligibility) && Object.keys(eligibility).length === 1 && Array.isArray(eligibility["and"]) && eligibility["and"].length > 0;
    const list = parts ? (eligibility["and"] as unknown[]) : [eligibility];
    list.forEach((rule, i) => conditions.push(condition(rule, parts ? at(at(at(path, "eligibility"), "and"), i) : at(path, "eligibility"))));
  }

  let start = -Infinity;
  let end = Infinity;
  if (schedule !== undefined) {
    if (!isRecord(schedule)) add(at(path, "schedule"), "must be an object with start and/or end");
    else {
      const bound = (key: string, open: number): number => {
        if (schedule[key] === undefined) return open;
        const ms = parseInstant(schedule[key]);
        if (ms === null) add(at(at(path, "schedule"), key), "must be an ISO-8601 date-time with a zone, e.g. 2026-03-01T00:00:00Z");
        return ms ?? open;
      };
      start = bound("start", start);
      end = bound("end", end);
      if (start >= end) add(at(at(path, "schedule"), "end"), "must be after start");
    }
  }

  const compiledCaps: CompiledCap[] = [];
  each(caps ?? [], at(path, "caps"), add, (cap, capPath) => {
    const { event, period, scope = "profile" } = cap;
    check?.cap(cap, capPath);
    compiledCaps.push({ ...(cap as object as CompiledCap), scope: scope as CompiledCap["scope"], countKey: period === "lifetime" ? `${event}` : `${event}/${period}` });
  });

  let compiledTrigger: CompiledOffer["trigger"];
  if (trigger !== undefined) {
    if (!isRecord(trigger) || !isName(trigger["event"])) add(at(at(path, "trigger"), "event"), "a trigger needs an event name");
    else {
      const when = trigger["when"] === undefined ? undefined : attempt(() => compileRule(trigger["when"]), at(at(path, "trigger"), "when"));
      compiledTrigger = { event: trigger["event"], when };
    }
  }

  check?.contents(offer, path, formats);
  return {
    id: id as string,
    source: offer as unknown as OfferJson,
    priority: priority as number,
    start,
    end,
    conditions,
    caps: compiledCaps,
    trigger: compiledTrigger,
    renderContent: content === undefined ? undefined : attempt(() => compileTemplates(content), at(path, "content")),
    renderMessage: message === undefined ? undefined : attempt(() => compileTemplates(message), at(path, "message")),
    orchestrated: orchestrated as boolean,
  };
}

function compileTemplates(value: unknown): RenderContent {
  const render = compileContent(value);
  return (data, escape) => render(data, escape ? ESCAPED : RAW);
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
