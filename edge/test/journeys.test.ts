import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { publish, putJson, json } from "./helpers.ts";
import {
  advance, DAY, decideMessages, entriesOf, HOUR, instancesOf, journeyStatsEventually, MINUTE, orchestrationCatalog,
  profileStub, report, track, uid,
} from "./journeys-helpers.ts";

function abandonedCart(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    trigger: { event: "cart.add" },
    exit: { event: "purchase" },
    reentry: "P7D",
    steps: [
      { wait: "PT30M" },
      { if: { audience: "vip" }, then: [{ message: "vip-cart-reminder" }], else: [{ message: "cart-reminder" }] },
      { wait_for: { event: "display", timeout: "P3D" } },
    ],
    ...extra,
  };
}

describe("journeys", () => {
  it("abandoned cart end to end: cart.add → wait (alarm) → message on the next decide → display → completed", async () => {
    const journeyId = uid("cart");
    await publish(orchestrationCatalog({ journeys: [abandonedCart(journeyId)] }));
    const profileId = uid("p");
    const before = Date.now();
    expect((await track(profileId, "cart.add", { sku: "A1" })).accepted).toBe(1);

    // Waiting, with the object's alarm set for the end of the wait (no polling).
    const [instance] = await instancesOf(profileId);
    expect(instance).toMatchObject({ journey_id: journeyId, pointer: "[0]", wait_event: null });
    expect(instance!.due_at).toBeGreaterThanOrEqual(before + 30 * MINUTE);
    const alarm = await runInDurableObject(profileStub(profileId), (_i, state) => state.storage.getAlarm());
    expect(alarm).toBe(instance!.due_at);

    // The reminder is not an ordinary candidate: nothing before the wait is over.
    expect((await decideMessages(profileId)).decisions[0]!.offerId).toBeNull();
    expect(await advance(profileId, 31 * MINUTE)).toBe(true);
    expect(await instancesOf(profileId)).toMatchObject([{ pointer: "[2]", wait_event: "display" }]);

    // Delivered once, on the next decide for a surface that can show it.
    // A placement that cannot show it (html) leaves it pending.
    expect((await decideMessages(profileId, ["home-hero"])).decisions[0]!.offerId).not.toBe("cart-reminder");
    const delivered = await decideMessages(profileId);
    expect(delivered.decisions[0]).toMatchObject({ offerId: "cart-reminder", message: { title: "You left something in your cart" } });
    expect((await decideMessages(profileId)).decisions[0]!.offerId).toBeNull();

    // The display flows back into the journey, which completes.
    expect((await report(profileId, "display", delivered.decisions[0]!.token)).accepted).toBe(1);
    expect(await instancesOf(profileId)).toEqual([]);

    const stats = await journeyStatsEventually(journeyId, (j) => j.completed === 1 && j.displayed === 1);
    expect(stats).toMatchObject({ journeyId, entered: 1, waiting: 0, completed: 1, exited: 0, delivered: 1, displayed: 1 });
    const step = (label: string) => stats.steps.find((s: { step: string }) => s.step === label);
    expect(step("steps[0]")).toMatchObject({ entered: 1, waiting: 0 });
    expect(step("steps[1].else[0]")).toMatchObject({ entered: 1, delivered: 1, displayed: 1 });
    expect(step("steps[1].then[0]")).toBeUndefined();
    expect(step("steps[2]")).toMatchObject({ entered: 1, completed: 1 });
  });

  it("exits on purchase during the wait; nothing is delivered", async () => {
    const journeyId = uid("cart");
    await publish(orchestrationCatalog({ journeys: [abandonedCart(journeyId)] }));
    const profileId = uid("p");
    await track(profileId, "cart.add");
    expect(await instancesOf(profileId)).toHaveLength(1);
    await track(profileId, "purchase");
    expect(await instancesOf(profileId)).toEqual([]);
    await advance(profileId, HOUR);
    expect((await decideMessages(profileId)).decisions[0]!.offerId).toBeNull();
    const stats = await journeyStatsEventually(journeyId, (j) => j.exited === 1);
    expect(stats).toMatchObject({ entered: 1, exited: 1, completed: 0, waiting: 0, delivered: 0 });
    expect(stats.steps.find((s: { step: string }) => s.step === "steps[0]")).toMatchObject({ exited: 1 });
  });

  it("an exit withdraws a message that is pending but not yet delivered", async () => {
    const journeyId = uid("j");
    await publish(orchestrationCatalog({
      journeys: [{ id: journeyId, trigger: { event: "cart.add" }, exit: { event: "purchase" }, steps: [{ message: "offer-a" }, { wait: "P1D" }] }],
    }));
    const profileId = uid("p");
    await track(profileId, "cart.add");
    await track(profileId, "purchase");
    expect((await decideMessages(profileId)).decisions[0]!.offerId).toBeNull();
  });

  it("wait_for times out by alarm: continue (with journey.timedOut) or exit", async () => {
    const continues = uid("wf");
    const exits = uid("wf");
    await publish(orchestrationCatalog({
      journeys: [
        {
          id: continues, trigger: { event: "signup" },
          steps: [
            { message: "offer-a" },
            { wait_for: { event: "display", timeout: "P1D" } },
            { if: { var: "journey.timedOut" }, then: [{ set: { onboarding: "ignored" } }], else: [{ set: { onboarding: "seen" } }] },
          ],
        },
        { id: exits, trigger: { event: "signup" }, steps: [{ wait_for: { event: "app.open", timeout: "PT2H", on_timeout: "exit" } }, { message: "offer-b" }] },
      ],
    }));
    const profileId = uid("p");
    await track(profileId, "signup");
    const waiting = await instancesOf(profileId);
    expect(waiting.map((i) => i.wait_event).sort()).toEqual(["app.open", "display"]);
    // Before the timeout nothing moves…
    expect(await advance(profileId, HOUR)).toBe(true);
    expect(await instancesOf(profileId)).toHaveLength(2);
    // …after 2 h the `exits` journey times out and ends; after a day the other continues.
    await advance(profileId, 2 * HOUR);
    expect((await instancesOf(profileId)).map((i) => i.journey_id)).toEqual([continues]);
    await advance(profileId, DAY);
    expect(await instancesOf(profileId)).toEqual([]);
    const attributes = await runInDurableObject(profileStub(profileId), (_i, state) =>
      state.storage.sql.exec<{ name: string; value: string }>("SELECT name, value FROM j_attributes").toArray(),
    );
    expect(attributes).toEqual([{ name: "onboarding", value: JSON.stringify("ignored") }]);
    // offer-b never became pending (the journey exited first); offer-a did.
    const decided = await decideMessages(profileId);
    expect(decided.decisions[0]!.offerId).toBe("offer-a");
    expect(await journeyStatsEventually(exits, (j) => j.exited === 1)).toMatchObject({ entered: 1, exited: 1, timed_out: 1, completed: 0 });
    expect(await journeyStatsEventually(continues, (j) => j.completed === 1)).toMatchObject({ entered: 1, timed_out: 1, completed: 1 });
  });

  it("re-entry: never, always, and a duration", async () => {
    const [never, always, weekly] = [uid("never"), uid("always"), uid("weekly")];
    const steps = [{ message: "offer-a" }];
    await publish(orchestrationCatalog({
      journeys: [
        { id: never, trigger: { event: "visit" }, reentry: "never", steps },
        { id: always, trigger: { event: "visit" }, reentry: "always", steps },
        { id: weekly, trigger: { event: "visit" }, reentry: "P7D", steps },
      ],
    }));
    const profileId = uid("p");
    await track(profileId, "visit");
    await track(profileId, "visit");
    expect([await entriesOf(profileId, never), await entriesOf(profileId, always), await entriesOf(profileId, weekly)]).toEqual([1, 2, 1]);
    await advance(profileId, 8 * DAY);
    await track(profileId, "visit");
    expect([await entriesOf(profileId, never), await entriesOf(profileId, always), await entriesOf(profileId, weekly)]).toEqual([1, 3, 2]);
  });

  it("a trigger's `when` rule sees the event's properties; a journey is entered once while active", async () => {
    const journeyId = uid("big");
    await publish(orchestrationCatalog({
      journeys: [{ id: journeyId, trigger: { event: "cart.add", when: { ">=": [{ var: "event.properties.price" }, 100] } }, reentry: "always", steps: [{ wait: "PT1H" }] }],
    }));
    const profileId = uid("p");
    await track(profileId, "cart.add", { price: 20 });
    expect(await instancesOf(profileId)).toEqual([]);
    await track(profileId, "cart.add", { price: 120 });
    await track(profileId, "cart.add", { price: 150 });
    expect(await instancesOf(profileId)).toHaveLength(1);
    expect(await entriesOf(profileId, journeyId)).toBe(1);
  });

  it("survives a restart in the middle of a journey without losing or repeating a step", async () => {
    const journeyId = uid("cart");
    await publish(orchestrationCatalog({ journeys: [abandonedCart(journeyId)] }));
    const profileId = uid("p");
    await track(profileId, "cart.add");
    // advance() evicts the object before running its alarm: the wait is resumed from storage.
    await advance(profileId, 31 * MINUTE);
    // The alarm running again (a retry, say) does not repeat the message step.
    await runDurableObjectAlarm(profileStub(profileId));
    const pending = await runInDurableObject(profileStub(profileId), (_i, state) =>
      state.storage.sql.exec("SELECT offer_id FROM j_pending").toArray(),
    );
    expect(pending).toEqual([{ offer_id: "cart-reminder" }]);
    const shown = (await decideMessages(profileId)).decisions[0]!;
    expect(shown.offerId).toBe("cart-reminder");
    expect((await decideMessages(profileId)).decisions[0]!.offerId).toBeNull(); // leased to the first decision
    // Delivered by its display, once.
    expect((await report(profileId, "display", shown.token)).accepted).toBe(1);
    const stats = await journeyStatsEventually(journeyId, (j) => j.delivered === 1 && j.displayed === 1);
    expect(stats).toMatchObject({ entered: 1, delivered: 1, displayed: 1 });
  });

  it("versioning: people finish on the version they entered", async () => {
    const journeyId = uid("v");
    const v1 = { id: journeyId, trigger: { event: "cart.add" }, steps: [{ wait: "PT1H" }, { message: "offer-a" }] };
    const v2 = { id: journeyId, trigger: { event: "cart.add" }, steps: [{ wait: "PT2H" }, { message: "offer-b" }] };
    // offer-a stays orchestrated in the second catalog through another journey.
    const keep = { id: uid("keep"), trigger: { event: "never.happens" }, steps: [{ message: "offer-a" }] };
    await publish(orchestrationCatalog({ journeys: [v1, keep] }));
    const early = uid("p");
    await track(early, "cart.add");
    await publish(orchestrationCatalog({ journeys: [v2, keep] }));
    const late = uid("p");
    await track(late, "cart.add");
    const [a] = await instancesOf(early);
    const [b] = await instancesOf(late);
    expect(a!.version).not.toBe(b!.version);
    await advance(early, 61 * MINUTE);
    await advance(late, 61 * MINUTE);
    expect((await decideMessages(early)).decisions[0]!.offerId).toBe("offer-a");
    expect((await decideMessages(late)).decisions[0]!.offerId).toBeNull(); // v2 waits 2 h
    await advance(late, HOUR);
    expect((await decideMessages(late)).decisions[0]!.offerId).toBe("offer-b");
    const stats = await journeyStatsEventually(journeyId, (j) => j.completed === 2);
    expect(new Set(stats.steps.map((s: { version: string }) => s.version))).toEqual(new Set([a!.version, b!.version]));
  });

  it("pause and resume through the catalog's `paused` flag", async () => {
    const journeyId = uid("pause");
    const journey = { id: journeyId, trigger: { event: "cart.add" }, reentry: "always", steps: [{ wait: "PT1H" }, { message: "offer-a" }] };
    await publish(orchestrationCatalog({ journeys: [journey] }));
    const inside = uid("p");
    await track(inside, "cart.add");
    await publish(orchestrationCatalog({ journeys: [{ ...journey, paused: true }] }));
    // No new entries while paused…
    const outside = uid("p");
    await track(outside, "cart.add");
    expect(await instancesOf(outside)).toEqual([]);
    // …and people inside hold their step (re-checked later), keeping their version.
    await advance(inside, 2 * HOUR);
    const [held] = await instancesOf(inside);
    expect(held).toMatchObject({ pointer: "[0]" });
    expect((await decideMessages(inside)).decisions[0]!.offerId).toBeNull();
    await publish(orchestrationCatalog({ journeys: [journey] }));
    await advance(inside, 20 * MINUTE);
    expect(await instancesOf(inside)).toEqual([]);
    expect((await decideMessages(inside)).decisions[0]!.offerId).toBe("offer-a");
  });

  it("limits: active journeys per profile and an event storm", async () => {
    const journeys = Array.from({ length: 12 }, (_, i) => ({ id: `lim-${i}-${uid()}`, trigger: { event: "cart.add" }, steps: [{ wait: "P1D" }] }));
    const storm = { id: uid("storm"), trigger: { event: "storm" }, reentry: "always", steps: [{ message: "offer-b" }] };
    await publish(orchestrationCatalog({ journeys: [...journeys, storm] }));
    const profileId = uid("p");
    await track(profileId, "cart.add");
    expect(await instancesOf(profileId)).toHaveLength(10);
    const other = uid("p");
    const { sendEvents: send, event } = await import("./helpers.ts");
    const result = await send(Array.from({ length: 500 }, () => event({ type: "track", name: "storm", profileId: other, anonymousId: "x" })));
    expect(result.accepted).toBe(500);
    expect(await entriesOf(other, storm.id)).toBe(10); // entries per minute
  });

  it("rejects invalid journeys at publish time with JSON paths", async () => {
    const response = await putJson("/v1/admin/catalog", orchestrationCatalog({
      journeys: [{ id: "bad", trigger: { event: "x" }, steps: [{ wait: "soon" }, { message: "missing-offer" }, { end: true }, { wait: "PT1M" }] }],
    }));
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe("invalid_catalog");
    expect(body.error.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["$.journeys[0].steps[0].wait", "$.journeys[0].steps[1].message", "$.journeys[0].steps[3]"]),
    );
  });
});
