import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { publish } from "./helpers.ts";
import { DAY, entriesOf, orchestrationCatalog, profileStub, track, uid } from "./journeys-helpers.ts";

/** When the profile last entered the journey, as its Durable Object stored it (`j_entries`). */
async function lastEntryOf(profileId: string, journeyId: string): Promise<number | undefined> {
  return runInDurableObject(profileStub(profileId), (_i, state) =>
    state.storage.sql.exec<{ last_entered_at: number }>("SELECT last_entered_at FROM j_entries WHERE journey_id = ?", journeyId).toArray()[0]?.last_entered_at,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

/**
 * The runtime's `now` is `Date.now()` inside the profile's Durable Object when it ingests the
 * event. `advance()` (journeys-helpers.ts) moves the stored times back, but cannot say which
 * millisecond the next ingest will read (workerd moves its clock on I/O), so it only brackets the
 * boundary. The Durable Object runs in this test's isolate, so faking `Date` here fixes the
 * runtime's `now` to the millisecond.
 */
describe("journey re-entry at the exact boundary", () => {
  it('reentry "P7D": a trigger at entry + 7 days − 1 ms does not re-enter; at entry + 7 days it does', async () => {
    const journeyId = uid("weekly");
    await publish(orchestrationCatalog({
      journeys: [{ id: journeyId, trigger: { event: "visit" }, reentry: "P7D", steps: [{ message: "offer-a" }] }],
    }));
    const entry = Math.floor(Date.now() / 1000) * 1000 + 123;
    vi.useFakeTimers({ toFake: ["Date"], now: entry });
    const profileId = uid("p");

    await track(profileId, "visit");
    expect(await entriesOf(profileId, journeyId)).toBe(1);
    expect(await lastEntryOf(profileId, journeyId)).toBe(entry); // the runtime's clock is the test's

    vi.setSystemTime(entry + 7 * DAY - 1);
    await track(profileId, "visit");
    expect(await entriesOf(profileId, journeyId)).toBe(1);
    expect(await lastEntryOf(profileId, journeyId)).toBe(entry);

    vi.setSystemTime(entry + 7 * DAY);
    await track(profileId, "visit");
    expect(await entriesOf(profileId, journeyId)).toBe(2);
    expect(await lastEntryOf(profileId, journeyId)).toBe(entry + 7 * DAY);

    // The window restarts at the new entry.
    vi.setSystemTime(entry + 14 * DAY - 1);
    await track(profileId, "visit");
    expect(await entriesOf(profileId, journeyId)).toBe(2);
  });
});
