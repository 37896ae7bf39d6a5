const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Whether a link may be followed from a message: http(s), or relative to the page (`/sale`,
 * `sale.html`, `#top`, `?q=1`). `javascript:`, `data:` and every other scheme are refused, as are
 * protocol-relative `//host` links and control characters that browsers strip before parsing.
 *
 * @example isSafeUrl("/sale") // true
 * @example isSafeUrl("javascript:alert(1)") // false
 */
export function isSafeUrl(url: unknown): url is string {
  if (typeof url !== "string" || url.length === 0 || url.length > 2048) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(url)) return false;
  if (url.startsWith("//")) return false;
  const scheme = SCHEME.exec(url);
  return !scheme || /^https?$/i.test(scheme[1] ?? "");
}

/** Whether a deep link (`myapp://cart`) is well formed; apps decide which schemes they route. */
export function isDeepLink(url: unknown): url is string {
  return typeof url === "string" && /^[a-z][a-z0-9+.-]*:\/\/[^\s]*$/i.test(url) && !/^(javascript|data|vbscript|file):/i.test(url);
}
