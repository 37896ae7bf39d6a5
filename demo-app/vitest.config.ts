import { defineConfig } from "vitest/config";
import { fromSource } from "../vitest.source.ts";

export default defineConfig({
  ...fromSource,
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
