import { describe, expect, it } from "vitest";
import { addDuration, parseDuration } from "../../src/time/duration.ts";

const DAY = 86_400_000;
const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h, mi, s, ms);
const d = (text: string) => {
  const parsed = parseDuration(text);
  if (parsed === null) throw new Error(`not a duration: ${text}`);
  return parsed;
};
const subtractDuration = (epochMs: number, duration: ReturnType<typeof d>) => addDuration(epochMs, duration, -1);

describe("parseDuration", () => {
  it("parses every component into calendar months and exact milliseconds", () => {
    expect(parseDuration("P1Y2M3DT4H5M6.5S")).toEqual({ months: 14, ms: 3 * DAY + 4 * 3_600_000 + 5 * 60_000 + 6_500 });
    expect(parseDuration("P7D")).toEqual({ months: 0, ms: 7 * DAY });
    expect(parseDuration("PT30M")).toEqual({ months: 0, ms: 30 * 60_000 });
    expect(parseDuration("P2W")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("P1W2D")).toEqual({ months: 0, ms: 9 * DAY });
    expect(parseDuration("PT36H")).toEqual({ months: 0, ms: 36 * 3_600_000 });
    expect(parseDuration("P0D")).toEqual({ months: 0, ms: 0 });
    expect(parseDuration("PT0,5S")).toEqual({ months: 0, ms: 500 });
    expect(parseDuration("P1.5D")).toEqual({ months: 0, ms: 1.5 * DAY });
    expect(parseDuration("PT1.25H")).toEqual({ months: 0, ms: 4_500_000 });
    expect(parseDuration("P1Y")).toEqual({ months: 12, ms: 0 });
    expect(parseDuration("P1Y1D")).toEqual({ months: 12, ms: DAY });
    expect(parseDuration("P1DT1H")).toEqual({ months: 0, ms: DAY + 3_600_000 });
  });

  it.each([
    "", "P", "PT", "P1DT", "7D", "p7d", "P-1D", "-P1D", "P1.5Y", "P1.5M", "P1.5DT2H", "PT1.5H30M",
    "P1D2Y", "PT1S2M", "P1H", "PT1D", "P1DT1H1H", " P1D", "P1D ", "P1,D", "P.5D", "P1.D", "P1e3D", "P1Y2M3W4D5H",
    "P99999999999999999999D", "P99999999999999999999Y",
  ])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("rejects non-strings without throwing", () => {
    expect(parseDuration(7)).toBeNull();
    expect(parseDuration(null)).toBeNull();
  });
});

describe("addDuration (sign −1 subtracts)", () => {
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
    expect(subtractDuration(utc(2026, 12, 31, 23, 59), d("P10M"))).toBe(utc(2026, 2, 28, 23, 59));
    expect(subtractDuration(utc(2000, 3, 30), d("P1M"))).toBe(utc(2000, 2, 29)); // 2000 is a leap year
    expect(subtractDuration(utc(2100, 3, 29), d("P1M"))).toBe(utc(2100, 2, 28)); // 2100 is not
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
    expect(subtractDuration(-1, d("P1M"))).toBe(utc(1969, 11, 30, 23, 59, 59, 999));
  });

  it("returns NaN for a non-finite instant instead of throwing", () => {
    expect(subtractDuration(Number.NaN, d("P1D"))).toBeNaN();
    expect(addDuration(Infinity, d("P1M"))).toBeNaN();
  });
});
