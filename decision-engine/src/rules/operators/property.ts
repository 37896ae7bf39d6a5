/**
 * Own-property reads, fast. Rules read the same few paths (`profile.tier`, `context.geo.country`, …)
 * millions of times. V8 keeps inline caches per function literal, so each distinct path gets its own
 * copy of the reader below: a literal that only ever reads one path (from objects of a few shapes)
 * reads it about as fast as `d.context.geo.country`. The first 16 paths of up to three keys (in
 * compile order) get a copy; other paths share a generic reader.
 *
 * A reader can also compare what it read with a constant (`{">=": [{"var": "profile.ltv"}, 100]}`),
 * so the commonest condition is one call: same-typed primitives are compared in place (inside the
 * copy, so that comparison is specialised per path too), anything else by the comparison's `rank`
 * and mask (see `comparison.ts`).
 *
 * A reader returns a value only when it is an OWN property at every step. It checks this without a
 * lookup when it can: the value came from the object itself if the object's prototype is
 * `Object.prototype` and that has nothing under the key (so a polluted `Object.prototype.tier` is
 * noticed); otherwise it asks `Object.hasOwn`.
 */
import type { Evaluator, Scope } from "../types.ts";

type Obj = Record<string, unknown>;

/** How a comparison orders two values: 1 less, 2 equal, 4 greater (equality: 2 or 5), 0 neither. */
export type Rank = (a: unknown, b: unknown) => number;

type Copy = (a: string, b: string, c: string, n: number, r?: Rank, m?: any, w?: any, t?: string) => Evaluator;

/** `Object.hasOwn`. */
export const H: (object: object, key: PropertyKey) => boolean = Object.hasOwn;
const P: (object: object) => unknown = Object.getPrototypeOf;
const OP = Object.prototype as Obj;

/** Whether `v` is a string or a number (a path key). */
export const isKey = (v: unknown): v is string | number => typeof v == "string" || typeof v == "number";

/**
 * `container[key]` when `container` is an object or array that has `key` as an OWN property, else
 * `undefined`. Never reaches a prototype, so `"__proto__"` or `"constructor"` read nothing.
 */
export const getOwn = (container: unknown, key: string): unknown =>
  typeof container == "object" && container && H(container, key) ? (container as Obj)[key] : undefined;

/** Follows `keys` through own properties (numbers index arrays); `undefined` when a step is missing. */
export const getPath = (data: unknown, keys: readonly unknown[]): unknown =>
  keys.reduce((o, k) => (isKey(k) ? getOwn(o, String(k)) : undefined), data);

// Identical literals, one per path (see above): do not deduplicate.
// prettier-ignore
const COPIES: readonly Copy[] = [
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
  (a, b, c, n, r, m, w, t = typeof w) => (s) => { let o: any = s.data, x: any, v: any = null; if (typeof o == "object" && o && (x = o[a]) !== undefined && ((P(o) === OP && OP[a] === undefined) || H(o, a))) if (n < 2) v = x; else if (((o = x), typeof o == "object" && o && (x = o[b]) !== undefined && ((P(o) === OP && OP[b] === undefined) || H(o, b)))) if (n < 3) v = x; else if (((o = x), typeof o == "object" && o && (x = o[c]) !== undefined && ((P(o) === OP && OP[c] === undefined) || H(o, c)))) v = x; return r ? (typeof v == t ? (v === w ? m & 2 : v < w ? m & 1 : v > w ? m & 4 : r(v, w) & m) : r(v, w) & m) > 0 : v; },
];

const slots = new Map<string, Copy>();
const paths = new WeakMap<Evaluator, readonly string[]>();

/**
 * An evaluator reading a fixed path of own-property keys from the current data: the value, or null
 * when a step is missing (`[]` reads the data itself). With `r`, it compares the value with the
 * constant primitive `w` instead.
 */
export const pathReader = (keys: readonly string[], r?: Rank, m = 0, w?: unknown): Evaluator => {
  const n = keys.length;
  const id = n + keys.join("\0");
  let copy = slots.get(id);
  if (!copy && n && n < 4 && (copy = COPIES[slots.size])) slots.set(id, copy);
  const [a, b, c] = keys as [string, string, string];
  if (copy) return r ? copy(a, b, c, n, r, m, w) : remember(copy(a, b, c, n), keys);
  const read = remember((s: Scope) => getPath(s.data, keys) ?? null, keys);
  return r ? (s) => (r(read(s), w) & m) > 0 : read;
};

const remember = (read: Evaluator, keys: readonly string[]): Evaluator => (paths.set(read, keys), read);

/** The keys a `pathReader` evaluator reads (`undefined` for other evaluators). */
export const pathOf = (read: Evaluator): readonly string[] | undefined => paths.get(read);
