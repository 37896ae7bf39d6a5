import {
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  invalid,
  optionalBoolean,
  type JsonObject,
  type StringRules,
} from "../../domain/shared/checks.ts";

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * One rule for one value, written once: `parse` checks a value at a JSON path (throwing the 400 that
 * names the path, from `checks.ts`), `json` says the same as JSON Schema for the API description
 * (`GET /v1/openapi.json`). The routes validate with `parse`; the description is built from `json`,
 * so the two cannot drift apart.
 *
 * @example
 * const Body = object({ placements: array(string({ maxLength: 200 }), { minItems: 1, maxItems: 20 }) });
 * Body.parse({ placements: [] }, "$"); // throws: $.placements expected at least 1 item(s)
 * Body.json; // {type: "object", properties: {placements: {type: "array", …}}, required: ["placements"]}
 */
export interface Shape<T> {
  readonly json: JsonSchema;
  readonly optional?: boolean;
  parse(value: unknown, path: string): T;
}

/** What a shape parses to. */
export type Parsed<S> = S extends Shape<infer T> ? T : never;

type Fields = Record<string, Shape<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K]["optional"] extends true ? K : never }[keyof F];
/** An object shape's value: optional fields may be absent (never present as `undefined`). */
export type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Parsed<F[K]> } & {
  [K in OptionalKeys<F>]?: Exclude<Parsed<F[K]>, undefined>;
};

const described = (json: JsonSchema, description?: string): JsonSchema => (description ? { ...json, description } : json);

/** A string (by default 1 to 256 UTF-16 units, valid Unicode), as `expectString` checks it. */
export function string(rules: StringRules = {}, description?: string): Shape<string> {
  const { minLength = 1, maxLength = 256, pattern } = rules;
  return {
    json: described({ type: "string", minLength, maxLength, ...(pattern ? { pattern: pattern.source } : {}) }, description),
    parse: (value, path) => expectString(value, path, rules),
  };
}

export function boolean(description?: string): Shape<boolean> {
  return {
    json: described({ type: "boolean" }, description),
    parse: (value, path) => optionalBoolean(value, path) ?? invalid(path, "expected a boolean"),
  };
}

/** One of a list of strings. */
export function oneOf<T extends string>(values: readonly T[], description?: string): Shape<T> {
  return { json: described({ type: "string", enum: [...values] }, description), parse: (value, path) => expectOneOf(value, path, values) };
}

/** Any JSON object (its depth is bounded by the body reader). */
export function anyObject(description?: string): Shape<JsonObject> {
  return { json: described({ type: "object" }, description), parse: (value, path) => expectObject(value, path) };
}

/** An integer in `[minimum, maximum]`, from JSON or, with `fromText`, from a query or path parameter. */
export function integer(minimum: number, maximum: number, description?: string, fromText = false): Shape<number> {
  return {
    json: described({ type: "integer", minimum, maximum }, description),
    parse: (value, path) => {
      const number = fromText && typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof number !== "number" || !Number.isInteger(number) || number < minimum || number > maximum) {
        invalid(path, `expected an integer from ${minimum} to ${maximum}`);
      }
      return number;
    },
  };
}

export interface ArrayRules {
  maxItems: number;
  minItems?: number;
}

/** An array of `item`s, each parsed at `path[i]`. */
export function array<T>(item: Shape<T>, rules: ArrayRules, description?: string): Shape<T[]> {
  const { maxItems, minItems = 0 } = rules;
  return {
    json: described({ type: "array", items: item.json, ...(minItems > 0 ? { minItems } : {}), maxItems }, description),
    parse: (value, path) => expectArray(value, path, maxItems, minItems).map((entry, i) => item.parse(entry, `${path}[${i}]`)),
  };
}

/**
 * An array whose items are described by `item` but parsed later, one by one, by the caller (a batch
 * whose items are accepted or refused on their own, like `POST /v1/events`).
 */
export function batch(item: Shape<unknown>, rules: ArrayRules, description?: string): Shape<unknown[]> {
  const { maxItems, minItems = 0 } = rules;
  return {
    json: described({ type: "array", items: item.json, ...(minItems > 0 ? { minItems } : {}), maxItems }, description),
    parse: (value, path) => expectArray(value, path, maxItems, minItems),
  };
}

/**
 * An object of string values keyed by strings (`{experimentId: variantId}`), at most `maxKeys`;
 * parsed into a prototype-free object, as every map keyed by input is.
 */
export function stringMap(keys: StringRules, values: StringRules, maxKeys: number, description?: string): Shape<Record<string, string>> {
  return {
    json: described({ type: "object", additionalProperties: string(values).json, propertyNames: string(keys).json, maxProperties: maxKeys }, description),
    parse: (value, path) => {
      const raw = expectObject(value, path);
      const entries = Object.entries(raw);
      if (entries.length > maxKeys) invalid(path, `expected at most ${maxKeys} entries`);
      const map = Object.create(null) as Record<string, string>;
      for (const [key, item] of entries) map[expectString(key, `${path}.${key}`, keys)] = expectString(item, `${path}.${key}`, values);
      return map;
    },
  };
}

/** The same shape, allowed to be absent. */
export function optional<T>(shape: Shape<T>): Shape<T | undefined> & { optional: true } {
  return { json: shape.json, optional: true, parse: (value, path) => (value === undefined ? undefined : shape.parse(value, path)) };
}

export interface ObjectOptions<T> {
  description?: string;
  /** Request examples: the description lists them and a test sends each to its route. */
  examples?: readonly unknown[];
  /** Rules across fields, run after each field is parsed (throws at a path, like the fields). */
  check?: (parsed: T, path: string) => void;
}

/**
 * An object with these fields. Fields beyond them are ignored and dropped (clients may send more as
 * the API grows), so the description allows additional properties.
 */
export function object<F extends Fields>(fields: F, options: ObjectOptions<ObjectOf<F>> = {}): Shape<ObjectOf<F>> {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, shape] of Object.entries(fields)) {
    properties[key] = shape.json;
    if (!shape.optional) required.push(key);
  }
  const json: JsonSchema = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  if (options.description) json["description"] = options.description;
  if (options.examples) json["examples"] = options.examples;
  const keys = Object.keys(fields);
  const shapes = keys.map((key) => fields[key]!);
  return {
    json,
    parse: (value, path) => {
      const raw = expectObject(value, path);
      // Keys are the shape's own field names, never the input's: a plain object is safe here.
      const parsed: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const field = shapes[i]!.parse(raw[key], `${path}.${key}`);
        if (field !== undefined) parsed[key] = field;
      }
      const result = parsed as ObjectOf<F>;
      options.check?.(result, path);
      return result;
    },
  };
}
