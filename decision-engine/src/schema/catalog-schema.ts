import { EDGE_SECRETS, ENUMS, FIELDS, SECRET_NAME, STEPS, type Fields, type Kind, type Primitive, type StepKind } from "../decide/fields.ts";
import { DEEP_LINK_SCHEME } from "../decide/url.ts";
import { DESCRIPTIONS, RULE_DESCRIPTION, STEP_DESCRIPTION, STEP_DESCRIPTIONS, type Described } from "./descriptions.ts";

/**
 * A JSON Schema document or subschema.
 *
 * @example const schema: JsonSchema = catalogJsonSchema();
 */
export type JsonSchema = { [keyword: string]: unknown };

const CATALOG_SCHEMA_ID = "https://edgewise.dev/catalog.schema.json";

/** ISO-8601 instants as `parseInstant` reads them: a date, or a date-time with `Z` or an offset. */
const INSTANT = "^\\d{4}-\\d\\d-\\d\\d([Tt ]\\d\\d:\\d\\d(:\\d\\d([.,]\\d+)?)?([Zz]|[+-]\\d\\d:?\\d\\d))?$";
/** ISO-8601 durations as `parseDuration` reads them (its finer checks, e.g. on fractions, stay in the engine). */
const DURATION = "^P(?!$)(\\d+Y)?(\\d+M)?([\\d.,]+W)?([\\d.,]+D)?(T(?=[\\d.,])([\\d.,]+H)?([\\d.,]+M)?([\\d.,]+S)?)?$";

/** Outbound rates and batch sizes. */
const UP_TO_1000 = { type: "integer", minimum: 1, maximum: 1000 };

const PRIMITIVES: Readonly<Record<Primitive, JsonSchema>> = {
  string: { type: "string" },
  name: { type: "string", minLength: 1 },
  offerOrNone: { anyOf: [{ type: "string", minLength: 1 }, { type: "null" }] },
  audienceId: { type: "string", minLength: 1 },
  number: { type: "number" },
  count: { type: "integer", minimum: 0 },
  top: { type: "integer", minimum: 1, maximum: 50 },
  boolean: { type: "boolean" },
  true: { const: true },
  instant: { type: "string", pattern: INSTANT },
  duration: { type: "string", pattern: DURATION },
  reentry: { anyOf: [{ enum: ["never", "always"] }, { type: "string", pattern: DURATION }] },
  version: { anyOf: [{ type: "string" }, { type: "number" }] },
  rule: { $ref: "#/$defs/Rule" },
  scheme: { type: "string", pattern: DEEP_LINK_SCHEME.source },
  object: { type: "object" },
  json: {},
  secretName: { type: "string", pattern: SECRET_NAME.source, not: { enum: EDGE_SECRETS } },
  rate: UP_TO_1000,
  batchSize: UP_TO_1000,
  // Its bounds (above zero, at most PT30S) are checked by the engine.
  deliveryTimeout: { type: "string", pattern: DURATION },
};

/**
 * The catalog's JSON Schema (draft 2020-12), generated from `FIELDS` and `STEPS`, the description
 * the engine validates with: every object closed (`additionalProperties: false`), required fields,
 * enums, ISO-8601 patterns, steps as `oneOf` closed objects, rules as any JSON. What the schema
 * cannot say (references between ids, URLs, templates, rules' operators, a message's title or body,
 * a campaign's one offer or action, secrets' and timeouts' bounds) the engine checks when the catalog is published. A new object on each call.
 *
 * @example
 * import Ajv2020 from "ajv/dist/2020";
 * const validate = new Ajv2020().compile(catalogJsonSchema());
 * validate({ placements: [], offers: [], offer: [] }); // false: /offer is an additional property
 */
export function catalogJsonSchema(): JsonSchema {
  const $defs: Record<string, JsonSchema> = {};
  for (const kind of Object.keys(FIELDS) as Kind[]) {
    if (kind != "Catalog") $defs[kind] = objectSchema(FIELDS[kind], DESCRIPTIONS[kind]);
  }
  const steps = Object.keys(STEPS) as StepKind[];
  $defs["Step"] = { description: STEP_DESCRIPTION, oneOf: steps.map((step) => ({ $ref: `#/$defs/${stepDefinition(step)}` })) };
  for (const step of steps) $defs[stepDefinition(step)] = objectSchema(STEPS[step], STEP_DESCRIPTIONS[step]);
  $defs["Rule"] = { description: RULE_DESCRIPTION };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: CATALOG_SCHEMA_ID,
    title: "Edgewise catalog",
    ...objectSchema(FIELDS.Catalog, DESCRIPTIONS.Catalog),
    $defs,
  };
}

/** `wait_for` → `WaitForStep`. */
const stepDefinition = (step: StepKind): string => step.replace(/(?:^|_)(\w)/g, (_, letter: string) => letter.toUpperCase()) + "Step";

function objectSchema(fields: Fields, described: Described<Fields>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, type] of Object.entries(fields)) {
    properties[name] = { ...fieldSchema(type), description: described.fields[name] };
    if (type.endsWith("!")) required.push(name);
  }
  return { type: "object", description: described.description, properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** The schema of a field's type (`Cap[]`, `name{}`, `format!`, …); see `FIELDS`. */
function fieldSchema(type: string): JsonSchema {
  const [, base = "", shape] = /^(\w+)(\[\]|\{\})?!?$/.exec(type) ?? [];
  const single = base == "Step" || Object.hasOwn(FIELDS, base) ? { $ref: `#/$defs/${base}` } : Object.hasOwn(ENUMS, base) ? { type: "string", enum: [...ENUMS[base as keyof typeof ENUMS]] } : Object.hasOwn(PRIMITIVES, base) ? PRIMITIVES[base as Primitive] : undefined;
  if (!single) throw new Error(`unknown field type ${JSON.stringify(type)}`);
  if (shape == "[]") return { type: "array", items: single };
  if (shape == "{}") return { type: "object", additionalProperties: single };
  return { ...single };
}
