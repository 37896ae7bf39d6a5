/**
 * The one URL policy of Edgewise: the catalog validation, both SDKs' renderers and their bridges
 * judge every URL with it, as the browser (or WebView) that follows the URL will read it.
 *
 * - A URL is read as the WHATWG URL parser reads it (`parseUrl`): leading and trailing C0 controls
 *   and spaces stripped, tabs and newlines removed, then the scheme read as the parser's scheme
 *   state does. So `" javascript:…"` and `"JaVaScRiPt:…"` are `javascript:` URLs, as browsers
 *   run them.
 * - Refused outright (defence in depth): any control character (U+0000–U+001F, U+007F), any
 *   backslash, empty URLs and URLs over 2,048 characters.
 * - Allowed: `http:`, `https:`, `mailto:`, `tel:`, and relative URLs (`/sale`, `sale.html`, `?q=1`,
 *   `#top`), but not protocol-relative ones (`//host`).
 * - App deep links (`shopapp://cart`) only with a scheme that the catalog declares in
 *   `deepLinkSchemes`, which can never be a web or script scheme (`DEEP_LINK_SCHEME`). Without
 *   declared schemes no deep link is allowed.
 * - Every other scheme is refused: `javascript:`, `data:`, `vbscript:`, `file:`, `blob:`, …
 *
 * Callers use the URL that `safeUrl` returns (the one the parser would read), never the raw string.
 * The parsing steps are implemented here because React Native's `URL` is incomplete; tests check
 * them against `new URL` in Node and in Chromium.
 */

/** What `parseUrl` reads: the URL as the parser sees it, and its scheme in lower case (none for a relative URL). */
export interface ParsedUrl {
  url: string;
  scheme: string | undefined;
}

/** Leading and trailing C0 control or space, which the parser strips first. */
const C0_OR_SPACE = /^[\0- ]+|[\0- ]+$/g;
/** ASCII tab or newline, which the parser removes everywhere. */
const TAB_OR_NEWLINE = /[\t\n\r]/g;
/** The scheme start state (an ASCII alpha) and the scheme state (ASCII alphanumerics, `+`, `-`, `.`) up to the `:`. */
const SCHEME = /^([a-z][a-z\d+.-]*):/i;
/** Refused anywhere in a URL: C0 controls, DEL, backslash. */
// eslint-disable-next-line no-control-regex
const REFUSED = /[\0-\x1f\x7f\\]/;
const WEB = /^(https?|mailto|tel)$/;
/**
 * What a catalog may declare as an app's deep-link scheme: URL-scheme syntax in lower case, and no
 * web, script, local or platform scheme (`http`, `https`, `ws`, `wss`, `ftp`, `file`, `blob`, `data`,
 * `javascript`, `vbscript`, `about`, `filesystem`, `view-source`, `intent`, `content`, `jar`).
 */
export const DEEP_LINK_SCHEME = /^(?!(https?|wss?|ftp|file|blob|data|javascript|vbscript|about|filesystem|view-source|intent|content|jar)$)[a-z][a-z\d+.-]*$/;

/**
 * Reads `input` as the WHATWG URL parser does up to its scheme: strips leading and trailing C0
 * controls and spaces, removes tabs and newlines, and reads the scheme (lower-cased). No scheme
 * means a relative URL (the parser resolves it against the base).
 *
 * @example parseUrl(" JaVa\tScript:alert(1)") // { url: "JavaScript:alert(1)", scheme: "javascript" }
 * @example parseUrl("/sale") // { url: "/sale", scheme: undefined }
 */
export function parseUrl(input: string): ParsedUrl {
  const url = input.replace(C0_OR_SPACE, "").replace(TAB_OR_NEWLINE, "");
  return { url, scheme: SCHEME.exec(url)?.[1]!.toLowerCase() };
}

/**
 * The URL policy (see the module's comment): the URL to use, cleaned as the parser reads it, or
 * `undefined` when it is refused. `deepLinkSchemes` are the catalog's declared app schemes.
 *
 * @example safeUrl(" /sale") // "/sale"
 * @example safeUrl(" javascript:alert(1)") // undefined
 * @example safeUrl("shopapp://cart", ["shopapp"]) // "shopapp://cart"; without the declaration: undefined
 */
export function safeUrl(url: unknown, deepLinkSchemes: readonly unknown[] = []): string | undefined {
  if (typeof url != "string" || url.length > 2048 || REFUSED.test(url)) return undefined;
  const { url: clean, scheme } = parseUrl(url);
  const allowed = scheme ? WEB.test(scheme) || (deepLinkSchemes.includes(scheme) && DEEP_LINK_SCHEME.test(scheme)) : clean && !clean.startsWith("//");
  return allowed ? clean : undefined;
}

/**
 * Whether `url` passes the URL policy (`safeUrl`). Use `safeUrl` to get the URL to follow.
 *
 * @example isSafeUrl("/sale") // true
 * @example isSafeUrl(" javascript:alert(1)") // false
 */
export function isSafeUrl(url: unknown, deepLinkSchemes?: readonly unknown[]): url is string {
  return safeUrl(url, deepLinkSchemes) !== undefined;
}

/**
 * Whether `url` is an app deep link with one of the declared `deepLinkSchemes` (what a `deeplink`
 * button must hold). Without declared schemes nothing is.
 *
 * @example isDeepLink("shopapp://cart", ["shopapp"]) // true
 * @example isDeepLink("otherapp://cart", ["shopapp"]) // false
 */
export function isDeepLink(url: unknown, deepLinkSchemes: readonly unknown[] = []): url is string {
  const clean = safeUrl(url, deepLinkSchemes);
  return clean !== undefined && deepLinkSchemes.includes(parseUrl(clean).scheme);
}

/**
 * Whether a catalog may declare `scheme` as an app's deep-link scheme (`DEEP_LINK_SCHEME`): URL-scheme
 * syntax in lower case, and no web, script, local or platform scheme (`http`, `javascript`, `data`, …).
 *
 * @example isDeepLinkScheme("shopapp") // true
 * @example isDeepLinkScheme("javascript") // false
 */
export function isDeepLinkScheme(scheme: unknown): scheme is string {
  return typeof scheme == "string" && DEEP_LINK_SCHEME.test(scheme);
}
