import { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import type { AppEnv } from "./app-env.ts";
import { requireAdmin, requireClient } from "./middleware/auth.ts";
import { clientCors } from "./middleware/cors.ts";
import { clientRateLimit } from "./middleware/rate-limit.ts";
import { notFound, onError, onMethodNotAllowed } from "./middleware/errors.ts";
import { requireConfiguration } from "./middleware/configuration.ts";
import { secureModeNotice } from "./middleware/secure-mode-notice.ts";
import { catalogRoutes } from "./routes/admin/catalog.ts";
import { simulateRoutes } from "./routes/admin/simulate.ts";
import { snapshotRoutes } from "./routes/admin/snapshots.ts";
import { statsRoutes } from "./routes/admin/stats.ts";
import { seriesRoutes } from "./routes/admin/series.ts";
import { experimentRoutes } from "./routes/admin/experiments.ts";
import { deliveryRoutes } from "./routes/admin/deliveries.ts";
import { previewRoutes } from "./routes/admin/preview.ts";
import { apiDescriptionRoutes } from "./routes/api/routes.ts";
import { catalogSchemaRoutes } from "./routes/catalog-schema.ts";
import { decideRoutes } from "./routes/decide.ts";
import { eventsRoutes } from "./routes/events.ts";
import { profileRoutes } from "./routes/profile.ts";
import { rulesetRoutes } from "./routes/ruleset.ts";
import { adobeAdminRoutes, adobeRoutes } from "./routes/adobe.ts";
import { mountPages } from "./routes/pages.ts";
import { sdkRoutes } from "./routes/sdk.ts";

const CLIENT_ROUTES = ["/v1/decide", "/v1/events", "/v1/ruleset", "/v1/profile/*", "/v1/adobe/target/delivery", "/v1/adobe/aep-rules"] as const;

/**
 * The Edgewise edge API (DESIGN.md, "Edge HTTP API"). Errors of every kind answer
 * `{"error":{"code","message","path"?}}`: one `onError`, plus JSON 404 and 405.
 *
 * @example
 * const app = createApp();
 * const response = await app.request("/v1/health", {}, env); // {"ok":true}
 */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(methodNotAllowed({ app, onMethodNotAllowed }));
  app.use(requireConfiguration);
  app.use(secureModeNotice);

  for (const path of CLIENT_ROUTES) app.use(path, clientCors, requireClient, clientRateLimit);
  app.use("/v1/admin/*", requireAdmin);

  app.get("/v1/health", (c) => c.json({ ok: true }));
  app.route("/v1", sdkRoutes);
  app.route("/v1/catalog.schema.json", catalogSchemaRoutes);
  app.route("/", apiDescriptionRoutes);
  app.route("/v1/decide", decideRoutes);
  app.route("/v1/events", eventsRoutes);
  app.route("/v1/ruleset", rulesetRoutes);
  app.route("/v1/profile", profileRoutes);
  app.route("/v1/adobe", adobeRoutes);
  app.route("/v1/admin/catalog", catalogRoutes);
  app.route("/v1/admin/snapshots", snapshotRoutes);
  app.route("/v1/admin/stats", statsRoutes);
  app.route("/v1/admin/stats/series", seriesRoutes);
  app.route("/v1/admin/experiments", experimentRoutes);
  app.route("/v1/admin/simulate", simulateRoutes);
  app.route("/v1/admin/deliveries", deliveryRoutes);
  app.route("/v1/admin/preview", previewRoutes);
  app.route("/v1/admin/adobe", adobeAdminRoutes);
  mountPages(app);
  return app;
}
