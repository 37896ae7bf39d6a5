import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { runCampaignCron } from "./campaigns/cron.ts";
import { consumeEvents } from "./queue/consumer.ts";

export { ProfileObject } from "./objects/profile-object.ts";
export { GlobalCapCounter } from "./objects/global-cap-counter.ts";
export { SnapshotShard } from "./snapshots/shard-object.ts";
export { SnapshotRegistry } from "./snapshots/registry-object.ts";
export { ApiError } from "./errors.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeEvents(batch, env),
  // Cron Trigger (wrangler.jsonc): opens and closes campaigns and records their state.
  scheduled: (controller, env, ctx) => ctx.waitUntil(runCampaignCron(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env, unknown>;
