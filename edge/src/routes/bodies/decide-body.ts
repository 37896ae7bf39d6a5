import { PREVIEW_TOKEN_MAX_LENGTH } from "@edgewise/sdk-core/wire";
import { ID_RULES, SIGNATURE_RULES, type JsonObject } from "../../domain/shared/checks.ts";
import { anyObject, array, boolean, object, optional, string, type Parsed } from "../schema/shapes.ts";

export { ID_RULES, SIGNATURE_RULES } from "../../domain/shared/checks.ts";
export const MAX_PLACEMENTS = 20;

export const ProfileIdShape = string(ID_RULES, "The profile's id (the site's user id). Needs profileSignature in secure mode.");
export const AnonymousIdShape = string(ID_RULES, "The device's or browser's own id, kept by the SDK.");
export const SignatureShape = string(SIGNATURE_RULES, "Hex HMAC-SHA256 of profileId with the identity secret (secure mode).");

export const TriggerEventShape = object(
  {
    name: string({ maxLength: 128 }, "The event's name: triggers, journeys and the history operator match on it."),
    properties: optional(anyObject()),
  },
  { description: "An event that happens with this decision (read by the rules as `event`)." },
);

/** The fields of a decide request, shared with the admin's simulation. */
export const DECIDE_FIELDS = {
  profileId: optional(ProfileIdShape),
  anonymousId: AnonymousIdShape,
  profileSignature: optional(SignatureShape),
  placements: array(string(ID_RULES), { minItems: 1, maxItems: MAX_PLACEMENTS }, "The placements to decide, in order."),
  context: optional(anyObject("What the rules read as `context` (page, device, locale…); the edge adds geo and time.")),
  event: optional(TriggerEventShape),
  explain: optional(boolean("Explanations in the answer (honoured for admin callers).")),
};

/**
 * `POST /v1/decide`: `{profileId?, anonymousId, profileSignature?, placements, context?, event?, explain?}`.
 * Fields beyond these are ignored (clients may send more as the API grows).
 */
export const DecideBodyShape = object({ ...DECIDE_FIELDS, preview: optional(string({ maxLength: PREVIEW_TOKEN_MAX_LENGTH }, "A preview token (POST /v1/admin/preview): the decision forces its offer or variant, explained, and records nothing.")) }, {
  description: "Which offer or message each placement shows for this person.",
  examples: [
    { anonymousId: "a-1f6c", placements: ["home-hero"], context: { page: { path: "/" } } },
    { profileId: "user-42", anonymousId: "a-1f6c", placements: ["home-hero", "app-inbox"], event: { name: "cart_viewed", properties: { value: 80 } } },
  ],
});

export interface DecideBody {
  profileId?: string;
  anonymousId: string;
  profileSignature?: string;
  placements: string[];
  context: JsonObject;
  event?: Parsed<typeof TriggerEventShape>;
  explain: boolean;
  preview?: string;
}

/** Defaults of the optional fields a decision reads. */
export function decideBody(parsed: Parsed<typeof DecideBodyShape>): DecideBody {
  const body: DecideBody = { anonymousId: parsed.anonymousId, placements: parsed.placements, context: parsed.context ?? {}, explain: parsed.explain ?? false };
  if (parsed.profileId !== undefined) body.profileId = parsed.profileId;
  if (parsed.profileSignature !== undefined) body.profileSignature = parsed.profileSignature;
  if (parsed.event !== undefined) body.event = parsed.event;
  if ("preview" in parsed && typeof parsed.preview === "string") body.preview = parsed.preview;
  return body;
}

export const parseDecideBody = (value: unknown): DecideBody => decideBody(DecideBodyShape.parse(value, "$"));
