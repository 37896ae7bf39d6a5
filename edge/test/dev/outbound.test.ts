// Issue #20's proof under `wrangler dev`, against a receiver in its own process that fails on
// purpose: retries with one delivery id and valid signatures, a refused call failed at once and
// retried by the admin route, Retry-After honoured, a hanging receiver timed out and retried, a
// campaign action to 5,000 profiles paced at 50 calls/s, and 10,000 forwarded events (duplicates,
// and an outage in the middle) each arriving in exactly one successful batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge } from "../../scripts/local-edge.mjs";
import { maxInWindow, signedBy, startReceiver, until, type Logged } from "./support/outbound.ts";

const SECRET = "outbound-test-secret";
const PROFILES = Number(process.env["OUTBOUND_PROFILES"] ?? 5_000);
const EVENTS = 10_000;
const ADMIN = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };
let edge: Awaited<ReturnType<typeof startEdge>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

/** Each caller from its own address, as visitors are (the client rate limit is per address). */
const from = (n: number) => ({ "x-client-key": "demo-client-key", "content-type": "application/json", "cf-connecting-ip": `10.20.${(n >> 8) & 255}.${n & 255}` });

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = ADMIN): Promise<any> {
  const response = await fetch(`${edge.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

function catalog(receiverUrl: string) {
  const webhook = (id: string, extra: object = {}) => ({ id, url: `${receiverUrl}/${id}`, secret: "OUTBOUND_TEST_SECRET", ...extra });
  const journey = (id: string) => ({
    id: `${id}-journey`,
    trigger: { event: `${id}.go` },
    reentry: "always",
    steps: [{ action: { webhook: id, body: { to: "{{ profile.id }}", sku: "{{ event.properties.sku }}", tier: "{{ profile.tier | default: \"none\" }}" } } }],
  });
  const start = new Date(Date.now() - 60_000).toISOString();
  return {
    placements: [{ id: "home", format: "json" }],
    offers: [{ id: "hello", placements: ["home"], content: { title: "Hello" } }],
    webhooks: [webhook("flaky"), webhook("refusing"), webhook("limited"), webhook("hanging", { timeout: "PT1S" }), webhook("paced", { perSecond: 50 })],
    forwarding: [{ id: "warehouse", url: `${receiverUrl}/collect`, secret: "OUTBOUND_TEST_SECRET", events: ["fwd"], batch: 100 }],
    journeys: ["flaky", "refusing", "limited", "hanging"].map(journey),
    campaigns: [{ id: "winter-mail", audience: "newsletter", action: { webhook: "paced", body: { email: "{{ profile.email }}", campaign: "{{ campaign.id }}" } }, schedule: { start, end: new Date(Date.now() + 86_400_000).toISOString() } }],
  };
}

async function trigger(name: string, profileId: string, n: number): Promise<void> {
  const event = { id: crypto.randomUUID(), type: "track", name, profileId, anonymousId: `anon-${profileId}`, timestamp: Date.now(), properties: { sku: "sku-7" } };
  expect(await call("POST", "/v1/events", { events: [event] }, from(n))).toMatchObject({ accepted: 1 });
}

const deliveriesOf = async (destination: string) => (await call("GET", `/v1/admin/deliveries?destination=${destination}`)).deliveries as any[];

beforeAll(async () => {
  receiver = await startReceiver();
  edge = await startEdge(120_000, { vars: { OUTBOUND_TEST_SECRET: SECRET } });
  // The campaign's audience: 5,000 profiles of a snapshot, active before the catalog opens the campaign.
  const lines = [{ type: "header", version: "outbound-5000", audiences: [{ id: "newsletter" }] }];
  for (let i = 0; i < PROFILES; i++) lines.push({ profileId: `reader-${i}`, audiences: ["newsletter"], attributes: { email: `reader-${i}@example.com` } } as never);
  await call("POST", "/v1/admin/snapshots", lines.map((line) => JSON.stringify(line)).join("\n"), { ...ADMIN, "content-type": "application/x-ndjson" });
  await receiver.plan("/flaky", [{ status: 503 }, { status: 503 }]);
  await receiver.plan("/refusing", [], { status: 400 });
  await receiver.plan("/limited", [{ status: 429, headers: { "retry-after": "2" } }]);
  await receiver.plan("/hanging", [{ hang: true }]);
  await call("PUT", "/v1/admin/catalog", catalog(receiver.url));
}, 180_000);
afterAll(async () => {
  await edge?.stop();
  receiver?.stop();
});

describe("webhook actions under wrangler dev", () => {
  it("503, 503, then 200: delivered once, the same delivery id on all three attempts, each validly signed", async () => {
    await trigger("flaky.go", "ana", 1);
    const calls = await until(async () => ((await receiver.log("/flaky")).length >= 3 ? receiver.log("/flaky") : undefined), 30_000, "three attempts");
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(new Set(calls.map((c) => c.headers["x-edgewise-delivery"])).size).toBe(1);
    expect(calls[0]!.headers["x-edgewise-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls.every((c) => signedBy(c, SECRET))).toBe(true);
    expect(calls.some((c) => signedBy(c, "another-secret"))).toBe(false);
    expect(JSON.parse(calls[2]!.body)).toEqual({ to: "ana", sku: "sku-7", tier: "none" });
    // Back-off: the second attempt at least half a second after the first, the third later still.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(450);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThan(calls[1]!.at - calls[0]!.at - 600);
    const [delivery] = await until(async () => {
      const list = await deliveriesOf("flaky");
      return list[0]?.status === "delivered" ? list : undefined;
    }, 10_000, "the delivery to be recorded");
    expect(delivery).toMatchObject({ id: calls[0]!.headers["x-edgewise-delivery"], status: "delivered", attempts: 3, lastStatus: 200, source: "journey:flaky-journey@steps[0]" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await receiver.log("/flaky")).toHaveLength(3);
  });

  it("a 400 fails at once, shows in the failed list, and the admin retry delivers it with the same id", async () => {
    await trigger("refusing.go", "ben", 2);
    const failed = await until(async () => (await call("GET", "/v1/admin/deliveries?status=failed&destination=refusing")).deliveries[0], 20_000, "the failed delivery");
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastStatus: 400, deadLetter: false, destination: "refusing", kind: "webhook" });
    expect(failed.error).toContain("400");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await receiver.log("/refusing")).toHaveLength(1); // not retried by itself
    const stats = await call("GET", "/v1/admin/stats");
    expect(stats.outbound.find((o: any) => o.destination === "refusing")).toMatchObject({ failed: 1, delivered: 0 });

    await receiver.plan("/refusing", [], { status: 200 });
    const retried = await call("POST", `/v1/admin/deliveries/${failed.id}/retry`);
    expect(retried).toMatchObject({ id: failed.id, status: "pending" });
    const calls = await until(async () => ((await receiver.log("/refusing")).length >= 2 ? receiver.log("/refusing") : undefined), 15_000, "the retried call");
    expect(calls.map((c) => c.headers["x-edgewise-delivery"])).toEqual([failed.id, failed.id]);
    await until(async () => ((await call("GET", `/v1/admin/deliveries/${failed.id}`)).status === "delivered" ? true : undefined), 10_000, "delivered");
    const again = await fetch(`${edge.url}/v1/admin/deliveries/${failed.id}/retry`, { method: "POST", headers: ADMIN });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("already_delivered");
  });

  it("a 429 with Retry-After: 2 → the next attempt not before 2 s", async () => {
    await trigger("limited.go", "cleo", 3);
    const calls = await until(async () => ((await receiver.log("/limited")).length >= 2 ? receiver.log("/limited") : undefined), 20_000, "two attempts");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    console.log(`Retry-After: 2 → next attempt after ${((calls[1]!.at - calls[0]!.at) / 1000).toFixed(2)} s`);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2_000);
  });

  it("a receiver that hangs: the call times out (timeout PT1S) and is retried", async () => {
    await trigger("hanging.go", "dan", 4);
    const calls = await until(async () => ((await receiver.log("/hanging")).length >= 2 ? receiver.log("/hanging") : undefined), 20_000, "the retry");
    expect(calls[0]!.status).toBeNull(); // never answered
    expect(calls[1]!.status).toBe(200);
    expect(calls[1]!.headers["x-edgewise-delivery"]).toBe(calls[0]!.headers["x-edgewise-delivery"]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_000);
    const delivery = await until(async () => {
      const [d] = await deliveriesOf("hanging");
      return d?.status === "delivered" ? d : undefined;
    }, 10_000, "delivered");
    expect(delivery.attempts).toBe(2);
  });

  it("bad input: unknown destination, malformed ids and cursors are 4xx with the error shape", async () => {
    for (const [path, status, code] of [
      ["/v1/admin/deliveries?destination=nope", 404, "unknown_destination"],
      ["/v1/admin/deliveries?status=lost", 400, "invalid_parameter"],
      ["/v1/admin/deliveries?limit=0", 400, "invalid_parameter"],
      ["/v1/admin/deliveries?before=yesterday", 400, "invalid_parameter"],
      ["/v1/admin/deliveries/not-a-uuid", 400, "invalid_parameter"],
      ["/v1/admin/deliveries/00000000-0000-4000-8000-000000000000", 404, "unknown_delivery"],
    ] as const) {
      const response = await fetch(`${edge.url}${path}`, { headers: ADMIN });
      expect(response.status, path).toBe(status);
      expect(((await response.json()) as any).error.code, path).toBe(code);
    }
    expect((await fetch(`${edge.url}/v1/admin/deliveries`)).status).toBe(401);
  });
});

describe("a campaign action to 5,000 profiles with perSecond: 50", () => {
  it("never more than 50 calls in any one-second window at the receiver, and every profile exactly once", async () => {
    const calls = await until(async () => {
      const log = await receiver.log("/paced");
      return log.length >= PROFILES ? log : undefined;
    }, 240_000, `${PROFILES} campaign calls`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const all = await receiver.log("/paced");
    const max = maxInWindow(all.map((c) => c.at));
    const seconds = (all.at(-1)!.at - all[0]!.at) / 1000;
    if (process.env["OUTBOUND_DEBUG"]) {
      const sorted = all.map((c) => c.at).sort((a, b) => a - b);
      const seen = new Map<string, number[]>();
      for (const c of all) seen.set(c.headers["x-edgewise-delivery"]!, [...(seen.get(c.headers["x-edgewise-delivery"]!) ?? []), c.at - sorted[0]!]);
      console.log("twice:", [...seen].filter(([, t]) => t.length > 1));
      const perSecond = new Map<number, number>();
      for (const t of sorted) perSecond.set(Math.floor((t - sorted[0]!) / 1000), (perSecond.get(Math.floor((t - sorted[0]!) / 1000)) ?? 0) + 1);
      console.log("per second:", [...perSecond.values()].join(" "));
    }
    console.log(`campaign action: ${all.length} calls in ${seconds.toFixed(1)} s (${(all.length / seconds).toFixed(1)}/s); the most in any 1 s window at the receiver: ${max} (perSecond 50)`);
    expect(max).toBeLessThanOrEqual(50);
    expect(all).toHaveLength(PROFILES);
    expect(new Set(all.map((c) => c.headers["x-edgewise-delivery"])).size).toBe(PROFILES);
    const emails = new Set(all.map((c) => JSON.parse(c.body).email));
    expect(emails.size).toBe(PROFILES);
    expect(emails.has(`reader-${PROFILES - 1}@example.com`)).toBe(true);
    expect(all.every((c) => signedBy(c, SECRET))).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(PROFILES);
  }, 300_000);
});

describe("forwarding 10,000 events", () => {
  it("with duplicates and an outage in the middle: every event arrives, none twice across successful batches", async () => {
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      id: crypto.randomUUID(), type: "track", name: "fwd", profileId: `buyer-${i % 200}`, anonymousId: `anon-buyer-${i % 200}`, timestamp: Date.now(), properties: { n: i },
    }));
    for (let i = 0; i < EVENTS; i += 250) {
      if (i === EVENTS / 2) await receiver.plan("/collect", Array.from({ length: 6 }, () => ({ status: 503 }))); // the outage
      const batch = events.slice(i, i + 250);
      expect((await call("POST", "/v1/events", { events: batch }, from(100 + i / 250))).accepted).toBe(batch.length);
      // Every fourth batch again, as a client retries after a lost answer: all duplicates.
      if ((i / 250) % 4 === 0) expect((await call("POST", "/v1/events", { events: batch }, from(200 + i / 250))).duplicates).toBe(batch.length);
    }
    const delivered = await until(async () => {
      const log = (await receiver.log("/collect")).filter((c) => c.status === 200);
      const count = log.reduce((n, c) => n + JSON.parse(c.body).events.length, 0);
      return count >= EVENTS ? log : undefined;
    }, 180_000, "10,000 forwarded events");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const all: Logged[] = await receiver.log("/collect");
    const ok = all.filter((c) => c.status === 200);
    const ids = ok.flatMap((c) => JSON.parse(c.body).events.map((e: { id: string }) => e.id));
    const failed = all.filter((c) => c.status !== 200).length;
    console.log(`forwarding: ${ids.length} events in ${ok.length} successful batches, ${failed} failed calls during the outage (retried)`);
    expect(failed).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length); // no event twice
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id))); // none missing
    expect(ok.every((c) => signedBy(c, SECRET))).toBe(true);
    const first = JSON.parse(ok[0]!.body).events[0];
    expect(first).toMatchObject({ type: "track", name: "fwd" });
    expect(first.profileId).toMatch(/^buyer-/);
    expect(delivered.length).toBeGreaterThan(0);
  }, 300_000);
});
