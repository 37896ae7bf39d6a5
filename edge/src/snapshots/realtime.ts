import type { CompiledCatalog, HistoryEvent } from "@edgewise/decision-engine";

/** What a real-time audience rule sees: the evaluation context (with the snapshot's audiences). */
export interface RealtimeInput {
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
  event?: { name: string; properties?: Record<string, unknown> } | undefined;
  now: number;
  history: readonly HistoryEvent[];
}

/**
 * The snapshot's audiences plus the catalog's real-time audiences (`audiences: [{id, rule}]`) whose
 * rule holds now, e.g. `{">=": [{"history": {"name": "cart.add", "within": "PT24H"}}, 1]}`: a
 * profile qualifies the moment its event is recorded, not at the next snapshot. A rule that fails
 * counts as false.
 */
export function withRealtimeAudiences(catalog: CompiledCatalog, snapshotAudiences: readonly string[], input: RealtimeInput): string[] {
  const rules = catalog.audiences ?? [];
  if (rules.length === 0) return [...snapshotAudiences];
  const merged = new Set(snapshotAudiences);
  const data = { ...input, event: input.event ?? null, audiences: snapshotAudiences };
  for (const { id, rule } of rules) {
    if (merged.has(id)) continue;
    try {
      const value = rule(data);
      if (Array.isArray(value) ? value.length > 0 : !!value) merged.add(id);
    } catch {
      // A failing rule does not qualify.
    }
  }
  return [...merged];
}
