import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { runCampaignCron } from "./hosts/cron.ts";
import { consumeEvents } from "./hosts/queue-consumer.ts";

export { ProfileObject } from "./hosts/profile-object.ts";
export { GlobalCapCounter } from "./hosts/global-cap-counter.ts";
export { SnapshotShard } from "./hosts/snapshot-shard.ts";
export { SnapshotRegistry } from "./hosts/snapshot-registry.ts";
export { OutboundDestination } from "./hosts/outbound-destination.ts";
export { ApiError } from "./errors.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeEvents(batch, env),
  // Cron Trigger (wrangler.jsonc): opens and closes campaigns and records their state.
  scheduled: (controller, env, ctx) => ctx.waitUntil(runCampaignCron(env, controller.scheduledTime)),
} satisfies ExportedHandler<Env, unknown>;
