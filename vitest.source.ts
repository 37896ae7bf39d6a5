// Vite's resolve settings for the workspace's tests: the packages from their source (the
// `@edgewise/source` condition of their exports), not their built `dist/`, so a test always runs
// the code beside it. npm consumers resolve `types`/`default` to `dist/`.
import { defaultClientConditions, defaultServerConditions } from "vite";

export const SOURCE_CONDITION = "@edgewise/source";

export const fromSource = {
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
};
