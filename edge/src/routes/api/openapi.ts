import { catalogJsonSchema } from "@edgewise/decision-engine/schema";
import type { JsonSchema, Shape } from "../schema/shapes.ts";
import { OPERATIONS, TAGS, type Answer, type Operation } from "./operations.ts";
import type { Parameters } from "../bodies/parameters.ts";

export const API_VERSION = "0.1.0";

const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable, for programs: invalid_body, unauthorized, rate_limited…" },
        message: { type: "string", description: "For people." },
        path: { type: "string", description: "Where in the request: $.placements[0]." },
      },
    },
  },
};

/** The refusals every route of a kind may answer (each in the JSON error shape). */
const COMMON_ERRORS: Record<string, { status: number; description: string }> = {
  Invalid: { status: 400, description: "Bad input: `code` and the JSON `path` of the first problem." },
  Unauthorized: { status: 401, description: "Missing or wrong key." },
  TooLarge: { status: 413, description: "The body is over the route's limit." },
  UnsupportedMediaType: { status: 415, description: "Another content type than the route reads." },
  RateLimited: { status: 429, description: "Too many requests from this client; `Retry-After` says when to retry." },
  Misconfigured: { status: 503, description: "A required setting of the Worker is missing (`misconfigured`, naming it)." },
};

/**
 * The OpenAPI 3.1 description of the edge's HTTP API, built from `OPERATIONS`: the request bodies
 * and parameters are the shapes the routes parse with; the catalog is the engine's JSON Schema.
 *
 * @example const doc = openApiDocument(); doc.paths["/v1/decide"].post.requestBody
 */
export function openApiDocument(): JsonSchema {
  // Keyed by paths and methods (prototype-free, as every map keyed by computed strings).
  const paths = Object.create(null) as Record<string, Record<string, JsonSchema>>;
  for (const operation of OPERATIONS) (paths[operation.path] ??= Object.create(null) as Record<string, JsonSchema>)[operation.method] = describe(operation);
  return {
    openapi: "3.1.0",
    info: {
      title: "Edgewise edge API",
      version: API_VERSION,
      summary: "Decisions, events, client resources and the admin API of the Edgewise Worker.",
      description:
        "Client calls carry the public client key in `x-client-key`; admin calls `Authorization: Bearer <admin key>`. " +
        "Every error is JSON `{\"error\":{\"code\",\"message\",\"path\"?}}`; bad input is a 4xx. Local development keys: " +
        "client `demo-client-key`, admin `demo-admin-key`.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    tags: Object.values(TAGS).map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        clientKey: { type: "apiKey", in: "header", name: "x-client-key", description: "A public client key (CLIENT_KEYS)." },
        adminKey: { type: "http", scheme: "bearer", description: "The admin key (ADMIN_KEY secret)." },
      },
      schemas: { Error: ERROR_SCHEMA, Catalog: catalogJsonSchema() },
      responses: Object.fromEntries(
        Object.entries(COMMON_ERRORS).map(([name, { description }]) => [name, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
      ),
    },
  };
}

function describe(operation: Operation): JsonSchema {
  const described: JsonSchema = { operationId: operation.id, tags: [operation.tag], summary: operation.summary };
  if (operation.description) described["description"] = operation.description;
  described["security"] = operation.auth === "client" ? [{ clientKey: [] }] : operation.auth === "admin" ? [{ adminKey: [] }] : [];
  const parameters = [...parametersIn("path", operation.params, operation.paramExamples), ...parametersIn("query", operation.query)];
  if (parameters.length > 0) described["parameters"] = parameters;
  if (operation.body) described["requestBody"] = requestBody(operation.body);
  described["responses"] = responses(operation);
  return described;
}

function parametersIn(where: "path" | "query", parameters: Parameters | undefined, examples: Record<string, string> = {}): JsonSchema[] {
  return Object.entries(parameters ?? {}).map(([name, shape]) => {
    const { description, ...schema } = shape.json;
    return {
      name,
      in: where,
      required: where === "path" || !shape.optional,
      schema,
      ...(description ? { description } : {}),
      ...(examples[name] === undefined ? {} : { example: examples[name] }),
    };
  });
}

function requestBody(body: NonNullable<Operation["body"]>): JsonSchema {
  if ("contentType" in body) {
    return {
      required: true,
      description: body.description,
      content: { [body.contentType]: { schema: { type: "string" }, examples: namedExamples(body.examples) } },
    };
  }
  const { examples = [], description, ...schema } = jsonOf(body.shape);
  return {
    required: body.required ?? true,
    ...(typeof description === "string" ? { description } : {}),
    content: { "application/json": { schema, examples: namedExamples(examples as unknown[]) } },
  };
}

/** The catalog's body refers to the catalog schema in `components` (its examples stay with the body). */
function jsonOf(shape: Shape<unknown>): JsonSchema {
  const json = shape.json;
  return json["$ref"] === "/v1/catalog.schema.json" ? { ...json, $ref: "#/components/schemas/Catalog" } : json;
}

function namedExamples(examples: readonly unknown[]): JsonSchema {
  return Object.fromEntries(examples.map((value, i) => [`example${i + 1}`, { value }]));
}

function responses(operation: Operation): JsonSchema {
  const answers: JsonSchema = {};
  for (const [status, answer] of Object.entries(operation.responses)) answers[status] = response(Number(status), answer);
  const common = (name: keyof typeof COMMON_ERRORS) => {
    const status = String(COMMON_ERRORS[name]!.status);
    answers[status] ??= { $ref: `#/components/responses/${name}` };
  };
  if (operation.body || operation.params || operation.query) common("Invalid");
  if (operation.auth !== "public") common("Unauthorized");
  if (operation.body) {
    common("TooLarge");
    common("UnsupportedMediaType");
  }
  if (operation.auth === "client") common("RateLimited");
  common("Misconfigured");
  return answers;
}

function response(status: number, answer: Answer): JsonSchema {
  if (answer.schema || answer.contentType) {
    return { description: answer.description, content: { [answer.contentType ?? "application/json"]: { schema: answer.schema ?? {} } } };
  }
  // A refusal answers the JSON error shape; other answers without a schema have no body (304).
  if (status >= 400) return { description: answer.description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return { description: answer.description };
}
