/**
 * `@edgewise/decision-engine/schema`: the catalog's JSON Schema, for editors, consoles and
 * `GET /v1/catalog.schema.json`. Kept out of the main entry, so that no SDK or worker that only
 * decides carries it.
 *
 * @example
 * import { catalogJsonSchema } from "@edgewise/decision-engine/schema";
 * const schema = catalogJsonSchema(); // { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "https://edgewise.dev/catalog.schema.json", … }
 */
export { catalogJsonSchema, type JsonSchema } from "./catalog-schema.ts";
