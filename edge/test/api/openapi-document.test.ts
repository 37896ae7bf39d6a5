// The OpenAPI document in plain Node, checked by a maintained validator of the specification
// (@seriousme/openapi-schema-validator, JSON Schema of OpenAPI 3.1), and against the shapes the
// routes parse with.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/routes/api/openapi.ts";
import { DecideBodyShape } from "../../src/routes/bodies/decide-body.ts";
import { OPERATIONS } from "../../src/routes/api/operations.ts";

describe("openApiDocument", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes each body with the shape its route parses with (one source)", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> };
    const decide = doc.paths["/v1/decide"]!["post"].requestBody.content["application/json"];
    const { examples: _examples, description: _description, ...schema } = DecideBodyShape.json;
    expect(decide.schema).toEqual(schema);
    expect(decide.schema.properties.placements).toMatchObject({ minItems: 1, maxItems: 20, items: { maxLength: 200 } });
    // A parse refusal and the schema agree: 21 placements is too many for both.
    expect(() => DecideBodyShape.parse({ anonymousId: "a", placements: Array.from({ length: 21 }, (_, i) => `p${i}`) }, "$")).toThrow(/at most 20/);
  });

  it("gives every operation an id, a tag, a summary and answers; ids are unique", () => {
    const ids = OPERATIONS.map((operation) => operation.id);
    expect(new Set(ids).size).toBe(ids.length);
    const doc = openApiDocument() as { paths: Record<string, Record<string, any>> };
    for (const methods of Object.values(doc.paths)) {
      for (const operation of Object.values(methods)) {
        expect(operation.tags).toHaveLength(1);
        expect(operation.summary.length).toBeGreaterThan(5);
        expect(Object.keys(operation.responses).some((status) => status.startsWith("2"))).toBe(true);
      }
    }
  });
});
