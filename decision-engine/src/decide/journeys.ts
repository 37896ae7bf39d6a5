import { compileRule } from "../rules/compiler.ts";
import { compileContent, type ContentTemplate, type TemplateErrors } from "../template/index.ts";
import { parseDuration } from "../time/duration.ts";
import { parseInstant } from "../time/instant.ts";
import { EDGE_SECRETS, ENUMS, FIELDS, SECRET_NAME, STEPS, type Fields, type StepKind } from "./fields.ts";
import { at, isName, isRecord, joinPath, type Add } from "./paths.ts";
import { checkFields } from "./unknown-fields.ts";

/** Bounds on a journey definition, checked at publish time. */
export const JOURNEY_LIMITS = { steps: 50, depth: 4 };

type Json = Record<string, unknown>;
const KINDS = Object.keys(STEPS) as StepKind[];

/**
 * Compiles a webhook action's `body` (a journey `action` step's or a campaign's): any JSON value,
 * whose strings are templates (`compileContent`) over the journey's or campaign's evaluation context
 * (`profile`, `audiences`, `context`, `event`, `now`, `journey`). Render it with `{ escape: false }`:
 * the body is JSON, not HTML (`JSON.stringify` quotes whatever the values hold).
 *
 * @throws {TemplateErrors} with each error's path relative to the body (`.subject`; `""` for a string body).
 * @example
 * const render = compileActionBody({ to: "{{profile.email}}", subject: "Hi {{profile.name | default: 'there'}}" });
 * JSON.stringify(render({ profile: { email: "ana@example.com" } }, { escape: false })); // '{"to":"ana@example.com","subject":"Hi there"}'
 */
export const compileActionBody = (body: unknown): ContentTemplate => compileContent(body);

/**
 * Validates the catalog's `journeys`, `campaigns`, `webhooks` and `forwarding` (the caller checks
 * offer references): unknown fields (`FIELDS.Journey`, `FIELDS.Campaign`, …; a step holds only its
 * kind's, `STEPS`), triggers and `exit` (`{event, when?}`), steps (`wait`, `wait_for`,
 * `if`/`then`/`else`, `message`, `action`, `set`, `end`), `reentry` (`never`, `always` or an ISO-8601
 * duration), steps after an unconditional end, JOURNEY_LIMITS, campaigns' `id`, `audience`,
 * `schedule` and `offer` or `action`; destinations' ids (one namespace for webhooks and forwarding),
 * http(s) URLs without credentials (the edge adds its own rules: https only, no private address),
 * secret names, rates, batches and timeouts; and actions' webhooks and body templates. Each problem
 * at its JSON path.
 *
 * @example checkJourneys({ webhooks: [{ id: "esp", url: "ftp://x" }] }, add) // $.webhooks[0].url: must be an http(s) URL …
 */
export function checkJourneys(catalog: Json, add: Add): void {
  const ids = new Set<unknown>();
  const webhooks = new Set<unknown>();
  const check = (ok: unknown, path: string, message: string) => ok || add(path, message);
  const fields = (value: unknown, known: Fields, path: string): void => {
    if (isRecord(value)) checkFields(value, known, path, add);
  };
  const rule = (value: unknown, path: string): void => {
    try {
      compileRule(value);
    } catch (e) {
      const p = (e as { path?: unknown }).path;
      add(typeof p == "string" ? joinPath(path, p) : path, String((e as Error).message));
    }
  };
  const duration = (value: unknown, path: string) => check(parseDuration(value), path, "must be an ISO-8601 duration");
  const event = (value: unknown, path: string, known: Fields = FIELDS.Trigger): void => {
    fields(value, known, path);
    if (!isRecord(value) || !isName(value["event"])) return add(at(path, "event"), "needs an event name");
    if (value["when"] !== undefined) rule(value["when"], at(path, "when"));
  };
  const each = (list: unknown, name: string, known: Fields, visit: (item: Json, path: string) => void) =>
    Array.isArray(list) &&
    list.forEach((item, i) => {
      const path = at(`$.${name}`, i);
      if (!isRecord(item)) return add(path, "must be an object");
      fields(item, known, path);
      check(isName(item["id"]) && !ids.has(item["id"]), at(path, "id"), "must be a unique, non-empty string");
      ids.add(item["id"]);
      visit(item, path);
    });

  /** A webhook's or forwarding destination's own fields. */
  const destination = (item: Json, path: string): void => {
    const { url, secret, timeout } = item;
    let parsed: { protocol: string; username: string; password: string } | undefined;
    try {
      // The runtime's WHATWG URL parser (the lib has no DOM or Node types).
      parsed = new (globalThis as unknown as { URL: new (url: unknown) => typeof parsed }).URL(url);
    } catch {}
    const ok = typeof url == "string" && url.length <= 2048 && /^https?:$/.test(parsed?.protocol!) && !parsed!.username && !parsed!.password;
    check(ok, at(path, "url"), "must be an http(s) URL without user name or password, at most 2048 characters");
    check(secret === undefined || (typeof secret == "string" && SECRET_NAME.test(secret)), at(path, "secret"), "must name a Worker secret (A-Z, 0-9, _), never hold its value");
    check(!EDGE_SECRETS.includes(secret as string), at(path, "secret"), "names one of the edge's own secrets");
    for (const key of ["perSecond", "batch"]) {
      const n = item[key] as number;
      check(n === undefined || (Number.isInteger(n) && n > 0 && n <= 1000), at(path, key), "must be an integer from 1 to 1000");
    }
    const ms = parseDuration(timeout);
    check(timeout === undefined || (ms && !ms.months && ms.ms > 0 && ms.ms <= 30000), at(path, "timeout"), "must be an ISO-8601 duration above zero, at most PT30S");
  };
  /** A webhook action (`{webhook, body}`) of a step or a campaign. */
  const action = (value: unknown, path: string): void => {
    if (!isRecord(value)) return add(path, "must be an object");
    fields(value, FIELDS.WebhookAction, path);
    check(webhooks.has(value["webhook"]), at(path, "webhook"), `unknown webhook ${JSON.stringify(value["webhook"])}`);
    const body = at(path, "body");
    if (!check(value["body"] !== undefined, body, "needs a body")) return;
    try {
      compileActionBody(value["body"]);
    } catch (e) {
      // A template's errors, at their paths inside the body (a body parsed from JSON has no other).
      for (const { path: p, message } of (e as TemplateErrors).errors ?? []) add(joinPath(body, p), message);
    }
  };

  /** Checks a list of steps; true when it always ends the journey. */
  const steps = (list: unknown, path: string, depth: number, count: { n: number }): boolean => {
    let ended = false;
    if (!check(Array.isArray(list), path, "must be an array of steps")) return ended;
    check(depth <= JOURNEY_LIMITS.depth || !(list as []).length, path, `nested deeper than ${JOURNEY_LIMITS.depth}`);
    (list as unknown[]).forEach((step, i) => {
      const p = at(path, i);
      check(!ended, p, "unreachable after an unconditional end");
      check(++count.n != JOURNEY_LIMITS.steps + 1, p, `over ${JOURNEY_LIMITS.steps} steps`);
      const kinds = isRecord(step) ? KINDS.filter((k) => k in step) : [];
      if (kinds.length != 1) {
        add(p, `needs one of ${KINDS}`);
        // Without one kind, a field is unknown when no kind has it.
        return fields(step, Object.assign({}, ...Object.values(STEPS)) as Fields, p);
      }
      const kind = kinds[0]!;
      const s = step as Json;
      fields(s, STEPS[kind], p);
      const value = s[kind];
      const q = at(p, kind);
      if (kind == "wait") duration(value, q);
      if (kind == "wait_for") {
        event(value, q, FIELDS.WaitFor);
        if (isRecord(value)) {
          duration(value["timeout"], at(q, "timeout"));
          check(value["on_timeout"] === undefined || ENUMS.onTimeout.includes(value["on_timeout"] as never), at(q, "on_timeout"), "must be continue or exit");
        }
      }
      if (kind == "if") {
        rule(value, q);
        // Both branches are checked (and counted) even when the first one ends.
        const then = steps(s["then"] ?? [], at(p, "then"), depth + 1, count);
        ended = steps(s["else"] ?? [], at(p, "else"), depth + 1, count) && then;
      }
      if (kind == "action") action(value, q);
      if (kind == "set") check(isRecord(value), q, "must be an object of attributes");
      if (kind == "end") ended = check(value === true, q, "must be true") === true;
    });
    return ended;
  };

  each(catalog["webhooks"], "webhooks", FIELDS.Webhook, (webhook, path) => {
    webhooks.add(webhook["id"]);
    destination(webhook, path);
  });
  each(catalog["forwarding"], "forwarding", FIELDS.Forwarding, (forwarding, path) => {
    destination(forwarding, path);
    const events = forwarding["events"];
    check(events === undefined || (Array.isArray(events) && events.every(isName)), at(path, "events"), "must be an array of event names");
  });
  ids.clear();
  each(catalog["journeys"], "journeys", FIELDS.Journey, (journey, path) => {
    event(journey["trigger"], at(path, "trigger"));
    if (journey["exit"] !== undefined) event(journey["exit"], at(path, "exit"));
    const reentry = journey["reentry"];
    if (reentry !== undefined && reentry != "never" && reentry != "always") duration(reentry, at(path, "reentry"));
    check(journey["paused"] === undefined || typeof journey["paused"] == "boolean", at(path, "paused"), "must be a boolean");
    const count = { n: 0 };
    steps(journey["steps"], at(path, "steps"), 1, count);
    check(count.n, at(path, "steps"), "needs a step");
  });
  ids.clear();
  each(catalog["campaigns"], "campaigns", FIELDS.Campaign, (campaign, path) => {
    check(isName(campaign["audience"]), at(path, "audience"), "must be an audience id");
    check((campaign["offer"] === undefined) != (campaign["action"] === undefined), path, "needs an offer or an action (not both)");
    if (campaign["action"] !== undefined) action(campaign["action"], at(path, "action"));
    const s = campaign["schedule"];
    fields(s, FIELDS.CampaignSchedule, at(path, "schedule"));
    const [start, end] = ["start", "end"].map((k) => (isRecord(s) ? parseInstant(s[k]) : null));
    check(start != null && end != null && start < end, at(path, "schedule"), "needs ISO-8601 start and end, start first");
  });
}
