import type { PlacementFormat } from "./catalog-types.ts";
import type { CompiledOffer, CompiledPlacement } from "./compiled.ts";
import { parseDuration } from "../time/duration.ts";
import { ENUMS, FIELDS } from "./fields.ts";
import { at, each, isName, isRecord, joinPath, type Add } from "./paths.ts";
import { checkFields } from "./unknown-fields.ts";
import { isDeepLink, isDeepLinkScheme, isSafeUrl, parseUrl } from "./url.ts";

type Json = Record<string, unknown>;

const NAME = "must be a non-empty string";
const URL = "must be an http(s), mailto:, tel: or relative URL";

/**
 * The catalog checks that compiling does not need (`compileCatalog`, `compileRuleset`): unknown
 * fields (every object is closed: `FIELDS`), ids, names, enums, references, ranges, message fields
 * and URLs (`safeUrl`; a `deeplink` needs a scheme of the catalog's `deepLinkSchemes`), whether an
 * offer has what its placements show, and where a rule or template that does not compile goes wrong. The compiler calls each check where it reaches that part of the catalog,
 * so that problems come in document order; a device compiles without them (`compileDeviceRuleset`),
 * which keeps them out of the SDKs.
 */
export interface Validation {
  placement(placement: Json, path: string, formats: ReadonlyMap<string, PlacementFormat>): void;
  /** The offer's own fields (and its schedule's and trigger's names), before its rules and schedule are compiled. */
  offer(offer: Json, path: string, formats: ReadonlyMap<string, PlacementFormat>, duplicate: boolean): void;
  cap(cap: Json, path: string): void;
  /** The offer's message and content, after its trigger. */
  contents(offer: Json, path: string, formats: ReadonlyMap<string, PlacementFormat>): void;
  /** `journeys`, `campaigns`, `webhooks` and `forwarding`: lists, and only where they are `allowed` (not in a client ruleset). */
  orchestration(allowed: boolean): void;
  fallback(offerId: unknown, path: string, offers: ReadonlyMap<string, unknown>): void;
  ranking(ranking: Json, path: string): void;
  audience(audience: Json, path: string): void;
  /** An experiment's fields, placement, variants (ids, offers of that placement or null) and control. */
  experiment(experiment: Json, path: string, placements: ReadonlyMap<string, CompiledPlacement>, offers: ReadonlyMap<string, CompiledOffer>): void;
  /** An experiment that would run on `placement` while `other` does. */
  overlap(path: string, other: string, placement: string): void;
  holdout(holdout: unknown, path: string): void;
  /** A rule or template at `path` that did not compile: its errors, at their paths. */
  failed(path: string, error: unknown): void;
}

/** The checks of one compile of `catalog`, reporting to `add`; the catalog's own fields are checked at once. */
export function validation(add: Add, catalog: Json): Validation {
  const audienceIds = new Set<unknown>();
  const experimentIds = new Set<unknown>();
  const fields = (object: unknown, kind: keyof typeof FIELDS, path: string): void => {
    if (isRecord(object)) checkFields(object, FIELDS[kind], path, add);
  };
  const oneOf = (value: unknown, allowed: readonly string[], path: string): void => {
    if (!allowed.includes(value as string)) add(path, `must be one of ${allowed.join(", ")}`);
  };
  const optionalString = (object: Json, key: string, path: string): void => {
    if (object[key] !== undefined && typeof object[key] !== "string") add(at(path, key), "must be a string");
  };

  fields(catalog, "Catalog", "$");
  // The app schemes that deep links may use (`isDeepLinkScheme`): checked with the catalog's own fields.
  const schemes = catalog["deepLinkSchemes"];
  const declared = Array.isArray(schemes) ? schemes : [];
  if (schemes !== undefined && declared !== schemes) add("$.deepLinkSchemes", "must be an array of app URL schemes");
  declared.forEach((scheme, i) => isDeepLinkScheme(scheme) || add(at("$.deepLinkSchemes", i), "must be an app's URL scheme in lower case, such as myapp (no web or script scheme)"));
  return {
    placement(placement, path, formats) {
      fields(placement, "Placement", path);
      const id = placement["id"];
      if (!isName(id)) add(at(path, "id"), NAME);
      else if (formats.has(id)) add(at(path, "id"), `duplicate placement id "${id}"`);
      oneOf(placement["format"], ENUMS.format, at(path, "format"));
      optionalString(placement, "surface", path);
    },

    offer(offer, path, formats, duplicate) {
      const { id, placements, priority = 0, orchestrated = false } = offer;
      fields(offer, "Offer", path);
      fields(offer["schedule"], "Schedule", at(path, "schedule"));
      fields(offer["trigger"], "Trigger", at(path, "trigger"));
      if (duplicate) add(at(path, "id"), `duplicate offer id "${String(id)}"`);
      if (!isName(id)) add(at(path, "id"), NAME);
      optionalString(offer, "name", path);
      if (typeof orchestrated != "boolean") add(at(path, "orchestrated"), "must be true or false");
      if (!Array.isArray(placements)) add(at(path, "placements"), "must be an array of placement ids");
      else {
        placements.forEach((placementId, i) => {
          if (!formats.get(placementId)) add(at(at(path, "placements"), i), `unknown placement ${JSON.stringify(placementId)}`);
        });
      }
      if (typeof priority !== "number" || !Number.isFinite(priority)) add(at(path, "priority"), "must be a finite number");
    },

    cap(cap, path) {
      const { event, limit, period, scope = "profile" } = cap;
      fields(cap, "Cap", path);
      if (!isName(event)) add(at(path, "event"), "must be an event name, e.g. display");
      if (!Number.isInteger(limit) || (limit as number) < 0) add(at(path, "limit"), "must be a non-negative integer");
      oneOf(period, ENUMS.period, at(path, "period"));
      oneOf(scope, ENUMS.scope, at(path, "scope"));
    },

    contents(offer, path, formats) {
      const { content, message, placements } = offer;
      const placed = Array.isArray(placements) ? placements.map((id) => formats.get(id)).filter(Boolean) : [];
      if (message !== undefined) checkMessage(message, at(path, "message"));
      if (content !== undefined && !isRecord(content)) add(at(path, "content"), "must be an object");
      if (content === undefined && message === undefined) add(path, "an offer needs content or a message");
      else if (placed.includes("message") && message === undefined) add(at(path, "message"), "an offer in a message placement needs a message");
      else if (placed.some((f) => f !== "message") && content === undefined) {
        add(at(path, "content"), "an offer in an html, json or text placement needs content");
      }
    },

    orchestration(allowed) {
      for (const key of ["journeys", "campaigns", "webhooks", "forwarding"]) {
        const list = catalog[key];
        if (list !== undefined && !Array.isArray(list)) add(`$.${key}`, "must be an array");
        else if (!allowed && (list as unknown[] | undefined)?.length) add(`$.${key}`, "a client ruleset has none: journeys, campaigns, webhooks and forwarding run at the edge");
      }
    },

    fallback(offerId, path, offers) {
      if (typeof offerId !== "string" || !offers.has(offerId)) add(path, `unknown offer ${JSON.stringify(offerId)}`);
    },

    ranking(ranking, path) {
      fields(ranking, "Ranking", path);
      const strategy = ranking["strategy"] ?? "priority";
      oneOf(strategy, ENUMS.strategy, at(path, "strategy"));
      if (strategy === "score" && ranking["score"] === undefined) add(at(path, "score"), "the score strategy needs a score rule");
      const limit = ranking["limit"] ?? 1;
      if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 50) add(at(path, "limit"), "must be an integer from 1 to 50");
    },

    audience(audience, path) {
      const { id, rule } = audience;
      fields(audience, "Audience", path);
      if (!isName(id)) add(at(path, "id"), NAME);
      else if (audienceIds.has(id)) add(at(path, "id"), `duplicate audience id "${id}"`);
      audienceIds.add(id);
      optionalString(audience, "name", path);
      if (rule === undefined) add(at(path, "rule"), "an audience needs a rule");
    },

    experiment(experiment, path, placements, offers) {
      const { id, placement, variants, control, metric, attributionWindow } = experiment;
      fields(experiment, "Experiment", path);
      fields(metric, "Metric", at(path, "metric"));
      if (!isName(id)) add(at(path, "id"), NAME);
      else if (id === "holdout") add(at(path, "id"), `"holdout" is the holdout's report: another id, please`);
      else if (experimentIds.has(id)) add(at(path, "id"), `duplicate experiment id "${id}"`);
      experimentIds.add(id);
      optionalString(experiment, "name", path);
      if (!isName(placement) || !placements.has(placement)) add(at(path, "placement"), `unknown placement ${JSON.stringify(placement)}`);
      if (metric !== undefined && (!isRecord(metric) || !isName(metric["event"]))) add(at(at(path, "metric"), "event"), "must be an event name, e.g. conversion");
      if (attributionWindow !== undefined && parseDuration(attributionWindow) === null) add(at(path, "attributionWindow"), "must be an ISO-8601 duration, e.g. P7D");
      if (!Array.isArray(variants)) return;
      if (variants.length < 2) add(at(path, "variants"), "an experiment needs at least two variants");
      const variantIds = new Set<unknown>();
      variants.forEach((variant, i) => {
        const variantPath = at(at(path, "variants"), i);
        if (!isRecord(variant)) return;
        fields(variant, "Variant", variantPath);
        if (!isName(variant["id"])) add(at(variantPath, "id"), NAME);
        else if (variantIds.has(variant["id"])) add(at(variantPath, "id"), `duplicate variant id "${variant["id"]}"`);
        variantIds.add(variant["id"]);
        const offer = variant["offer"];
        if (offer === null) return;
        const placed = isName(offer) ? offers.get(offer) : undefined;
        if (!placed) add(at(variantPath, "offer"), `unknown offer ${JSON.stringify(offer)} (an offer id, or null for nothing shown)`);
        else if (isName(placement) && !placed.source.placements.includes(placement)) add(at(variantPath, "offer"), `offer "${offer}" is not in placement "${placement}"`);
        else if (placed.orchestrated) add(at(variantPath, "offer"), `offer "${offer}" is delivered by a journey or campaign`);
      });
      if (control !== undefined && !variantIds.has(control)) add(at(path, "control"), `unknown variant ${JSON.stringify(control)}`);
    },

    overlap(path, other, placement) {
      add(at(path, "start"), `experiment "${other}" runs on placement "${placement}" at the same time (one experiment per placement at a time)`);
    },

    holdout(holdout, path) {
      if (!isRecord(holdout)) return add(path, "must be an object such as {\"percent\": 5}");
      fields(holdout, "Holdout", path);
    },

    failed(path, error) {
      // A template's errors come as a list, a rule's with the path of the offending part.
      const { errors, path: relative } = error as { errors?: { path: string; message: string }[]; path?: unknown };
      for (const item of errors ?? [{ path: typeof relative === "string" ? relative : "", message: messageOf(error) }]) add(joinPath(path, item.path), item.message);
    },
  };

  function checkMessage(message: unknown, path: string): void {
    if (!isRecord(message)) return add(path, "must be an object");
    const { layout, html, title, body, image, buttons, dir } = message;
    fields(message, "Message", path);
    oneOf(layout, ENUMS.layout, at(path, "layout"));
    for (const key of ["title", "body", "image", "imageAlt", "html", "lang"]) optionalString(message, key, path);
    if (dir !== undefined) oneOf(dir, ENUMS.direction, at(path, "dir"));
    if (layout === "html" ? !isName(html) : !isName(title) && !isName(body)) {
      add(path, layout === "html" ? "an html message needs its html" : "a message needs a title or a body");
    }
    if (typeof image === "string" && !isSafeUrl(image)) add(at(path, "image"), URL);
    each(buttons ?? [], at(path, "buttons"), add, (button, buttonPath) => {
      fields(button, "Button", buttonPath);
      if (!isName(button["label"])) add(at(buttonPath, "label"), NAME);
      const action = isRecord(button["action"]) ? button["action"] : {};
      const actionPath = at(buttonPath, "action");
      const { type, url } = action;
      fields(action, "Action", actionPath);
      oneOf(type, ENUMS.actionType, at(actionPath, "type"));
      if (type === "url" && !isSafeUrl(url)) add(at(actionPath, "url"), URL);
      if (type === "deeplink" && !isDeepLink(url, declared)) {
        const scheme = typeof url == "string" ? parseUrl(url).scheme : undefined;
        const undeclared = isDeepLinkScheme(scheme) && !declared.includes(scheme);
        add(at(actionPath, "url"), undeclared ? `scheme "${scheme}" is not declared in deepLinkSchemes` : "must be a deep link such as myapp://cart");
      }
      if (type === "custom" && !isName(action["name"])) add(at(actionPath, "name"), "a custom action needs a name");
    });
  }
}

const messageOf = (error: unknown): string => String(error instanceof Error ? error.message : error).replace(/ at \$\S*$/, "");
