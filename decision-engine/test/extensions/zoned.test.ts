import { describe, expect, it } from "vitest";
import { isValidTimeZone, zonedTime } from "../../src/time/zoned.ts";

const localHour = (epochMs: number, zone: string) => zonedTime(epochMs, zone)?.hour ?? null;
const localWeekday = (epochMs: number, zone: string) => zonedTime(epochMs, zone)?.weekday ?? null;

const at = (iso: string) => Date.parse(iso);
const hourIn = (iso: string, zone: string) => localHour(at(iso), zone);

describe("isValidTimeZone", () => {
  it.each(["America/Sao_Paulo", "America/New_York", "Europe/Lisbon", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Etc/GMT+3"])(
    "accepts %s",
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );

  it.each(["", "Mars/Olympus_Mons", "America/Sao Paulo", "GMT+99", "Europe/", "not a zone"])("rejects %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it("rejects non-strings without throwing", () => {
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
    expect(isValidTimeZone(5 as unknown as string)).toBe(false);
  });
});

describe("zonedTime", () => {
  it("follows the 2026-03-08 spring-forward in America/New_York (02:00 does not exist)", () => {
    expect(hourIn("2026-03-08T06:59:59Z", "America/New_York")).toBe(1); // 01:59:59 EST
    expect(hourIn("2026-03-08T07:00:00Z", "America/New_York")).toBe(3); // 03:00 EDT
    expect(localWeekday(at("2026-03-08T07:00:00Z"), "America/New_York")).toBe(0); // Sunday
  });

  it("repeats 01:00 at the 2026-11-01 fall-back in America/New_York", () => {
    expect(hourIn("2026-11-01T05:00:00Z", "America/New_York")).toBe(1); // 01:00 EDT
    expect(hourIn("2026-11-01T06:00:00Z", "America/New_York")).toBe(1); // 01:00 EST again
    expect(hourIn("2026-11-01T07:00:00Z", "America/New_York")).toBe(2);
  });

  it("follows Europe/Lisbon's October fall-back (2026-10-25, 02:00 WEST → 01:00 WET)", () => {
    expect(hourIn("2026-10-24T23:59:59Z", "Europe/Lisbon")).toBe(0);
    expect(hourIn("2026-10-25T00:00:00Z", "Europe/Lisbon")).toBe(1); // 01:00 WEST
    expect(hourIn("2026-10-25T01:00:00Z", "Europe/Lisbon")).toBe(1); // 01:00 WET
    expect(hourIn("2026-10-25T02:00:00Z", "Europe/Lisbon")).toBe(2);
    expect(hourIn("2026-07-01T12:00:00Z", "Europe/Lisbon")).toBe(13); // summer, UTC+1
    expect(hourIn("2026-12-01T12:00:00Z", "Europe/Lisbon")).toBe(12); // winter, UTC+0
  });

  it("follows Australia/Lord_Howe's half-hour daylight-saving shifts", () => {
    // 2026-04-05 02:00 LHDT (+11) → 01:30 LHST (+10:30): hour 1 lasts 90 minutes.
    expect(hourIn("2026-04-04T13:59:59Z", "Australia/Lord_Howe")).toBe(0);
    expect(hourIn("2026-04-04T14:00:00Z", "Australia/Lord_Howe")).toBe(1);
    expect(hourIn("2026-04-04T15:29:59Z", "Australia/Lord_Howe")).toBe(1);
    expect(hourIn("2026-04-04T15:30:00Z", "Australia/Lord_Howe")).toBe(2);
    // 2026-10-04 02:00 LHST (+10:30) → 02:30 LHDT (+11): hour 2 lasts 30 minutes.
    expect(hourIn("2026-10-03T15:29:59Z", "Australia/Lord_Howe")).toBe(1);
    expect(hourIn("2026-10-03T15:30:00Z", "Australia/Lord_Howe")).toBe(2);
    expect(hourIn("2026-10-03T15:59:59Z", "Australia/Lord_Howe")).toBe(2);
    expect(hourIn("2026-10-03T16:00:00Z", "Australia/Lord_Howe")).toBe(3);
  });

  it("handles half- and quarter-hour offsets and date-line zones", () => {
    expect(hourIn("2026-01-01T18:29:59Z", "Asia/Kolkata")).toBe(23);
    expect(hourIn("2026-01-01T18:30:00Z", "Asia/Kolkata")).toBe(0);
    expect(localWeekday(at("2026-01-01T18:29:59Z"), "Asia/Kolkata")).toBe(4); // Thursday
    expect(localWeekday(at("2026-01-01T18:30:00Z"), "Asia/Kolkata")).toBe(5); // Friday
    expect(hourIn("2026-01-01T18:15:00Z", "Asia/Kathmandu")).toBe(0); // UTC+5:45
    expect(localWeekday(at("2026-01-01T00:00:00Z"), "Pacific/Kiritimati")).toBe(4); // UTC+14, Thu 14:00
    expect(localWeekday(at("2026-01-01T00:00:00Z"), "Pacific/Pago_Pago")).toBe(3); // UTC−11, Wed 13:00
  });

  it("gives São Paulo (UTC−3, no DST since 2019) and every weekday", () => {
    expect(hourIn("2026-01-01T00:00:00Z", "America/Sao_Paulo")).toBe(21);
    expect(hourIn("2026-07-01T00:00:00Z", "America/Sao_Paulo")).toBe(21);
    // 2026-03-01 is a Sunday.
    for (let day = 0; day < 7; day++) {
      expect(localWeekday(Date.UTC(2026, 2, 1 + day, 12), "America/Sao_Paulo")).toBe(day);
    }
    for (let h = 0; h < 24; h++) expect(localHour(Date.UTC(2026, 2, 1, h), "UTC")).toBe(h);
  });

  it("matches zone names case-insensitively, as Intl does", () => {
    expect(hourIn("2026-01-01T00:00:00Z", "america/sao_paulo")).toBe(21);
  });

  it("returns null for unknown zones and invalid instants", () => {
    expect(localHour(0, "Mars/Olympus_Mons")).toBeNull();
    expect(localWeekday(Number.NaN, "UTC")).toBeNull();
    expect(zonedTime(Infinity, "UTC")).toBeNull();
    expect(zonedTime(9e15, "UTC")).toBeNull();
  });

  it("returns the same answer when asked repeatedly and for alternating instants", () => {
    const a = at("2026-03-08T06:59:59Z");
    const b = at("2026-03-08T07:00:00Z");
    for (let i = 0; i < 3; i++) {
      expect(localHour(a, "America/New_York")).toBe(1);
      expect(localHour(b, "America/New_York")).toBe(3);
    }
  });
});
