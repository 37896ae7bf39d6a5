import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM build script without types
import { DEVICE, measureSize } from "../scripts/size.mjs";

/** Issue #2's budget for the whole engine, min+gzip. Not met yet: see the README's "Speed and size". */
const TARGET = 6 * 1024;
/**
 * What this test enforces until the target is met: a guard against growth, not the goal. Strict
 * catalogs (closed fields, did-you-mean suggestions, `catalogWarnings`) raised it from 13 KB; the
 * WHATWG-faithful URL policy and declared deep-link schemes (issue #14) from 15 KB; the linear-time
 * `matches` matcher (src/rules/regex/: parser, Pike VM, case folding; +2.5 KB) from 15.375 KB; the
 * one evaluation context (`profileInput`, which the edge, its journeys and the SDKs now share instead
 * of assembling it each) from 17.875 KB; experiments and the holdout (compiled, validated and
 * decided: issue #18, +1.7 KB, 1.1 KB of it on the device path) from 18 KB; the outbound catalog's
 * validation (webhooks, forwarding, `action` steps and campaigns: ids, URLs, secret names, rates,
 * timeouts, body templates; 20,098 → 20,915 B, none of it on the device path) from 20 KB.
 */
const CEILING = 20.5 * 1024;

describe("size", () => {
  it(`the whole engine stays under its ${CEILING / 1024} KB ceiling (target ${TARGET / 1024} KB)`, async () => {
    const { gzipped, minified } = (await measureSize()) as { gzipped: number; minified: number };
    const status = gzipped <= TARGET ? "target met" : `${gzipped - TARGET} B over the ${TARGET} B target`;
    console.log(`decision-engine: ${minified} B minified, ${gzipped} B min+gzip (${status})`);
    expect(gzipped).toBeLessThanOrEqual(CEILING);
  });

  it("the device compile path (what the SDKs import) leaves the catalog validation out", async () => {
    const { code, gzipped } = (await measureSize(DEVICE)) as { code: Uint8Array; gzipped: number };
    const text = new TextDecoder().decode(code);
    console.log(`decision-engine, device part: ${gzipped} B min+gzip`);
    const validation = ["must be a non-empty string", "must be an http(s), mailto:, tel: or relative URL", "is not declared in deepLinkSchemes", "duplicate offer id", "an offer needs content or a message", "a client ruleset has none", "CatalogError", "unknown field", "did you mean", "Placement[]!", "CampaignSchedule", "unknown audience", "must name a Worker secret", "unknown webhook", "SNAPSHOT_SIGNING_SECRET"];
    expect(validation.filter((message) => text.includes(message))).toEqual([]);
  });

  it("the bundle contains no eval, new Function or source generation", async () => {
    const { code } = (await measureSize()) as { code: Uint8Array };
    const text = new TextDecoder().decode(code);
    expect(text).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(/);
  });
});
