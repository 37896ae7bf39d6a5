import { compileRule } from "../rules/compiler.ts";
import { parseDuration } from "../time/duration.ts";
import { parseInstant } from "../time/instant.ts";
import { ENUMS, FIELDS, STEPS, type Fields, type StepKind } from "./fields.ts";
import { at, isName, isRecord, joinPath, type Add } from "./paths.ts";
import { checkFields } from "./unknown-fields.ts";

/** Bounds on a journey definition, checked at publish time. */
export const JOURNEY_LIMITS = { steps: 50, depth: 4 };

type Json = Record<string, unknown>;
const KINDS = Object.keys(STEPS) as StepKind[];

/**
 * Validates the catalog's `journeys` and `campaigns` (the caller checks offer references): unknown
 * fields (`FIELDS.Journey`, `FIELDS.Campaign`, …; a step holds only its kind's, `STEPS`), triggers
 * and `exit` (`{event, when?}`), steps (`wait`, `wait_for`, `if`/`then`/`else`, `message`, `set`,
 * `end`), `reentry` (`never`, `always` or an ISO-8601 duration), steps after an unconditional end,
 * JOURNEY_LIMITS, and campaigns' `id`, `audience` and `schedule`. Each problem at its JSON path.
 */
export function checkJourneys(journeys: unknown, campaigns: unknown, add: Add): void {
  const ids = new Set<unknown>();
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
      if (kind == "set") check(isRecord(value), q, "must be an object of attributes");
      if (kind == "end") ended = check(value === true, q, "must be true") === true;
    });
    return ended;
  };

  each(journeys, "journeys", FIELDS.Journey, (journey, path) => {
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
  each(campaigns, "campaigns", FIELDS.Campaign, (campaign, path) => {
    check(isName(campaign["audience"]), at(path, "audience"), "must be an audience id");
    const s = campaign["schedule"];
    fields(s, FIELDS.CampaignSchedule, at(path, "schedule"));
    const [start, end] = ["start", "end"].map((k) => (isRecord(s) ? parseInstant(s[k]) : null));
    check(start != null && end != null && start < end, at(path, "schedule"), "needs ISO-8601 start and end, start first");
  });
}
