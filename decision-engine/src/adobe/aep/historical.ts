/**
 * `historical` conditions: how often (or in which order, or which most recently) events occurred,
 * asked of the host's event-history port. Counts follow the SDK: -1 is a database error, `any` sums
 * the counts, `ordered` is 1 when every event occurred in order (0 when one did not), `mostRecent` is
 * the index of the event seen last (-1 when none).
 */
import { isPortError, type AepEventData, type AepHistoryResult, type AepPorts } from "./types.ts";

/** The value the SDK uses for a failed history lookup. */
export const HISTORY_ERROR = -1;

/** The search types of historical conditions. */
export type SearchType = "any" | "ordered" | "mostRecent";

function query(
  ports: AepPorts,
  events: readonly AepEventData[],
  ordered: boolean,
  from: number,
  to: number,
): readonly AepHistoryResult[] | null {
  const history = ports.eventHistory;
  if (!history) return events.map(() => ({ count: 0 }));
  try {
    const answer = history.query(events, ordered, from, to);
    return isPortError(answer) || !Array.isArray(answer) ? null : answer;
  } catch {
    return null;
  }
}

/** `any` / `ordered`: the summed count, 1/0 for an ordered match, or -1 on error. */
function eventCount(results: readonly AepHistoryResult[], ordered: boolean): number {
  let total = 0;
  for (const { count } of results) {
    if (count === HISTORY_ERROR) return HISTORY_ERROR;
    if (ordered && count === 0) return 0;
    total += count;
  }
  return ordered ? 1 : total;
}

/** `mostRecent`: the index of the event with the newest occurrence, or -1 (none, or an error). */
function mostRecentIndex(results: readonly AepHistoryResult[]): number {
  let index = HISTORY_ERROR;
  let newest = -Infinity;
  for (const [i, result] of results.entries()) {
    if (result.count === HISTORY_ERROR) return HISTORY_ERROR;
    const at = result.newestOccurrence;
    if (typeof at === "number" && at > newest) {
      newest = at;
      index = i;
    }
  }
  return index;
}

/**
 * The number a historical condition compares: a count for `any` and `ordered` (an unknown search type
 * counts like `any`), an index for `mostRecent`. Without an event-history port nothing has occurred.
 */
export function historicalValue(
  ports: AepPorts,
  events: readonly AepEventData[],
  searchType: string,
  from: number,
  to: number,
): number {
  if (searchType === "mostRecent") {
    const results = query(ports, events, false, from, to);
    return results ? mostRecentIndex(results) : HISTORY_ERROR;
  }
  const ordered = searchType === "ordered";
  const results = query(ports, events, ordered, from, to);
  return results ? eventCount(results, ordered) : HISTORY_ERROR;
}
