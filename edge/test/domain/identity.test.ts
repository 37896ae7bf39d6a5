import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  constantTimeEqual,
  fromBase64Url,
  fromHex,
  hmacSign,
  hmacVerify,
  isPublicKey,
  secretsEqual,
  sha256Hex,
  toBase64Url,
  toHex,
} from "../../src/domain/identity/crypto.ts";
import { anonymousKeyOf, isProfileTrusted, profileKeyOf, resolveIdentity } from "../../src/domain/identity/identity.ts";
import { signDecisionToken, verifyDecisionToken, type DecisionClaims } from "../../src/domain/identity/tokens.ts";

const SECRET = "token-secret";
const claims: DecisionClaims = { decisionId: "d-1", placement: "home-hero", offerId: "vip-offer", profileKey: "p:u-1", issuedAt: 1_773_144_000_000 };
const bytes = (...values: number[]) => new Uint8Array(values);
const b64url = (text: string) => Buffer.from(text).toString("base64url");

describe("decision tokens", () => {
  it("verify what they signed", async () => {
    const token = await signDecisionToken(SECRET, claims);
    expect(token).toMatch(/^[\w-]+\.[\w-]{22}$/);
    expect(await verifyDecisionToken(SECRET, token)).toEqual(claims);
    const none = { ...claims, offerId: null };
    expect(await verifyDecisionToken(SECRET, await signDecisionToken(SECRET, none))).toEqual(none);
  });

  it("refuse another secret's token", async () => {
    expect(await verifyDecisionToken("other-secret", await signDecisionToken(SECRET, claims))).toBeUndefined();
  });

  it("refuse a tampered payload or signature", async () => {
    const [payload, signature] = (await signDecisionToken(SECRET, claims)).split(".") as [string, string];
    const forged = b64url(JSON.stringify({ d: "d-1", p: "home-hero", o: "vip-offer", k: "p:attacker", t: claims.issuedAt }));
    expect(await verifyDecisionToken(SECRET, `${forged}.${signature}`)).toBeUndefined();
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(await verifyDecisionToken(SECRET, `${payload}.${flipped}`)).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, `${payload}.${signature}A`)).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, `${payload}.${signature}.x`)).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, payload)).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, `${payload}.${signature.replace(/./, "+")}`)).toBeUndefined();
  });

  it("accept only the canonical spelling of a signature (no other last character decodes to it)", async () => {
    const token = await signDecisionToken(SECRET, claims);
    const [payload, signature] = token.split(".") as [string, string];
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const variants = [...alphabet].filter((c) => c !== signature.at(-1)).map((c) => `${payload}.${signature.slice(0, -1)}${c}`);
    const accepted = await Promise.all(variants.map((variant) => verifyDecisionToken(SECRET, variant)));
    expect(accepted.filter(Boolean)).toEqual([]);
    expect(await verifyDecisionToken(SECRET, token)).toBeDefined();
  });

  it("refuse an oversized token, even a validly signed one", async () => {
    const long = await signDecisionToken(SECRET, { ...claims, decisionId: "d".repeat(2000) });
    expect(long.length).toBeGreaterThan(2048);
    expect(await verifyDecisionToken(SECRET, long)).toBeUndefined();
  });

  it("refuse signed payloads whose claims are malformed", async () => {
    const signed = async (payload: string) => `${payload}.${toBase64Url((await hmacSign(SECRET, payload)).slice(0, 16))}`;
    expect(await verifyDecisionToken(SECRET, await signed(b64url("not json")))).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, await signed(b64url(JSON.stringify({ d: "d", p: "p", o: null, k: "k", t: "now" }))))).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, await signed(b64url(JSON.stringify({ d: "d", p: "p", o: 3, k: "k", t: 1 }))))).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, await signed(b64url("null")))).toBeUndefined();
    expect(await verifyDecisionToken(SECRET, await signed(b64url(JSON.stringify({ d: "d", p: "p", o: null, k: "k", t: 1 }))))).toEqual({
      decisionId: "d",
      placement: "p",
      offerId: null,
      profileKey: "k",
      issuedAt: 1,
    });
  });
});

describe("crypto helpers", () => {
  it("constantTimeEqual compares bytes and lengths", () => {
    expect(constantTimeEqual(bytes(1, 2, 3), bytes(1, 2, 3))).toBe(true);
    expect(constantTimeEqual(bytes(1, 2, 3), bytes(1, 2, 4))).toBe(false);
    expect(constantTimeEqual(bytes(1, 2), bytes(1, 2, 3))).toBe(false);
    expect(constantTimeEqual(bytes(), bytes())).toBe(true);
  });

  it("isPublicKey accepts any configured key, trimmed, and nothing else", () => {
    const configured = " key-one , key-two,,";
    expect(isPublicKey("key-one", configured)).toBe(true);
    expect(isPublicKey("key-two", configured)).toBe(true);
    expect(isPublicKey("key-thre", configured)).toBe(false);
    expect(isPublicKey("key-one ", configured)).toBe(false);
    expect(isPublicKey("", configured)).toBe(false);
    expect(isPublicKey("key-one", "")).toBe(false);
  });

  it("secretsEqual matches one of the expected secrets", async () => {
    expect(await secretsEqual("admin", "other", "admin")).toBe(true);
    expect(await secretsEqual("admin", "other")).toBe(false);
    expect(await secretsEqual("admin")).toBe(false);
    expect(await secretsEqual("admin", "admin ")).toBe(false);
  });

  it("hex round-trips and refuses malformed input", () => {
    expect(toHex(bytes(0, 15, 255))).toBe("000fff");
    expect(fromHex("000fFF")).toEqual(bytes(0, 15, 255));
    expect(fromHex("")).toEqual(bytes());
    expect(fromHex("abc")).toBeUndefined();
    expect(fromHex("zz")).toBeUndefined();
  });

  it("base64url round-trips without padding and refuses other alphabets", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(all);
    expect(text).toBe(Buffer.from(all).toString("base64url"));
    expect(fromBase64Url(text)).toEqual(all);
    expect(toBase64Url(bytes(251, 255))).toBe("-_8");
    expect(fromBase64Url("-_8")).toEqual(bytes(251, 255));
    expect(fromBase64Url("+/8=")).toBeUndefined();
    expect(fromBase64Url("a")).toBeUndefined();
  });

  it("HMAC and SHA-256 agree with Node's", async () => {
    const mac = createHmac("sha256", "s").update("message").digest();
    expect(await hmacSign("s", "message")).toEqual(new Uint8Array(mac));
    expect(await hmacVerify("s", "message", new Uint8Array(mac))).toBe(true);
    expect(await hmacVerify("s", "messages", new Uint8Array(mac))).toBe(false);
    expect(await sha256Hex("abc")).toBe(createHash("sha256").update("abc").digest("hex"));
  });
});

describe("identity", () => {
  const secret = "identity-secret";
  const signature = createHmac("sha256", secret).update("u-1").digest("hex");

  it("keys profiles and anonymous visitors apart", () => {
    expect(profileKeyOf("u-1")).toBe("p:u-1");
    expect(anonymousKeyOf("a-1")).toBe("anon:a-1");
  });

  it("trusts claimed profile ids without a secret", async () => {
    expect(await resolveIdentity({ profileId: "u-1", anonymousId: "a-1" }, undefined)).toEqual({ profileKey: "p:u-1", profileId: "u-1", anonymousId: "a-1" });
    expect(await resolveIdentity({ anonymousId: "a-1" }, undefined)).toEqual({ profileKey: "anon:a-1", anonymousId: "a-1" });
  });

  it("with a secret, trusts a profile id only with its signature", async () => {
    expect(await resolveIdentity({ profileId: "u-1", anonymousId: "a-1", profileSignature: signature }, secret)).toMatchObject({ profileKey: "p:u-1", profileId: "u-1" });
    expect(await resolveIdentity({ profileId: "u-1", anonymousId: "a-1", profileSignature: signature.toUpperCase() }, secret)).toMatchObject({ profileKey: "p:u-1" });
    expect(await resolveIdentity({ profileId: "u-2", anonymousId: "a-1", profileSignature: signature }, secret)).toEqual({ profileKey: "anon:a-1", anonymousId: "a-1" });
    expect(await resolveIdentity({ profileId: "u-1", anonymousId: "a-1" }, secret)).toEqual({ profileKey: "anon:a-1", anonymousId: "a-1" });
  });

  it("refuses signatures that are not 32 bytes of hex", async () => {
    expect(await isProfileTrusted("u-1", signature.slice(0, 32), secret)).toBe(false);
    expect(await isProfileTrusted("u-1", `${signature}00`, secret)).toBe(false);
    expect(await isProfileTrusted("u-1", signature.replace(/^./, "g"), secret)).toBe(false);
    expect(await isProfileTrusted("u-1", "", secret)).toBe(false);
    expect(await isProfileTrusted("u-1", signature, secret)).toBe(true);
  });
});
