import {
  expectObject,
  expectString,
  expectStringArray,
  invalid,
  isObject,
  optionalBoolean,
  optionalString,
  type JsonObject,
} from "../../domain/shared/checks.ts";

export { ID_RULES, SIGNATURE_RULES } from "../../domain/shared/checks.ts";
import { ID_RULES, SIGNATURE_RULES } from "../../domain/shared/checks.ts";
export const MAX_PLACEMENTS = 20;

export interface DecideBody {
  profileId?: string;
  anonymousId: string;
  profileSignature?: string;
  placements: string[];
  context: JsonObject;
  event?: { name: string; properties?: JsonObject };
  explain: boolean;
}

/**
 * `POST /v1/decide`: `{profileId?, anonymousId, profileSignature?, placements, context?, event?, explain?}`.
 * Fields beyond these are ignored (clients may send more as the API grows).
 */
export function parseDecideBody(value: unknown): DecideBody {
  const body = expectObject(value, "$");
  const profileId = optionalString(body["profileId"], "$.profileId", ID_RULES);
  const profileSignature = optionalString(body["profileSignature"], "$.profileSignature", SIGNATURE_RULES);
  const parsed: DecideBody = {
    anonymousId: expectString(body["anonymousId"], "$.anonymousId", ID_RULES),
    placements: expectStringArray(body["placements"], "$.placements", MAX_PLACEMENTS, ID_RULES),
    context: body["context"] === undefined ? {} : expectObject(body["context"], "$.context"),
    explain: optionalBoolean(body["explain"], "$.explain") ?? false,
  };
  if (parsed.placements.length === 0) invalid("$.placements", "expected at least 1 placement");
  if (profileId !== undefined) parsed.profileId = profileId;
  if (profileSignature !== undefined) parsed.profileSignature = profileSignature;
  if (body["event"] !== undefined) parsed.event = parseTriggerEvent(body["event"]);
  return parsed;
}

function parseTriggerEvent(value: unknown): NonNullable<DecideBody["event"]> {
  const event = expectObject(value, "$.event");
  const name = expectString(event["name"], "$.event.name", { maxLength: 128 });
  const properties = event["properties"];
  if (properties === undefined) return { name };
  if (!isObject(properties)) invalid("$.event.properties", "expected an object");
  return { name, properties };
}
