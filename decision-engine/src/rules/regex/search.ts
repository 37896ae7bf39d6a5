import { has, lower, upper, WORD, WORD_I, type Ranges } from "./charsets.ts";

// The instructions (declared here, beside the loop that runs them: imported constants can be slow
// where modules are not bundled, as in Vite's tests). SET and NOT consume a code point in (not in)
// the set `ranges[x…y]` and go on at the next state; SPLIT goes on at both x and y, JUMP at x; BEGIN
// (^), END ($), BOUNDARY (\b) and NO_BOUNDARY (\B) go on at the next state where they hold; MATCH
// ends the search.
export const SET = 0, NOT = 1, SPLIT = 2, JUMP = 3, BEGIN = 4, END = 5, BOUNDARY = 6, NO_BOUNDARY = 7, MATCH = 8;

/** A Thompson NFA: state `s` is instruction `op[s]` with operands `x[s]` and `y[s]`; state 0 starts. */
export interface Program {
  op: Int32Array;
  x: Int32Array;
  y: Int32Array;
  /** Every set's ranges (see `./charsets.ts`), one after the other. */
  ranges: Int32Array;
}

/** Longest text, in UTF-16 code units, that a pattern is tried on; a longer text does not match. */
export const MAX_TEXT_LENGTH = 20_000;

/** A program with what a search needs: its flags and its lists (typed arrays, allocated once). */
interface Machine extends Program {
  ignoreCase: boolean;
  word: Ranges;
  /** ^ first and no | at the top: only position 0 can start a match. */
  anchored: boolean;
  /**
   * The consuming states that the start reaches through no assertion (and not MATCH), or null: a
   * match can only start where one of them accepts the code point, so the search skips to there.
   */
  first: number[] | null;
  /** Whether each ASCII character is one where a match can start (with `first`). */
  starts: Uint8Array;
  /** For each state, 128 bits: which ASCII characters it accepts (a lookup instead of a search of its set). */
  ascii: Int32Array;
  /** The generation (one per position searched) that last added each state. */
  seen: Int32Array;
  generation: number;
  /** The states to add at this position, each already marked in `seen`. */
  pending: Int32Array;
  /** The consuming states reached at this position. */
  live: Int32Array;
}

/** Whether the consuming state `s` accepts code point `c` (`l` and `u`: its lower and upper case with "i"). */
const accepts = ({ op, x, y, ranges, ignoreCase }: Machine, s: number, c: number, l: number, u: number) => {
  const from = x[s]!, to = y[s]!;
  return (has(ranges, c, from, to) || (ignoreCase && (has(ranges, l, from, to) || has(ranges, u, from, to)))) != (op[s] == NOT);
};

/** Whether a match can start at the code point `c` (when the machine has `first`). */
const canStart = (m: Machine, c: number) => {
  const l = m.ignoreCase ? lower(c) : c, u = m.ignoreCase ? upper(c) : c;
  for (const s of m.first!) if (accepts(m, s, c, l, u)) return true;
  return false;
};

/**
 * Whether the machine's pattern matches anywhere in `text`: a Thompson/Pike simulation. The live
 * states (the consuming ones) advance together one code point at a time; then the states that they
 * reach without consuming are added, each at most once per position (marked with that position's
 * generation). So a text of n code units costs O(n × states), whatever the pattern: nothing
 * backtracks. It allocates nothing (but, with `"i"`, the case mapping of a non-ASCII character).
 * One function for every pattern, so the JIT optimizes it once.
 */
const search = (m: Machine, text: string): boolean => {
  if (text.length > MAX_TEXT_LENGTH) return false;
  const { op, x, y, ignoreCase, word, anchored, first, starts, ascii, seen, pending, live } = m;
  if (m.generation > 1 << 30) seen.fill(0), (m.generation = 0);
  let generation = m.generation, count = 0, top = 0;
  for (let pos = 0, c = 0, l = 0, u = 0; ; ) {
    // Nothing live: skips to where the start can consume.
    for (; !top && first && pos < text.length; pos += c > 0xffff ? 2 : 1) {
      c = text.codePointAt(pos)!;
      if (c < 128 ? starts[c] : canStart(m, c)) break;
    }
    if (!pos || !anchored) (seen[0] = ++generation), (pending[top++] = 0);
    // Adds the pending states and those they reach without consuming.
    while (top) {
      const s = pending[--top]!, code = op[s]!;
      let a = s + 1, b = -1;
      if (code < SPLIT) {
        live[count++] = s;
        continue;
      }
      if (code == MATCH) return (m.generation = generation), true;
      if (code == SPLIT) (a = x[s]!), (b = y[s]!);
      else if (code == JUMP) a = x[s]!;
      else if (
        !(code == BEGIN ? !pos
          : code == END ? pos == text.length
          : (has(word, text.charCodeAt(pos - 1)) != has(word, text.charCodeAt(pos))) == (code == BOUNDARY))
      ) continue;
      if (seen[a] != generation) (seen[a] = generation), (pending[top++] = a);
      if (b >= 0 && seen[b] != generation) (seen[b] = generation), (pending[top++] = b);
    }
    if (pos == text.length || (anchored && !count)) return (m.generation = generation), false;
    // Advances the live states over the next code point.
    c = text.codePointAt(pos)!;
    if (ignoreCase && c > 127) (l = lower(c)), (u = upper(c));
    pos += c > 0xffff ? 2 : 1;
    generation++;
    for (let k = 0; k < count; k++) {
      const s = live[k]! + 1;
      const hit = c < 128 ? (ascii[(s - 1) * 4 + (c >> 5)]! >> c) & 1 : accepts(m, s - 1, c, l, u);
      if (hit && seen[s] != generation) (seen[s] = generation), (pending[top++] = s);
    }
    count = 0;
  }
};

/** The search for `program` anywhere in a text (see {@link search}). Not reentrant: nothing in a search calls out. */
export const compileSearch = (program: Program, ignoreCase: boolean): ((text: string) => boolean) => {
  const { op, x, y } = program;
  const list = () => new Int32Array(op.length);
  const visited = new Set<number>();
  let first: number[] | null = [];
  const visit = (s: number): unknown => {
    if (visited.has(s)) return true;
    visited.add(s);
    return op[s]! < SPLIT ? first?.push(s)
      : op[s] == SPLIT ? visit(x[s]!) && visit(y[s]!)
      : op[s] == JUMP ? visit(x[s]!)
      : (first = null); // an assertion or MATCH
  };
  visit(0);
  const m: Machine = {
    ...program, ignoreCase, word: ignoreCase ? WORD_I : WORD, anchored: op[0] == JUMP && op[1] == BEGIN, first,
    starts: new Uint8Array(128), ascii: new Int32Array(op.length * 4), seen: list(), generation: 0, pending: list(), live: list(),
  };
  for (let c = 0; c < 128; c++) {
    const l = lower(c), u = upper(c);
    if (first) m.starts[c] = +canStart(m, c);
    for (let s = 0; s < op.length; s++) if (op[s]! < SPLIT && accepts(m, s, c, l, u)) m.ascii[s * 4 + (c >> 5)]! |= 1 << c;
  }
  return (text) => search(m, text);
};
