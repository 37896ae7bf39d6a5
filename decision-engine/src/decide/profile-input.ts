import type { HistoryEvent } from "../rules/types.ts";
import { withRealtimeAudiences } from "./audiences.ts";
import type { CompiledCatalog } from "./compiled.ts";
import type { DecideInput } from "./decide.ts";

/** The parts a profile's evaluation context is built from, wherever it is decided. */
export interface ProfileParts {
  /** The profile id, or the anonymous id of a visitor not (or not trustworthily) identified. */
  id: string;
  /** Attributes from the audience snapshot (or, on a device, the synced profile's). */
  attributes?: Readonly<Record<string, unknown>> | undefined;
  /** Attributes journey `set` steps wrote: they override the snapshot's. */
  journeyAttributes?: Readonly<Record<string, unknown>> | undefined;
  /** The snapshot's audiences; the catalog's real-time audiences that hold are added. */
  audiences?: readonly string[] | undefined;
  /** Offers journeys and campaigns hold for the profile (delivered first, on the asking channel). */
  pending?: readonly string[] | undefined;
  /** The profile's recent events (caps, the `history` operator, real-time audiences). */
  history?: readonly HistoryEvent[] | undefined;
  context?: Readonly<Record<string, unknown>> | undefined;
  event?: DecideInput["event"] | null | undefined;
  now: number;
}

/** A profile's decide input: `decide`'s input for everything but placements and counts. */
export type ProfileInput = Required<Pick<DecideInput, "profile" | "audiences" | "history" | "now">> & Pick<DecideInput, "context" | "event" | "pending">;

/**
 * The one evaluation context of a profile, built from its parts the same way at the edge (a
 * decision, a simulation, a profile sync, a journey's rules) and on a device (a local decision):
 * `profile` is the snapshot's attributes under the journeys' `set` attributes, with `id` last;
 * `audiences` the snapshot's plus the catalog's real-time audiences that hold now (their rules see
 * the same context; without a catalog, only the snapshot's); and `history`, `pending`, `context`,
 * `event` and `now` as given.
 *
 * @example decide(catalog, { ...profileInput(catalog, { id: "u-1", audiences: ["vip"], now }), placements: ["home-hero"] })
 */
export function profileInput(catalog: CompiledCatalog | null, parts: ProfileParts): ProfileInput {
  const { now, pending, history = [], context = {} } = parts;
  const profile = { ...parts.attributes, ...parts.journeyAttributes, id: parts.id };
  const event = parts.event || undefined;
  const audiences = parts.audiences ?? [];
  return {
    profile,
    audiences: catalog ? withRealtimeAudiences(catalog, audiences, { profile, context, event: event ?? null, now, history }) : audiences,
    history,
    now,
    context,
    event,
    pending,
  };
}
