import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { fromSource } from "../vitest.source.ts";

export default defineConfig({
  ...fromSource,
  test: {
    projects: [
      {
        extends: true,
        // Inside workerd with the real bindings of wrangler.jsonc (KV, Durable Objects, Queue, D1).
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                CLIENT_KEYS: "test-client-key,demo-client-key",
                ADMIN_KEY: "test-admin-key",
                TOKEN_SECRET: "test-token-secret",
                ALLOWED_ORIGINS: "*",
                TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url))),
              },
            },
          })),
        ],
        test: {
          name: "workerd",
          include: ["test/**/*.test.ts"],
          exclude: ["test/dev/**", "test/domain/**", "test/api/**"],
          setupFiles: ["./test/setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // The domain in plain Node: no workerd, no bindings; its ports are filled by in-memory fakes.
        extends: true,
        test: { name: "domain", include: ["test/domain/**/*.test.ts"], environment: "node" },
      },
      {
        // The API description in plain Node, where its validator (ajv-based) runs.
        extends: true,
        test: { name: "api-description", include: ["test/api/**/*.test.ts"], environment: "node" },
      },
      {
        // In Node against `wrangler dev` (the HTTP server users run), for what only it shows.
        extends: true,
        test: { name: "wrangler-dev", include: ["test/dev/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
