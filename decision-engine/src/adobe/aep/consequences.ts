/**
 * Processing the consequences of matched rules, as the SDK's `LaunchRulesConsequence.process` does:
 * `add` / `mod` merge data into the event, `dispatch` creates new events (with a loop guard: an event
 * dispatched by a consequence cannot itself dispatch), `schema` consequences of the event-history
 * schema insert into event history, and any other consequence becomes a rules-consequence event.
 */
import { mergeData } from "./merge.ts";
import { AEP, isPortError, isRecord, type AepConsequence, type AepEvent, type AepPorts, type AepProcessResult } from "./types.ts";

/** State the engine keeps between `process` calls: the dispatch chain of events it dispatched. */
export interface ChainState {
  /** Chain depth of dispatched events not yet processed, by event id (oldest first). */
  readonly pending: Map<string, number>;
  readonly newId: () => string;
  /** Dispatch consequences are skipped for events at this chain depth (the SDK: 1). */
  readonly maxChain: number;
  /** Bound on `pending`: the oldest entries go first. */
  readonly maxPending: number;
}

function withData(event: AepEvent, data: Record<string, unknown>): AepEvent {
  return { ...event, data };
}

/** A rules-consequence event carrying `{triggeredconsequence: {detail, id, type}}`. */
function consequenceEvent(consequence: AepConsequence, parent: AepEvent, state: ChainState): AepEvent {
  return {
    name: AEP.consequenceEventName,
    type: AEP.rulesEngineType,
    source: AEP.responseContentSource,
    data: { triggeredconsequence: { detail: consequence.detail, id: consequence.id, type: consequence.type } },
    id: state.newId(),
    ...(parent.id === undefined ? {} : { parentId: parent.id }),
  };
}

/** `dispatch`: a new event of `detail.type` / `detail.source` with the event's data (`copy`) or `detail.eventdata` (`new`). */
function dispatchEvent(consequence: AepConsequence, parent: AepEvent, state: ChainState): AepEvent | null {
  const { type, source, eventdataaction: action, eventdata } = consequence.detail;
  if (typeof type !== "string" || typeof source !== "string" || typeof action !== "string") return null;
  let data: Record<string, unknown> | null;
  if (action === "copy") data = parent.data as Record<string, unknown> | null;
  else if (action === "new") {
    data = null;
    if (isRecord(eventdata)) {
      data = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(eventdata)) if (eventdata[key] !== null && eventdata[key] !== undefined) data[key] = eventdata[key];
    }
  } else return null;
  return { name: AEP.dispatchEventName, type, source, data, id: state.newId(), ...(parent.id === undefined ? {} : { parentId: parent.id }) };
}

/** True when the data has a value that identifies an event (the SDK skips events whose hash is 0). */
function hasIdentifyingValue(value: unknown): boolean {
  if (isRecord(value)) return Object.values(value).some(hasIdentifyingValue);
  if (Array.isArray(value)) return value.some(hasIdentifyingValue);
  return value !== null && value !== undefined && value !== "";
}

/** Event-history operations (`insert`, `insertIfNotExists`); returns whether to dispatch the consequence event. */
function eventHistoryOperation(
  data: Record<string, unknown>,
  parent: AepEvent,
  ports: AepPorts,
  recorded: AepEvent[],
): boolean {
  const operation = typeof data.operation === "string" ? data.operation : "";
  const content = data.content;
  if (operation.trim() === "" || !isRecord(content) || Object.keys(content).length === 0) return false;
  if (operation !== "insert" && operation !== "insertIfNotExists") return false;
  if (!hasIdentifyingValue(content)) return false;
  const history = ports.eventHistory;
  if (!history) return false;
  if (operation === "insertIfNotExists") {
    let count: number;
    try {
      const answer = history.query([content], false, 0, 0);
      count = isPortError(answer) || !Array.isArray(answer) ? -1 : (answer[0]?.count ?? -1);
    } catch {
      return false;
    }
    if (count === -1 || count >= 1) return false;
  }
  const event: AepEvent = {
    name: AEP.dispatchEventName,
    type: AEP.rulesEngineType,
    source: AEP.responseContentSource,
    data: content,
    ...(parent.id === undefined ? {} : { parentId: parent.id }),
    ...(parent.timestamp === undefined ? {} : { timestamp: parent.timestamp }),
  };
  recorded.push(event);
  let ok: unknown;
  try {
    ok = history.record(event);
  } catch {
    return false;
  }
  return ok === true;
}

/** `schema`: needs `detail.id`, `detail.schema` and an object `detail.data`. */
function schemaConsequence(
  consequence: AepConsequence,
  parent: AepEvent,
  ports: AepPorts,
  state: ChainState,
  dispatched: AepEvent[],
  recorded: AepEvent[],
): void {
  const { id, schema, data } = consequence.detail;
  if (typeof id !== "string" || typeof schema !== "string" || !isRecord(data)) return;
  if (schema !== AEP.eventHistorySchema) {
    dispatched.push(consequenceEvent(consequence, parent, state));
    return;
  }
  if (Object.keys(data).length === 0) return;
  if (eventHistoryOperation(data, parent, ports, recorded)) dispatched.push(consequenceEvent(consequence, parent, state));
}

function remember(state: ChainState, id: string, depth: number): void {
  state.pending.delete(id);
  state.pending.set(id, depth);
  while (state.pending.size > state.maxPending) {
    const oldest = state.pending.keys().next();
    if (oldest.done) break;
    state.pending.delete(oldest.value);
  }
}

/**
 * Applies token-expanded consequences (as `evaluate` returns them) to an event, in order. Events it
 * dispatches carry a fresh `id`; when one of them is processed in turn, its `dispatch` consequences
 * are skipped once the chain reaches `maxChain`.
 */
export function processConsequences(
  event: AepEvent,
  matched: readonly AepConsequence[],
  ports: AepPorts,
  state: ChainState,
): AepProcessResult {
  let chain = 0;
  if (event.id !== undefined) {
    chain = state.pending.get(event.id) ?? 0;
    state.pending.delete(event.id);
  }
  let processed = event;
  const dispatched: AepEvent[] = [];
  const recorded: AepEvent[] = [];
  for (const consequence of matched) {
    switch (consequence.type) {
      case "add":
      case "mod": {
        const from = consequence.detail.eventdata;
        if (!isRecord(from) || !processed.data) break;
        processed = withData(processed, mergeData(from, processed.data, consequence.type === "mod"));
        break;
      }
      case "dispatch": {
        if (chain >= state.maxChain) break;
        const next = dispatchEvent(consequence, processed, state);
        if (!next?.id) break;
        dispatched.push(next);
        remember(state, next.id, chain + 1);
        break;
      }
      case "schema":
        schemaConsequence(consequence, processed, ports, state, dispatched, recorded);
        break;
      default:
        dispatched.push(consequenceEvent(consequence, processed, state));
    }
  }
  return { event: processed, dispatched, recorded };
}
