/** One problem in a catalog, at its JSON path (`$.offers[2].eligibility.and[0]`). */
export interface CatalogProblem {
  path: string;
  message: string;
}

/** A catalog that cannot be compiled, with every problem found (not just the first). */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
  readonly errors: readonly CatalogProblem[];
  constructor(errors: readonly CatalogProblem[]) {
    const first = errors[0];
    super(
      `Invalid catalog: ${errors.length} error${errors.length === 1 ? "" : "s"}` +
        (first ? ` (first: ${first.path}: ${first.message})` : ""),
    );
    this.errors = errors;
  }
}
