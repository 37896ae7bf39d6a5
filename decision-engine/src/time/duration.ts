/**
 * ISO-8601 durations (`P7D`, `PT30M`, `P1Y2M3DT4H5M6.5S`, `P2W`) and UTC calendar arithmetic.
 *
 * Years and months are calendar units: adding one month to 31 January gives the last day of February
 * (the day of month is clamped), keeping the time of day. Weeks, days, hours, minutes and seconds are
 * exact (a day is 86,400,000 ms, since all arithmetic is in UTC). Used by the `history` operator's
 * windows and by journeys' waits.
 */

/** A parsed ISO-8601 duration. All fields are non-negative; only exact units may be fractional. */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** The ECMAScript time range: ±100,000,000 days from the epoch. */
const MAX_EPOCH_MS = 8.64e15;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const DURATION_PATTERN = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?` +
    `(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

/**
 * Parse an ISO-8601 duration; `null` if `text` is not one.
 *
 * Accepted: `PnYnMnWnDTnHnMnS` with any subset of components in that order (at least one; `T` only
 * when a time component follows), non-negative, a decimal fraction (`.` or `,`) only on the last
 * component and never on years or months. Weeks may be combined with other units (`P1W2D`).
 *
 * @example
 * parseDuration("P7D");     // { years: 0, months: 0, weeks: 0, days: 7, hours: 0, minutes: 0, seconds: 0 }
 * parseDuration("PT6.5S");  // { …, seconds: 6.5 }
 * parseDuration("P1.5M");   // null (fractional calendar unit)
 * parseDuration("7 days");  // null
 */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== "string") return null;
  const match = DURATION_PATTERN.exec(text);
  if (match === null || text.endsWith("T")) return null;
  const parts = match.slice(1, 8);
  const present = parts.map((part) => part !== undefined);
  if (!present.includes(true)) return null;
  const last = present.lastIndexOf(true);
  const values: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) {
      values.push(0);
      continue;
    }
    const fractional = /[.,]/.test(part);
    if (fractional && (i !== last || i < 2)) return null;
    const value = Number(part.replace(",", "."));
    if (!Number.isFinite(value)) return null;
    values.push(value);
  }
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = values;
  const duration: Duration = { years, months, weeks, days, hours, minutes, seconds };
  if (years * 12 + months > 12 * 300_000 || exactMs(duration) > 2 * MAX_EPOCH_MS) return null;
  return duration;
}

/**
 * The exact part of a duration (weeks to seconds) in milliseconds; years and months are not included.
 *
 * @example
 * durationExactMs(parseDuration("P1DT1H")!); // 90_000_000
 */
export function durationExactMs(duration: Duration): number {
  return exactMs(duration);
}

/** True when the duration has no calendar part, so it is a fixed number of milliseconds. */
export function isExactDuration(duration: Duration): boolean {
  return duration.years === 0 && duration.months === 0;
}

function exactMs(d: Duration): number {
  return Math.round(
    d.weeks * 7 * MS_PER_DAY +
      d.days * MS_PER_DAY +
      d.hours * MS_PER_HOUR +
      d.minutes * MS_PER_MINUTE +
      d.seconds * MS_PER_SECOND,
  );
}

/**
 * `epochMs` plus `duration`: calendar months first (UTC, day of month clamped), then the exact part.
 * Returns NaN when `epochMs` is not a finite number.
 *
 * @example
 * addDuration(Date.UTC(2026, 0, 31), parseDuration("P1M")!); // Date.UTC(2026, 1, 28)
 */
export function addDuration(epochMs: number, duration: Duration): number {
  return shift(epochMs, duration, 1);
}

/**
 * `epochMs` minus `duration`: calendar months first (UTC, day of month clamped), then the exact part.
 * Returns NaN when `epochMs` is not a finite number.
 *
 * @example
 * subtractDuration(Date.UTC(2026, 2, 31), parseDuration("P1M")!); // Date.UTC(2026, 1, 28)
 * subtractDuration(now, parseDuration("P7D")!);                   // now - 604_800_000
 */
export function subtractDuration(epochMs: number, duration: Duration): number {
  return shift(epochMs, duration, -1);
}

function shift(epochMs: number, duration: Duration, sign: 1 | -1): number {
  if (typeof epochMs !== "number" || !Number.isFinite(epochMs)) return Number.NaN;
  const months = duration.years * 12 + duration.months;
  const shifted = months === 0 ? epochMs : addCalendarMonths(epochMs, sign * months);
  return shifted + sign * exactMs(duration);
}

/** Add whole months to a UTC instant, clamping the day of month and keeping the time of day. */
function addCalendarMonths(epochMs: number, months: number): number {
  const days = Math.floor(epochMs / MS_PER_DAY);
  const timeOfDay = epochMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return daysFromCivil(newYear, newMonth, newDay) * MS_PER_DAY + timeOfDay;
}

/** A proleptic Gregorian date. */
export interface CivilDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 *
 * @example
 * daysFromCivil(2026, 3, 1); // 20513
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The proleptic Gregorian date of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
 *
 * @example
 * civilFromDays(20513); // { year: 2026, month: 3, day: 1 }
 */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
