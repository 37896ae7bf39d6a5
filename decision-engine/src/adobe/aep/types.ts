/**
 * Types of the AEP mobile rules engine ("Launch rules"): the events it reads and emits, the
 * consequences of a ruleset, and the small ports a host implements (shared states, event history).
 */

/** JSON-like event data: a string-keyed object. */
export type AepEventData = Readonly<Record<string, unknown>>;

/** An AEP SDK event as the rules engine sees it. */
export interface AepEvent {
  readonly name: string;
  /** e.g. `com.adobe.eventType.lifecycle` (`~type` in rules). */
  readonly type: string;
  /** e.g. `com.adobe.eventSource.responseContent` (`~source` in rules). */
  readonly source: string;
  readonly data: AepEventData | null;
  /** Unique identifier; events the engine dispatches always carry one (it keys the dispatch loop guard). */
  readonly id?: string;
  /** `id` of the event whose processing produced this one. */
  readonly parentId?: string;
  /** Milliseconds since the epoch (`~timestampu`, `~timestampz`, `~timestampp`); defaults to the clock. */
  readonly timestamp?: number;
}

/** One consequence of a rule: `{id, type, detail}` (detail strings are token-expanded on evaluation). */
export interface AepConsequence {
  readonly id: string;
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** What a port returns instead of a result when it failed (the SDK's `AdobeError` callback). */
export interface AepPortError {
  readonly error: string;
}

/** One entry of an event-history answer, per requested event in order. `count` -1 is a database error. */
export interface AepHistoryResult {
  readonly count: number;
  readonly oldestOccurrence?: number | null;
  readonly newestOccurrence?: number | null;
}

/** The event-history database (the SDK's `getHistoricalEvents` / `recordHistoricalEvent`). */
export interface AepEventHistory {
  /**
   * Counts of the given events (each a map of the event data that identifies it) between `from` and
   * `to` (epoch milliseconds; 0 = unbounded); `enforceOrder` asks for them in this order.
   */
  query(
    events: readonly AepEventData[],
    enforceOrder: boolean,
    from: number,
    to: number,
  ): readonly AepHistoryResult[] | AepPortError;
  /** Stores an event; true when it was recorded. */
  record(event: AepEvent): boolean | AepPortError;
}

/** What the host provides to an evaluation. All optional: a missing port reads as "nothing there". */
export interface AepPorts {
  /** The shared state of an extension (`~state.<extension>/<key>`), or null when it has none. */
  readonly sharedState?: (extensionName: string) => AepEventData | null;
  /** The event-history database; without it every historical count is 0 and nothing is recorded. */
  readonly eventHistory?: AepEventHistory;
  /** `~sdkver`; empty when not given. */
  readonly sdkVersion?: string;
}

/** The result of processing the consequences of an event. */
export interface AepProcessResult {
  /** The event, with `add` / `mod` consequences applied to its data (the same object when none applied). */
  readonly event: AepEvent;
  /** Events to dispatch, in order: `dispatch` consequences and one rules-consequence event per other consequence. */
  readonly dispatched: readonly AepEvent[];
  /** Events handed to `eventHistory.record` by `schema` event-history consequences, in order. */
  readonly recorded: readonly AepEvent[];
}

/** Event types and sources the engine emits. */
export const AEP = {
  rulesEngineType: "com.adobe.eventType.rulesEngine",
  responseContentSource: "com.adobe.eventSource.responseContent",
  consequenceEventName: "Rules Consequence Event",
  dispatchEventName: "Dispatch Consequence Result",
  eventHistorySchema: "https://ns.adobe.com/personalization/eventHistoryOperation",
} as const;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when a port answered with an error. */
export function isPortError(value: unknown): value is AepPortError {
  return isRecord(value) && typeof value.error === "string";
}
