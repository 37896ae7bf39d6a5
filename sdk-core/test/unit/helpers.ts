import { clientRuleset, compileCatalog, decide, type CatalogJson } from "@edgewise/decision-engine";
import type { Clock, Storage, Transport, TransportResponse } from "../../src/index.ts";
import { memoryStorage } from "../../src/index.ts";

/** A clock whose time moves only when the test says so. */
export function manualClock(start = Date.UTC(2026, 2, 15, 12)) {
  let now = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock & { advance(ms: number): Promise<void>; set(ms: number): void; pending(): number } = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
      await settle();
    },
    /** Moves time without running timers (as when the OS suspends an app in the background). */
    set(ms) {
      now = ms;
    },
    pending: () => timers.length,
  };
  return clock;
}

/** Lets pending promise chains (storage, fake network) run. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: any;
}

function response(status: number, body?: unknown, headers: Record<string, string> = {}): TransportResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: { get: (name) => lower[name.toLowerCase()] ?? null }, json: async () => body };
}

/**
 * A stand-in for the edge's HTTP API in unit tests (the real edge runs in the browser tests):
 * decides with the real engine, dedups events by id, and can be told to fail.
 */
export function fakeEdge(catalog: CatalogJson, version = "v1") {
  const compiled = compileCatalog(catalog);
  const calls: Call[] = [];
  const beacons: { url: string; body: any }[] = [];
  const received = new Map<string, unknown>();
  const state = {
    /** Responses to hand out before normal service: a status, or "offline" for a network error. */
    failures: [] as (number | "offline" | { status: number; headers: Record<string, string> })[],
    /** When set, requests wait until it resolves. */
    gate: undefined as Promise<void> | undefined,
    profile: undefined as undefined | Record<string, unknown>,
  };
  const transport: Transport = {
    async fetch(url, init) {
      const call: Call = { method: init.method ?? "GET", url, headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : undefined };
      calls.push(call);
      if (state.gate) await state.gate;
      const failure = state.failures.shift();
      if (failure === "offline") throw new TypeError("Failed to fetch");
      if (typeof failure === "number") return response(failure, { error: { code: "x", message: "x" } });
      if (failure) return response(failure.status, {}, failure.headers);
      const path = new URL(url, "http://edge").pathname;
      if (path === "/v1/ruleset") {
        if (call.headers["if-none-match"] === `"${version}"`) return response(304, undefined, { etag: `"${version}"` });
        return response(200, JSON.parse(JSON.stringify(clientRuleset(compiled))), { etag: `"${version}"` });
      }
      if (path.startsWith("/v1/profile/")) return state.profile ? response(200, state.profile) : response(404, {});
      if (path === "/v1/decide") {
        const b = call.body;
        const result = decide(compiled, { placements: b.placements, profile: { id: b.profileId ?? b.anonymousId }, context: b.context, event: b.event });
        const preview = b.preview === undefined ? {} : { preview: { active: true, offerId: "default-hero", expiresAt: "2026-03-15T13:00:00.000Z" } };
        return response(200, { decisions: result.decisions.map((d) => ({ ...d, token: `tok-${d.placement}` })), audiences: [], ...preview });
      }
      if (path === "/v1/events") {
        let duplicates = 0;
        for (const e of call.body.events) {
          if (received.has(e.id)) duplicates++;
          else received.set(e.id, e);
        }
        return response(202, { accepted: call.body.events.length - duplicates, duplicates, rejected: [] });
      }
      return response(404, {});
    },
    send(url, body) {
      beacons.push({ url, body: JSON.parse(body) });
      for (const e of JSON.parse(body).events) received.set(e.id, e);
      return true;
    },
  };
  return { transport, calls, beacons, received, state, eventsOf: (type: string) => [...received.values()].filter((e: any) => e.type === type) as any[] };
}

/** A storage that records writes, to prove that consent "pending" writes nothing. */
export function spyStorage(inner: Storage = memoryStorage()) {
  const writes: string[] = [];
  const storage: Storage = {
    get: (key) => inner.get(key),
    set: (key, value) => (writes.push(`set ${key}`), inner.set(key, value)),
    del: (key) => (writes.push(`del ${key}`), inner.del(key)),
    update: (key, fn) => (writes.push(`update ${key}`), inner.update(key, fn)),
  };
  return { storage, writes, inner };
}

export const CATALOG: CatalogJson = {
  placements: [
    { id: "home-hero", format: "html" },
    { id: "app-home", format: "json" },
    { id: "web-messages", format: "message" },
  ],
  offers: [
    {
      id: "vip-spring",
      placements: ["home-hero"],
      priority: 50,
      eligibility: { audience: "vip" },
      content: { html: "<h2>VIP {{profile.firstName | default: \"friend\"}}</h2>" },
    },
    { id: "default-hero", placements: ["home-hero"], priority: 0, eligibility: false, content: { html: "<h2>Welcome</h2>" } },
    { id: "app-card", placements: ["app-home"], content: { title: "Hello" } },
    {
      id: "welcome",
      placements: ["web-messages"],
      priority: 10,
      trigger: { event: "page.view", when: { "==": [{ var: "event.properties.path" }, "/"] } },
      caps: [{ event: "display", limit: 2, period: "day", scope: "profile" }],
      message: { layout: "modal", title: "Bem-vindo", body: "10% off", buttons: [{ label: "Close", action: { type: "dismiss" } }] },
    },
    {
      id: "cart-nudge",
      placements: ["web-messages"],
      priority: 5,
      trigger: { event: "cart.add" },
      message: { layout: "slideup", title: "Nice pick", body: "Free shipping over 50" },
    },
  ],
  fallbacks: { "home-hero": "default-hero" },
};
