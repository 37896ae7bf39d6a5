import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { JSON_DEPTH } from "../domain/shared/checks.ts";
import { aepRulesFromCatalog } from "../domain/adobe/aep-rules.ts";
import { targetDisplayMessages } from "../domain/adobe/target-events.ts";
import { sendDownstream } from "../domain/events/downstream.ts";
import { downstream } from "../adapters/downstream.ts";
import { readActiveCatalog, readRulesetText } from "../adapters/kv/catalog-store.ts";
import { loadTarget, readTargetArtifactInfo, targetClient, writeTargetArtifact } from "../adapters/kv/target-artifact-store.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import { parseParameters } from "./bodies/parameters.ts";
import { parseDeliveryBody, TARGET_ARTIFACT_QUERY, TargetArtifactShape } from "./bodies/adobe-bodies.ts";
import { etagMatches } from "./ruleset.ts";

/**
 * Adobe formats at the edge: the Target on-device decisioning artifact (admin), Target Delivery API
 * requests answered from it (client; its display notifications counted as `target:<activity>`
 * displays), and the active catalog as an AEP mobile ruleset (client).
 */
export const adobeAdminRoutes = new Hono<AppEnv>()
  .put("/target-artifact", async (c) => {
    const { client } = parseParameters(TARGET_ARTIFACT_QUERY, c.req.query());
    const artifact = TargetArtifactShape.parse(await readJsonBody(c, BODY_LIMITS.catalog, JSON_DEPTH.catalog), "$");
    const { info, warnings } = await writeTargetArtifact(c.env.CATALOGS, artifact, targetClient(artifact, client));
    return c.json({ version: info.version, storedAt: info.storedAt, client: info.client, warnings });
  })
  .get("/target-artifact", async (c) => {
    const info = await readTargetArtifactInfo(c.env.CATALOGS);
    if (!info) throw new ApiError(404, "no_target_artifact", "no Target artifact has been stored yet");
    return c.json(info);
  });

export const adobeRoutes = new Hono<AppEnv>()
  .post("/target/delivery", async (c) => {
    const input = parseDeliveryBody(await readJsonBody(c, BODY_LIMITS.decide));
    const target = await loadTarget(c.env.CATALOGS);
    if (!target) throw new ApiError(404, "no_target_artifact", "no Target artifact has been stored yet");
    let answer;
    try {
      answer = await target.getOffers(input);
    } catch (error) {
      throw new ApiError(400, "invalid_request", error instanceof Error ? error.message : "the Delivery API request cannot be answered", "$");
    }
    const now = Date.now();
    const messages = answer.notifications.flatMap((payload) => targetDisplayMessages(payload, target.activities, now));
    if (messages.length > 0) {
      // A display that fails to reach the statistics must not fail the answer.
      await sendDownstream(downstream(c.env), messages).catch((error: unknown) => console.error("target notifications not sent", error));
    }
    return c.json(answer.response);
  })
  .get("/aep-rules", async (c) => {
    const active = await readActiveCatalog(c.env.CATALOGS);
    if (!active) throw new ApiError(404, "no_active_catalog", "no catalog has been published yet");
    const etag = `"${active.version}"`;
    const headers = { ETag: etag, "Cache-Control": "no-cache", "x-catalog-version": active.version };
    if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
    const text = await readRulesetText(c.env.CATALOGS, active.version);
    if (text === null) throw new ApiError(404, "no_active_catalog", "the active catalog's ruleset is missing");
    const { ruleset, skipped } = aepRulesFromCatalog(JSON.parse(text));
    return c.json(ruleset, 200, { ...headers, "x-edgewise-skipped": String(skipped.length) });
  });
