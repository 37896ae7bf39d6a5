import { readFileSync } from "node:fs";
import { clientRuleset, compileCatalog, compileDeviceRuleset, decide } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/index.ts";
import { appState, manualClock, settle, storage } from "../helpers.ts";

interface Case {
  name: string;
  catalog: unknown;
  input: Record<string, any>;
  expected: { decisions: unknown[] };
}

/** `count` in decisions.json is the one number to change when a case is added or removed. */
const { cases, count } = JSON.parse(readFileSync(new URL("../../../decision-engine/test/fixtures/decisions.json", import.meta.url), "utf8")) as { cases: Case[]; count: number };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The engine's shared decision fixtures, decided by the mobile client in local mode: the same
 * decisions as `decide()` in Node. No device and no edge run here, so a fake `fetch` stands in for
 * the edge: `GET /v1/ruleset` serves the case's catalog as the edge's ruleset (`clientRuleset`) and `GET /v1/profile/:id` the case's profile
 * state (audiences, attributes, history, pending journey offers, global counts), exactly the
 * inputs a device caches from the edge; `now` comes from the clock, context, event and explain from
 * `decide`. Everything between — the ports, AsyncStorage (its jest mock), the ruleset and profile
 * caches, the shared core's local decisioning — is the real code.
 */
describe("decision fixtures through the mobile client", () => {
  // Cases the mobile client decided, by name: every case of the file must run, not just be in it.
  const ran = new Set<string>();

  it("has exactly `count` cases", () => {
    expect(cases.length).toBe(count);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    ran.add(c.name);
    const { input } = c;
    if (input.variants !== undefined) {
      // A forced experiment variant is a QA input of the engine and the edge's simulator, not of the
      // client's API: decided here from the device's ruleset (the path the client compiles) instead.
      expect(JSON.parse(JSON.stringify(decide(compileDeviceRuleset(clientRuleset(compileCatalog(c.catalog))), input)))).toEqual(c.expected);
      return;
    }
    const profile = isRecord(input.profile) ? input.profile : undefined;
    const hasProfileState = ["audiences", "history", "pending", "globalCounts"].some((key) => key in input);
    // The profile state is fetched for a known profile; a case without a usable id uses a stand-in id.
    const profileId = typeof profile?.id === "string" ? profile.id : hasProfileState ? "fixture-profile" : undefined;
    const { id: _id, ...attributes } = profile ?? {};
    const requests: string[] = [];
    const fetch = async (url: string) => {
      const path = new URL(url).pathname;
      requests.push(path);
      if (path === "/v1/ruleset") return Response.json(clientRuleset(compileCatalog(c.catalog)), { headers: { etag: '"fixture"' } });
      if (path === `/v1/profile/${profileId}`) {
        const { audiences, history, pending, globalCounts } = input;
        return Response.json({ profileId, audiences, attributes, history, pending, globalCounts });
      }
      return Response.json({ error: { code: "not_found", message: path } }, { status: 404 });
    };
    const client = createClient({
      clientKey: "demo-client-key",
      edgeUrl: "https://edge.example",
      mode: "local",
      storage,
      lifecycle: appState("active"),
      fetch,
      clock: manualClock(input.now),
      context: () => ({}),
      // The fixtures' placements are web and app ones alike, and their inputs name no channel: the
      // client decides every one of them, as the engine does without `context.channel`.
      channel: undefined,
      profileId,
      // The device tracks app.launch as usual; showing a message at launch would add a display to
      // the device's history (and so to caps) before the case decides: not part of the case.
      lifecycleMessages: false,
      logger: () => {},
    });
    await client.ready;
    await settle();
    const decisions = await client.decide(input.placements ?? [], { context: input.context, event: input.event, explain: input.explain });
    client.stop();
    expect(requests).toContain("/v1/ruleset");
    expect(JSON.parse(JSON.stringify(decisions))).toEqual(c.expected.decisions);
  });

  it("ran every case", () => {
    expect(ran.size).toBe(count);
  });
});
