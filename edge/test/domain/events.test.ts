import { describe, expect, it } from "vitest";
import { ATTRIBUTED_EVENT_TYPES, EVENT_TYPES, isOfferEvent, OFFER_EVENT_TYPES } from "../../src/domain/events/kinds.ts";
import { eventMessage, parseOutboxMessage } from "../../src/domain/events/messages.ts";

const NOW = 1_773_144_000_000;
const stats = [{ kind: "journey", id: "j", version: "1", step: "steps[0]", metric: "entered", delta: 1 }];

describe("eventMessage", () => {
  it("keys the message by profile and event id, with only the fields the event has", () => {
    expect(eventMessage({ id: "e1", type: "track", name: "page.view", timestamp: NOW - 5 }, "p:u-1", NOW)).toEqual({
      kind: "event",
      key: "p:u-1|e1",
      type: "track",
      name: "page.view",
      timestamp: NOW - 5,
      global: false,
    });
    const full = eventMessage({ id: "e2", type: "display", name: "display", timestamp: NOW, offerId: "o", placement: "p", global: true }, "anon:a", NOW);
    expect(full).toMatchObject({ key: "anon:a|e2", offerId: "o", placement: "p", global: true });
  });

  it("clamps a future timestamp to now", () => {
    expect(eventMessage({ id: "e", type: "track", name: "x", timestamp: NOW + 60_000 }, "p:u", NOW).timestamp).toBe(NOW);
  });
});

describe("parseOutboxMessage", () => {
  it("reads tagged event and journey-stats messages", () => {
    const event = eventMessage({ id: "e", type: "display", name: "display", timestamp: NOW, offerId: "o", global: true }, "p:u", NOW);
    expect(parseOutboxMessage(JSON.parse(JSON.stringify(event)))).toEqual(event);
    const journey = { kind: "journey-stats", key: "p:u|stat|1", timestamp: NOW, stats };
    expect(parseOutboxMessage(journey)).toEqual(journey);
  });

  it("reads legacy untagged messages: stats as journey-stats, others as events counted globally unless global is false", () => {
    expect(parseOutboxMessage({ key: "p:u|stat|1", timestamp: NOW, stats })).toEqual({ kind: "journey-stats", key: "p:u|stat|1", timestamp: NOW, stats });
    expect(parseOutboxMessage({ key: "p:u|e", type: "display", name: "display", offerId: "o", timestamp: NOW })).toEqual({
      kind: "event",
      key: "p:u|e",
      type: "display",
      name: "display",
      offerId: "o",
      timestamp: NOW,
      global: true,
    });
    expect(parseOutboxMessage({ key: "p:u|e", type: "track", name: "x", timestamp: NOW, global: false })).toMatchObject({ kind: "event", global: false });
  });

  it.each([
    ["null", null],
    ["a string", "event"],
    ["no key", { type: "track", name: "x", timestamp: NOW }],
    ["a string timestamp", { key: "k", type: "track", name: "x", timestamp: "now" }],
    ["an unknown kind", { kind: "other", key: "k", type: "track", name: "x", timestamp: NOW }],
    ["journey-stats without stats", { kind: "journey-stats", key: "k", timestamp: NOW }],
    ["an event without name", { kind: "event", key: "k", type: "track", timestamp: NOW }],
    ["a numeric offerId", { key: "k", type: "display", name: "display", offerId: 7, timestamp: NOW }],
    ["a numeric placement", { key: "k", type: "display", name: "display", placement: 7, timestamp: NOW }],
  ])("refuses %s", (_label, value) => {
    expect(parseOutboxMessage(value)).toBeUndefined();
  });
});

describe("event kinds", () => {
  it("offer events are every type but track, and attributed ones a subset of them", () => {
    expect(OFFER_EVENT_TYPES).toEqual(EVENT_TYPES.filter((type) => type !== "track"));
    expect(OFFER_EVENT_TYPES).toEqual(expect.arrayContaining([...ATTRIBUTED_EVENT_TYPES]));
    expect(ATTRIBUTED_EVENT_TYPES).not.toContain("conversion");
    expect(ATTRIBUTED_EVENT_TYPES).not.toContain("trigger");
  });

  it("isOfferEvent", () => {
    expect(isOfferEvent("display")).toBe(true);
    expect(isOfferEvent("conversion")).toBe(true);
    expect(isOfferEvent("track")).toBe(false);
    expect(isOfferEvent("cart.add")).toBe(false);
  });
});
