import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { AppState, Platform } from "react-native";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/react-native.ts";
import { fakeEdge, CATALOG, manualClock, recordingPresenter, settle, storage, stored } from "../helpers.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

/**
 * The React Native entry, with `react-native` aliased to an AppState-shaped emitter and
 * `@react-native-async-storage/async-storage` to the package's own jest mock (vitest.config.ts):
 * no device runs here.
 */
describe("@edgewise/sdk-mobile/react-native", () => {
  function start(options: Parameters<typeof createClient>[0] extends infer O ? Partial<O> : never = {}) {
    const edge = fakeEdge(CATALOG);
    const clock = manualClock();
    const recorder = recordingPresenter();
    const client = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example", mode: "local", fetch: edge.fetch, clock, presenter: recorder.presenter, logger: () => {}, ...options });
    return { client, edge, clock, ...recorder };
  }

  it("keeps its state and queue in AsyncStorage", async () => {
    const { client, clock } = start();
    await client.ready;
    await clock.advance(2000);
    client.stop();
    expect(Object.keys(stored()).sort()).toEqual(["@edgewise:ew:m", "@edgewise:ew:q", "@edgewise:ew:r", "@edgewise:ew:s"]);
    expect(typeof storage.__INTERNAL_MOCK_STORAGE__["@edgewise:ew:s"]).toBe("string");
    expect((storage.setItem as unknown as { mock: { calls: unknown[] } }).mock.calls.length).toBeGreaterThan(0);
  });

  it("listens to AppState: background flushes, foreground tracks app.foreground", async () => {
    const listeners = AppState.listenerCount();
    const { client, edge, clock } = start({ batchDelay: 60_000 });
    expect(AppState.listenerCount()).toBe(listeners + 1);
    await client.ready;
    await settle();
    AppState.emit("background");
    await settle();
    expect(edge.tracked()).toEqual(["app.launch"]);
    await clock.advance(60_000);
    AppState.emit("active");
    await clock.advance(60_000);
    expect(edge.tracked()).toEqual(["app.launch", "app.foreground"]);
    client.stop();
    expect(AppState.listenerCount()).toBe(listeners);
  });

  it("puts the platform and app version into the evaluation context", async () => {
    const { client, edge } = start({ mode: "edge", appVersion: "2.3.0" });
    await client.getOffers(["app-home"]);
    client.stop();
    expect(edge.requests("/v1/decide")[0]!.body.context).toMatchObject({ channel: "app", appVersion: "2.3.0", platform: Platform.OS, osVersion: "18.0" });
  });

  it("declares AsyncStorage and react-native as (optional) peer dependencies, not dependencies", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@react-native-async-storage/async-storage", "react", "react-native", "react-native-webview"]);
    expect(pkg.dependencies).not.toHaveProperty("react-native");
    expect(pkg.dependencies).not.toHaveProperty("@react-native-async-storage/async-storage");
    expect(pkg.exports["./react-native"]).toBeDefined();
  });

  it("importing the entries does nothing (a bundler drops them entirely when unused)", async () => {
    for (const entry of ["./src/index.ts", "./src/react-native.ts"]) {
      const result = await build({
        // The workspace packages from source (their `dist/` is what npm consumers get).
        conditions: ["@edgewise/source"],
        stdin: { contents: `import ${JSON.stringify(entry)};`, resolveDir: new URL("../..", import.meta.url).pathname, loader: "ts" },
        bundle: true,
        minify: true,
        format: "esm",
        write: false,
        external: ["react-native", "@react-native-async-storage/async-storage"],
      });
      expect(result.outputFiles[0]!.text.replace(/import"[^"]+";/g, "").trim(), entry).toBe("");
    }
  });
});
