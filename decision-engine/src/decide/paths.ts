/** `$.offers` + `2` → `$.offers[2]`; + `id` → `$.offers.id`; + `my key` → `$.offers["my key"]`. */
export function at(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends a path relative to a sub-document (`$.and[1]` or `.html`) to that document's path. */
export const joinPath = (base: string, relative: string): string => base + relative.replace(/^\$/, "");

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
