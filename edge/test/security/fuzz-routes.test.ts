// Property-based fuzzing (fast-check) of every route's body: over 10,000 generated bodies per run,
// structured like the real ones (valid bodies with fields replaced by hostile values, prototype
// keys, wrong types, deep and wide values) and not at all; never a response ≥ 500, and stored data
// (catalog, snapshots, statistics) unchanged: every generated catalog, snapshot and offer event is
// one the edge must refuse.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { testCatalog, VIP_PROFILE } from "../fixtures/catalog.ts";
import { adminHeaders, BASE, clientHeaders, fetchApp, importSnapshot, json, publish } from "../helpers.ts";

const SEED = 20261203;
const RUNS = { decide: 2500, events: 2500, simulate: 1000, catalog: 1200, validate: 600, snapshot: 1200, profile: 400, misc: 800 };

const hostileString = fc.oneof(
  fc.constantFrom("", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "home-hero", "display", "{{profile.id}}",
    "<script>alert(1)</script>", " javascript:alert(1)", "\u0000", "\ud800", "x".repeat(300), "2026-13-45T99:99:99Z", "../../etc/passwd"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1764403200000, 99999999999999),
    hostileString,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A valid body with some of its fields (at any depth) replaced by hostile values, or dropped. */
function mutated<T extends object>(valid: T): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === "object") for (const [key, child] of Object.entries(node)) (paths.push([...path, key]), walk(child, [...path, key]));
  };
  walk(valid, []);
  return fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(hostileValue, { nil: undefined })), { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    for (const [path, value] of changes) {
      let node: Record<string, unknown> | undefined = copy;
      for (const key of path.slice(0, -1)) node = node && typeof node[key] === "object" ? (node[key] as Record<string, unknown>) : undefined;
      if (!node || typeof node !== "object") continue;
      if (value === undefined) delete node[path.at(-1)!];
      else node[path.at(-1)!] = value;
    }
    return copy;
  });
}

const body = (valid: object) => fc.oneof({ weight: 4, arbitrary: mutated(valid) }, { weight: 1, arbitrary: hostileValue });

const validDecide = { profileId: "u-vip", anonymousId: "a-1", placements: ["home-hero", "banner"], context: { geo: { country: "BR" }, channel: "web" }, event: { name: "page.view", properties: { path: "/" } }, explain: true };
// Offer events name offers no catalog has, so none changes the statistics.
const validEvents = {
  events: [
    { id: "e-1", type: "display", offerId: "made-up", placement: "home-hero", anonymousId: "a-1", profileId: "u-vip", timestamp: 1764403200000 },
    { id: "e-2", type: "track", name: "page.view", anonymousId: "a-2", timestamp: "2026-11-29T10:00:00Z", token: "abc.def", properties: { sku: "A1" } },
  ],
};
const validSimulate = { ...validDecide, profile: { ltv: 900 }, audiences: ["vip"], history: [{ name: "display", offerId: "vip-offer", timestamp: 1764403200000 }], now: 1764403200000 };

async function storedState() {
  const [catalog, versions, snapshots, stats] = await Promise.all([
    fetchApp("/v1/admin/catalog", { headers: adminHeaders() }).then(json),
    fetchApp("/v1/admin/catalog/versions", { headers: adminHeaders() }).then(json),
    fetchApp("/v1/admin/snapshots", { headers: adminHeaders() })
      .then(json)
      .then((listing) => ({ ...listing, versions: listing.versions.filter((v: { state: string }) => v.state !== "failed") })),
    fetchApp("/v1/admin/stats", { headers: adminHeaders() }).then(json),
  ]);
  return { catalog, versions, snapshots, stats };
}

describe("property-based fuzzing of every route's body", () => {
  it(`${Object.values(RUNS).reduce((a, b) => a + b)} generated bodies: never a 5xx, stored data unchanged`, { timeout: 300_000 }, async () => {
    await publish(testCatalog());
    expect((await importSnapshot("fuzz-fc", [VIP_PROFILE])).status).toBe(201);
    const before = await storedState();
    const app = createApp();
    const failures: string[] = [];
    let sent = 0;
    const send = async (label: string, path: string, init: RequestInit) => {
      // A fresh address per request: the rate limit is not what is being fuzzed here.
      const headers = new Headers(init.headers);
      headers.set("cf-connecting-ip", `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`);
      sent++;
      const response = await app.request(new Request(`${BASE}${path}`, { ...init, headers }), undefined, env, createExecutionContext());
      await response.arrayBuffer();
      if (response.status >= 500 || response.status < 200) failures.push(`${label} → ${response.status}: ${JSON.stringify(init.body).slice(0, 300)}`);
      return response.status;
    };
    const text = (value: unknown) => (value === undefined ? "" : JSON.stringify(value));
    const run = (runs: number, arbitrary: fc.Arbitrary<unknown>, check: (value: unknown) => Promise<unknown>) =>
      fc.assert(fc.asyncProperty(arbitrary, async (value) => void (await check(value))), { seed: SEED, numRuns: runs, endOnFailure: true });

    await run(RUNS.decide, body(validDecide), (b) => send("decide", "/v1/decide", { method: "POST", headers: clientHeaders(), body: text(b) }));
    await run(RUNS.events, body(validEvents), (b) => send("events", "/v1/events", { method: "POST", headers: clientHeaders(), body: text(b) }));
    await run(RUNS.simulate, body(validSimulate), (b) => send("simulate", "/v1/admin/simulate", { method: "POST", headers: adminHeaders(), body: text(b) }));
    // Catalogs whose placements are always broken, so no generated catalog can be valid.
    const broken = body(testCatalog()).map((c) => (c && typeof c === "object" && !Array.isArray(c) ? { ...c, placements: { broken: true } } : c));
    await run(RUNS.catalog, broken, (b) => send("catalog", "/v1/admin/catalog", { method: "PUT", headers: adminHeaders(), body: text(b) }));
    await run(RUNS.validate, broken, (b) => send("validate", "/v1/admin/catalog/validate", { method: "POST", headers: adminHeaders(), body: text(b) }));
    // Snapshots that always end in a bad line, so none can be stored.
    const snapshot = fc.tuple(body({ type: "header", version: "fuzz-x", audiences: [{ id: "vip" }] }), fc.array(body(VIP_PROFILE), { maxLength: 4 }), fc.boolean());
    await run(RUNS.snapshot, snapshot, (value) => {
      const [header, profiles, activate] = value as [unknown, unknown[], boolean];
      const lines = [text(header), ...profiles.map(text), '{"profileId":5}'].join("\n");
      return send("snapshot", `/v1/admin/snapshots${activate ? "" : "?activate=false"}`, { method: "POST", headers: adminHeaders({ "content-type": "application/x-ndjson" }), body: lines });
    });
    await run(RUNS.profile, hostileString, (id) =>
      send("profile", `/v1/profile/${encodeURIComponent(String(id).replace(/[\ud800-\udfff]/g, "?")) || "x"}`, { headers: clientHeaders() }),
    );
    const misc = fc.tuple(
      fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
      fc.constantFrom("/v1/decide", "/v1/events", "/v1/ruleset", "/v1/catalog.schema.json", "/v1/admin/catalog/versions/x/activate", "/v1/admin/snapshots/x/commit", "/v1/admin/snapshots/x/parts/1", "/v1/admin/stats", "/v1/admin/simulate", "/v1/nope"),
      hostileValue,
      fc.constantFrom("application/json", "text/plain", "application/x-ndjson", undefined),
      fc.boolean(),
    );
    await run(RUNS.misc, misc, (value) => {
      const [method, path, payload, type, admin] = value as [string, string, unknown, string | undefined, boolean];
      const headers: Record<string, string> = admin ? adminHeaders() : clientHeaders();
      if (type) headers["content-type"] = type;
      else delete headers["content-type"];
      return send(`${method} ${path}`, path, { method, headers, ...(method === "GET" ? {} : { body: text(payload) }) });
    });

    console.log(`fast-check: ${sent} requests, ${failures.length} ≥ 500`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let the events queue drain
    expect(await storedState()).toEqual(before);
  });
});
