import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { testCatalog, VIP_PROFILE } from "./fixtures/catalog.ts";
import { adminHeaders, BASE, clientHeaders, fetchEdge, importSnapshot, publish, json } from "./helpers.ts";

/** mulberry32: a tiny seeded PRNG, so a failure reproduces exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261129;
const BODIES = 250;

class Fuzzer {
  constructor(readonly random: () => number) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  string(): string {
    return this.pick([
      () => "",
      () => "home-hero",
      () => "__proto__",
      () => "constructor",
      () => "x".repeat(this.int(400)),
      () => String.fromCharCode(...Array.from({ length: this.int(20) }, () => this.int(0xd800))),
      () => "\ud800",
      () => "../../etc/passwd",
      () => "display",
      () => "track",
      () => "{{profile.id}}",
      () => "<script>alert(1)</script>",
      () => "2026-13-45T99:99:99Z",
    ])();
  }

  value(depth = 0): unknown {
    const kinds = depth > 3 ? 6 : 8;
    switch (this.int(kinds)) {
      case 0:
        return null;
      case 1:
        return this.random() < 0.5;
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1764403200000, 42]);
      case 3:
      case 4:
        return this.string();
      case 5:
        return this.pick([[], {}, "", 0]);
      case 6:
        return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(6); i > 0; i--) object[this.string()] = this.value(depth + 1);
        return object;
      }
    }
  }

  /** Replaces one randomly chosen node of `value` with a random value. */
  mutate(value: unknown): unknown {
    const copy = structuredClone(value) as unknown;
    const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach((child, i) => (nodes.push({ parent: node, key: i }), walk(child)));
      else if (node && typeof node === "object") {
        for (const [key, child] of Object.entries(node)) nodes.push({ parent: node as Record<string, unknown>, key }), walk(child);
      }
    };
    walk(copy);
    if (nodes.length === 0) return this.value();
    const { parent, key } = this.pick(nodes);
    (parent as Record<string | number, unknown>)[key] = this.value();
    return copy;
  }

  /** A body as raw text: random JSON, a mutation of a valid body, or garbage. */
  body(valid: unknown): string | Uint8Array {
    switch (this.int(6)) {
      case 0:
        return JSON.stringify(this.value());
      case 1:
      case 2:
        return JSON.stringify(this.mutate(valid));
      case 3: {
        const text = JSON.stringify(this.mutate(valid));
        return text.slice(0, this.int(text.length));
      }
      case 4:
        return Uint8Array.from({ length: this.int(300) }, () => this.int(256));
      default:
        return this.pick(["", "[".repeat(5000), "null", "{\"a\":1}}", "\u0000", "{" + '"k":'.repeat(50), "1e99999"]);
    }
  }

  contentType(expected: string): string | undefined {
    return this.random() < 0.85 ? expected : this.pick([undefined, "text/plain", "application/json", "application/x-ndjson", "multipart/form-data; boundary=x"]);
  }
}

const validDecide = { profileId: "u-vip", anonymousId: "a-1", placements: ["home-hero", "banner"], context: { geo: { country: "BR" } }, event: { name: "page.view", properties: { path: "/" } }, explain: true };
const validEvents = {
  events: [
    { id: "e-1", type: "track", name: "cart.add", anonymousId: "a-1", profileId: "u-vip", timestamp: 1764403200000, properties: { sku: "A1" } },
    { id: "e-2", type: "track", name: "page.view", anonymousId: "a-2", timestamp: "2026-11-29T10:00:00Z", token: "abc.def" },
  ],
};

async function storedState() {
  const [catalog, snapshots, stats] = await Promise.all([
    fetchEdge("/v1/admin/catalog", { headers: adminHeaders() }).then(json),
    // Rejected imports are listed as failed versions; what must not change is everything else.
    fetchEdge("/v1/admin/snapshots", { headers: adminHeaders() })
      .then(json)
      .then((listing) => ({ ...listing, versions: listing.versions.filter((v: { state: string }) => v.state !== "failed") })),
    fetchEdge("/v1/admin/stats", { headers: adminHeaders() }).then(json),
  ]);
  return { catalog, snapshots, stats };
}

describe("fuzz: malformed and random input never yields a 5xx or changes stored data", () => {
  it(`${BODIES} seeded random bodies to every route`, { timeout: 120_000 }, async () => {
    await publish(testCatalog());
    expect((await importSnapshot("fuzz-snap", [VIP_PROFILE])).status).toBe(201);
    const before = await storedState();
    const fuzz = new Fuzzer(prng(SEED));
    const catalog = testCatalog();
    const failures: string[] = [];

    // The app is called in-process (hono's app.request) with the real bindings: the pool's
    // self-fetch is too slow for thousands of requests.
    const app = createApp();
    const send = async (label: string, path: string, init: RequestInit) => {
      const response = await app.request(new Request(`${BASE}${path}`, init), undefined, env, createExecutionContext());
      await response.arrayBuffer();
      if (response.status >= 500 || response.status < 200) failures.push(`${label} → ${response.status}`);
    };
    const headers = (base: Record<string, string>, type: string | undefined) => {
      const result: Record<string, string> = { ...base };
      delete result["content-type"];
      if (type !== undefined) result["content-type"] = type;
      if (fuzz.random() < 0.05) result["x-client-key"] = fuzz.string().replace(/[^\x20-\x7e]/g, "");
      return result;
    };

    for (let i = 0; i < BODIES; i++) {
      const label = `#${i}`;
      await send(`${label} decide`, "/v1/decide", {
        method: "POST",
        headers: headers(clientHeaders(), fuzz.contentType("application/json")),
        body: fuzz.body(validDecide),
      });
      await send(`${label} events`, "/v1/events", {
        method: "POST",
        headers: headers(clientHeaders(), fuzz.contentType("application/json")),
        body: fuzz.body(validEvents),
      });
      // A catalog whose placements are always broken, so no fuzzed catalog can be valid.
      const brokenCatalog = { ...(fuzz.mutate(catalog) as object), placements: fuzz.pick([null, "x", 7, {}]) };
      await send(`${label} catalog`, "/v1/admin/catalog", {
        method: "PUT",
        headers: headers(adminHeaders(), fuzz.contentType("application/json")),
        body: fuzz.random() < 0.5 ? JSON.stringify(brokenCatalog) : fuzz.body(null),
      });
      // Snapshot imports that always end in a bad line, so none can activate.
      const lines = [
        fuzz.random() < 0.5 ? JSON.stringify({ type: "header", version: `fuzz-${i}` }) : JSON.stringify(fuzz.mutate({ type: "header", version: "x" })),
        ...Array.from({ length: fuzz.int(4) }, () => JSON.stringify(fuzz.mutate(VIP_PROFILE))),
        fuzz.pick(['{"profileId":5}', "not json", "[]", '{"audiences":"x"}']),
      ];
      await send(`${label} snapshot`, "/v1/admin/snapshots", {
        method: "POST",
        headers: headers(adminHeaders(), fuzz.contentType("application/x-ndjson")),
        body: fuzz.random() < 0.8 ? lines.join(fuzz.pick(["\n", "\r\n", "\n\n"])) : fuzz.body(null),
      });
      const segment = encodeURIComponent(fuzz.string().replace(/[\ud800-\udfff]/g, "?") || "x");
      await send(`${label} profile`, `/v1/profile/${segment}`, { headers: headers(clientHeaders(), undefined) });
      await send(`${label} ruleset`, "/v1/ruleset", {
        headers: { ...clientHeaders(), "if-none-match": fuzz.string().replace(/[^\x20-\x7e]/g, "") },
      });
      await send(`${label} stats`, `/v1/admin/stats?offerId=${segment}`, { headers: adminHeaders() });
      const method = fuzz.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
      const path = fuzz.pick(["/v1/decide", "/v1/events", "/v1/ruleset", "/v1/sdk.js", "/v1/health", "/v1/admin/catalog", "/v1/admin/snapshots", "/v1/admin/stats", `/v1/${segment}`, "/"]);
      await send(`${label} ${method} ${path}`, path, {
        method,
        headers: fuzz.random() < 0.5 ? clientHeaders() : adminHeaders(),
        body: method === "GET" || method === "HEAD" ? null : fuzz.body(validDecide),
      });
    }

    expect(failures).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let the events queue drain
    expect(await storedState()).toEqual(before);
  });
});
