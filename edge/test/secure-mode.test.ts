import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { hmacSign, toHex } from "../src/domain/identity/crypto.ts";
import { resolveIdentity } from "../src/domain/identity/identity.ts";
import { testCatalog, VIP_PROFILE } from "./fixtures/catalog.ts";
import { CLIENT_KEY, event, importSnapshot, publish, uid, json } from "./helpers.ts";

const IDENTITY_SECRET = "site-backend-secret";
const secureEnv = { ...env, IDENTITY_SECRET };
const app = createApp();

async function signatureOf(profileId: string, secret = IDENTITY_SECRET): Promise<string> {
  return toHex(await hmacSign(secret, profileId));
}

function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return app.request(
    path,
    {
      method: init.method ?? "GET",
      headers: { "x-client-key": CLIENT_KEY, "content-type": "application/json", ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    },
    secureEnv,
  );
}

beforeAll(async () => {
  await publish(testCatalog());
  expect((await importSnapshot("secure-snap", [VIP_PROFILE])).status).toBe(201);
});

describe("secure mode (IDENTITY_SECRET set)", () => {
  it("serves a profile id without a signature as anonymous", async () => {
    const response = await call("/v1/decide", { method: "POST", body: { profileId: "u-vip", anonymousId: "a-1", placements: ["home-hero"] } });
    const body = await json(response);
    expect(body).toMatchObject({ anonymous: true, audiences: [], decisions: [{ offerId: "default-hero" }] });
  });

  it("serves a profile id with a forged or malformed signature as anonymous", async () => {
    for (const profileSignature of [await signatureOf("u-vip", "wrong-secret"), await signatureOf("u-other"), "zz", "a".repeat(64)]) {
      const response = await call("/v1/decide", {
        method: "POST",
        body: { profileId: "u-vip", profileSignature, anonymousId: "a-1", placements: ["home-hero"] },
      });
      expect((await json(response)).anonymous, profileSignature).toBe(true);
    }
  });

  it("trusts a valid signature, in the body or the x-profile-signature header", async () => {
    const profileSignature = await signatureOf("u-vip");
    const inBody = await call("/v1/decide", {
      method: "POST",
      body: { profileId: "u-vip", profileSignature, anonymousId: "a-1", placements: ["home-hero"] },
    });
    expect(await json(inBody)).toMatchObject({ anonymous: false, audiences: ["vip"], decisions: [{ offerId: "vip-offer" }] });
    const inHeader = await call("/v1/decide", {
      method: "POST",
      headers: { "x-profile-signature": profileSignature.toUpperCase() },
      body: { profileId: "u-vip", anonymousId: "a-1", placements: ["home-hero"] },
    });
    expect((await json(inHeader)).anonymous).toBe(false);
  });

  it("GET /v1/profile/:id reveals nothing without a valid signature", async () => {
    for (const query of ["", `?profileSignature=${await signatureOf("u-other")}`]) {
      const response = await call(`/v1/profile/u-vip${query}`);
      expect(response.status).toBe(403);
      const text = await response.text();
      expect(text).not.toContain("vip");
      expect(JSON.parse(text).error.code).toBe("signature_required");
    }
    const ok = await call(`/v1/profile/u-vip?profileSignature=${await signatureOf("u-vip")}`);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ audiences: ["vip"] });
    const viaHeader = await call("/v1/profile/u-vip", { headers: { "x-profile-signature": await signatureOf("u-vip") } });
    expect(viaHeader.status).toBe(200);
  });

  it("attributes events with an unverified profile id to the anonymous id", async () => {
    const profileId = uid("p");
    const anonymousId = uid("a");
    const response = await call("/v1/events", {
      method: "POST",
      body: { events: [event({ type: "track", name: "unverified", profileId, anonymousId })] },
    });
    expect(response.status).toBe(202);
    const verified = await call(`/v1/profile/${profileId}?profileSignature=${await signatureOf(profileId)}`);
    expect((await json(verified)).history).toEqual([]);
    expect(await resolveIdentity({ profileId, anonymousId }, IDENTITY_SECRET)).toEqual({ profileKey: `anon:${anonymousId}`, anonymousId });

    const signed = await call("/v1/events", {
      method: "POST",
      body: { profileSignature: await signatureOf(profileId), events: [event({ type: "track", name: "verified", profileId, anonymousId })] },
    });
    expect(signed.status).toBe(202);
    const after = await call(`/v1/profile/${profileId}?profileSignature=${await signatureOf(profileId)}`);
    expect((await json(after)).history.map((h: { name: string }) => h.name)).toEqual(["verified"]);
  });
});

describe("secure mode off (no IDENTITY_SECRET)", () => {
  it("trusts profile ids as sent", async () => {
    expect(await resolveIdentity({ profileId: "u-1", anonymousId: "a" }, undefined)).toEqual({
      profileKey: "p:u-1",
      profileId: "u-1",
      anonymousId: "a",
    });
  });
});
