import type { CoreClient } from "./client/options.ts";
import type { ClientDecision, PreviewState } from "./wire.ts";

/** What a preview overlay says, in words any platform can draw (the web's panel, an app's view). */
export interface PreviewReport {
  /** False once the edge says the link expired or is not valid (decisions are then as usual). */
  ok: boolean;
  /** What the link forces and until when, or why it does not. */
  status: string;
  /** Per placement decided under the preview: what showed, and why each other candidate did not. */
  placements: { title: string; reasons: string[] }[];
}

export interface PreviewWatch {
  /** True once the edge answered a decision under a preview token (until `preview(null)` ends it). */
  active(): boolean;
  report(): PreviewReport;
  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void;
}

interface Candidate {
  offerId: string;
  outcome: string;
  detail?: string;
}

/** The report of a preview's state and the latest decision of each placement. */
export function previewReport(state: PreviewState | undefined, decisions: Iterable<ClientDecision>): PreviewReport {
  const forced = state?.offerId ? `offer ${state.offerId}` : state?.experimentId ? `experiment ${state.experimentId}, variant ${state.variantId}` : "…";
  const until = state?.expiresAt ? ` until ${new Date(state.expiresAt).toLocaleString()}` : "";
  const ok = !state || state.active;
  const status = ok
    ? `Showing ${forced}${until}. Nothing you do here is counted.`
    : `This preview link ${state.reason === "expired" ? "has expired" : "is not valid"}: decisions are as usual.`;
  const placements = [...decisions].map((d) => {
    const candidates = (d.explanation as { candidates?: Candidate[] } | undefined)?.candidates ?? [];
    return {
      title: `${d.placement}: ${d.offerId ?? "nothing"}${d.fallback ? " (fallback)" : ""}${d.variantId ? ` (variant ${d.variantId})` : ""}`,
      reasons: candidates.map((c) => `${c.offerId}: ${c.outcome}${c.detail ? ` (${c.detail})` : ""}`),
    };
  });
  return { ok, status, placements };
}

/**
 * Follows a client's preview: the edge's answers about the token (`preview`) and the decisions
 * made under it, the latest per placement, for as long as the client lives. Both SDKs' overlays
 * draw `report()`. Start it right after `createClient`, so that no early decision is missed.
 *
 * @example
 * const watch = watchPreview(client);
 * watch.subscribe(() => draw(watch.report()));
 */
export function watchPreview(client: Pick<CoreClient, "on">): PreviewWatch {
  let state: PreviewState | undefined;
  const decided = new Map<string, ClientDecision>();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((fn) => fn());
  client.on("preview", (next) => {
    state = next;
    changed();
  });
  client.on("decisions", ({ decisions, source }) => {
    // Previews are decided by the edge; a device's own decisions would explain nothing forced.
    if (source !== "edge" || !state) return;
    for (const d of decisions) decided.set(d.placement, d);
    changed();
  });
  client.on("previewing", (on) => {
    if (on) return;
    state = undefined;
    decided.clear();
    changed();
  });
  return {
    active: () => state !== undefined,
    report: () => previewReport(state, decided.values()),
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}
