// Finding 3: no rate limiting. Client routes are limited per client key and address, failed admin
// sign-ins per address, with Cloudflare's rate-limiting binding (local under workerd): 429 with
// Retry-After, in the JSON error shape.
import { describe, expect, it } from "vitest";
import { adminHeaders, fetchApp as fetchEdge, json } from "../helpers.ts";

describe("rate limits", () => {
  it("a client key from one address gets 429 past the binding's limit; another address is not affected", { timeout: 60_000 }, async () => {
    const from = (ip: string) => ({ "x-client-key": "test-client-key", "cf-connecting-ip": ip, "if-none-match": "*" });
    // As fast as possible (the binding's window is a minute): 50 at a time until one is limited.
    let passed = 0;
    let limitedSeen = false;
    while (!limitedSeen && passed < 2500) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const response = await fetchEdge("/v1/ruleset", { headers: from("192.0.2.1") });
          await response.body?.cancel();
          return response.status;
        }),
      );
      passed += statuses.filter((s) => s !== 429).length;
      limitedSeen = statuses.includes(429);
    }
    expect(limitedSeen).toBe(true);
    // 1,000 a minute: at least that many passed (more only if the run crossed into a new minute).
    expect(passed).toBeGreaterThanOrEqual(1000);
    expect(passed).toBeLessThanOrEqual(2000);
    const limited = await fetchEdge("/v1/ruleset", { headers: from("192.0.2.1") });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(await json(limited)).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("too many requests") } });
    const other = await fetchEdge("/v1/ruleset", { headers: from("192.0.2.2") });
    expect(other.status).not.toBe(429);
    await other.body?.cancel();
    // The health check and admin routes are not client routes.
    expect((await fetchEdge("/v1/health", { headers: from("192.0.2.1") })).status).toBe(200);
  });

  it("20 failed admin sign-ins from one address, then 429; the right key elsewhere still works", { timeout: 60_000 }, async () => {
    // The binding's windows are whole minutes of the wall clock: start well inside one, so that the
    // 22 sign-ins are counted in the same window however slow the machine is.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const wrong = { authorization: "Bearer guess", "cf-connecting-ip": "198.51.100.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await fetchEdge("/v1/admin/stats", { headers: wrong })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await fetchEdge("/v1/admin/stats", { headers: { ...adminHeaders(), "cf-connecting-ip": "198.51.100.8" } })).status).toBe(200);
  });
});
