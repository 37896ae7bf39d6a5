/**
 * Where outbound calls may go (DESIGN.md; issue #20): outside local development only `https:` URLs
 * whose host is neither a loopback, private, link-local or otherwise reserved address nor a local
 * name (`localhost`, `*.local`, `*.internal`). The URL is judged as WHATWG `URL` parses it, so
 * `https://2130706433/`, `https://0x7f.1/` and `https://[::ffff:127.0.0.1]/` are all 127.0.0.1.
 * Local development (`wrangler dev`) allows `http:` and loopback: the demo receiver runs there.
 * A public name that resolves to a private address cannot be judged here; Workers' `fetch` does not
 * reach private networks in any case.
 */

/** Why `url` may not be called, or `undefined` when it may. */
export function outboundUrlProblem(url: string, development: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute http(s) URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must be an http(s) URL";
  if (development) return undefined;
  if (parsed.protocol !== "https:") return "must be an https URL outside local development";
  if (isPrivateHost(parsed.hostname)) return `must not call a private, loopback or local address (${parsed.hostname}) outside local development`;
  return undefined;
}

/**
 * The problems of a catalog's `webhooks[].url` and `forwarding[].url` under this environment, each
 * at its path (the engine checked their syntax when it validated the catalog).
 */
export function outboundCatalogProblems(catalog: unknown, development: boolean): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof catalog !== "object" || catalog === null) return problems;
  for (const list of ["webhooks", "forwarding"] as const) {
    const items = (catalog as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const url = (item as { url?: unknown } | null)?.url;
      const problem = typeof url === "string" ? outboundUrlProblem(url, development) : undefined;
      if (problem) problems.push({ path: `$.${list}[${i}].url`, message: problem });
    });
  }
  return problems;
}

/** A host name (as `URL` serialises it) that names this machine, a private network or a reserved range. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || /\.(localhost|local|internal|home\.arpa)$/.test(host)) return true;
  const v4 = ipv4(host);
  if (v4 !== undefined) return isReservedIpv4(v4);
  if (host.startsWith("[") && host.endsWith("]")) return isReservedIpv6(host.slice(1, -1));
  return false;
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function isReservedIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a! >= 224 ||
    (a === 100 && b! >= 64 && b! <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && (b === 168 || b === 0)) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

function isReservedIpv6(address: string): boolean {
  const groups = expandIpv6(address);
  if (!groups) return true; // not an address URL would print: refuse rather than guess
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7]! <= 1) return true; // :: and ::1
  const first = groups[0]!;
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00) return true; // ULA, link-local, multicast
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judged as the IPv4 address they carry.
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = first === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (mapped || nat64) return isReservedIpv4([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff]);
  return false;
}

/** The eight 16-bit groups of an IPv6 address as `URL` serialises it (hex, `::` compressed). */
function expandIpv6(address: string): number[] | undefined {
  const [head, tail, extra] = address.split("::");
  if (extra !== undefined) return undefined;
  const part = (text: string | undefined) => (text ? text.split(":").map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
