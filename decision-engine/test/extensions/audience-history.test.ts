import { describe, expect, it } from "vitest";
import { applyRule, compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import type { HistoryEvent } from "../../src/rules/types.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 31, 12); // 2026-03-31T12:00:00Z

describe('{"audience": id}', () => {
  it("is true iff audiences contains the id", () => {
    const data = { audiences: ["vip", "churn-risk"] };
    expect(applyRule({ audience: "vip" }, data)).toBe(true);
    expect(applyRule({ audience: "churn-risk" }, data)).toBe(true);
    expect(applyRule({ audience: "VIP" }, data)).toBe(false); // exact, case-sensitive
    expect(applyRule({ audience: "vi" }, data)).toBe(false);
    expect(applyRule({ audience: ["vip"] }, data)).toBe(true); // the array form of one argument
  });

  it("is false when audiences is missing or not an array", () => {
    for (const data of [{}, { audiences: null }, { audiences: "vip" }, { audiences: { vip: true } }, null, 42, "vip"]) {
      expect(applyRule({ audience: "vip" }, data)).toBe(false);
    }
  });

  it("reads only own properties of the data, never the prototype chain", () => {
    expect(applyRule({ audience: "vip" }, Object.create({ audiences: ["vip"] }))).toBe(false);
    expect(applyRule({ audience: "vip" }, JSON.parse('{"__proto__": {"audiences": ["vip"]}}'))).toBe(false);
  });

  it("does not match non-string members", () => {
    expect(applyRule({ audience: { var: "seg" } }, { seg: 1, audiences: [1, "1"] })).toBe(false);
  });

  it("takes an expression argument, evaluated per run", () => {
    const rule = compileRule({ audience: { var: "event.properties.segment" } });
    expect(rule({ audiences: ["vip"], event: { properties: { segment: "vip" } } })).toBe(true);
    expect(rule({ audiences: ["vip"], event: { properties: { segment: "new" } } })).toBe(false);
    expect(rule({ audiences: ["vip"], event: {} })).toBe(false);
  });

  it("reads audiences from the root data even inside an iterator", () => {
    const rule = compileRule({ map: [{ var: "items" }, { audience: { var: "" } }] });
    expect(rule({ audiences: ["b"], items: ["a", "b"] })).toEqual([false, true]);
  });

  it.each([
    [{ audience: 5 }, /expects an audience id/],
    [{ audience: null }, /expects an audience id/],
    [{ audience: true }, /expects an audience id/],
    [{ audience: [] }, /takes 1 argument/],
    [{ audience: ["a", "b"] }, /takes 1 argument/],
    [{ audience: [["vip"]] }, /expects an audience id/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });
});

describe('{"history": {name, offer?, within?}}', () => {
  const history: HistoryEvent[] = [
    { name: "display", offerId: "vip-spring", timestamp: NOW - 1 * DAY },
    { name: "display", offerId: "vip-spring", timestamp: NOW - 6 * DAY },
    { name: "display", offerId: "vip-spring", timestamp: NOW - 7 * DAY }, // exactly on the open edge
    { name: "display", offerId: "vip-spring", timestamp: NOW - 8 * DAY },
    { name: "display", offerId: "welcome", timestamp: NOW - 2 * DAY },
    { name: "display", timestamp: NOW - 3 * DAY },
    { name: "interact", offerId: "vip-spring", timestamp: NOW - 1 * DAY },
    { name: "cart.add", timestamp: NOW - 60_000 },
    { name: "cart.add", timestamp: NOW }, // exactly now: included
    { name: "cart.add", timestamp: NOW + 1 }, // after now: never counted
  ];
  const count = (spec: unknown, data: object = {}) => applyRule({ history: spec }, { now: NOW, history, ...data });

  it("counts events by name, offer and window (now − within, now]", () => {
    expect(count({ name: "display", offer: "vip-spring", within: "P7D" })).toBe(2);
    expect(count({ name: "display", offer: "vip-spring", within: "P8D" })).toBe(3);
    expect(count({ name: "display", offer: "vip-spring" })).toBe(4);
    expect(count({ name: "display", within: "P7D" })).toBe(4);
    expect(count({ name: "display" })).toBe(6);
    expect(count({ name: "interact", offer: "welcome" })).toBe(0);
    expect(count({ name: "cart.add", within: "PT1M" })).toBe(1); // NOW − 60s is on the open edge
    expect(count({ name: "cart.add", within: "PT61S" })).toBe(2);
    expect(count({ name: "cart.add" })).toBe(2); // the future event is not counted
    expect(count({ name: "purchase" })).toBe(0);
  });

  it("uses calendar months for M and Y (UTC, day clamped)", () => {
    // now = 31 March 12:00; P1M → window starts 28 February 12:00 (exclusive).
    const events: HistoryEvent[] = [
      { name: "visit", timestamp: Date.UTC(2026, 1, 28, 12) }, // the edge: excluded
      { name: "visit", timestamp: Date.UTC(2026, 1, 28, 12, 0, 0, 1) },
      { name: "visit", timestamp: Date.UTC(2026, 2, 1) },
      { name: "visit", timestamp: Date.UTC(2025, 2, 31, 12, 0, 0, 1) },
    ];
    expect(applyRule({ history: { name: "visit", within: "P1M" } }, { now: NOW, history: events })).toBe(2);
    expect(applyRule({ history: { name: "visit", within: "P30D" } }, { now: NOW, history: events })).toBe(0);
    expect(applyRule({ history: { name: "visit", within: "P31D" } }, { now: NOW, history: events })).toBe(2);
    // now = 30 April: P1M reaches back to 30 March, not 31.
    const april = Date.UTC(2026, 3, 30, 12);
    const march = [{ name: "visit", timestamp: Date.UTC(2026, 2, 30, 13) }, { name: "visit", timestamp: Date.UTC(2026, 2, 30, 11) }];
    expect(applyRule({ history: { name: "visit", within: "P1M" } }, { now: april, history: march })).toBe(1);
    expect(applyRule({ history: { name: "visit", within: "P1Y" } }, { now: NOW, history: events })).toBe(4);
  });

  it("returns 0 when history is missing or not an array, and skips malformed entries", () => {
    expect(count({ name: "display" }, { history: undefined })).toBe(0);
    expect(count({ name: "display" }, { history: "display" })).toBe(0);
    expect(count({ name: "display" }, { history: { length: 3 } })).toBe(0);
    expect(applyRule({ history: { name: "display" } }, null)).toBe(0);
    const messy = [
      null, 42, "display", [], {}, { name: "display" }, { name: "display", timestamp: "yesterday" },
      { name: "display", timestamp: Number.NaN }, { name: "display", timestamp: -Infinity },
      { name: "display", timestamp: Infinity }, { name: ["display"], timestamp: NOW - 1 },
      { name: "display", offerId: 7, timestamp: NOW - 1 },
      { name: "display", timestamp: NOW - 1 },
    ];
    expect(count({ name: "display" }, { history: messy })).toBe(2);
    expect(count({ name: "display", offer: "7" }, { history: messy })).toBe(0);
  });

  it("uses the current time when now is absent or not a number", () => {
    const recent = [{ name: "display", timestamp: Date.now() - 60_000 }, { name: "display", timestamp: Date.now() - 10 * DAY }];
    expect(applyRule({ history: { name: "display", within: "P1D" } }, { history: recent })).toBe(1);
    expect(applyRule({ history: { name: "display", within: "P1D" } }, { history: recent, now: "today" })).toBe(1);
  });

  it("works as a frequency cap in a rule", () => {
    const rule = compileRule({ "<": [{ history: { name: "display", offer: "vip-spring", within: "P1D" } }, 1] });
    expect(rule({ now: NOW, history: [] })).toBe(true);
    expect(rule({ now: NOW, history: [{ name: "display", offerId: "vip-spring", timestamp: NOW - 1000 }] })).toBe(false);
    expect(rule({ now: NOW + DAY, history: [{ name: "display", offerId: "vip-spring", timestamp: NOW - 1000 }] })).toBe(true);
  });

  it("counts 100,000 events quickly", () => {
    const big: HistoryEvent[] = [];
    for (let i = 0; i < 100_000; i++) {
      big.push({ name: i % 2 === 0 ? "display" : "interact", offerId: `o-${i % 10}`, timestamp: NOW - i * 60_000 });
    }
    const rule = compileRule({ history: { name: "display", offer: "o-0", within: "P7D" } });
    const expected = big.filter((e) => e.name === "display" && e.offerId === "o-0" && e.timestamp > NOW - 7 * DAY).length;
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(rule({ now: NOW, history: big })).toBe(expected);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    [{ history: "display" }, /expects an object/],
    [{ history: [] }, /takes 1 argument/],
    [{ history: {} }, /needs "name"/],
    [{ history: { name: "" } }, /needs "name"/],
    [{ history: { name: 5 } }, /needs "name"/],
    [{ history: { name: { var: "n" } } }, /needs "name"/],
    [{ history: { name: "display", offer: 7 } }, /"offer" must be a non-empty offer id/],
    [{ history: { name: "display", offer: "" } }, /"offer" must be a non-empty offer id/],
    [{ history: { name: "display", within: "7 days" } }, /"within" must be an ISO-8601 duration/],
    [{ history: { name: "display", within: "P" } }, /"within" must be an ISO-8601 duration/],
    [{ history: { name: "display", within: 604800000 } }, /"within" must be an ISO-8601 duration/],
    [{ history: { name: "display", offerId: "x" } }, /no field "offerId"/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });

  it("names the offending field in the error path", () => {
    const pathOf = (rule: unknown) => {
      try {
        compileRule(rule);
      } catch (error) {
        if (error instanceof RuleCompileError) return error.path;
      }
      return undefined;
    };
    expect(pathOf({ history: { name: "display", within: "P7" } })).toBe("$.history.within");
    expect(pathOf({ history: [{ name: "display", within: "P7" }] })).toBe("$.history[0].within");
    expect(pathOf({ and: [true, { history: { name: "" } }] })).toBe("$.and[1].history.name");
    expect(pathOf({ history: { name: "display", offerId: "x" } })).toBe("$.history.offerId");
    expect(pathOf({ audience: 5 })).toBe("$.audience");
    expect(pathOf({ audience: [5] })).toBe("$.audience[0]");
  });
});
