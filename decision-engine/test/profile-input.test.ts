import { describe, expect, it } from "vitest";
import { compileCatalog, decide, profileInput } from "../src/index.ts";

const NOW = Date.UTC(2026, 2, 15, 12);
const catalog = compileCatalog({
  placements: [{ id: "hero", format: "html" }],
  offers: [
    { id: "cart", placements: ["hero"], priority: 2, eligibility: { audience: "cart-recent" }, content: { html: "Back to your cart, {{profile.firstName}}" } },
    { id: "tier", placements: ["hero"], priority: 1, eligibility: { "==": [{ var: "profile.tier" }, "gold"] }, content: { html: "Gold" } },
  ],
  audiences: [{ id: "cart-recent", rule: { ">=": [{ history: { name: "cart.add", within: "PT1H" } }, 1] } }],
});

describe("profileInput: one evaluation context from its parts", () => {
  it("layers attributes (snapshot, journey set steps, id last) and adds the real-time audiences that hold", () => {
    const input = profileInput(catalog, {
      id: "u-1",
      attributes: { firstName: "Ana", tier: "silver", id: "spoofed" },
      journeyAttributes: { tier: "gold" },
      audiences: ["vip"],
      history: [{ name: "cart.add", timestamp: NOW - 60_000 }],
      now: NOW,
      pending: ["x"],
      context: { channel: "web" },
    });
    expect(input).toEqual({
      profile: { firstName: "Ana", tier: "gold", id: "u-1" },
      audiences: ["vip", "cart-recent"],
      history: [{ name: "cart.add", timestamp: NOW - 60_000 }],
      now: NOW,
      context: { channel: "web" },
      pending: ["x"],
    });
    expect(decide(catalog, { ...input, placements: ["hero"] }).decisions[0]).toMatchObject({ offerId: "cart", content: { html: "Back to your cart, Ana" } });
  });

  it("needs only an id and a time; a real-time audience's rule sees the event and context", () => {
    expect(profileInput(catalog, { id: "anon-1", now: NOW })).toEqual({ profile: { id: "anon-1" }, audiences: [], history: [], now: NOW, context: {} });
    const withEvent = compileCatalog({
      placements: [{ id: "hero", format: "html" }],
      offers: [{ id: "o", placements: ["hero"], content: { html: "x" } }],
      audiences: [{ id: "on-cart", rule: { "==": [{ var: "event.name" }, "cart.add"] } }, { id: "br", rule: { "==": [{ var: "context.geo.country" }, "BR"] } }],
    });
    expect(profileInput(withEvent, { id: "a", now: NOW, event: { name: "cart.add" }, context: { geo: { country: "BR" } } }).audiences).toEqual(["on-cart", "br"]);
  });
});
