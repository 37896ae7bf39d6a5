/**
 * Token resolution of the AEP rules engine: event data keys (dotted paths into the flattened data),
 * special tokens (`~type`, `~source`, `~timestampu`, `~timestampz`, `~timestampp`, `~sdkver`,
 * `~cachebust`, `~all_url`, `~all_json`), shared states (`~state.<extension>/<key>`), and the `{%…%}`
 * templates of consequence details.
 */
import { transform } from "./transforms.ts";
import { isRecord, type AepEvent, type AepEventData, type AepPorts } from "./types.ts";
import { javaString, urlEncode } from "./values.ts";

/** Nesting beyond which flattening keeps a value whole (a bound on recursion over host data). */
export const MAX_FLATTEN_DEPTH = 64;

/** Resolves a token key to a value (null when absent). */
export type TokenFinder = (key: string) => unknown;

function flattenInto(out: Map<string, unknown>, prefix: string, value: unknown, lists: boolean, depth: number): void {
  if (depth < MAX_FLATTEN_DEPTH && isRecord(value)) {
    for (const key of Object.keys(value)) flattenInto(out, prefix === "" ? key : `${prefix}.${key}`, value[key], lists, depth + 1);
  } else if (depth < MAX_FLATTEN_DEPTH && lists && Array.isArray(value) && prefix !== "") {
    value.forEach((item, index) => flattenInto(out, `${prefix}.${index}`, item, lists, depth + 1));
  } else if (prefix !== "") {
    out.set(prefix, value === undefined ? null : value);
  }
}

/**
 * Flattens nested maps (and lists, by index, unless `lists` is false) into dotted keys: `{a: {b: [1]}}`
 * gives `a.b.0 → 1`. Empty maps and lists leave no key; a literal dotted key and a path that spell the
 * same key resolve to the later one.
 */
export function flatten(data: AepEventData, lists = true): Map<string, unknown> {
  const out = new Map<string, unknown>();
  flattenInto(out, "", data, lists, 0);
  return out;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `yyyy-MM-ddTHH:mm:ss` of an instant in UTC. */
function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `~all_url`: the event data (maps flattened, lists joined with commas) as a URL query string. */
function queryString(data: AepEventData): string {
  const pairs: string[] = [];
  for (const [key, value] of flatten(data, false)) {
    if (key.trim() === "" || value === null) continue;
    const text = Array.isArray(value) ? value.map(javaString).join(",") : javaString(value);
    pairs.push(`${urlEncode(key)}=${urlEncode(text)}`);
  }
  return pairs.join("&");
}

/** The value of `~state.<extension>/<key>`: the key in the extension's flattened shared state, or null. */
function sharedStateValue(key: string, ports: AepPorts, cache: Map<string, Map<string, unknown> | null>): unknown {
  const rest = key.slice("~state.".length);
  if (rest.trim() === "" || !rest.includes("/")) return null;
  const [extension = "", dataKey = ""] = rest.split("/");
  let state = cache.get(extension);
  if (state === undefined) {
    let raw: AepEventData | null = null;
    try {
      raw = ports.sharedState?.(extension) ?? null;
    } catch {
      raw = null;
    }
    state = isRecord(raw) ? flatten(raw) : null;
    cache.set(extension, state);
  }
  if (!state || state.size === 0 || dataKey.trim() === "" || !state.has(dataKey)) return null;
  return state.get(dataKey) ?? null;
}

/**
 * A token finder over one event: special tokens first (their names trimmed), then `~state.`, then the
 * event's flattened data. An event without data resolves every data key to `""`, as the SDK does.
 */
export function createTokenFinder(event: AepEvent, ports: AepPorts): TokenFinder {
  let flat: Map<string, unknown> | undefined;
  const states = new Map<string, Map<string, unknown> | null>();
  const time = (): number => (typeof event.timestamp === "number" && Number.isFinite(event.timestamp) ? event.timestamp : Date.now());
  return (key) => {
    switch (key.trim()) {
      case "":
        return null;
      case "~type":
        return event.type;
      case "~source":
        return event.source;
      case "~timestampu":
        return String(Math.floor(time() / 1000));
      case "~timestampz":
        return `${isoSeconds(time())}Z`;
      case "~timestampp":
        return new Date(time()).toISOString();
      case "~sdkver":
        return ports.sdkVersion ?? "";
      case "~cachebust":
        return String(Math.floor(Math.random() * 100000000));
      case "~all_url":
        return event.data ? queryString(event.data) : "";
      case "~all_json":
        return event.data ? JSON.stringify(event.data) : "";
    }
    if (key.startsWith("~state.")) return sharedStateValue(key, ports, states);
    if (!event.data) return "";
    flat ??= flatten(event.data);
    return flat.get(key) ?? null;
  };
}

/** Longest token text resolved; longer `{%…%}` bodies are rendered empty (a bound on function nesting). */
const MAX_TOKEN_LENGTH = 4096;

/** Resolves one token body: `fn(inner)` applies a transform to the resolved inner token, else a key lookup. */
export function resolveToken(body: string, find: TokenFinder, depth = 0): unknown {
  if (body.length > MAX_TOKEN_LENGTH || depth > 16) return null;
  const call = /\(([^)]+)\)/.exec(body);
  if (call) return transform(body.slice(0, call.index), resolveToken(call[1] ?? "", find, depth + 1));
  return find(body);
}

type Segment = { readonly text: string } | { readonly token: string };

/**
 * Splits a template into text and `{%token%}` segments the way the SDK's parser does; an unclosed
 * token makes the whole template empty.
 */
export function parseTemplate(template: string, open = "{%", close = "%}"): Segment[] {
  const segments: Segment[] = [];
  let state: "start" | "text" | "tag" = "start";
  let index = 0;
  let i = 0;
  for (; i < template.length; i++) {
    if (state === "start") {
      index = i;
      if (template.startsWith(open, i)) {
        state = "tag";
        i += 1;
      } else state = "text";
    } else if (state === "text") {
      if (template.startsWith(open, i)) {
        if (index !== i) segments.push({ text: template.slice(index, i) });
        state = "tag";
        index = i;
        i += 1;
      }
    } else if (template.startsWith(close, i)) {
      segments.push({ token: template.slice(index + open.length, i) });
      state = "start";
      i += 1;
    }
  }
  if (state === "text") segments.push({ text: template.slice(index, i) });
  return state === "tag" ? [] : segments;
}

/** Renders a `{%…%}` template: each token's value as text (`""` when null). */
export function renderTemplate(template: string, find: TokenFinder): string {
  if (!template.includes("{%")) return template;
  let out = "";
  for (const segment of parseTemplate(template)) {
    if ("text" in segment) out += segment.text;
    else {
      const value = resolveToken(segment.token, find);
      out += value === null || value === undefined ? "" : javaString(value);
    }
  }
  return out;
}

/** Expands the tokens of every string in a JSON value (maps and lists recursively; a bounded depth). */
export function expandTokens(value: unknown, find: TokenFinder, depth = 0): unknown {
  if (typeof value === "string") return renderTemplate(value, find);
  if (depth >= MAX_FLATTEN_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => expandTokens(item, find, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) out[key] = expandTokens(value[key], find, depth + 1);
    return out;
  }
  return value;
}
