import { describe, expect, it, vi } from "vitest";
import { fetchTransport, keyValueStorage, watchApp, type KeyValueStore } from "../../src/index.ts";
import { appState, manualClock, netInfo, settle, storage } from "../helpers.ts";


describe("storage port: AsyncStorage as is (its own jest mock)", () => {
  it("keeps JSON values as strings under prefixed keys, and reads them back", async () => {
    const s = keyValueStorage(storage);
    await s.set("ew:s", { anonymousId: "a-1", n: [1, 2] });
    expect(storage.__INTERNAL_MOCK_STORAGE__).toEqual({ "@edgewise:ew:s": '{"anonymousId":"a-1","n":[1,2]}' });
    expect(await s.get("ew:s")).toEqual({ anonymousId: "a-1", n: [1, 2] });
    expect(await s.get("missing")).toBeUndefined();
    await s.del("ew:s");
    expect(storage.__INTERNAL_MOCK_STORAGE__).toEqual({});
    await keyValueStorage(storage, { prefix: "app/" }).set("k", 1);
    expect(Object.keys(storage.__INTERNAL_MOCK_STORAGE__)).toEqual(["app/k"]);
  });

  it("update is atomic: concurrent updates (events queued at once) are all kept", async () => {
    const s = keyValueStorage(storage);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.update<number[]>("q", (q = []) => [...q, i])));
    expect(await s.get("q")).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("a read sees every write made before it", async () => {
    const s = keyValueStorage(storage);
    void s.set("k", 1);
    void s.update<number>("k", (n = 0) => n + 1);
    expect(await s.get("k")).toBe(2);
  });

  it("a value that is not JSON reads as missing (and is logged)", async () => {
    const logs: string[] = [];
    await storage.setItem("@edgewise:k", "{broken");
    expect(await keyValueStorage(storage, { logger: (m) => void logs.push(m) }).get("k")).toBeUndefined();
    expect(logs).toEqual(["stored value of k is not JSON; ignored"]);
  });

  it("never rejects: a failing store is logged once and the run continues in memory", async () => {
    const logs: string[] = [];
    const failing: KeyValueStore = {
      getItem: vi.fn(async () => null),
      setItem: vi.fn(async () => {
        throw new Error("database or disk is full");
      }),
      removeItem: vi.fn(async () => {}),
    };
    const s = keyValueStorage(failing, { logger: (m) => void logs.push(m) });
    await s.update<number[]>("q", (q = []) => [...q, 1]);
    await s.update<number[]>("q", (q = []) => [...q, 2]);
    expect(await s.get("q")).toEqual([1, 2]);
    await s.del("q");
    expect(await s.get("q")).toBeUndefined();
    expect(logs).toEqual(["storage failed; keeping data in memory for this run"]);
    expect(failing.setItem).toHaveBeenCalledTimes(1); // the first write failed; the value it carried was kept
    expect(failing.getItem).toHaveBeenCalledTimes(1);
  });

  it("takes synchronous stores too (localStorage in a browser demo)", async () => {
    const map = new Map<string, string>();
    const sync: KeyValueStore = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
    const s = keyValueStorage(sync);
    await s.set("k", { a: 1 });
    expect(await s.get("k")).toEqual({ a: 1 });
  });
});

describe("network port: fetch", () => {
  it("passes method, headers and body through, and answers with the Response", async () => {
    const fetch = vi.fn(async () => new Response('{"ok":true}', { status: 202, headers: { "retry-after": "3" } }));
    const res = await fetchTransport(fetch).fetch("https://edge.example/v1/events", { method: "POST", headers: { "x-client-key": "k" }, body: "{}" });
    expect(res.status).toBe(202);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith("https://edge.example/v1/events", expect.objectContaining({ method: "POST", headers: { "x-client-key": "k" }, body: "{}" }));
  });

  it("gives up a request that hangs (React Native's fetch has no timeout) and aborts it", async () => {
    const clock = manualClock();
    let signal: AbortSignal | undefined;
    const hanging = (_url: string, init?: { signal?: never }) => {
      signal = init?.signal as AbortSignal | undefined;
      return new Promise<never>(() => {});
    };
    const result = fetchTransport(hanging, { timeout: 5000, clock }).fetch("https://edge.example/v1/ruleset", {});
    const outcome = result.then(() => "answered", (error: Error) => error.message);
    await clock.advance(4999);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    expect(await outcome).toBe("request timed out after 5000 ms: GET https://edge.example/v1/ruleset");
    expect(signal?.aborted).toBe(true);
  });

  it("send is fire-and-forget and never throws, even offline", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("Network request failed");
    });
    expect(fetchTransport(fetch).send("https://edge.example/v1/events?clientKey=k", '{"events":[]}')).toBe(true);
    await settle();
    expect(fetch).toHaveBeenCalledWith("https://edge.example/v1/events?clientKey=k", { method: "POST", body: '{"events":[]}', headers: { "content-type": "application/json" } });
  });
});

describe("lifecycle port: AppState as is, and NetInfo", () => {
  it("reports each move to the background and back once, ignoring inactive and unknown", () => {
    const app = appState();
    const seen: string[] = [];
    const watcher = watchApp(app, undefined, { foreground: () => seen.push("fg"), background: () => seen.push("bg"), online: () => seen.push("online") });
    for (const state of ["inactive", "active", "background", "background", "inactive", "unknown", "active", "active"]) app.go(state);
    expect(seen).toEqual(["bg", "fg"]);
    expect(watcher.inBackground()).toBe(false);
    watcher.stop();
    app.go("background");
    expect(seen).toEqual(["bg", "fg"]);
    expect(app.listeners).toBe(0);
  });

  it("knows an app that starts in the background", () => {
    const app = appState("background");
    const seen: string[] = [];
    const watcher = watchApp(app, undefined, { foreground: () => seen.push("fg"), background: () => seen.push("bg"), online: () => {} });
    expect(watcher.inBackground()).toBe(true);
    app.go("active");
    expect(seen).toEqual(["fg"]);
  });

  it("reports 'back online' only after being offline", () => {
    const net = netInfo(true);
    let online = 0;
    const watcher = watchApp(undefined, net, { foreground: () => {}, background: () => {}, online: () => online++ });
    net.set(true);
    expect(online).toBe(0);
    net.set(false);
    net.set(true);
    net.set(true);
    expect(online).toBe(1);
    watcher.stop();
    net.set(false);
    net.set(true);
    expect(online).toBe(1);
  });
});
