// The outbound domain in Node: the retry rule, the pacer, the address policy, signing and stable
// ids, forwarding's event shape, and the destination service on a simulated clock (a day of
// retries cannot run in real time; the real receiver tests are in test/dev/outbound.test.ts).
import { createHmac } from "node:crypto";
import { compileCatalog } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { isPrivateHost, outboundCatalogProblems, outboundUrlProblem } from "../../src/domain/outbound/addresses.ts";
import { renderActionBody } from "../../src/domain/outbound/action-body.ts";
import { DestinationService } from "../../src/domain/outbound/destination-service.ts";
import { destinationsOf, type Destination } from "../../src/domain/outbound/destinations.ts";
import { dispatchOutbound, forwardedEvent } from "../../src/domain/outbound/dispatch.ts";
import { OUTBOUND_LIMITS } from "../../src/domain/outbound/limits.ts";
import { Pacer } from "../../src/domain/outbound/pacer.ts";
import { nextAttemptAt, retryAfterMs, verdictOf } from "../../src/domain/outbound/retry-policy.ts";
import { deliveryHeaders, stableDeliveryId } from "../../src/domain/outbound/signing.ts";
import { eventMessage } from "../../src/domain/events/messages.ts";
import { MemoryDeliveries } from "./outbound-fakes.ts";
import { T0 } from "./fakes.ts";

describe("the retry rule", () => {
  it("delivers on 2xx, retries 408, 429, 5xx and no answer, fails other answers at once (redirects are not followed)", () => {
    expect([200, 201, 204].map(verdictOf)).toEqual(["delivered", "delivered", "delivered"]);
    expect([408, 429, 500, 502, 503, 504, undefined].map(verdictOf)).toEqual(Array(7).fill("retry"));
    expect([301, 302, 400, 401, 403, 404, 409, 410, 422].map(verdictOf)).toEqual(Array(9).fill("failed"));
  });

  it("reads Retry-After as seconds or an HTTP date, bounded", () => {
    expect(retryAfterMs("2", T0)).toBe(2000);
    expect(retryAfterMs(new Date(T0 + 5000).toUTCString(), T0)).toBe(5000);
    expect(retryAfterMs("999999999", T0)).toBe(OUTBOUND_LIMITS.maxRetryAfterMs);
    expect(retryAfterMs(new Date(T0 - 5000).toUTCString(), T0)).toBe(0);
    expect([null, undefined, "", "soon", "-3"].map((h) => retryAfterMs(h, T0))).toEqual(Array(5).fill(undefined));
  });

  it("backs off exponentially with jitter, capped, never before Retry-After", () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptAt(n, 0, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((n) => nextAttemptAt(n, 0, undefined, () => 0))).toEqual([500, 1000, 2000]);
    expect(nextAttemptAt(40, 0, undefined, () => 1)).toBe(OUTBOUND_LIMITS.maxRetryMs);
    expect(nextAttemptAt(1, 0, 2000, () => 0)).toBe(2000);
  });
});

describe("the pacer", () => {
  it("never starts more than perSecond calls in any window", () => {
    const pacer = new Pacer(3);
    const starts: number[] = [];
    for (let now = 0; starts.length < 30; now += 7) {
      if (pacer.nextSlot(now) <= now) {
        pacer.take(now);
        starts.push(now);
      }
    }
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + OUTBOUND_LIMITS.pacingWindowMs).length).toBeLessThanOrEqual(3);
    // Evenly spaced, so any second holds fewer than perSecond starts.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(350);
    for (const start of starts) expect(starts.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(3);
    expect(new Pacer(undefined).nextSlot(5)).toBe(5);
    expect(new Pacer(10, 105).nextSlot(0)).toBe(105);
  });
});

describe("where outbound calls may go", () => {
  it("outside local development: https to public hosts only, judged as URL parses them", () => {
    expect(outboundUrlProblem("https://esp.example/send", false)).toBeUndefined();
    expect(outboundUrlProblem("http://esp.example/send", false)).toMatch(/https/);
    for (const url of [
      "https://localhost/x", "https://api.localhost/x", "https://127.0.0.1/", "https://2130706433/", "https://0x7f.1/", "https://10.1.2.3/",
      "https://172.20.0.1/", "https://192.168.1.1/", "https://169.254.169.254/latest", "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/",
      "https://[::ffff:127.0.0.1]/", "https://[fd00::1]/", "https://[fe80::1]/", "https://printer.local/", "https://db.internal/", "https://[64:ff9b::a00:1]/",
    ]) {
      expect(outboundUrlProblem(url, false), url).toMatch(/private, loopback or local/);
    }
    expect(isPrivateHost("[2606:4700::1111]")).toBe(false);
    expect(isPrivateHost("1.1.1.1")).toBe(false);
    expect(isPrivateHost("172.32.0.1")).toBe(false);
  });

  it("in local development: http and loopback too; never another scheme", () => {
    expect(outboundUrlProblem("http://127.0.0.1:8788/hook", true)).toBeUndefined();
    expect(outboundUrlProblem("ftp://x.example/", true)).toMatch(/http/);
    expect(outboundUrlProblem("not a url", true)).toMatch(/absolute/);
  });

  it("names each catalog destination's problem at its path", () => {
    const catalog = { webhooks: [{ id: "a", url: "https://ok.example" }, { id: "b", url: "http://10.0.0.1/" }], forwarding: [{ id: "c", url: "https://[::1]/" }] };
    expect(outboundCatalogProblems(catalog, false).map((p) => p.path)).toEqual(["$.webhooks[1].url", "$.forwarding[0].url"]);
    expect(outboundCatalogProblems(catalog, true)).toEqual([]);
  });
});

describe("signing and ids", () => {
  it("signs <timestamp>.<body> with HMAC-SHA256, as a receiver checks it", async () => {
    const body = '{"to":"ana"}';
    const headers = await deliveryHeaders("d-1", body, "s3cret", T0);
    expect(headers["x-edgewise-delivery"]).toBe("d-1");
    expect(headers["x-edgewise-timestamp"]).toBe(String(T0 / 1000));
    const expected = createHmac("sha256", "s3cret").update(`${T0 / 1000}.${body}`).digest("hex");
    expect(headers["x-edgewise-signature"]).toBe(`sha256=${expected}`);
    expect((await deliveryHeaders("d-1", body, undefined, T0))["x-edgewise-signature"]).toBeUndefined();
  });

  it("derives the same UUID from the same name, and another from another", async () => {
    const a = await stableDeliveryId("campaign:x@1|p-1");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await stableDeliveryId("campaign:x@1|p-1")).toBe(a);
    expect(await stableDeliveryId("campaign:x@1|p-2")).not.toBe(a);
  });
});

describe("bodies and forwarded events", () => {
  it("renders an action body's templates unescaped into JSON, any JSON shape", () => {
    const action = { body: { to: "{{ profile.email }}", note: "<b>{{ event.properties.sku }}</b>", n: 3, tags: ["{{ audiences.0 }}"] } };
    const data = { profile: { email: 'a"b@example.com' }, event: { properties: { sku: "s<1>" } }, audiences: ["vip"] };
    expect(JSON.parse(renderActionBody(action, data)!)).toEqual({ to: 'a"b@example.com', note: "<b>s<1></b>", n: 3, tags: ["vip"] });
    expect(renderActionBody({ body: "{{ profile.email }}" }, data)).toBe('"a\\"b@example.com"');
    expect(renderActionBody({ body: { big: "{{ x }}" } }, { x: "y".repeat(OUTBOUND_LIMITS.maxBodyBytes) })).toBeUndefined();
  });

  it("forwards an event with its id, who, what and properties", () => {
    const message = eventMessage({ id: "e-1", type: "track", name: "fwd", timestamp: T0, properties: { n: 1 } }, "p:ana", T0);
    expect(forwardedEvent(message)).toEqual({ key: "p:ana|e-1", event: { id: "e-1", type: "track", name: "fwd", profileId: "ana", timestamp: new Date(T0).toISOString(), properties: { n: 1 } } });
    expect(forwardedEvent(eventMessage({ id: "e-2", type: "display", name: "display", offerId: "o", timestamp: T0 }, "anon:x", T0)).event).toMatchObject({ anonymousId: "x", offerId: "o" });
  });

  it("dispatches webhook calls by webhook and events to the forwarding destinations that take them", async () => {
    const catalog = compileCatalog({
      placements: [{ id: "p", format: "json" }], offers: [{ id: "o", placements: ["p"], content: {} }],
      webhooks: [{ id: "esp", url: "https://esp.example" }],
      forwarding: [{ id: "all", url: "https://a.example" }, { id: "some", url: "https://b.example", events: ["display"] }],
    });
    const calls: string[] = [];
    await dispatchOutbound(
      [
        { kind: "webhook", key: "k1", timestamp: T0, deliveryId: "d1", webhook: "esp", body: "{}", source: "journey:j@steps[0]" },
        { kind: "webhook", key: "k2", timestamp: T0, deliveryId: "d2", webhook: "gone", body: "{}", source: "journey:j@steps[0]" },
        eventMessage({ id: "e1", type: "track", name: "fwd", timestamp: T0 }, "p:a", T0),
        eventMessage({ id: "e2", type: "display", name: "display", timestamp: T0 }, "p:a", T0),
      ],
      destinationsOf(catalog),
      {
        enqueue: async (name, destination, deliveries) => void calls.push(`${name}:${destination ? "known" : "null"}:${deliveries.map((d) => d.id)}`),
        forward: async (name, _d, events) => void calls.push(`${name}:${events.map((e) => e.event["id"])}`),
      },
    );
    expect(calls.sort()).toEqual(["forwarding:all:e1,e2", "forwarding:some:e2", "webhook:esp:known:d1", "webhook:gone:null:d2"]);
  });
});

/** A service on a simulated clock, calling `answer` instead of the network. */
function service(destination: Destination, answer: (call: { id: string; body: string; at: number }) => number | "hang" | "error", records = new MemoryDeliveries()) {
  let now = T0;
  const calls: { id: string; body: string; at: number; status: number | string }[] = [];
  const wakes: number[] = [];
  const svc = new DestinationService({
    records,
    campaigns: { page: async () => [], catalog: async () => null },
    secret: (name) => (name === "S" ? "secret" : undefined),
    development: false,
    fetch: async (_url, init) => {
      const call = { id: (init!.headers as Record<string, string>)["x-edgewise-delivery"]!, body: String(init!.body), at: now };
      const status = answer(call);
      calls.push({ ...call, status });
      if (status === "error") throw new TypeError("connection refused");
      if (status === "hang") throw new DOMException("timed out", "TimeoutError");
      return new Response("nope", { status });
    },
    wakeAt: async (at) => void wakes.push(at),
    now: () => now,
    sleep: async (ms) => void (now += ms),
    random: () => 1,
  });
  const advance = (ms: number) => (now += ms);
  return { svc, records, calls, wakes, advance, now: () => now };
}

const hook = (extra: Partial<Destination> = {}): Destination => ({ kind: "webhook", id: "esp", url: "https://esp.example/send", timeoutMs: 1000, ...extra });

describe("a destination's deliveries", () => {
  it("retries for a day, then fails it as a dead letter; an operator's retry starts a new day", async () => {
    const t = service(hook(), () => 503);
    await t.svc.enqueue(hook(), [{ id: "d1", source: "test", body: "{}", createdAt: T0 }]);
    for (let i = 0; i < 200 && t.records.get("d1")!.status === "pending"; i++) {
      t.advance(Math.max(0, t.records.get("d1")!.nextAttemptAt - t.now()));
      await t.svc.run();
    }
    const d = t.records.get("d1")!;
    expect(d).toMatchObject({ status: "failed", deadLetter: true, lastStatus: 503 });
    expect(t.calls.at(-1)!.at - T0).toBeLessThanOrEqual(OUTBOUND_LIMITS.giveUpAfterMs);
    expect(d.attempts).toBeGreaterThan(10);
    expect(new Set(t.calls.map((c) => c.id))).toEqual(new Set(["d1"]));
    expect(await t.svc.retry("d1")).toMatchObject({ status: "pending", deadLetter: false });
  });

  it("fails a refused call at once, a missing secret or a forbidden address without calling", async () => {
    const t = service(hook(), () => 404);
    await t.svc.enqueue(hook(), [{ id: "a", source: "t", body: "{}", createdAt: T0 }]);
    await t.svc.run();
    expect(t.records.get("a")).toMatchObject({ status: "failed", attempts: 1, lastStatus: 404, deadLetter: false, error: "404: nope" });
    const u = service(hook({ secret: "MISSING" }), () => 200);
    await u.svc.enqueue(hook({ secret: "MISSING" }), [{ id: "b", source: "t", body: "{}", createdAt: T0 }]);
    await u.svc.run();
    expect(u.calls).toEqual([]);
    expect(u.records.get("b")!.error).toMatch(/MISSING is not set/);
    const v = service(hook({ url: "https://10.0.0.1/" }), () => 200);
    await v.svc.enqueue(hook({ url: "https://10.0.0.1/" }), [{ id: "c", source: "t", body: "{}", createdAt: T0 }]);
    await v.svc.run();
    expect(v.calls).toEqual([]);
    expect(v.records.get("c")).toMatchObject({ status: "failed" });
  });

  it("keeps each delivery id once, and drops beyond the waiting limit, counted", async () => {
    const t = service(hook(), () => 200);
    expect(await t.svc.enqueue(hook(), [{ id: "x", source: "t", body: "{}", createdAt: T0 }, { id: "x", source: "t", body: "{}", createdAt: T0 }])).toEqual({ added: 1, dropped: 0 });
    await t.svc.run();
    expect(t.calls).toHaveLength(1);
  });

  it("pauses after a run of failures instead of hammering a receiver that is down", async () => {
    let down = true;
    const t = service(hook(), () => (down ? "error" : 200));
    await t.svc.enqueue(hook(), Array.from({ length: 20 }, (_, i) => ({ id: `d${i}`, source: "t", body: "{}", createdAt: T0 })));
    await t.svc.run();
    const failedWhileDown = t.calls.length;
    expect(failedWhileDown).toBeLessThan(20 + 15); // not every delivery, retried back to back
    down = false;
    for (let i = 0; i < 50 && t.records.stats().delivered < 20; i++) {
      t.advance(60_000);
      await t.svc.run();
    }
    expect(t.records.stats()).toMatchObject({ delivered: 20, failed: 0 });
  });

  it("forwards buffered events in batches of its size, each event in one batch, a late remainder after flushAfterMs", async () => {
    const dest: Destination = { kind: "forwarding", id: "wh", url: "https://wh.example", timeoutMs: 1000, batch: 10 };
    const t = service(dest, () => 200);
    const events = Array.from({ length: 25 }, (_, i) => ({ key: `p:a|e${i}`, event: { id: `e${i}` } }));
    expect(await t.svc.forward(dest, events)).toEqual({ added: 25, dropped: 0 });
    expect(await t.svc.forward(dest, events.slice(0, 5))).toEqual({ added: 0, dropped: 0 }); // duplicates
    await t.svc.run();
    expect(t.calls.map((c) => JSON.parse(c.body).events.length)).toEqual([10, 10]);
    t.advance(OUTBOUND_LIMITS.flushAfterMs);
    await t.svc.run();
    const ids = t.calls.flatMap((c) => JSON.parse(c.body).events.map((e: { id: string }) => e.id));
    expect(ids).toEqual(events.map((e) => e.event.id));
  });

  it("an enqueue for a webhook the catalog no longer has, at an object that never knew it, fails visibly", async () => {
    const t = service(hook(), () => 200);
    await t.svc.enqueue(null, [{ id: "z", source: "t", body: "{}", createdAt: T0 }]);
    expect(t.records.get("z")).toMatchObject({ status: "failed", error: "the webhook is not in the active catalog" });
  });
});
