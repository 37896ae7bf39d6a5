/**
 * "Did you mean …?" for misspelt names: fields of the catalog, audience ids.
 */

/**
 * The Damerau–Levenshtein distance: the fewest insertions, deletions, substitutions and
 * transpositions of two adjacent characters that turn `a` into `b` (Lowrance–Wagner, so an edit
 * may also fall between two transposed characters). Compares UTF-16 code units, case-sensitively.
 *
 * @example damerauLevenshtein("eligibilty", "eligibility") // 1
 * @example damerauLevenshtein("ca", "abc") // 2
 */
export function damerauLevenshtein(a: string, b: string): number {
  const far = a.length + b.length;
  // d[i + 1][j + 1]: the distance between a's first i and b's first j characters; row and column 0 hold `far`.
  const d: number[][] = [];
  for (let i = 0; i <= a.length + 1; i++) d.push(Array.from({ length: b.length + 2 }, (_, j) => (i == 0 || j == 0 ? far : i == 1 ? j - 1 : j == 1 ? i - 1 : 0)));
  /** For each character, the last row of `a` it was seen in. */
  const lastRow = new Map<string, number>();
  for (let i = 1; i <= a.length; i++) {
    let lastColumn = 0;
    for (let j = 1; j <= b.length; j++) {
      const k = lastRow.get(b[j - 1]!) ?? 0;
      const l = lastColumn;
      const same = a[i - 1] === b[j - 1];
      if (same) lastColumn = j;
      d[i + 1]![j + 1] = Math.min(
        d[i]![j]! + (same ? 0 : 1),
        d[i + 1]![j]! + 1,
        d[i]![j + 1]! + 1,
        d[k]![l]! + (i - k - 1) + 1 + (j - l - 1),
      );
    }
    lastRow.set(a[i - 1]!, i);
  }
  return d[a.length + 1]![b.length + 1]!;
}

/**
 * The candidate closest to `name`, when one is close: equal but for case, or within a
 * Damerau–Levenshtein distance of 2 (of 1 when either name has 4 characters or fewer), or one a
 * prefix of the other of at least 3 characters (`cap` → `caps`). Case is ignored; the smallest
 * distance wins, then the earliest candidate. `undefined` when none is close.
 *
 * @example closest("eligibilty", ["eligibility", "schedule"]) // "eligibility"
 * @example closest("Priority", ["priority"]) // "priority"
 * @example closest("colour", ["id", "name"]) // undefined
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const shorter = Math.min(wanted.length, other.length);
    const distance = damerauLevenshtein(wanted, other);
    const near = distance <= (shorter <= 4 ? 1 : 2) || (shorter >= 3 && (other.startsWith(wanted) || wanted.startsWith(other)));
    if (near && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
