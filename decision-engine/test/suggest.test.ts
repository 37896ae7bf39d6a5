import { describe, expect, it } from "vitest";
import { closest, damerauLevenshtein } from "../src/decide/suggest.ts";

describe("damerauLevenshtein", () => {
  it.each([
    ["", "", 0],
    ["a", "", 1],
    ["", "abc", 3],
    ["same", "same", 0],
    ["kitten", "sitting", 3],
    ["eligibilty", "eligibility", 1],
    ["recieve", "receive", 1], // one transposition
    ["abcd", "acbd", 1],
    ["ca", "abc", 2], // a transposition with an insertion between: 3 under optimal string alignment
    ["triger", "trigger", 1],
    ["Priority", "priority", 1], // case counts here; `closest` ignores it
    ["wait_for", "waitfor", 1],
  ])("%j → %j: %i", (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });
});

describe("closest", () => {
  const OFFER = ["id", "name", "placements", "priority", "eligibility", "schedule", "caps", "content", "message", "trigger", "orchestrated", "metadata"];

  it.each([
    ["eligibilty", OFFER, "eligibility"],
    ["cap", OFFER, "caps"],
    ["Priority", OFFER, "priority"],
    ["PRIORITY", OFFER, "priority"],
    ["triger", OFFER, "trigger"],
    ["layut", ["layout", "title", "body"], "layout"],
    ["on_timout", ["event", "timeout", "when", "offer", "on_timeout"], "on_timeout"],
    ["eligbilty", OFFER, "eligibility"], // distance 2 in a long name
    ["place", OFFER, "placements"], // a prefix of 3 characters or more
    ["placementsList", OFFER, "placements"], // the other way round
    ["Id", OFFER, "id"],
    ["nme", OFFER, "name"],
  ])("%j → %j", (name, candidates, expected) => {
    expect(closest(name, candidates)).toBe(expected);
  });

  it.each([
    ["colour", OFFER],
    ["xy", OFFER], // 2 edits from "id", in a short name
    ["nmae", ["id", "url"]],
    ["pl", OFFER], // a prefix shorter than 3 characters
    ["sdl", ["schedule"]],
    ["metadata", ["event", "limit", "period", "scope"]],
    ["anything", []],
  ])("%j has no close candidate", (name, candidates) => {
    expect(closest(name, candidates)).toBeUndefined();
  });

  it("allows one edit only when a name has 4 characters or fewer", () => {
    expect(closest("wiat", ["wait"])).toBe("wait"); // a transposition is one edit
    expect(closest("wt", ["wait"])).toBeUndefined();
    expect(closest("bdy", ["body"])).toBe("body");
    expect(closest("bod", ["body"])).toBe("body");
    expect(closest("boxy", ["body"])).toBe("body");
    expect(closest("bxxy", ["body"])).toBeUndefined();
    expect(closest("schdul", ["schedule"])).toBe("schedule");
    expect(closest("schdl", ["schedule"])).toBeUndefined();
  });

  it("picks the closest, then the first; equal but for case wins", () => {
    expect(closest("ends", ["end", "ends2", "sends"])).toBe("end");
    expect(closest("limt", ["lim", "limit"])).toBe("lim");
    expect(closest("Scope", ["scopes", "scope"])).toBe("scope");
    expect(closest("cart-abandonr", new Set(["vip", "cart-abandoner", "cart-abandoned"]))).toBe("cart-abandoner");
  });
});
