// A line diff (Myers' O(ND) algorithm) for the catalog editor: what publishing would change,
// against the active version, shown before it is published.

export interface DiffLine {
  type: "same" | "add" | "del";
  text: string;
  /** 1-based line numbers: `oldLine` for same and del, `newLine` for same and add. */
  oldLine?: number;
  newLine?: number;
}

/** Above this many differing lines the diff gives up on the shortest script: all removed, all added. */
const MAX_EDITS = 4000;

/**
 * The lines of `before` and `after`, each kept, removed or added: a shortest edit script (Myers
 * 1986), deletions before additions where both are possible.
 *
 * @example diffLines("a\nb\nc", "a\nc\nd").map((l) => l.type) // ["same", "del", "same", "add"]
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  // Common start and end first: the edit graph in between is all that Myers has to search.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--;
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ type: "same", text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  for (const [type, i, j] of middle(a, b, start, endA, endB)) {
    if (type === "same") out.push({ type, text: a[i]!, oldLine: i + 1, newLine: j + 1 });
    else if (type === "del") out.push({ type, text: a[i]!, oldLine: i + 1 });
    else out.push({ type, text: b[j]!, newLine: j + 1 });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) out.push({ type: "same", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
  return out;
}

type Step = [DiffLine["type"], number, number];

/** Myers' greedy forward search over a[start, endA) × b[start, endB), then the path traced back. */
function middle(a: string[], b: string[], start: number, endA: number, endB: number): Step[] {
  const n = endA - start;
  const m = endB - start;
  /** Every line of one side replaced by every line of the other. */
  const replaceAll = () => {
    const steps: Step[] = [];
    for (let i = 0; i < n; i++) steps.push(["del", start + i, start]);
    for (let j = 0; j < m; j++) steps.push(["add", endA, start + j]);
    return steps;
  };
  if (n === 0 || m === 0) return replaceAll();
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] is V after round d, for k in [-d, d]: what the backtrack reads.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[start + x] === b[start + y]) x++, y++;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  // Too different to search for the shortest script.
  if (found < 0) return replaceAll();
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d - 1]!;
    const at = (k: number) => previous[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) steps.push(["same", start + --x, start + --y]);
    if (down) steps.push(["add", start + x, start + --y]);
    else steps.push(["del", start + --x, start + y]);
  }
  while (x > 0 && y > 0) steps.push(["same", start + --x, start + --y]);
  return steps.reverse();
}

/** A run of changed lines with up to `context` unchanged lines around it. */
export interface Hunk {
  lines: DiffLine[];
  /** Unchanged lines left out before this hunk. */
  skipped: number;
}

/**
 * The changes of a diff, grouped with `context` unchanged lines around each (hunks closer than
 * twice that are merged), as a unified diff shows them.
 */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
  const changed = lines.map((l, i) => (l.type === "same" ? -1 : i)).filter((i) => i >= 0);
  const result: Hunk[] = [];
  let shownTo = 0;
  let i = 0;
  while (i < changed.length) {
    const first = changed[i]!;
    let last = first;
    while (i + 1 < changed.length && changed[i + 1]! - last <= 2 * context + 1) last = changed[++i]!;
    i++;
    const from = Math.max(shownTo, first - context);
    const to = Math.min(lines.length, last + context + 1);
    result.push({ skipped: from - shownTo, lines: lines.slice(from, to) });
    shownTo = to;
  }
  return result;
}

/** How many lines a diff adds and removes. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.type === "add") added++;
    else if (line.type === "del") removed++;
  }
  return { added, removed };
}
