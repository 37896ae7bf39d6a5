import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { fromSource } from "../vitest.source.ts";

const require = createRequire(import.meta.url);

// No device runs here: `react-native` is a small AppState-shaped emitter (test/react-native-stub),
// and AsyncStorage is the package's own jest mock, exactly as React Native apps test with it.
const alias = [
  { find: /^react-native$/, replacement: fileURLToPath(new URL("./test/react-native-stub/index.js", import.meta.url)) },
  { find: /^@react-native-async-storage\/async-storage$/, replacement: require.resolve("@react-native-async-storage/async-storage/jest/async-storage-mock.js") },
];

export default defineConfig({
  ...fromSource,
  resolve: { ...fromSource.resolve, alias },
  test: {
    setupFiles: ["test/setup.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 } },
    ],
  },
});
