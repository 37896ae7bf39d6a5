import { defineConfig } from "vitest/config";
import { fromSource } from "../vitest.source.ts";

export default defineConfig({
  ...fromSource,
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/browser/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium per file against one shared edge: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
