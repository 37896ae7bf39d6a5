import { expectArray, expectObject, expectString, isObject, optionalString, type JsonObject } from "../../domain/shared/checks.ts";
import { optional, string, type Shape } from "../schema/shapes.ts";

/**
 * The bodies of the Adobe routes: a Target on-device decisioning artifact (checked by the engine
 * itself when it is stored) and a Target Delivery API request.
 */

/** A minimal artifact (two experiences of one A/B activity), from Adobe's target-nodejs-sdk tests (Apache-2.0). */
export const EXAMPLE_TARGET_ARTIFACT = {
  version: "1.0.0",
  meta: { clientCode: "targettesting", environment: "production" },
  globalMbox: "target-global-mbox",
  geoTargetingEnabled: false,
  responseTokens: ["activity.id", "experience.id", "option.id"],
  remoteMboxes: [],
  remoteViews: [],
  localMboxes: ["mbox-magician"],
  localViews: [],
  rules: {
    mboxes: {
      "mbox-magician": [0, 1].map((experience) => ({
        ruleKey: "125873",
        activityId: 125873,
        meta: { "activity.id": 125873, "activity.type": "ab", "experience.id": experience, "location.name": "mbox-magician", "location.type": "mbox", "option.id": experience + 2 },
        condition: experience === 0
          ? { and: [{ "<=": [0, { var: "allocation" }] }, { ">=": [50, { var: "allocation" }] }] }
          : { and: [{ "<": [50, { var: "allocation" }] }, { ">=": [100, { var: "allocation" }] }] },
        consequence: {
          name: "mbox-magician",
          options: [{
            type: "json",
            eventToken: experience === 0
              ? "eHKYleVZBTi/nM3Fv/fx1WqipfsIHvVzTQxHolz2IpSCnQ9Y9OaLL2gsdrWQTvE54PwSz67rmXWmSnkXpSSS2Q=="
              : "eHKYleVZBTi/nM3Fv/fx1ZNWHtnQtQrJfmRrQugEa2qCnQ9Y9OaLL2gsdrWQTvE54PwSz67rmXWmSnkXpSSS2Q==",
            content: { doMagic: experience === 0, importantValue: experience === 0 ? 150 : 75 },
          }],
          metrics: [],
        },
      })),
    },
    views: {},
  },
};

export const TargetArtifactShape: Shape<unknown> = {
  json: {
    type: "object",
    required: ["version", "rules"],
    description: "A Target on-device decisioning artifact (`rules.json`, version 1.x), as Target publishes it.",
    examples: [EXAMPLE_TARGET_ARTIFACT],
  },
  parse: (value, path) => expectObject(value, path),
};

export const TARGET_ARTIFACT_QUERY = {
  client: optional(string({ maxLength: 100, pattern: /^[\w.-]+$/ }, "The Target client code allocation hashes (default: the artifact's meta.clientCode).")),
};

/** What `getOffers` is given. */
export interface DeliveryInput {
  request: JsonObject;
  sessionId?: string;
  targetLocationHint?: string;
}

const MAX_ITEMS = 100;

/** Mbox and view lists of `execute` / `prefetch`: arrays of objects with an optional string `name`. */
function checkLocations(parent: unknown, path: string): void {
  if (parent === undefined) return;
  const object = expectObject(parent, path);
  for (const key of ["mboxes", "views"]) {
    if (object[key] === undefined) continue;
    expectArray(object[key], `${path}.${key}`, MAX_ITEMS).forEach((item, i) => {
      const location = expectObject(item, `${path}.${key}[${i}]`);
      optionalString(location["name"], `${path}.${key}[${i}].name`);
    });
  }
}

/** A Delivery API request: `{request, sessionId?, targetLocationHint?}` or the request itself. */
export function parseDeliveryBody(value: unknown): DeliveryInput {
  const body = expectObject(value, "$");
  const wrapped = Object.hasOwn(body, "request");
  const path = wrapped ? "$.request" : "$";
  const request = wrapped ? expectObject(body["request"], path) : body;
  for (const key of ["id", "context", "experienceCloud", "property"]) if (request[key] !== undefined) expectObject(request[key], `${path}.${key}`);
  if (isObject(request["context"]) && request["context"]["channel"] !== undefined) expectString(request["context"]["channel"], `${path}.context.channel`);
  checkLocations(request["execute"], `${path}.execute`);
  checkLocations(request["prefetch"], `${path}.prefetch`);
  const input: DeliveryInput = { request };
  if (wrapped) {
    const sessionId = optionalString(body["sessionId"], "$.sessionId");
    const targetLocationHint = optionalString(body["targetLocationHint"], "$.targetLocationHint", { maxLength: 64 });
    if (sessionId !== undefined) input.sessionId = sessionId;
    if (targetLocationHint !== undefined) input.targetLocationHint = targetLocationHint;
  }
  return input;
}

export const DeliveryBodyShape: Shape<DeliveryInput> = {
  json: {
    type: "object",
    description: "A Target Delivery API request: `{request, sessionId?, targetLocationHint?}`, or the request itself (`{id, context, execute?, prefetch?, …}`).",
    properties: { request: { type: "object" }, sessionId: { type: "string" }, targetLocationHint: { type: "string" } },
    examples: [{
      request: {
        id: { tntId: "338e3c1e51f7416a8e1ccba4f81acea0.28_0" },
        context: { channel: "web", address: { url: "https://shop.example/" } },
        execute: { mboxes: [{ name: "mbox-magician", index: 1 }] },
      },
    }],
  },
  parse: (value) => parseDeliveryBody(value),
};
