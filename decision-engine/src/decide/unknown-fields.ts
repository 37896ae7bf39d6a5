import type { Fields } from "./fields.ts";
import { at, type Add } from "./paths.ts";
import { closest } from "./suggest.ts";

/**
 * Reports every field of `object` that `fields` (its kind in `FIELDS` or `STEPS`) does not have,
 * at the field's own path, in the object's order: `unknown field (did you mean "caps"?)` when a
 * known field is close, else `unknown field`. Only the object's own fields are checked, not
 * the objects inside it.
 *
 * @example checkFields({ cap: [] }, FIELDS.Offer, "$.offers[0]", add) // $.offers[0].cap: unknown field (did you mean "caps"?)
 */
export function checkFields(object: Record<string, unknown>, fields: Fields, path: string, add: Add): void {
  for (const key of Object.keys(object)) {
    if (Object.hasOwn(fields, key)) continue;
    const near = closest(key, Object.keys(fields));
    add(at(path, key), near === undefined ? "unknown field" : `unknown field (did you mean "${near}"?)`);
  }
}
