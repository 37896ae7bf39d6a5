/**
 * Browser and platform from a User-Agent string, for `user.browserType`, `user.browserVersion` and
 * `user.platform`. Only the families Target's audiences offer are told apart.
 */
import { isObject, own } from "./types.ts";

/** Longest User-Agent read. */
const MAX_USER_AGENT_LENGTH = 1024;

interface Matcher {
  readonly name: string;
  readonly pattern: RegExp;
  /** The capture group holding the version. */
  readonly group?: number;
  /** The version when the pattern captures none. */
  readonly version?: string;
}

const BROWSERS: readonly Matcher[] = [
  { name: "Edge", pattern: /(edge|edgios|edga|edg)\/((\d+)?[\w.]+)/i, group: 2 },
  { name: "Mobile Safari", pattern: /version\/([\w.]+).+?mobile\/\w+\s(safari)/i, group: 1 },
  { name: "Safari", pattern: /version\/([\w.]+).+?(mobile\s?safari|safari)/i, group: 1 },
  { name: "Chrome", pattern: /(chrome)\/v?([\w.]+)/i, group: 2 },
  { name: "Firefox", pattern: /(firefox)\/([\w.-]+)$/i, group: 2 },
  { name: "IE", pattern: /(?:ms|\()(ie)\s([\w.]+)/i, group: 2 },
  { name: "IE", pattern: /(trident).+rv[:\s]([\w.]+).+like\sgecko/i, group: 2, version: "11" },
];

const CLIENT_HINT_BROWSERS: readonly Matcher[] = ["Chrome", "Edge", "Safari", "Firefox"].map((name) => ({
  name,
  pattern: new RegExp(`${name}";v="([0-9.]+)"`, "i"),
  group: 1,
}));

const PLATFORMS: readonly Matcher[] = [
  { name: "iOS", pattern: /iPhone|iPad|iPod/ },
  { name: "Android", pattern: /Android [0-9.]+;/ },
  { name: "Linux", pattern: / Linux / },
  { name: "Unix", pattern: /FreeBSD|OpenBSD|CrOS/ },
  { name: "Windows", pattern: /[( ]Windows / },
  { name: "Mac OS", pattern: /Macintosh;/ },
];

/** Target's platform names for the detected operating systems. */
const TARGET_PLATFORMS: ReadonlyMap<string, string> = new Map([
  ["Windows", "windows"],
  ["Macintosh", "mac"],
  ["Mac OS", "mac"],
  ["macOS", "mac"],
  ["Linux", "linux"],
]);

const find = (matchers: readonly Matcher[], text: string): { name: string; version: number } => {
  for (const matcher of matchers) {
    const match = matcher.pattern.exec(text);
    if (!match) continue;
    const version = (matcher.group !== undefined ? match[matcher.group] : undefined) ?? matcher.version ?? "-1";
    return { name: matcher.name, version: parseInt(version.split(".")[0] ?? "", 10) };
  }
  return { name: "unknown", version: -1 };
};

/**
 * The `user` attributes of a request context: browser type and major version, platform, locale.
 * Client hints (`clientHints.browserUAWithMajorVersion`, `clientHints.platform`) win over the UA.
 */
export function userAttributes(context: unknown): Record<string, unknown> {
  const userAgentValue = own(context, "userAgent");
  const userAgent = typeof userAgentValue === "string" ? userAgentValue.slice(0, MAX_USER_AGENT_LENGTH) : "";
  const hints = own(context, "clientHints");
  const hintUa = isObject(hints) ? (own(hints, "browserUAWithFullVersion") ?? own(hints, "browserUAWithMajorVersion")) : undefined;
  let browser = find(BROWSERS, userAgent);
  if (typeof hintUa === "string" && hintUa !== "") {
    const fromHints = find(CLIENT_HINT_BROWSERS, hintUa.slice(0, MAX_USER_AGENT_LENGTH));
    if (fromHints.name !== "unknown") browser = fromHints;
  }
  const hintPlatform = isObject(hints) ? own(hints, "platform") : undefined;
  const platform = typeof hintPlatform === "string" && hintPlatform !== "" ? hintPlatform : find(PLATFORMS, userAgent).name;
  return {
    browserType: browser.name.toLowerCase(),
    platform: TARGET_PLATFORMS.get(platform) ?? platform,
    locale: "en",
    browserVersion: browser.version,
  };
}
