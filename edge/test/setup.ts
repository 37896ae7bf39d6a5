import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files run before each test file; migrations already applied are skipped.
await applyD1Migrations(env.STATS_DB, env.TEST_MIGRATIONS);
