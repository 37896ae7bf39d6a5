/**
 * `edgewise import aep`: an AEP mobile ruleset (what Journey Optimizer publishes for in-app
 * messages, and Campaign's legacy `iam` rules) converted into Edgewise catalog offers, where the
 * format allows, with a list of what could not be converted and why.
 *
 * - A rule becomes an offer when it has an in-app message: a `schema` consequence of
 *   `https://ns.adobe.com/personalization/message/in-app` (HTML content → an `html` message; JSON
 *   content → `content` on a json placement) or an `iam` consequence (`fullscreen`/`modal` with
 *   inline HTML, `alert` with a title and body).
 * - Its condition becomes the offer's `trigger`: a track event (`~type` generic.track with `action`
 *   = the event name), an app launch (`app.launch`: lifecycle launch events), or a matcher on event
 *   data (`trigger.when` over `event.properties`); `~timestampu` bounds become its `schedule`; the
 *   user-profile shared state becomes `profile` attributes in `eligibility`.
 * - Anything else (other shared states, historical conditions, `or` groups mixing triggers,
 *   `add`/`mod`/`dispatch`/postback consequences, HTML given as a file name) is listed as not
 *   converted, with its JSON path.
 */

type Json = Record<string, unknown>;
type Rule = Record<string, unknown>;

export interface ConvertedCatalog {
  placements: { id: string; format: "message" | "json" }[];
  offers: Json[];
}

export interface Unconverted {
  path: string;
  reason: string;
}

export interface AepImport {
  catalog: ConvertedCatalog;
  unconverted: Unconverted[];
  /** Approximations that were made (e.g. case-insensitive string matchers, compared exactly here). */
  notes: Unconverted[];
}

const IN_APP_SCHEMA = "https://ns.adobe.com/personalization/message/in-app";
const TRACK_TYPE = "com.adobe.eventtype.generic.track";
const LIFECYCLE_TYPE = "com.adobe.eventtype.lifecycle";
const USER_PROFILE_STATE = /^~state\.com\.adobe\.(marketing\.mobile\.userprofile|module\.userprofile)\/userprofiledata\.(.+)$/i;
/** AEP matchers and their JSON Logic form over a value `v` and the matcher's first value `x`. */
const OPERATORS: Record<string, (v: Json, x: unknown) => Json> = {
  eq: (v, x) => ({ "==": [v, x] }),
  ne: (v, x) => ({ "!=": [v, x] }),
  gt: (v, x) => ({ ">": [v, x] }),
  ge: (v, x) => ({ ">=": [v, x] }),
  lt: (v, x) => ({ "<": [v, x] }),
  le: (v, x) => ({ "<=": [v, x] }),
  co: (v, x) => ({ in: [x, v] }),
  nc: (v, x) => ({ "!": { in: [x, v] } }),
  ex: (v) => ({ "!=": [v, null] }),
  nx: (v) => ({ "==": [v, null] }),
};
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const idOf = (text: string) => text.replace(/[^\w.-]+/g, "-").slice(0, 120) || "aep-message";

/** Converts `ruleset` (parsed JSON). Placement ids default to `aep-messages` (message) and `aep-content` (json). */
export function convertAepRuleset(ruleset: unknown, placements = { message: "aep-messages", content: "aep-content" }): AepImport {
  const unconverted: Unconverted[] = [];
  const notes: Unconverted[] = [];
  const offers: Json[] = [];
  const used = new Set<"message" | "json">();
  const rules = isRecord(ruleset) && Array.isArray(ruleset["rules"]) ? (ruleset["rules"] as unknown[]) : undefined;
  if (!rules) return { catalog: { placements: [], offers: [] }, unconverted: [{ path: "$", reason: "not an AEP ruleset: expected {version, rules: [...]}" }], notes };
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const path = `$.rules[${i}]`;
    if (!isRecord(rule)) return void unconverted.push({ path, reason: "a rule must be an object" });
    const consequences = Array.isArray(rule["consequences"]) ? (rule["consequences"] as unknown[]) : [];
    consequences.forEach((consequence, k) => {
      const at = `${path}.consequences[${k}]`;
      const shown = messageOf(consequence, at, unconverted);
      if (!shown) return;
      const when = conditionOf(rule, `${path}.condition`, unconverted, notes);
      if (!when) return;
      let id = idOf(String((consequence as Json)["id"] ?? `aep-rule-${i}-${k}`));
      while (ids.has(id)) id = `${id}-${k}`;
      ids.add(id);
      used.add(shown.format);
      const offer: Json = { id, name: `AEP ${String((consequence as Json)["id"] ?? id)}`, placements: [shown.format === "message" ? placements.message : placements.content], ...shown.offer };
      if (when.trigger) offer["trigger"] = when.trigger;
      if (when.eligibility.length) offer["eligibility"] = when.eligibility.length === 1 ? when.eligibility[0] : { and: when.eligibility };
      if (when.schedule) offer["schedule"] = when.schedule;
      offers.push(offer);
    });
  });
  const catalogPlacements: ConvertedCatalog["placements"] = [];
  if (used.has("message")) catalogPlacements.push({ id: placements.message, format: "message" });
  if (used.has("json")) catalogPlacements.push({ id: placements.content, format: "json" });
  return { catalog: { placements: catalogPlacements, offers }, unconverted, notes };
}

/** The offer fields of an in-app message consequence, or why there is none. */
function messageOf(consequence: unknown, path: string, unconverted: Unconverted[]): { format: "message" | "json"; offer: Json } | undefined {
  if (!isRecord(consequence)) return void unconverted.push({ path, reason: "a consequence must be an object" });
  const type = consequence["type"];
  const detail = isRecord(consequence["detail"]) ? consequence["detail"] : {};
  if (type === "schema" && detail["schema"] === IN_APP_SCHEMA) {
    const data = isRecord(detail["data"]) ? detail["data"] : {};
    const content = data["content"];
    if (typeof content === "string" && (data["contentType"] === undefined || String(data["contentType"]).toLowerCase() === "text/html")) {
      return { format: "message", offer: { message: { layout: "html", html: content } } };
    }
    if (isRecord(content)) return { format: "json", offer: { content } };
    return void unconverted.push({ path: `${path}.detail.data.content`, reason: `an in-app message whose content is ${data["contentType"] ?? typeof content}: only HTML or a JSON object converts` });
  }
  if (type === "iam") {
    const template = detail["template"];
    const html = detail["html"];
    if ((template === "fullscreen" || template === "modal") && typeof html === "string") {
      if (/^[\w-]+\.html?$/i.test(html)) return void unconverted.push({ path: `${path}.detail.html`, reason: `the HTML is a file (${html}) of the rules bundle: put its contents in the offer's message.html` });
      return { format: "message", offer: { message: { layout: "html", html } } };
    }
    if (template === "alert" || template === "local") {
      const title = typeof detail["title"] === "string" ? detail["title"] : undefined;
      const body = typeof detail["content"] === "string" ? detail["content"] : undefined;
      if (!title && !body) return void unconverted.push({ path: `${path}.detail`, reason: "an alert without a title or content" });
      const buttons = typeof detail["cancel"] === "string" ? [{ label: detail["cancel"], action: { type: "dismiss" } }] : [];
      return { format: "message", offer: { message: { layout: "modal", ...(title ? { title } : {}), ...(body ? { body } : {}), ...(buttons.length ? { buttons } : {}) } } };
    }
    return void unconverted.push({ path: `${path}.detail.template`, reason: `iam template ${JSON.stringify(template)} with no inline HTML` });
  }
  return void unconverted.push({ path: `${path}.type`, reason: `a ${JSON.stringify(type)} consequence has no Edgewise offer equivalent (only in-app messages convert)` });
}

interface When {
  trigger?: Json;
  eligibility: Json[];
  schedule?: { start?: string; end?: string };
}

/** The trigger, eligibility and schedule of a rule's condition (an `and` group of matchers), or why not. */
function conditionOf(rule: Rule, path: string, unconverted: Unconverted[], notes: Unconverted[]): When | undefined {
  const matchers: { definition: Json; path: string }[] = [];
  const collect = (condition: unknown, at: string): boolean => {
    if (!isRecord(condition)) return true;
    const definition = isRecord(condition["definition"]) ? condition["definition"] : {};
    if (condition["type"] === "group") {
      if (String(definition["logic"]).toLowerCase() !== "and") {
        unconverted.push({ path: `${at}.definition.logic`, reason: `a "${definition["logic"]}" group: only "and" groups convert` });
        return false;
      }
      const list = Array.isArray(definition["conditions"]) ? (definition["conditions"] as unknown[]) : [];
      return list.every((item, i) => collect(item, `${at}.definition.conditions[${i}]`));
    }
    if (condition["type"] === "matcher") return void matchers.push({ definition, path: at }), true;
    unconverted.push({ path: `${at}.type`, reason: `a ${JSON.stringify(condition["type"])} condition (history and others) has no Edgewise equivalent here` });
    return false;
  };
  if (!collect(rule["condition"], path)) return undefined;
  const when: When = { eligibility: [] };
  const eventRules: Json[] = [];
  let eventType: string | undefined;
  let action: string | undefined;
  for (const { definition, path: at } of matchers) {
    const key = String(definition["key"] ?? "");
    const matcher = String(definition["matcher"] ?? "").toLowerCase();
    const values = Array.isArray(definition["values"]) ? (definition["values"] as unknown[]) : [];
    const operator = OPERATORS[matcher];
    if (!operator) return void unconverted.push({ path: `${at}.definition.matcher`, reason: `unknown matcher ${JSON.stringify(matcher)}` });
    if (values.length > 1 && matcher !== "ex" && matcher !== "nx") {
      notes.push({ path: at, reason: `${values.length} values: any of them matches (an "or")` });
    }
    const test = (variable: Json): Json => (values.length > 1 ? { or: values.map((x) => operator(variable, x)) } : operator(variable, values[0]));
    if (typeof values[0] === "string" && ["eq", "ne", "co", "nc"].includes(matcher)) notes.push({ path: at, reason: "AEP compares strings case-insensitively; Edgewise compares them exactly" });
    if (key === "~type" && matcher === "eq") eventType = String(values[0]).toLowerCase();
    else if (key === "~source") continue; // the event's source (requestContent…): Edgewise events have none
    else if (key === "action" && matcher === "eq" && typeof values[0] === "string") action = values[0];
    else if (key === "~timestampu" && (matcher === "gt" || matcher === "ge" || matcher === "lt" || matcher === "le") && typeof values[0] === "number") {
      const iso = new Date(values[0] * 1000).toISOString();
      when.schedule = { ...when.schedule, ...(matcher.startsWith("g") ? { start: iso } : { end: iso }) };
    } else if (/^lifecyclecontextdata\.launchevent$/i.test(key)) eventType = LIFECYCLE_TYPE;
    else if (USER_PROFILE_STATE.test(key)) when.eligibility.push(test({ var: `profile.${USER_PROFILE_STATE.exec(key)![2]}` }));
    else if (key.startsWith("~")) return void unconverted.push({ path: `${at}.definition.key`, reason: `${key}: the SDK's shared states and special tokens have no Edgewise equivalent (a snapshot attribute may stand in)` });
    else eventRules.push(test({ var: `event.properties.${key.replace(/^contextdata\./i, "")}` }));
  }
  if (action !== undefined) when.trigger = { event: action };
  else if (eventType === LIFECYCLE_TYPE) when.trigger = { event: "app.launch" };
  else if (eventType === TRACK_TYPE) return void unconverted.push({ path, reason: "a track rule without an action (event name) to trigger on" });
  else if (eventType !== undefined || eventRules.length) return void unconverted.push({ path, reason: `events of type ${eventType ?? "any"} without a track action or app launch: no Edgewise trigger` });
  if (eventRules.length) {
    if (!when.trigger) return void unconverted.push({ path, reason: "event data matchers without an event to trigger on" });
    when.trigger["when"] = eventRules.length === 1 ? eventRules[0]! : { and: eventRules };
  }
  return when;
}
