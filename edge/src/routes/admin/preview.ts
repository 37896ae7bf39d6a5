import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { tokenSecret } from "../../adapters/secrets.ts";
import { loadFacts, readActiveCatalog, readStoredCatalog } from "../../adapters/kv/catalog-store.ts";
import { isDeepLink } from "@edgewise/decision-engine";
import { PREVIEW_PARAMETER } from "@edgewise/sdk-core/wire";
import { signPreviewToken } from "../../domain/identity/preview.ts";
import { BODY_LIMITS, readJsonBody } from "../../middleware/body.ts";
import { PreviewBodyShape } from "../bodies/parameters.ts";

/**
 * `POST /v1/admin/preview` `{offerId} | {experimentId, variantId}, minutes?, url?` → `{token,
 * expiresAt, link?}`: a signed, expiring token that makes the browser or device that uses it see
 * that offer (first on its placements, whatever its eligibility, caps or schedule) or variant,
 * with the SDK's explanation overlay; its decisions are dry runs, nothing is counted. `link` is
 * `url` with `?edgewise_preview=<token>`: open it on the site, or in the app (a link of a scheme
 * the catalog's `deepLinkSchemes` declare, e.g. `shop://home`), to preview there.
 */
export const previewRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = PreviewBodyShape.parse(await readJsonBody(c, BODY_LIMITS.decide), "$");
  if ((body.offerId === undefined) === (body.experimentId === undefined)) {
    throw new ApiError(400, "invalid_body", "give an offerId, or an experimentId with a variantId", "$");
  }
  if (body.experimentId !== undefined && body.variantId === undefined) throw new ApiError(400, "invalid_body", "an experiment preview needs its variantId", "$.variantId");
  const active = await readActiveCatalog(c.env.CATALOGS);
  const facts = active ? await loadFacts(c.env.CATALOGS, active.version) : null;
  if (body.offerId !== undefined && !facts?.offers.has(body.offerId)) throw new ApiError(404, "unknown_offer", `the active catalog has no offer "${body.offerId}"`, "$.offerId");
  if (body.experimentId !== undefined) {
    const experiment = facts?.experiments.get(body.experimentId);
    if (!experiment) throw new ApiError(404, "unknown_experiment", `the active catalog has no experiment "${body.experimentId}"`, "$.experimentId");
    if (!experiment.variants.some((v) => v.id === body.variantId)) throw new ApiError(404, "unknown_variant", `experiment "${body.experimentId}" has no variant "${body.variantId}"`, "$.variantId");
  }
  const link = body.url === undefined ? undefined : await previewUrl(c.env.CATALOGS, body.url, active?.version);
  const expiresAt = Date.now() + (body.minutes ?? 60) * 60_000;
  const token = await signPreviewToken(tokenSecret(c.env), {
    ...(body.offerId === undefined ? {} : { offerId: body.offerId }),
    ...(body.experimentId === undefined ? {} : { experimentId: body.experimentId, variantId: body.variantId! }),
    expiresAt,
  });
  link?.searchParams.set(PREVIEW_PARAMETER, token);
  return c.json({ token, expiresAt: new Date(expiresAt).toISOString(), ...(link ? { link: link.href } : {}) });
});

/**
 * The page or app link a preview link opens: an absolute http(s) URL, or a link of one of the app
 * schemes the active catalog declares (`deepLinkSchemes`), judged after WHATWG URL parsing. Any
 * other scheme (javascript:, data:, file:, …) is refused.
 */
async function previewUrl(kv: KVNamespace, text: string, version: string | undefined): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError(400, "invalid_body", "url must be an absolute URL", "$.url");
  }
  if (url.protocol === "https:" || url.protocol === "http:") return url;
  const stored = version ? await readStoredCatalog(kv, version) : null;
  const schemes = (stored?.catalog as { deepLinkSchemes?: unknown } | undefined)?.deepLinkSchemes;
  // The deep-link rule of message buttons (the engine's URL policy), for the app's own links.
  if (Array.isArray(schemes) && isDeepLink(text, schemes)) return url;
  throw new ApiError(400, "invalid_body", `url must be an http(s) URL or a link of an app scheme the catalog's deepLinkSchemes declare (not "${url.protocol}")`, "$.url");
}
