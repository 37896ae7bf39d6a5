/**
 * URL and host parsing for the `page.*` and `referring.*` attributes. Never throws: an unparseable
 * URL yields empty parts, as Target does.
 */
import type { DomainParts } from "./types.ts";

/** Longest URL parsed; longer ones are cut (rules only read prefixes of such URLs anyway). */
export const MAX_URL_LENGTH = 8192;

/** Splits a host into `subdomain`, `domain` and `topLevelDomain`. */
export type ParseDomain = (host: string) => DomainParts;

/**
 * Public suffixes of more than one label that the default `parseDomain` knows. Hosts under any other
 * suffix are read as `<subdomain>.<domain>.<tld>` with a one-label TLD. Pass your own `parseDomain`
 * (for instance backed by the full Public Suffix List) for complete coverage.
 */
export const DEFAULT_MULTI_LABEL_SUFFIXES: readonly string[] = [
  "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk",
  "com.au", "net.au", "org.au", "edu.au", "gov.au",
  "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "co.kr", "co.in", "co.za", "co.il",
  "com.br", "com.cn", "com.mx", "com.tr", "com.sg", "com.hk", "com.tw", "com.ar",
  "github.io", "herokuapp.com", "cloudfront.net", "azurewebsites.net", "appspot.com",
  ...["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"].map(
    (region) => `${region}.elasticbeanstalk.com`,
  ),
];

/**
 * A `ParseDomain` that takes the public suffix as the longest of `suffixes` the host ends with (else
 * its last label), the domain as the suffix plus one label, and the subdomain as the rest.
 *
 * @example
 * parseDomainWithSuffixes(["co.uk"])("www.shop.example.co.uk");
 * // { subdomain: "www.shop", domain: "example.co.uk", topLevelDomain: "co.uk" }
 */
export function parseDomainWithSuffixes(suffixes: readonly string[] = DEFAULT_MULTI_LABEL_SUFFIXES): ParseDomain {
  const known = new Set(suffixes.map((suffix) => suffix.toLowerCase()));
  return (host) => {
    const labels = host.split(".");
    if (labels.length < 2 || labels.some((label) => label === "")) return { subdomain: "", domain: host, topLevelDomain: "" };
    let suffixLabels = 1;
    const lower = host.toLowerCase().split(".");
    for (let n = lower.length - 1; n >= 2; n--) {
      if (known.has(lower.slice(-n).join("."))) {
        suffixLabels = n;
        break;
      }
    }
    if (suffixLabels >= labels.length) return { subdomain: "", domain: host, topLevelDomain: labels.slice(1).join(".") };
    return {
      subdomain: labels.slice(0, -(suffixLabels + 1)).join("."),
      domain: labels.slice(-(suffixLabels + 1)).join("."),
      topLevelDomain: labels.slice(-suffixLabels).join("."),
    };
  };
}

/** The default `ParseDomain`: `parseDomainWithSuffixes(DEFAULT_MULTI_LABEL_SUFFIXES)`. */
export const parseDomainDefault: ParseDomain = parseDomainWithSuffixes();

// scheme, authority, path, query, fragment (RFC 3986, appendix B)
const URL_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/** The attributes of a URL that rules read, plus their `_lc` (lower-case) twins. */
export function urlAttributes(url: unknown, parseDomain: ParseDomain): Record<string, string> {
  const text = typeof url === "string" ? url.slice(0, MAX_URL_LENGTH) : "";
  const match = URL_PARTS.exec(text);
  const authority = match?.[2] ?? "";
  const host = authority.replace(/^[^@]*@/, "").replace(/:\d*$/, "");
  let domain: DomainParts = { subdomain: "", domain: "", topLevelDomain: "" };
  if (host !== "") domain = parseDomain(host);
  const attributes: Record<string, string> = {
    url: text,
    path: match?.[3] ?? "",
    query: match?.[4] ?? "",
    fragment: match?.[5] ?? "",
    subdomain: domain.subdomain,
    domain: domain.domain,
    topLevelDomain: domain.topLevelDomain,
  };
  for (const key of Object.keys(attributes)) attributes[`${key}_lc`] = (attributes[key] ?? "").toLowerCase();
  return attributes;
}
