import { PROFILE_LIMITS } from "../../domain/profiles/limits.ts";
import type { HistoryEntry, SimulationOverrides } from "../../domain/profiles/types.ts";
import { ID_RULES, parseDecideBody, type DecideBody } from "./decide-body.ts";
import { expectArray, expectObject, expectString, expectStringArray, invalid, isObject, optionalString, type JsonObject } from "../../domain/shared/checks.ts";
import { parseTimestamp } from "./events-body.ts";

export interface SimulateBody extends DecideBody {
  overrides: SimulationOverrides;
  /** Replaces the profile's attributes (snapshot and journey-set ones) when given. */
  profile?: JsonObject;
}

const MAX_AUDIENCES = 200;

/**
 * `POST /v1/admin/simulate`: the decide body (`anonymousId` optional) plus the overrides `profile`
 * (attributes), `audiences`, `history` (`[{name, offerId?, timestamp}]`) and `now`.
 */
export function parseSimulateBody(value: unknown): SimulateBody {
  const raw = expectObject(value, "$");
  const body: SimulateBody = { ...parseDecideBody({ anonymousId: "simulation", ...raw }), explain: true, overrides: {} };
  if (raw["profile"] !== undefined) {
    body.profile = expectObject(raw["profile"], "$.profile");
    body.overrides.profile = true;
  }
  if (raw["audiences"] !== undefined) body.overrides.audiences = expectStringArray(raw["audiences"], "$.audiences", MAX_AUDIENCES, ID_RULES);
  if (raw["now"] !== undefined) body.overrides.now = parseTimestamp(raw["now"], "$.now", Infinity);
  if (raw["history"] !== undefined) {
    body.overrides.history = expectArray(raw["history"], "$.history", PROFILE_LIMITS.historyEvents).map((item, i): HistoryEntry => {
      const path = `$.history[${i}]`;
      if (!isObject(item)) invalid(path, "expected an object {name, offerId?, timestamp}");
      const entry: HistoryEntry = { name: expectString(item["name"], `${path}.name`, { maxLength: 128 }), timestamp: parseTimestamp(item["timestamp"], `${path}.timestamp`, Infinity) };
      const offerId = optionalString(item["offerId"], `${path}.offerId`, ID_RULES);
      if (offerId !== undefined) entry.offerId = offerId;
      return entry;
    });
  }
  return body;
}
