/**
 * Locale and time-zone resolution plus bounded caches of Intl formatters (constructing them is
 * far more expensive than using them). Module-level caches only; nothing runs at import time.
 */

const FALLBACK_LOCALE = "en";
const FALLBACK_TIME_ZONE = "UTC";
const MAX_CACHE = 256;

const localeCache = new Map<string, string>();
const timeZoneCache = new Map<string, string>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The locale to format in: `value` when it is a well-formed BCP 47 tag that this runtime supports
 * (canonicalised, e.g. `"pt-br"` → `"pt-BR"`), otherwise `"en"`, so that output never depends on
 * the host's default locale.
 */
export function resolveLocale(value: unknown): string {
  if (typeof value !== "string" || value === "" || value.length > 100) return FALLBACK_LOCALE;
  const cached = localeCache.get(value);
  if (cached !== undefined) return cached;
  let resolved = FALLBACK_LOCALE;
  try {
    const [supported] = Intl.NumberFormat.supportedLocalesOf([value]);
    if (supported !== undefined && Intl.DateTimeFormat.supportedLocalesOf([supported]).length > 0) {
      resolved = supported;
    }
  } catch {
    // RangeError: not a well-formed language tag.
  }
  return remember(localeCache, value, resolved);
}

/** `value` when it is an IANA time zone this runtime knows (canonical casing), otherwise `"UTC"`. */
export function resolveTimeZone(value: unknown): string {
  if (typeof value !== "string" || value === "" || value.length > 100) return FALLBACK_TIME_ZONE;
  const cached = timeZoneCache.get(value);
  if (cached !== undefined) return cached;
  let resolved = FALLBACK_TIME_ZONE;
  try {
    resolved = new Intl.DateTimeFormat(FALLBACK_LOCALE, { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    // RangeError: unknown time zone.
  }
  return remember(timeZoneCache, value, resolved);
}

/** A cached `Intl.NumberFormat`; `locale` must come from `resolveLocale`. */
export function numberFormat(locale: string, decimals: number | undefined, currency: string | undefined): Intl.NumberFormat {
  const key = `${locale}|${decimals ?? ""}|${currency ?? ""}`;
  const cached = numberFormats.get(key);
  if (cached !== undefined) return cached;
  const options: Intl.NumberFormatOptions = {};
  if (currency !== undefined) {
    options.style = "currency";
    options.currency = currency;
  }
  if (decimals !== undefined) {
    options.minimumFractionDigits = decimals;
    options.maximumFractionDigits = decimals;
  }
  return remember(numberFormats, key, new Intl.NumberFormat(locale, options));
}

/** Date styles of the `date` filter that go through Intl. */
export type IntlDateStyle = "short" | "medium" | "long";

/** A cached `Intl.DateTimeFormat` (date only); arguments must come from the resolvers above. */
export function dateFormat(locale: string, style: IntlDateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`;
  const cached = dateFormats.get(key);
  if (cached !== undefined) return cached;
  return remember(dateFormats, key, new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone }));
}

type Segments = Iterable<{ segment: string }>;
type SegmenterCtor = new (locale?: string, options?: { granularity: "grapheme" }) => {
  segment(input: string): Segments;
};

let graphemes: { segment(input: string): Segments } | null | undefined;

/**
 * The first `limit` user-perceived characters (grapheme clusters where `Intl.Segmenter` exists,
 * code points otherwise) of `text`, or `undefined` when `text` has no more than `limit` of them.
 * A surrogate pair, an emoji sequence or a letter with its combining accents is never split.
 */
export function cutCharacters(text: string, limit: number): string | undefined {
  if (text.length <= limit) return undefined; // UTF-16 units ≥ characters
  if (graphemes === undefined) {
    const Segmenter = (Intl as unknown as { Segmenter?: SegmenterCtor }).Segmenter;
    graphemes = Segmenter === undefined ? null : new Segmenter(undefined, { granularity: "grapheme" });
  }
  const pieces: Iterable<{ segment: string } | string> = graphemes === null ? text : graphemes.segment(text);
  let count = 0;
  let end = 0;
  for (const piece of pieces) {
    if (count === limit) return text.slice(0, end);
    end += typeof piece === "string" ? piece.length : piece.segment.length;
    count++;
  }
  return undefined;
}
