import { truthy } from "../rules/operators/helpers.ts";
import type { HistoryEvent } from "../rules/types.ts";
import type { CompiledCatalog } from "./compiled.ts";

/** What a real-time audience rule sees: the evaluation context, with the snapshot's audiences. */
export interface AudienceInput {
  profile: Record<string, unknown>;
  context?: Record<string, unknown>;
  event?: { name: string; properties?: Record<string, unknown> } | null;
  now: number;
  history: readonly HistoryEvent[];
}

/**
 * The snapshot's audiences plus the catalog's real-time audiences (`audiences: [{id, rule}]`) whose
 * rule holds now, e.g. `{">=": [{"history": {"name": "cart.add", "within": "PT24H"}}, 1]}`: a
 * profile qualifies the moment its event is recorded, not at the next snapshot. The edge and the
 * SDKs (local mode, from the client ruleset) both merge them this way. A rule that fails counts as
 * false.
 *
 * @example decide(catalog, { ...input, audiences: withRealtimeAudiences(catalog, ["vip"], input) })
 */
export function withRealtimeAudiences(catalog: CompiledCatalog, snapshotAudiences: readonly string[], input: AudienceInput): string[] {
  const merged = new Set(snapshotAudiences);
  if (catalog.audiences.length == 0) return [...merged];
  const data = { context: {}, ...input, event: input.event ?? null, audiences: snapshotAudiences };
  for (const { id, rule } of catalog.audiences) {
    try {
      if (!merged.has(id) && truthy(rule(data))) merged.add(id);
    } catch {
      // A failing rule does not qualify.
    }
  }
  return [...merged];
}
