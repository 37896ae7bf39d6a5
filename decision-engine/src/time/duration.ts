/**
 * ISO-8601 durations (`P7D`, `PT30M`, `P1Y2M3DT4H5M6.5S`, `P2W`) and UTC calendar arithmetic.
 *
 * Years and months are calendar units: one month before 31 March is the last day of February (the day
 * of month is clamped), keeping the time of day. Weeks, days, hours, minutes and seconds are exact
 * (a day is 86,400,000 ms, since all arithmetic is in UTC). Used by the `history` operator's windows.
 */

/** A parsed ISO-8601 duration: its calendar part in months, and its exact part in milliseconds. */
export interface Duration {
  /** Years × 12 + months. */
  readonly months: number;
  /** Weeks, days, hours, minutes and seconds, in milliseconds. */
  readonly ms: number;
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?([\d.]+W)?([\d.]+D)?(?:T(?=\d)([\d.]+H)?([\d.]+M)?([\d.]+S)?)?$/;

/**
 * Parse an ISO-8601 duration; `null` if `text` is not one.
 *
 * Accepted: `PnYnMnWnDTnHnMnS` with any subset of components in that order (at least one; `T` only
 * when a time component follows), non-negative, a decimal fraction (`.` or `,`) only on the last
 * component and never on years or months. Weeks may be combined with other units (`P1W2D`).
 * Durations beyond the ECMAScript time range (about 570,000 years) are rejected.
 *
 * @example
 * parseDuration("P1Y2M");   // { months: 14, ms: 0 }
 * parseDuration("PT6.5S");  // { months: 0, ms: 6500 }
 * parseDuration("P1.5M");   // null (fractional calendar unit)
 * parseDuration("7 days");  // null
 */
export const parseDuration = (text: unknown): Duration | null => {
  // A decimal comma is a decimal point.
  const normal = typeof text == "string" && text.replace(",", ".");
  // Rejects "1.", ".5", "1.5.5" and a fraction before another component.
  const match = normal && !/\.\d*\D.|\D\.|\.\D/.test(normal) && DURATION.exec(normal);
  if (!match) return null;
  const [y, mo, w, d, h, mi, s] = match.slice(1).map((part = "0") => parseFloat(part)); // "1.5D" → 1.5
  const months = y! * 12 + mo!;
  const ms = Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000);
  return months * 2.7e9 + ms < 1.8e16 ? { months, ms } : null;
};

/**
 * `epochMs` plus `sign` × `duration` (`sign` −1 subtracts): calendar months first (UTC, day of month
 * clamped), then the exact part. NaN when `epochMs` is not a valid instant.
 *
 * @example
 * addDuration(Date.UTC(2026, 0, 31), parseDuration("P1M")!);     // Date.UTC(2026, 1, 28)
 * addDuration(Date.UTC(2026, 2, 31), parseDuration("P1M")!, -1); // Date.UTC(2026, 1, 28)
 */
export const addDuration = (epochMs: number, { months, ms }: Duration, sign = 1): number => {
  const date = new Date(epochMs);
  const day = date.getUTCDate();
  date.setUTCMonth(date.getUTCMonth() + sign * months);
  if (date.getUTCDate() != day) date.setUTCDate(0); // overflowed into the next month: its last day
  return date.getTime() + sign * ms;
};
