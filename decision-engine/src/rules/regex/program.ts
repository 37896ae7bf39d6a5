import { complement, DIGITS, DOT, has, SPACES, withCaseVariants, WORD, WORD_I, type Ranges } from "./charsets.ts";
import { BEGIN, JUMP, MATCH, SPLIT, type Program } from "./search.ts";

/** Largest `n` and `m` in `{n}`, `{n,}` and `{n,m}`. */
export const MAX_REPEAT = 1000;

/**
 * Most states a program may have, as a search costs up to this many steps per code point. `{n,m}`
 * copies its operand: `\d{1,499}` (999 states) is accepted, `\d{1,500}` and `(?:\d{1,100}){5}` are not.
 */
export const MAX_STATES = 1_000;

/**
 * Compiles `source`, read with JavaScript's Unicode (`u` flag) syntax, into a {@link Program} as it
 * parses it (a repeated part is copied `{n,m}` times). Throws a `SyntaxError` that says what and
 * where, for what JavaScript rejects and for what is left out (backreferences, lookaround, `\p{…}`)
 * or over the bounds. With `ignoreCase`, sets hold their members' case variants.
 *
 * @example
 * compileProgram("a|b", false).op; // [SPLIT, SET, JUMP, JUMP, SET, MATCH]: the second JUMP is a no-op
 */
export const compileProgram = (source: string, ignoreCase: boolean): Program => {
  const op: number[] = [], x: number[] = [], y: number[] = [], ranges: number[] = [];
  const word = ignoreCase ? WORD_I : WORD;
  let at = 0;

  const error = (message: string): never => {
    throw new SyntaxError(`${message} (at ${at})`);
  };
  const invalid = (what: string) => error(`invalid pattern: ${what}`);
  const eat = (text: string) => source.startsWith(text, at) && !!(at += text.length);
  const isDigit = (c = source[at]) => !!c && c >= "0" && c <= "9";

  const add = (code: number, a = 0, b = 0) => {
    if (op.length == MAX_STATES) error(`over ${MAX_STATES} states`);
    return op.push(code), x.push(a), y.push(b) - 1;
  };
  /** Points the SPLIT at `split` to the state after it and to the end of the program. */
  const branch = (split: number) => ((x[split] = split + 1), (y[split] = op.length));
  const consume = (set: Ranges, not = false) => add(+not, ranges.length, ranges.push(...set));
  // Class escapes (\d, \W…) need no case variants: none of them leaves out a variant of a member.
  const cased = (set: Ranges) => (ignoreCase ? withCaseVariants(set) : set);

  /** Alternatives: each starts with a SPLIT to the next one (the last one's a no-op JUMP). */
  const disjunction = () => {
    const jumps: number[] = [];
    for (;;) {
      const split = add(SPLIT);
      while (at < source.length && source[at] != ")" && source[at] != "|") term();
      if (!eat("|")) {
        (op[split] = JUMP), (x[split] = split + 1);
        for (const jump of jumps) x[jump] = op.length;
        return;
      }
      jumps.push(add(JUMP));
      branch(split);
    }
  };

  const term = () => {
    if (eat("^") || eat("$") || eat("\\b") || eat("\\B")) return add(BEGIN + "^$bB".indexOf(source[at - 1]!));
    const first = op.length;
    atom();
    const start = at;
    const [min, max] = eat("*") ? [0, Infinity] : eat("+") ? [1, Infinity] : eat("?") ? [0, 1] : eat("{") ? braces(start) : [-1, 0];
    if (min! < 0) return;
    eat("?"); // lazy or greedy: whether there is a match does not depend on it
    // Takes the atom's states out, then lays them out again min times, then max - min times optional.
    const [ops, xs, ys] = [op, x, y].map((list) => list.splice(first));
    const copy = () => {
      const shift = op.length - first;
      ops!.forEach((code, k) => {
        const by = code == SPLIT || code == JUMP ? shift : 0;
        add(code, xs![k]! + by, ys![k]! + by);
      });
    };
    for (let k = 0; k < min!; k++) copy();
    if (max == Infinity) {
      const split = add(SPLIT);
      copy();
      add(JUMP, split);
      branch(split);
    } else {
      const splits: number[] = [];
      for (let k = min!; k < max!; k++) splits.push(add(SPLIT)), copy();
      splits.forEach(branch);
    }
  };

  /** `n}`, `n,}` or `n,m}` after the `{` at `start`: the counts. */
  const braces = (start: number) => {
    const min = number();
    const max = eat(",") ? (source[at] == "}" ? Infinity : number()) : min;
    if (min < 0 || min > max || !eat("}")) (at = start), invalid("bad {n,m}");
    if ((max < Infinity ? max : min) > MAX_REPEAT) (at = start), error(`repetition counts are at most ${MAX_REPEAT}`);
    return [min, max];
  };

  const number = () => {
    let n = -1;
    while (isDigit()) n = Math.max(n, 0) * 10 + +source[at++]!;
    return n;
  };

  const atom = () => {
    if (eat("(")) {
      if (eat("?") && !eat(":")) {
        // (?<name>: letters, digits (not first), _ and $, in ASCII.
        const start = at + 1;
        if (!eat("<") || source[at] == "=" || source[at] == "!") error("only (?: and (?<name> groups, no lookahead or lookbehind");
        while (has(word, source.charCodeAt(at)) || source[at] == "$") at++;
        if (isDigit(source[start]) || start == at || !eat(">")) invalid("invalid group name");
      }
      disjunction();
      if (!eat(")")) invalid("missing )");
    } else if (eat("[")) {
      const not = eat("^");
      const members: Ranges = [], escapes: Ranges = [];
      while (!eat("]")) {
        if (at >= source.length) invalid("missing ]");
        const from = character(true);
        if (source[at] == "-" && source[at + 1] && source[at + 1] != "]") {
          at++;
          const to = character(true);
          if (typeof from != "number" || typeof to != "number" || from > to) invalid("bad range in []");
          members.push(from as number, to as number);
        } else typeof from == "number" ? members.push(from, from) : escapes.push(...from);
      }
      consume([...cased(members), ...escapes], not);
    } else if (eat(".")) consume(DOT);
    else if ("*+?{}]".includes(source[at]!)) invalid(`nothing to repeat or lone ${source[at]}`);
    else {
      const c = character(false);
      consume(typeof c == "number" ? cased([c, c]) : c);
    }
  };

  /** A code point, or the set of a class escape (`\d`, `\W`…). */
  const character = (inClass: boolean): number | Ranges => {
    const start = at;
    if (!eat("\\")) {
      const c = source.codePointAt(at)!;
      return (at += c > 0xffff ? 2 : 1), c;
    }
    const c = source[at] ?? invalid("\\ at the end");
    at++;
    const control = "tnvfr".indexOf(c); // \t … \r are 9 … 13
    const escape = "dswDSW".indexOf(c);
    if (escape >= 0) {
      const set = [DIGITS, SPACES, word][escape % 3]!;
      return escape > 2 ? complement(set) : set;
    }
    const code =
      control >= 0 ? 9 + control
      : c == "u" ? unicode()
      : c == "x" ? hex(2)
      : c == "c" && has([65, 90, 97, 122], source.charCodeAt(at)) ? source.charCodeAt(at++) % 32
      : c == "0" && !isDigit() ? 0
      : inClass && c == "b" ? 8
      : "^$\\.*+?()[]{}|/".includes(c) || (inClass && c == "-") ? c.charCodeAt(0)
      : -1;
    if (code >= 0) return code;
    at = start;
    if (c == "p" || c == "P") error("no Unicode property escapes (\\p{…})");
    if (!inClass && (c == "k" || (c > "0" && c <= "9"))) error("no numbered or named backreferences");
    return invalid(`invalid escape \\${c}`);
  };

  /** After `\u`: `{H…}`, `HHHH`, or a surrogate pair `HHHH\uHHHH` (one code point, as with the u flag); -1 if none. */
  const unicode = (): number => {
    if (eat("{")) {
      let n = 0, digit;
      do (digit = hex(1)), (n = n * 16 + digit);
      while (digit >= 0 && n <= 0x10ffff && !eat("}"));
      return digit < 0 || n > 0x10ffff ? -1 : n;
    }
    const unit = hex(4);
    const trail = source.startsWith("\\u", at) ? hexAt(at + 2, 4) : -1;
    return unit >> 10 == 0x36 && trail >> 10 == 0x37 ? ((at += 6), (unit - 0xd800) * 1024 + trail - 0xdc00 + 0x10000) : unit;
  };

  /** The number that `digits` hexadecimal digits at `from` write, or -1. */
  const hexAt = (from: number, digits: number) => {
    let n = 0;
    for (let k = from; k < from + digits; k++) n = has([48, 57, 65, 70, 97, 102], source.charCodeAt(k)) && n >= 0 ? n * 16 + parseInt(source[k]!, 16) : -1;
    return n;
  };

  /** `digits` hexadecimal digits read, or -1. */
  const hex = (digits: number) => {
    const n = hexAt(at, digits);
    return n >= 0 && (at += digits), n;
  };

  disjunction();
  if (at < source.length) invalid("unmatched )");
  add(MATCH);
  return { op: Int32Array.from(op), x: Int32Array.from(x), y: Int32Array.from(y), ranges: Int32Array.from(ranges) };
};
