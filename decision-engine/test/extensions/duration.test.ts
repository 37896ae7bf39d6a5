import { describe, expect, it } from "vitest";
import {
  addDuration,
  civilFromDays,
  daysFromCivil,
  durationExactMs,
  isExactDuration,
  parseDuration,
  subtractDuration,
} from "../../src/time/duration.ts";

const DAY = 86_400_000;
const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h, mi, s, ms);
const d = (text: string) => {
  const parsed = parseDuration(text);
  if (parsed === null) throw new Error(`not a duration: ${text}`);
  return parsed;
};

describe("parseDuration", () => {
  it("parses every component", () => {
    expect(parseDuration("P1Y2M3DT4H5M6.5S")).toEqual({
      years: 1, months: 2, weeks: 0, days: 3, hours: 4, minutes: 5, seconds: 6.5,
    });
    expect(parseDuration("P7D")).toMatchObject({ days: 7, years: 0, hours: 0 });
    expect(parseDuration("PT30M")).toMatchObject({ minutes: 30, months: 0 });
    expect(parseDuration("P2W")).toMatchObject({ weeks: 2 });
    expect(parseDuration("P1W2D")).toMatchObject({ weeks: 1, days: 2 });
    expect(parseDuration("PT36H")).toMatchObject({ hours: 36 });
    expect(parseDuration("P0D")).toMatchObject({ days: 0 });
    expect(parseDuration("PT0,5S")).toMatchObject({ seconds: 0.5 });
    expect(parseDuration("P1.5D")).toMatchObject({ days: 1.5 });
    expect(parseDuration("PT1.25H")).toMatchObject({ hours: 1.25 });
  });

  it.each([
    "", "P", "PT", "P1DT", "7D", "p7d", "P-1D", "-P1D", "P1.5Y", "P1.5M", "P1.5DT2H", "PT1.5H30M",
    "P1D2Y", "PT1S2M", "P1H", "PT1D", "P1DT1H1H", " P1D", "P1D ", "P1,D", "P.5D", "P1.D", "P1e3D", "P1Y2M3W4D5H",
    "P99999999999999999999D",
  ])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("rejects non-strings without throwing", () => {
    expect(parseDuration(7 as unknown as string)).toBeNull();
    expect(parseDuration(null as unknown as string)).toBeNull();
  });

  it("tells exact durations from calendar ones", () => {
    expect(isExactDuration(d("P2W"))).toBe(true);
    expect(isExactDuration(d("P1M"))).toBe(false);
    expect(isExactDuration(d("P1Y"))).toBe(false);
    expect(durationExactMs(d("P1DT1H"))).toBe(DAY + 3_600_000);
    expect(durationExactMs(d("PT6.5S"))).toBe(6_500);
    expect(durationExactMs(d("P2W"))).toBe(14 * DAY);
    expect(durationExactMs(d("P1Y1D"))).toBe(DAY); // calendar part excluded
  });
});

describe("subtractDuration / addDuration", () => {
  const now = utc(2026, 3, 15, 12, 30);

  it("is exact for weeks, days, hours, minutes and seconds", () => {
    expect(subtractDuration(now, d("P7D"))).toBe(now - 7 * DAY);
    expect(subtractDuration(now, d("P2W"))).toBe(now - 14 * DAY);
    expect(subtractDuration(now, d("PT30M"))).toBe(now - 30 * 60_000);
    expect(subtractDuration(now, d("PT6.5S"))).toBe(now - 6_500);
    expect(addDuration(now, d("P1DT2H3M4S"))).toBe(now + DAY + 2 * 3_600_000 + 3 * 60_000 + 4_000);
  });

  it("uses UTC calendar months and clamps the day of month", () => {
    expect(subtractDuration(utc(2026, 3, 31, 10), d("P1M"))).toBe(utc(2026, 2, 28, 10));
    expect(subtractDuration(utc(2024, 3, 31, 10), d("P1M"))).toBe(utc(2024, 2, 29, 10)); // leap year
    expect(addDuration(utc(2026, 1, 31), d("P1M"))).toBe(utc(2026, 2, 28));
    expect(addDuration(utc(2026, 1, 31), d("P3M"))).toBe(utc(2026, 4, 30));
    expect(addDuration(utc(2024, 2, 29), d("P1Y"))).toBe(utc(2025, 2, 28));
    expect(subtractDuration(utc(2026, 1, 15), d("P1M"))).toBe(utc(2025, 12, 15)); // across a year
    expect(subtractDuration(utc(2026, 5, 10, 8, 15), d("P1Y2M"))).toBe(utc(2025, 3, 10, 8, 15));
    expect(addDuration(utc(2026, 11, 30), d("P14M"))).toBe(utc(2028, 1, 30));
  });

  it("applies the calendar part before the exact part", () => {
    // 31 Mar − 1 month = 28 Feb, then − 1 day = 27 Feb.
    expect(subtractDuration(utc(2026, 3, 31), d("P1M1D"))).toBe(utc(2026, 2, 27));
    // 31 Jan + 1 month = 28 Feb, then + 1 day = 1 Mar.
    expect(addDuration(utc(2026, 1, 31), d("P1M1D"))).toBe(utc(2026, 3, 1));
    expect(addDuration(utc(2026, 1, 31, 23), d("P1Y2M3DT4H5M6.5S"))).toBe(utc(2027, 4, 4, 3, 5, 6, 500));
  });

  it("works before 1970", () => {
    expect(addDuration(utc(1960, 1, 31, 6), d("P1M"))).toBe(utc(1960, 2, 29, 6));
    expect(subtractDuration(utc(1970, 1, 1), d("P1M"))).toBe(utc(1969, 12, 1));
  });

  it("returns NaN for a non-finite instant instead of throwing", () => {
    expect(subtractDuration(Number.NaN, d("P1D"))).toBeNaN();
    expect(addDuration(Infinity, d("P1M"))).toBeNaN();
  });
});

describe("civil day arithmetic", () => {
  it("round-trips with Date.UTC across centuries and leap days", () => {
    for (const [y, m, day] of [[1970, 1, 1], [2000, 2, 29], [1900, 3, 1], [2026, 3, 1], [1600, 2, 29], [2100, 2, 28], [1969, 12, 31]] as const) {
      const days = daysFromCivil(y, m, day);
      expect(days * DAY).toBe(utc(y, m, day));
      expect(civilFromDays(days)).toEqual({ year: y, month: m, day });
    }
  });

  it("agrees with Date for every day over several years", () => {
    for (let days = -800; days < 3000; days += 1) {
      const date = new Date(days * DAY);
      expect(civilFromDays(days)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
    }
  });
});
