import { describe, expect, it } from "vitest";
import { createQueue, memoryStorage, type QueuedEvent, type Storage } from "../../src/index.ts";
import { manualClock, settle } from "./helpers.ts";

type Outcome = { retry: boolean; retryAfter?: number } | "offline";

function setup(outcomes: Outcome[] = [], storage: Storage = memoryStorage()) {
  const clock = manualClock();
  const posts: { at: number; ids: string[] }[] = [];
  const beacons: string[][] = [];
  let allowed = true;
  const queue = createQueue({
    storage: () => storage,
    canSend: () => allowed,
    clock,
    delay: 1000,
    onError: () => {},
    async post(batch) {
      posts.push({ at: clock.now(), ids: batch.map((e) => e.id) });
      const outcome = outcomes.shift() ?? { retry: false };
      if (outcome === "offline") throw new TypeError("Failed to fetch");
      return outcome;
    },
    beacon: (batch) => void beacons.push(batch.map((e) => e.id)),
  });
  const event = (id: string): QueuedEvent => ({ id, type: "track", name: "x", anonymousId: "a", timestamp: clock.now() });
  return { clock, queue, posts, beacons, event, storage, setAllowed: (v: boolean) => (allowed = v) };
}

describe("event queue", () => {
  it("gathers events into one batch after the delay and forgets them once taken", async () => {
    const { clock, queue, posts, event, storage } = setup();
    await queue.add(event("1"));
    await queue.add(event("2"));
    await clock.advance(999);
    expect(posts).toEqual([]);
    await clock.advance(1);
    expect(posts.map((p) => p.ids)).toEqual([["1", "2"]]);
    expect(await storage.get("ew:q")).toEqual([]);
  });

  it("retries with exponential backoff when offline and sends everything once back", async () => {
    const { clock, queue, posts, event, storage } = setup(["offline", "offline", "offline"]);
    await queue.add(event("1"));
    await clock.advance(60_000);
    const gaps = posts.slice(1).map((p, i) => p.at - posts[i]!.at);
    expect(posts.length).toBe(4);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(gap).toBeLessThanOrEqual(1000 * 2 ** i);
    });
    expect(await storage.get("ew:q")).toEqual([]);
  });

  it("does not let new events cut the backoff short", async () => {
    const { clock, queue, posts, event } = setup(["offline", "offline"]);
    await queue.add(event("1"));
    await clock.advance(1000);
    expect(posts.length).toBe(1);
    for (let i = 2; i < 6; i++) {
      await queue.add(event(String(i)));
      await clock.advance(100);
    }
    expect(posts.length).toBe(1);
  });

  it("honours Retry-After, even when the page comes back online", async () => {
    const { clock, queue, posts, event } = setup([{ retry: true, retryAfter: 120_000 }]);
    await queue.add(event("1"));
    await clock.advance(1000);
    queue.resume();
    await clock.advance(119_000);
    expect(posts.length).toBe(1);
    await clock.advance(1000);
    expect(posts.length).toBe(2);
  });

  it("retries at once when the page comes back online after a network failure", async () => {
    const { clock, queue, posts, event } = setup(["offline", "offline", "offline", "offline"]);
    await queue.add(event("1"));
    await clock.advance(8_000);
    const before = posts.length;
    queue.resume();
    await clock.advance(0);
    expect(posts.length).toBe(before + 1);
  });

  it("drops a batch the edge refuses for good", async () => {
    const { clock, queue, posts, event, storage } = setup([{ retry: false }]);
    await queue.add(event("1"));
    await clock.advance(1000);
    expect(posts.length).toBe(1);
    expect(await storage.get("ew:q")).toEqual([]);
  });

  it("survives a reload: a new queue on the same storage sends what the old one left", async () => {
    const storage = memoryStorage();
    const first = setup(["offline"], storage);
    await first.queue.add(first.event("1"));
    await first.clock.advance(1000);
    const second = setup([], storage);
    await second.queue.flush();
    expect(second.posts.map((p) => p.ids)).toEqual([["1"]]);
  });

  it("sends nothing while sending is not allowed, and beacons this tab's events on hide", async () => {
    const { clock, queue, posts, beacons, event, setAllowed } = setup();
    setAllowed(false);
    await queue.add(event("1"));
    await clock.advance(5000);
    queue.beacon();
    expect(posts).toEqual([]);
    expect(beacons).toEqual([]);
    setAllowed(true);
    await queue.add(event("2"));
    queue.beacon();
    expect(beacons).toEqual([["1", "2"]]);
  });

  it("holds at most 1,000 events while offline: the newest are kept, the oldest dropped", async () => {
    // Every delivery fails until the edge is reachable again.
    const { clock, queue, posts, event, storage } = setup(["offline", "offline", "offline"]);
    const ids = Array.from({ length: 1005 }, (_, i) => `e${i}`);
    for (const id of ids) await queue.add(event(id));
    await clock.advance(1000);
    expect(posts.length).toBe(1); // tried, failed: everything stays queued
    const stored = (await storage.get<QueuedEvent[]>("ew:q"))!.map((e) => e.id);
    expect(stored.length).toBe(1000);
    expect(stored).toEqual(ids.slice(5)); // e5 … e1004, in order
    expect(stored).not.toContain("e4");

    // Back online: exactly the kept events arrive, oldest first, and none of the dropped ones.
    await clock.advance(60_000);
    const delivered = posts.slice(3).flatMap((p) => p.ids);
    expect(delivered).toEqual(ids.slice(5));
    expect(posts.flatMap((p) => p.ids).filter((id) => ids.indexOf(id) < 5)).toEqual([]);
    expect(await storage.get("ew:q")).toEqual([]);
  });

  it("a page going away beacons at most the 1,000 events the queue keeps, never the dropped ones", async () => {
    const { queue, event, beacons } = setup(["offline"]);
    const ids = Array.from({ length: 1005 }, (_, i) => `b${i}`);
    for (const id of ids) await queue.add(event(id));
    queue.beacon();
    const sent = beacons.flat();
    expect(sent).toHaveLength(1000);
    expect(sent).toEqual(ids.slice(5));
  });

  it("keeps the newest 1,000 when events held in memory (consent pending) join the stored ones", async () => {
    const clock = manualClock();
    const stored = memoryStorage();
    const held = memoryStorage();
    let current = held;
    const posts: string[][] = [];
    const queue = createQueue({
      storage: () => current,
      canSend: () => current === stored,
      clock,
      delay: 1000,
      onError: () => {},
      post: async (batch) => (posts.push(batch.map((e) => e.id)), { retry: false }),
      beacon: () => {},
    });
    const event = (id: string): QueuedEvent => ({ id, type: "track", name: "x", anonymousId: "a", timestamp: clock.now() });
    await stored.set("ew:q", Array.from({ length: 10 }, (_, i) => event(`old${i}`)));
    for (let i = 0; i < 1005; i++) await queue.add(event(`new${i}`));
    expect(((await held.get<QueuedEvent[]>("ew:q")) ?? []).map((e) => e.id)).toEqual(Array.from({ length: 1000 }, (_, i) => `new${i + 5}`));
    current = stored;
    await queue.adopt(held);
    const ids = ((await stored.get<QueuedEvent[]>("ew:q")) ?? []).map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => `new${i + 5}`));
    expect(await held.get("ew:q")).toBeUndefined();
  });

  it("sends large queues in batches of 100", async () => {
    const { clock, queue, posts, event } = setup();
    for (let i = 0; i < 250; i++) await queue.add(event(String(i)));
    await clock.advance(1000);
    expect(posts.map((p) => p.ids.length)).toEqual([100, 100, 50]);
  });
});
