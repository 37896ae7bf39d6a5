import { createTargetDecisioning, type TargetArtifact, type TargetOffersInput } from "@edgewise/decision-engine/adobe";
import { sha256Hex } from "../../domain/identity/crypto.ts";
import { Refusal } from "../../domain/shared/refusal.ts";
import { activitiesByToken } from "../../domain/adobe/target-events.ts";
import { ActivePointer } from "./active-pointer.ts";

/**
 * The Adobe Target on-device decisioning artifact in the CATALOGS namespace: `adobe:target-artifact`
 * (a pointer: `{version, storedAt, client}`, cached per isolate for 1 s) and
 * `adobe:target-artifact:<version>` (the artifact). The decisioning engine is built once per isolate
 * and version.
 */
export interface TargetArtifactInfo {
  version: string;
  storedAt: string;
  /** The Target client code allocation hashes (and responses echo). */
  client: string;
}

type Json = Record<string, unknown>;

const POINTER_KEY = "adobe:target-artifact";
const artifactKey = (version: string) => `${POINTER_KEY}:${version}`;
const pointer = new ActivePointer<TargetArtifactInfo>(POINTER_KEY, 1_000);

/** What `getOffers` answered, and the notification payloads the engine sent while answering. */
export interface TargetAnswer {
  response: Json;
  notifications: unknown[];
}

export interface LoadedTarget {
  info: TargetArtifactInfo;
  /** Event token → activity id (for the statistics). */
  activities: ReadonlyMap<string, string>;
  /** Rules the engine could not compile (they never match). */
  warnings: readonly string[];
  getOffers(input: Omit<TargetOffersInput, "visitor">): Promise<TargetAnswer>;
}

/** Builds the engine for `artifact`; 400 `invalid_artifact` for one the engine refuses. */
function build(artifact: unknown, info: TargetArtifactInfo): LoadedTarget {
  try {
    return buildEngine(artifact, info);
  } catch (error) {
    throw new Refusal("invalid", "invalid_artifact", error instanceof Error ? error.message : "the artifact cannot be used", "$");
  }
}

function buildEngine(artifact: unknown, info: TargetArtifactInfo): LoadedTarget {
  // The engine is shared by the isolate's requests: each call's notifications go to its own list,
  // found by the `visitor` it passes through to the notification payload.
  const calls = new Map<string, unknown[]>();
  const target = createTargetDecisioning(artifact as TargetArtifact, {
    client: info.client,
    telemetryEnabled: false,
    sendNotification: (payload) => {
      const call = typeof payload.visitor === "string" ? calls.get(payload.visitor) : undefined;
      call?.push(payload);
    },
  });
  return {
    info,
    activities: activitiesByToken(artifact),
    warnings: target.warnings,
    async getOffers(input) {
      const call = crypto.randomUUID();
      const notifications: unknown[] = [];
      calls.set(call, notifications);
      try {
        const response = await target.getOffers({ ...input, visitor: call });
        return { response, notifications };
      } finally {
        calls.delete(call);
      }
    },
  };
}

/** The client code to use: the one given, else the artifact's `meta.clientCode`, else `edgewise`. */
export function targetClient(artifact: unknown, given?: string): string {
  if (given) return given;
  const meta = (artifact as { meta?: unknown } | null)?.meta;
  const code = typeof meta === "object" && meta !== null && Object.hasOwn(meta, "clientCode") ? (meta as Json)["clientCode"] : undefined;
  return typeof code === "string" && code !== "" ? code : "edgewise";
}

let cached: { version: string; loaded: Promise<LoadedTarget | null> } | undefined;

/** Checks the artifact (throws as `build` does), stores it and points at it. */
export async function writeTargetArtifact(kv: KVNamespace, artifact: unknown, client: string, now = new Date()): Promise<LoadedTarget> {
  const text = JSON.stringify(artifact);
  const version = (await sha256Hex(`${client}\n${text}`)).slice(0, 16);
  const info: TargetArtifactInfo = { version, storedAt: now.toISOString(), client };
  const loaded = build(artifact, info);
  await kv.put(artifactKey(version), text);
  await pointer.write(kv, info);
  cached = { version, loaded: Promise.resolve(loaded) };
  return loaded;
}

export async function readTargetArtifactInfo(kv: KVNamespace): Promise<TargetArtifactInfo | null> {
  return pointer.read(kv);
}

/** The stored artifact's engine (built once per isolate and version), or `null` when none is stored. */
export async function loadTarget(kv: KVNamespace): Promise<LoadedTarget | null> {
  const info = await pointer.read(kv);
  if (!info) return null;
  if (cached?.version !== info.version) {
    const loaded = kv.get(artifactKey(info.version), "json").then((artifact) => (artifact === null ? null : build(artifact, info)));
    cached = { version: info.version, loaded };
    loaded.catch(() => (cached?.loaded === loaded ? (cached = undefined) : undefined));
  }
  return cached.loaded;
}
