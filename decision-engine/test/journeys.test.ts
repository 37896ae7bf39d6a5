import { describe, expect, it } from "vitest";
import { CatalogError, compileCatalog } from "../src/index.ts";

const base = {
  placements: [{ id: "hero", format: "html" }],
  offers: [{ id: "reminder", placements: ["hero"], content: { html: "x" } }],
};

function errors(extra: Record<string, unknown>): { path: string; message: string }[] {
  try {
    compileCatalog({ ...base, ...extra });
    return [];
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    return [...error.errors];
  }
}

const paths = (extra: Record<string, unknown>) => errors(extra).map((e) => e.path);

describe("journey and campaign validation", () => {
  it("accepts a complete journey and campaign", () => {
    expect(
      errors({
        journeys: [
          {
            id: "cart", trigger: { event: "cart.add", when: { ">": [{ var: "event.properties.price" }, 0] } },
            exit: { event: "purchase" }, reentry: "P7D",
            steps: [
              { wait: "PT30M" },
              { if: { audience: "vip" }, then: [{ message: "reminder" }], else: [{ set: { nudged: true } }] },
              { wait_for: { event: "display", timeout: "P3D", on_timeout: "exit" } },
              { end: true },
            ],
          },
        ],
        campaigns: [{ id: "c", audience: "vip", offer: "reminder", schedule: { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" } }],
      }),
    ).toEqual([]);
  });

  it("reports each problem with its JSON path", () => {
    expect(
      paths({
        journeys: [
          {
            id: "j", trigger: {}, reentry: "weekly",
            steps: [{ wait: "soon" }, { wait_for: { event: "display" } }, { message: "nope" }, { frobnicate: 1 }, { if: { bogus_op: [] } }],
          },
        ],
      }),
    ).toEqual(
      expect.arrayContaining([
        "$.journeys[0].trigger.event",
        "$.journeys[0].reentry",
        "$.journeys[0].steps[0].wait",
        "$.journeys[0].steps[1].wait_for.timeout",
        "$.journeys[0].steps[2].message",
        "$.journeys[0].steps[3]",
        "$.journeys[0].steps[4].if",
      ]),
    );
  });

  it("rejects steps after an unconditional end, deep nesting and too many steps", () => {
    expect(paths({ journeys: [{ id: "a", trigger: { event: "x" }, steps: [{ end: true }, { wait: "PT1M" }] }] })).toEqual(["$.journeys[0].steps[1]"]);
    const bothEnd = { if: true, then: [{ end: true }], else: [{ end: true }] };
    expect(paths({ journeys: [{ id: "a", trigger: { event: "x" }, steps: [bothEnd, { wait: "PT1M" }] }] })).toEqual(["$.journeys[0].steps[1]"]);
    const oneEnds = { if: true, then: [{ end: true }] };
    expect(paths({ journeys: [{ id: "a", trigger: { event: "x" }, steps: [oneEnds, { wait: "PT1M" }] }] })).toEqual([]);
    let nested: unknown[] = [{ wait: "PT1M" }];
    for (let i = 0; i < 4; i++) nested = [{ if: true, then: nested }];
    expect(paths({ journeys: [{ id: "a", trigger: { event: "x" }, steps: nested }] })).toEqual(["$.journeys[0].steps[0].then[0].then[0].then[0].then"]);
    const many = Array.from({ length: 51 }, () => ({ wait: "PT1M" }));
    expect(paths({ journeys: [{ id: "a", trigger: { event: "x" }, steps: many }] })).toEqual(["$.journeys[0].steps[50]"]);
  });

  it("checks ids, campaigns' audiences and schedules", () => {
    expect(
      paths({
        journeys: [{ id: "a", trigger: { event: "x" }, steps: [{ wait: "PT1M" }] }, { id: "a", trigger: { event: "x" }, steps: [] }],
        campaigns: [{ id: "c", offer: "reminder", schedule: { start: "2026-02-01T00:00:00Z", end: "2026-01-01T00:00:00Z" } }],
      }),
    ).toEqual(["$.journeys[1].id", "$.journeys[1].steps", "$.campaigns[0].audience", "$.campaigns[0].schedule"]);
  });
});
