import { describe, expect, it } from "vitest";
import { previewReport, watchPreview, type ClientDecision, type ClientEvents } from "../../src/index.ts";
import { createEmitter } from "../../src/util.ts";

const explained = (placement: string, offerId: string | null, extra: Partial<ClientDecision> = {}): ClientDecision => ({
  placement,
  offerId,
  fallback: false,
  explanation: { candidates: [{ offerId: "a", outcome: "selected" }, { offerId: "b", outcome: "ineligible", detail: "audience vip" }] },
  ...extra,
});

describe("previewReport: what a preview overlay says", () => {
  it("names the forced offer or variant, each winner and every candidate's reason", () => {
    const offer = previewReport({ active: true, offerId: "a", expiresAt: "2026-03-15T13:00:00.000Z" }, [explained("hero", "a")]);
    expect(offer.ok).toBe(true);
    expect(offer.status).toMatch(/^Showing offer a until .+\. Nothing you do here is counted\.$/);
    expect(offer.placements).toEqual([{ title: "hero: a", reasons: ["a: selected", "b: ineligible (audience vip)"] }]);
    const variant = previewReport({ active: true, experimentId: "x", variantId: "v2" }, [explained("hero", "b", { variantId: "v2" }), explained("side", null, { fallback: true })]);
    expect(variant.status).toBe("Showing experiment x, variant v2. Nothing you do here is counted.");
    expect(variant.placements.map((p) => p.title)).toEqual(["hero: b (variant v2)", "side: nothing (fallback)"]);
  });

  it("says when the link does not work", () => {
    expect(previewReport({ active: false, reason: "expired" }, [])).toEqual({ ok: false, status: "This preview link has expired: decisions are as usual.", placements: [] });
    expect(previewReport({ active: false, reason: "invalid" }, []).status).toBe("This preview link is not valid: decisions are as usual.");
  });
});

describe("watchPreview", () => {
  it("keeps the latest edge decision per placement made under a preview, and forgets it all when the preview ends", () => {
    const emitter = createEmitter<ClientEvents>(() => {});
    const watch = watchPreview({ on: emitter.on });
    let changes = 0;
    watch.subscribe(() => changes++);
    // Decisions before any preview answer (or made on the device) are not the preview's.
    emitter.emit("decisions", { decisions: [explained("hero", "z")], source: "edge" });
    expect(watch.active()).toBe(false);
    emitter.emit("preview", { active: true, offerId: "a" });
    emitter.emit("decisions", { decisions: [explained("hero", "a")], source: "local" });
    emitter.emit("decisions", { decisions: [explained("hero", "b")], source: "edge" });
    emitter.emit("decisions", { decisions: [explained("hero", "a"), explained("side", null)], source: "edge" });
    expect(watch.active()).toBe(true);
    expect(watch.report().placements.map((p) => p.title)).toEqual(["hero: a", "side: nothing"]);
    emitter.emit("previewing", false);
    expect(watch.active()).toBe(false);
    expect(watch.report().placements).toEqual([]);
    expect(changes).toBe(4);
  });
});
