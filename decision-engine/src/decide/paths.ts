/** Reports a problem at a JSON path. */
export type Add = (path: string, message: string) => void;

/** `$.offers` + `2` → `$.offers[2]`; + `id` → `$.offers.id`; + `my key` → `$.offers["my key"]`. */
export function at(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends a path relative to a sub-document (`$.and[1]` or `.html`) to that document's path. */
export const joinPath = (base: string, relative: string): string => base + relative.replace(/^\$/, "");

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A non-empty string: what ids and names must be. */
export const isName = (value: unknown): value is string => typeof value === "string" && value !== "";

/** Calls `visit` for each object of an array, reporting what is not an array or not an object. */
export function each(value: unknown, path: string, add: Add, visit: (item: Record<string, unknown>, path: string) => void): void {
  if (!Array.isArray(value)) return add(path, "must be an array");
  value.forEach((item, i) => (isRecord(item) ? visit(item, at(path, i)) : add(at(path, i), "must be an object")));
}
