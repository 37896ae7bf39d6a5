import type { CompiledCatalog } from "@edgewise/decision-engine";

const MAX_DEPTH = 64;

/**
 * The event names a catalog can read back from a profile's stored history: every `history`
 * query's `name` in any rule, every cap's `event`, journeys' trigger, exit and `wait_for` events,
 * and `display` (it delivers journey and campaign messages and settles reservations). An anonymous
 * visitor's event with any other name changes no decision, so it is counted in the statistics and
 * stored nowhere (DESIGN.md: nothing a client sends creates storage without bound).
 *
 * @example namesThatMatter(compileCatalog(json)).has("cart.add") // a journey starts on it
 */
export function namesThatMatter(catalog: CompiledCatalog): Set<string> {
  const names = new Set<string>(["display"]);
  /** `history` queries anywhere in a rule (or in a whole journey: its rules are inside). */
  const queries = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((item) => queries(item, depth + 1));
    const record = node as Record<string, unknown>;
    const query = Array.isArray(record["history"]) ? record["history"][0] : record["history"];
    if (isRecord(query) && typeof query["name"] === "string") names.add(query["name"]);
    for (const value of Object.values(record)) queries(value, depth + 1);
  };
  const event = (value: unknown) => isRecord(value) && typeof value["event"] === "string" && names.add(value["event"]);
  const steps = (list: unknown, depth: number): void => {
    if (!Array.isArray(list) || depth > MAX_DEPTH) return;
    for (const step of list) {
      if (!isRecord(step)) continue;
      event(step["wait_for"]);
      steps(step["then"], depth + 1);
      steps(step["else"], depth + 1);
    }
  };
  const { offers, audiences, ranking, journeys } = catalog.source;
  for (const offer of offers) {
    for (const cap of offer.caps ?? []) names.add(cap.event);
    queries(offer.eligibility, 0);
    queries(offer.trigger?.when, 0);
  }
  queries(audiences, 0);
  queries(ranking, 0);
  for (const journey of journeys ?? []) {
    if (!isRecord(journey)) continue;
    event(journey["trigger"]);
    event(journey["exit"]);
    steps(journey["steps"], 0);
    queries(journey, 0);
  }
  return names;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
