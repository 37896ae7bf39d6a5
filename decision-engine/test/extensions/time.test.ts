import { describe, expect, it } from "vitest";
import { applyRule, compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { parseInstant as parseDateTime } from "../../src/time/instant.ts";

describe("parseDateTime", () => {
  it.each([
    ["2026-03-01T00:00:00Z", Date.UTC(2026, 2, 1)],
    ["2026-03-01", Date.UTC(2026, 2, 1)],
    ["2026-03-01T09:30Z", Date.UTC(2026, 2, 1, 9, 30)],
    ["2026-03-01T09:30:15.250Z", Date.UTC(2026, 2, 1, 9, 30, 15, 250)],
    ["2026-03-01T09:30:15.57Z", Date.UTC(2026, 2, 1, 9, 30, 15, 570)],
    ["2026-03-01T09:30:15,5Z", Date.UTC(2026, 2, 1, 9, 30, 15, 500)],
    ["2026-03-01T09:30:15.123456789Z", Date.UTC(2026, 2, 1, 9, 30, 15, 123)],
    ["2026-03-01T00:00:00-03:00", Date.UTC(2026, 2, 1, 3)],
    ["2026-03-01T00:00:00+05:30", Date.UTC(2026, 1, 28, 18, 30)],
    ["2026-03-01T00:00:00+0545", Date.UTC(2026, 1, 28, 18, 15)],
    ["2026-03-01t00:00:00z", Date.UTC(2026, 2, 1)],
    ["2026-03-01 00:00:00Z", Date.UTC(2026, 2, 1)],
    ["2024-02-29T23:59:59Z", Date.UTC(2024, 1, 29, 23, 59, 59)],
    ["1969-12-31T23:59:59Z", -1000],
    ["0001-01-01T00:00:00Z", -62135596800000],
  ])("%s → %i", (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it.each([
    "", "2026-03-01T00:00:00", "2026-03-01T00:00", "2026-3-1", "2026-02-29", "2026-02-30", "2026-13-01",
    "2026-00-10", "2026-03-00", "2026-03-01T24:00:00Z", "2026-03-01T23:60:00Z", "2026-03-01T23:59:60Z",
    "2026-03-01T00:00:00+24:00", "2026-03-01T00:00:00+01:60", "2026-03-01T00Z", "20260301T000000Z",
    "2026-W09-7", "2026-060", "March 1, 2026", "1772323200000", " 2026-03-01", "2026-03-01Z", "2026-03-01T00:00:00.Z",
  ])("rejects %j", (text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});

describe('{"time": instant}', () => {
  it("turns a literal into epoch ms at compile time", () => {
    expect(applyRule({ time: "2026-03-01T00:00:00Z" }, {})).toBe(1772323200000);
    expect(applyRule({ time: ["2026-03-01"] }, null)).toBe(1772323200000);
    expect(applyRule({ time: "2026-03-01T00:00:00-03:00" }, {})).toBe(1772323200000 + 3 * 3_600_000);
  });

  it("compares with now in a schedule-like rule", () => {
    const rule = compileRule({
      and: [
        { ">=": [{ var: "now" }, { time: "2026-03-01T00:00:00Z" }] },
        { "<": [{ var: "now" }, { time: "2026-04-01T00:00:00Z" }] },
      ],
    });
    expect(rule({ now: Date.UTC(2026, 2, 15) })).toBe(true);
    expect(rule({ now: Date.UTC(2026, 2, 1) - 1 })).toBe(false);
    expect(rule({ now: Date.UTC(2026, 3, 1) })).toBe(false);
  });

  it("parses an expression argument at run time, null when invalid", () => {
    const rule = compileRule({ time: { var: "profile.signup" } });
    expect(rule({ profile: { signup: "2026-01-15T10:00:00Z" } })).toBe(Date.UTC(2026, 0, 15, 10));
    expect(rule({ profile: { signup: "2026-01-15T10:00:00" } })).toBeNull();
    expect(rule({ profile: { signup: "yesterday" } })).toBeNull();
    expect(rule({ profile: { signup: 1768471200000 } })).toBeNull();
    expect(rule({ profile: {} })).toBeNull();
    expect(rule(null)).toBeNull();
  });

  it.each([
    [{ time: "2026-02-30T00:00:00Z" }, /ISO-8601 date-time/],
    [{ time: "2026-03-01T00:00:00" }, /ISO-8601 date-time/],
    [{ time: "tomorrow" }, /ISO-8601 date-time/],
    [{ time: 1772323200000 }, /expects an ISO-8601 date-time \(a string or an expression\)/],
    [{ time: null }, /a string or an expression/],
    [{ time: [] }, /takes 1 argument/],
    [{ time: ["2026-03-01", "2026-04-01"] }, /takes 1 argument/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });
});

describe('{"hour": zone} and {"weekday": zone}', () => {
  const at = (iso: string) => ({ now: Date.parse(iso) });

  it("gives the local hour and weekday at now", () => {
    // 2026-03-01T12:00Z is Sunday 09:00 in São Paulo (UTC−3).
    expect(applyRule({ hour: "America/Sao_Paulo" }, at("2026-03-01T12:00:00Z"))).toBe(9);
    expect(applyRule({ weekday: "America/Sao_Paulo" }, at("2026-03-01T12:00:00Z"))).toBe(0);
    // 02:00Z on Sunday is still Saturday 23:00 in São Paulo.
    expect(applyRule({ hour: "America/Sao_Paulo" }, at("2026-03-01T02:00:00Z"))).toBe(23);
    expect(applyRule({ weekday: "America/Sao_Paulo" }, at("2026-03-01T02:00:00Z"))).toBe(6);
    expect(applyRule({ weekday: "UTC" }, at("2026-03-06T12:00:00Z"))).toBe(5); // Friday
  });

  it("follows daylight-saving transitions", () => {
    expect(applyRule({ hour: "America/New_York" }, at("2026-03-08T06:59:59Z"))).toBe(1);
    expect(applyRule({ hour: "America/New_York" }, at("2026-03-08T07:00:00Z"))).toBe(3);
    expect(applyRule({ hour: "Europe/Lisbon" }, at("2026-10-25T00:30:00Z"))).toBe(1);
    expect(applyRule({ hour: "Europe/Lisbon" }, at("2026-10-25T01:30:00Z"))).toBe(1);
    expect(applyRule({ hour: "Europe/Lisbon" }, at("2026-10-25T02:30:00Z"))).toBe(2);
    expect(applyRule({ hour: "Australia/Lord_Howe" }, at("2026-10-03T15:29:59Z"))).toBe(1);
    expect(applyRule({ hour: "Australia/Lord_Howe" }, at("2026-10-03T15:30:00Z"))).toBe(2);
    expect(applyRule({ hour: "Australia/Lord_Howe" }, at("2026-10-03T16:00:00Z"))).toBe(3);
  });

  it("handles half-hour offsets (Asia/Kolkata, UTC+5:30)", () => {
    expect(applyRule({ hour: "Asia/Kolkata" }, at("2026-03-05T18:29:00Z"))).toBe(23);
    expect(applyRule({ weekday: "Asia/Kolkata" }, at("2026-03-05T18:29:00Z"))).toBe(4);
    expect(applyRule({ hour: "Asia/Kolkata" }, at("2026-03-05T18:30:00Z"))).toBe(0);
    expect(applyRule({ weekday: "Asia/Kolkata" }, at("2026-03-05T18:30:00Z"))).toBe(5);
  });

  it("works in business-hours rules", () => {
    const rule = compileRule({
      and: [{ "<=": [9, { hour: "Europe/Lisbon" }] }, { "<": [{ hour: "Europe/Lisbon" }, 18] }, { "!": { in: [{ weekday: "Europe/Lisbon" }, [0, 6]] } }],
    });
    expect(rule(at("2026-07-01T08:00:00Z"))).toBe(true); // Wed 09:00 WEST
    expect(rule(at("2026-07-01T07:59:00Z"))).toBe(false); // Wed 08:59
    expect(rule(at("2026-07-04T10:00:00Z"))).toBe(false); // Saturday
  });

  it("uses the current time when now is absent or not a number", () => {
    const hour = new Date().getUTCHours();
    const result = applyRule({ hour: "UTC" }, {}) as number;
    expect([hour, (hour + 1) % 24]).toContain(result);
    expect(applyRule({ weekday: "UTC" }, { now: "soon" })).toBeTypeOf("number");
  });

  it("evaluates an expression zone at run time, null when it is not a known zone", () => {
    const rule = compileRule({ hour: { var: "context.timeZone" } });
    const now = Date.parse("2026-03-05T12:00:00Z");
    expect(rule({ now, context: { timeZone: "Asia/Tokyo" } })).toBe(21);
    expect(rule({ now, context: { timeZone: "Mars/Base" } })).toBeNull();
    expect(rule({ now, context: { timeZone: 3 } })).toBeNull();
    expect(rule({ now, context: {} })).toBeNull();
    expect(compileRule({ weekday: { var: "tz" } })({ now, tz: "nowhere" })).toBeNull();
  });

  it.each([
    [{ hour: "Mars/Olympus_Mons" }, /IANA time zone/],
    [{ weekday: "America/Sao Paulo" }, /IANA time zone/],
    [{ hour: "" }, /IANA time zone/],
    [{ hour: -3 }, /a string or an expression/],
    [{ weekday: [] }, /takes 1 argument/],
    [{ hour: ["UTC", "UTC"] }, /takes 1 argument/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });
});
