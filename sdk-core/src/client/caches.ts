import { channelOf, type CatalogJson, type CompiledCatalog } from "@edgewise/decision-engine";
import { keepPending } from "../deliveries.ts";
import { loadEngine, type DeviceEngine } from "../engine.ts";
import type { ClientDecision } from "../wire.ts";
import type { CoreContext } from "./context.ts";
import type { Identity, ProfileState } from "./identity.ts";

interface Ruleset {
  etag: string | null;
  json: CatalogJson;
}

export const RULESET_KEY = "ew:r";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A `GET /v1/profile/:id` body as the client keeps it: malformed parts dropped, so local decisions cannot fail on them. */
function profileState(id: string, body: unknown): ProfileState {
  const b = isObject(body) ? body : {};
  const profile: ProfileState = {
    id,
    audiences: Array.isArray(b.audiences) ? b.audiences.filter((a): a is string => typeof a === "string") : [],
    attributes: isObject(b.attributes) ? b.attributes : {},
    history: Array.isArray(b.history) ? (b.history.filter(isObject) as unknown as ProfileState["history"]) : [],
  };
  if (Array.isArray(b.pending)) profile.pending = b.pending.filter((p): p is string => typeof p === "string");
  if (isObject(b.globalCounts)) profile.globalCounts = b.globalCounts as ProfileState["globalCounts"];
  return profile;
}

export type Caches = ReturnType<typeof createCaches>;

/** A compiled ruleset with the engine that decides with it. */
export interface Local {
  engine: DeviceEngine;
  catalog: CompiledCatalog;
}

/**
 * The ruleset and profile cache: the ruleset (`GET /v1/ruleset`, revalidated by ETag) and the known
 * profile's edge state (`GET /v1/profile/:id`), both kept in storage so a returning visitor decides
 * before any request; what the ruleset says about placements; and the ruleset compiled for the
 * device, with the engine loaded only when something decides on the device.
 */
export function createCaches(ctx: CoreContext, identity: Identity) {
  const { options: o } = ctx;
  let ruleset: Ruleset | undefined;
  let compiled: Promise<Local | undefined> | undefined;
  let triggers: Promise<Local | undefined> | undefined;
  let engine: Promise<DeviceEngine> | undefined;
  let rulesetLoad: Promise<void> | undefined;
  let profileLoad: Promise<void> | undefined;

  /** The engine, loaded once (a failed load is tried again next time). */
  function engineLoaded(): Promise<DeviceEngine> {
    engine ??= (o.engine ?? loadEngine)().catch((error) => {
      engine = undefined;
      throw error;
    });
    return engine;
  }

  /** Compiles `json` on the device; `undefined` (logged) when the engine or the ruleset fails. */
  async function compile(json: CatalogJson): Promise<Local | undefined> {
    let loaded: DeviceEngine;
    try {
      loaded = await engineLoaded();
    } catch (error) {
      ctx.fail("engine not loaded")(error);
      return undefined;
    }
    try {
      return { engine: loaded, catalog: loaded.compileDeviceRuleset(json) };
    } catch (error) {
      ctx.fail("bad ruleset")(error);
      return undefined;
    }
  }

  /**
   * Takes a ruleset. Deciding on the device (local and hybrid modes), it is compiled first and
   * taken only if it compiles; in edge mode it is taken as it is and compiled when first needed.
   */
  async function use(next: Ruleset): Promise<boolean> {
    if (ctx.mode !== "edge") {
      const local = compile(next.json);
      if (!(await local)) return false;
      compiled = local;
    } else compiled = undefined;
    triggers = undefined;
    ruleset = next;
    return true;
  }

  async function fetchRuleset(): Promise<void> {
    const res = await ctx.request("GET", "/v1/ruleset", undefined, ruleset?.etag ? { "if-none-match": ruleset.etag } : undefined);
    if (res.status !== 200) return;
    const next: Ruleset = { etag: res.headers.get("etag"), json: (await res.json()) as CatalogJson };
    if ((await use(next)) && identity.consent() === "in") void o.storage.set(RULESET_KEY, next);
  }

  async function fetchProfile(): Promise<void> {
    const { profileId: id, signature } = identity.state();
    if (!id) return;
    const res = await ctx.request("GET", `/v1/profile/${encodeURIComponent(id)}`, undefined, signature ? { "x-profile-signature": signature } : undefined);
    if (res.status !== 200 || id !== identity.state().profileId) return;
    const profile = (identity.state().profile = profileState(id, await res.json()));
    if (profile.pending) keepPending(identity.deliveries(), profile.pending);
    void identity.save();
  }

  /** Whether a placement is this client's to decide and report: of its channel, or unknown (not in the ruleset yet). */
  function mine(placementId: string): boolean {
    const placement = ruleset?.json.placements.find((p) => p.id === placementId);
    const channel = placement ? channelOf(placement.surface) : undefined;
    return channel === undefined || o.channel === undefined || channel === o.channel;
  }

  return {
    /** Whether a ruleset is known (cached or fetched). */
    hasRuleset: () => !!ruleset,
    /** The ruleset compiled for the device (loading the engine the first time), once a ruleset is known. */
    local(): Promise<Local | undefined> {
      if (!ruleset) return Promise.resolve(undefined);
      return (compiled ??= compile(ruleset.json));
    },
    /**
     * What `track` evaluates: the ruleset's trigger offers, and its journey and campaign offers
     * (candidates only while the synced profile lists them pending, and then ranked first). A
     * ruleset without any loads no engine.
     */
    triggerCatalog(): Promise<Local | undefined> {
      if (!ruleset) return Promise.resolve(undefined);
      if (!triggers) {
        // Once per ruleset (`use` resets it), not per `track`.
        const { fallbacks: _ignored, ...json } = ruleset.json;
        const offers = json.offers.filter((offer) => offer.trigger || offer.orchestrated);
        triggers = offers.length ? compile({ ...json, offers }) : Promise.resolve(undefined);
      }
      return triggers;
    },
    /** Uses the ruleset stored by an earlier visit. */
    async loadStored(): Promise<void> {
      const cached = await o.storage.get<Ruleset>(RULESET_KEY);
      if (cached) await use(cached);
    },
    /** Stores what is cached (consent just became "in"). */
    persist: () => ruleset && o.storage.set(RULESET_KEY, ruleset),
    /** Revalidates the ruleset, and the profile unless every decision is the edge's. */
    refresh(): Promise<void> {
      if (identity.consent() === "out") return Promise.resolve();
      rulesetLoad = fetchRuleset().catch(ctx.fail("ruleset not loaded"));
      if (ctx.mode !== "edge") profileLoad = fetchProfile().catch(ctx.fail("profile not loaded"));
      return Promise.all([rulesetLoad, profileLoad]).then(() => {});
    },
    /** Loads the profile just identified (local and hybrid modes). */
    reloadProfile(): void {
      if (ctx.mode !== "edge" && identity.consent() !== "out") profileLoad = fetchProfile().catch(ctx.fail("profile not loaded"));
    },
    /** Waits for the ruleset request under way, if there is no ruleset yet. */
    rulesetLoaded: async () => void (ruleset || (await rulesetLoad)),
    /** Waits for the profile request under way. */
    profileLoaded: async () => void (await profileLoad),
    mine,
    /** This channel's message placements (format `message`) of the ruleset. */
    messageIds: (): string[] => (ruleset ? ruleset.json.placements.filter((p) => p.format === "message" && mine(p.id)).map((p) => p.id) : []),
    /** Whether a decision is a journey or campaign message (marked by the engine, or by the ruleset). */
    orchestrated: (decision: ClientDecision): boolean =>
      decision.orchestrated === true || ruleset?.json.offers.some((offer) => offer.id === decision.offerId && offer.orchestrated === true) === true,
    /** The app URL schemes the ruleset declares (none before a ruleset). */
    deepLinkSchemes: (): readonly string[] => ruleset?.json.deepLinkSchemes ?? [],
  };
}
