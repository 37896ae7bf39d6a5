import { describe, expect, it } from "vitest";
import { backoffMs, messageButtons, retryAfterMs, uuid } from "../../src/index.ts";

describe("uuid", () => {
  it("is a random version-4 UUID", () => {
    const ids = new Set(Array.from({ length: 200 }, uuid));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("retryAfterMs", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(retryAfterMs("120", 0)).toBe(120_000);
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(retryAfterMs(new Date(now - 30_000).toUTCString(), now)).toBe(0);
  });
  it("ignores what is missing or malformed", () => {
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(retryAfterMs("soon", 0)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("doubles per attempt, with jitter between half and all of it, up to the cap", () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 300_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(3, 1000, 300_000, () => 0)).toBe(2000);
    expect(backoffMs(30, 1000, 300_000, () => 1)).toBe(300_000);
  });
});

describe("messageButtons", () => {
  it("keeps the objects of a message's buttons list, and nothing of anything else", () => {
    const go = { label: "Go", action: { type: "dismiss" as const } };
    expect(messageButtons({ buttons: [null, go, "x", 3] })).toEqual([go]);
    for (const buttons of [undefined, null, "x", { 0: go }]) expect(messageButtons({ buttons })).toEqual([]);
  });
});
