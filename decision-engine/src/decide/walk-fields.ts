import { FIELDS, STEPS, type FieldType, type Fields } from "./fields.ts";
import { at, isRecord } from "./paths.ts";

/** A value of a primitive or enum type met by `walkFields`, e.g. `("rule", {"audience": "vip"}, "$.offers[0].eligibility")`. */
export type FieldVisitor = (type: string, value: unknown, path: string) => void;

/**
 * Walks `value` as a field of `type` (`FIELDS`), in document order, calling `visit` for each value
 * of a primitive or enum type (`rule`, `audienceId`, `name`, …). Lists, maps and known fields of
 * objects are followed; unknown fields and values of the wrong shape are skipped, so any JSON
 * can be walked.
 *
 * @example walkFields(catalogJson, "Catalog", "$", (type, value, path) => type == "rule" && rules.push(path));
 */
export function walkFields(value: unknown, type: FieldType | string, path: string, visit: FieldVisitor): void {
  const [, base = "", shape] = /^(\w+)(\[\]|\{\})?/.exec(type)!;
  if (shape == "[]") {
    if (Array.isArray(value)) value.forEach((item, i) => walkFields(item, base, at(path, i), visit));
  } else if (shape == "{}") {
    if (isRecord(value)) for (const key of Object.keys(value)) walkFields(value[key], base, at(path, key), visit);
  } else if (base == "Step" || Object.hasOwn(FIELDS, base)) {
    const fields: Fields | undefined = base == "Step" ? stepFields(value) : FIELDS[base as keyof typeof FIELDS];
    if (!isRecord(value) || !fields) return;
    for (const key of Object.keys(value)) if (Object.hasOwn(fields, key)) walkFields(value[key], fields[key]!, at(path, key), visit);
  } else visit(base, value, path);
}

/** A step's fields: those of the first kind it holds. */
const stepFields = (step: unknown): Fields | undefined =>
  isRecord(step) ? Object.values(STEPS).find((fields) => Object.keys(fields)[0]! in step) : undefined;
