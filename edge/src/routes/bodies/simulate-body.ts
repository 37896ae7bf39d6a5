import { PROFILE_LIMITS } from "../../domain/profiles/limits.ts";
import type { HistoryEntry, SimulationOverrides } from "../../domain/profiles/types.ts";
import type { JsonObject } from "../../domain/shared/checks.ts";
import { DECIDE_FIELDS, decideBody, ID_RULES, type DecideBody } from "./decide-body.ts";
import { timestamp } from "./events-body.ts";
import { anyObject, array, object, optional, string, stringMap } from "../schema/shapes.ts";

export interface SimulateBody extends DecideBody {
  overrides: SimulationOverrides;
  /** Replaces the profile's attributes (snapshot and journey-set ones) when given. */
  profile?: JsonObject;
}

const MAX_AUDIENCES = 200;
const ANY_TIME = timestamp(Infinity, "Epoch milliseconds or an ISO-8601 time, from 2000 on (any future time).");

const HistoryEntryShape = object(
  { name: string({ maxLength: 128 }), offerId: optional(string(ID_RULES)), timestamp: ANY_TIME },
  { description: "A past event of the profile: what caps and the history operator count." },
);

/**
 * `POST /v1/admin/simulate`: the decide body (`anonymousId` optional) plus the overrides `profile`
 * (attributes), `audiences`, `history` (`[{name, offerId?, timestamp}]`) and `now`.
 */
export const SimulateBodyShape = object(
  {
    ...DECIDE_FIELDS,
    anonymousId: optional(DECIDE_FIELDS.anonymousId),
    profile: optional(anyObject("The profile's attributes, instead of the snapshot's and the journeys'.")),
    audiences: optional(array(string(ID_RULES), { maxItems: MAX_AUDIENCES }, "The profile's audiences, instead of its own.")),
    history: optional(array(HistoryEntryShape, { maxItems: PROFILE_LIMITS.historyEvents }, "The profile's event history, instead of its own.")),
    now: optional(timestamp(Infinity, "The time the decision is made at (schedules, caps' windows).")),
    variants: optional(stringMap(ID_RULES, ID_RULES, 50, "Forced experiment variants, {experimentId: variantId}: QA sees a variant whatever its assignment.")),
  },
  {
    description: "A decision as it would be made, with explanations; nothing is recorded.",
    examples: [
      { profileId: "user-42", placements: ["home-hero"], audiences: ["vip"], now: "2026-12-24T09:00:00Z" },
      { profileId: "user-42", placements: ["home-hero"], variants: { "hero-test": "winter" } },
      { placements: ["home-hero"], profile: { country: "PT" }, history: [{ name: "display", offerId: "welcome", timestamp: "2026-12-01T10:00:00Z" }] },
    ],
  },
);

export function parseSimulateBody(value: unknown): SimulateBody {
  const { profile, audiences, history, now, variants, ...decide } = SimulateBodyShape.parse(value, "$");
  const body: SimulateBody = { ...decideBody({ ...decide, anonymousId: decide.anonymousId ?? "simulation" }), explain: true, overrides: {} };
  if (profile !== undefined) {
    body.profile = profile;
    body.overrides.profile = true;
  }
  if (audiences !== undefined) body.overrides.audiences = audiences;
  if (now !== undefined) body.overrides.now = now;
  if (variants !== undefined) body.overrides.variants = { ...variants };
  if (history !== undefined) body.overrides.history = history as HistoryEntry[];
  return body;
}
