/**
 * Turning a matched rule's consequence into the mbox/view response Target returns: execute versus
 * prefetch shapes, response tokens, campaign macros in HTML content, and clean-up.
 */
import { isObject, own, type DecisioningContext, type JsonObject, type RequestDetails, type TargetRule } from "./types.ts";

/** One step of the response pipeline, applied to the response built from a matched rule. */
export type PostProcessor = (rule: TargetRule, response: JsonObject, kind: "mbox" | "view", details: RequestDetails) => JsonObject;

const arrayOf = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** Execute shape: options lose their event token (it goes to the notification), only click metrics stay. */
export const prepareExecuteResponse: PostProcessor = (_rule, response) => {
  const result: JsonObject = {
    ...response,
    options: arrayOf(response.options)
      .filter((option) => option.type !== undefined || option.content !== undefined)
      .map(({ eventToken: _token, ...option }) => option),
    metrics: arrayOf(response.metrics).filter((metric) => metric.type === "click"),
  };
  if ((result.metrics as unknown[]).length === 0) delete result.metrics;
  return result;
};

/** Prefetch shape: every option carries its display event token; metrics are kept for views only. */
export const preparePrefetchResponse: PostProcessor = (_rule, response, kind) => {
  const metrics = arrayOf(response.metrics);
  const result: JsonObject = {
    ...response,
    options: arrayOf(response.options).map((option, index) => {
      const metric = metrics[index];
      const eventToken = option.eventToken ?? (metric?.type === "display" ? metric.eventToken : undefined);
      return { ...option, eventToken };
    }),
  };
  if (kind !== "view") delete result.metrics;
  return result;
};

/** Drops the keys whose value is `undefined` (top level only). */
export const cleanUp: PostProcessor = (_rule, response) =>
  Object.fromEntries(Object.entries(response).filter(([, value]) => value !== undefined)); // no `__proto__` setter

/** Page-load responses are merged across rules: they carry no name, index or trace of their own. */
export const removePageLoadAttributes: PostProcessor = (_rule, response) => {
  const { index: _index, name: _name, trace: _trace, ...rest } = response;
  return rest;
};

const META_TOKENS = [
  "activity.id", "activity.name", "activity.type", "experience.id", "experience.name", "location.id",
  "location.name", "location.type", "offer.id", "offer.name", "option.id", "option.name",
] as const;

/**
 * Adds `responseTokens` to every option: `activity.decisioningMethod: "on-device"`, the geo tokens, and
 * the rule's meta tokens — each only when the artifact lists it in `responseTokens`.
 */
export function responseTokensProcessor(context: DecisioningContext, enabled: readonly string[] = []): PostProcessor {
  const wanted = new Set(enabled);
  const common: JsonObject = { "activity.decisioningMethod": "on-device" };
  const geo = context.geo;
  const geoTokens: readonly [string, unknown][] = [
    ["geo.city", geo.city],
    ["geo.country", geo.country],
    ["geo.state", geo.region],
    ["geo.latitude", geo.latitude],
    ["geo.longitude", geo.longitude],
  ];
  for (const [token, value] of geoTokens) if (wanted.has(token) && value !== undefined) common[token] = value;
  return (rule, response) => {
    const tokens: JsonObject = {};
    for (const key of META_TOKENS) {
      const value = own(rule.meta, key);
      if (wanted.has(key) && value !== undefined) tokens[key] = value;
    }
    return {
      ...response,
      options: arrayOf(response.options).map((option) => ({ ...option, responseTokens: { ...tokens, ...common } })),
    };
  };
}

const MACRO = /\$\{([a-zA-Z0-9_.]*?)\}/g;
const MACRO_RENAMES = /campaign|recipe/gi;
/** Longest HTML content scanned for macros. */
const MAX_MACRO_CONTENT = 1_000_000;

/**
 * Replaces `${campaign.id}`, `${recipe.name}`, `${mbox.name}`, `${mbox.<param>}`, … in HTML content
 * with the rule's meta (`activity.id`, `experience.name`, …), the request detail or its parameters;
 * unknown macros stay as written.
 */
export const replaceCampaignMacros: PostProcessor = (rule, response, _kind, details) => {
  const parameters = isObject(details.parameters) ? details.parameters : {};
  const replace = (content: unknown) => {
    if (typeof content !== "string" || content.length > MAX_MACRO_CONTENT) return content;
    return content.replace(MACRO, (written, name: string) => {
      let parts = name
        .replace(MACRO_RENAMES, (found) => (found.toLowerCase() === "campaign" ? "activity" : "experience"))
        .split(".");
      if (parts.length > 2) parts = parts.slice(parts.length - 2);
      const key = parts.filter((part) => part !== "mbox").join(".");
      for (const source of [rule.meta, details, parameters]) {
        const value = own(source, key);
        if (value !== undefined) return String(value);
      }
      return written;
    });
  };
  return {
    ...response,
    options: arrayOf(response.options).map((option) => {
      if (option.type === "html") return { ...option, content: replace(option.content) };
      if (option.type === "actions" && Array.isArray(option.content)) {
        return { ...option, content: option.content.map((action: unknown) => (isObject(action) ? { ...action, content: replace(action.content) } : action)) };
      }
      return option;
    }),
  };
};
