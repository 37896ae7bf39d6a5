import type { CatalogProblem } from "./errors.ts";

/** Collects every problem found while compiling a catalog, each at its JSON path. */
export class Problems {
  readonly list: CatalogProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

/** `$.offers` + `[2]` → `$.offers[2]`; `$.offers[2]` + `id` → `$.offers[2].id`. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends a path relative to a sub-document (`$.and[1]` or `.html`) to the path of that document. */
export function joinPath(base: string, relative: string): string {
  const rest = relative.startsWith("$") ? relative.slice(1) : relative;
  return base + rest;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
