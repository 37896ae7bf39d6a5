import { describe, expect, it } from "vitest";
import { aepRulesFromCatalog, messageDocument } from "../../src/domain/adobe/aep-rules.ts";
import { escapeHtml } from "../../src/domain/shared/html.ts";
import { activitiesByToken, targetDisplayMessages } from "../../src/domain/adobe/target-events.ts";

const message = { layout: "modal", title: "Hi" };

describe("aepRulesFromCatalog", () => {
  it("turns a schedule into ~timestampu bounds and skips what AEP cannot express, with reasons", () => {
    const { ruleset, skipped } = aepRulesFromCatalog({
      offers: [
        { id: "timed", trigger: { event: "purchase" }, message, schedule: { start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00.500Z" } },
        { id: "when", trigger: { event: "purchase", when: { "==": [1, 1] } }, message },
        { id: "capped", trigger: { event: "purchase" }, message, caps: [{ event: "display", limit: 1, period: "day", scope: "profile" }] },
        { id: "journey", trigger: { event: "purchase" }, message, orchestrated: true },
        { id: "tested", trigger: { event: "purchase" }, message },
        { id: "no-trigger", message },
      ],
      experiments: [{ id: "x", variants: [{ id: "a", offer: "tested", weight: 1 }] }],
    });
    expect(ruleset.rules).toHaveLength(1);
    expect(ruleset.rules[0]!.condition.definition["conditions"]).toContainEqual({ type: "matcher", definition: { key: "~timestampu", matcher: "ge", values: [1796083200] } });
    expect(ruleset.rules[0]!.condition.definition["conditions"]).toContainEqual({ type: "matcher", definition: { key: "~timestampu", matcher: "lt", values: [1796169601] } });
    expect(skipped.map((s) => s.offerId)).toEqual(["when", "capped", "journey", "tested", "no-trigger"]);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(0);
  });

  it("skips every offer under a holdout, and reads nothing from the prototype", () => {
    expect(aepRulesFromCatalog({ holdout: { percent: 5 }, offers: [{ id: "a", trigger: { event: "e" }, message }] }).skipped).toHaveLength(1);
    const hostile = JSON.parse('{"offers":[{"id":"a","message":{"layout":"modal","title":"x"},"trigger":{"__proto__":{"event":"e"}}}]}');
    expect(aepRulesFromCatalog(hostile).ruleset.rules).toEqual([]);
    expect(aepRulesFromCatalog(null).ruleset).toEqual({ version: 1, rules: [] });
  });

  it("escapes the text of the HTML document it builds", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
    const html = messageDocument({ layout: "modal", title: "<b>", body: "x", image: "javascript:alert(1)", lang: "pt-BR" });
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain("<h1>&#60;b&#62;</h1>");
    expect(html).not.toContain("javascript:");
    // Judged after URL parsing: an https image stays, a scheme-relative or http one does not.
    expect(messageDocument({ layout: "modal", title: "t", image: "HTTPS://cdn.example/a.png" })).toContain('<img src="HTTPS://cdn.example/a.png"');
    for (const image of ["//cdn.example/a.png", "http://cdn.example/a.png", "https://"]) expect(messageDocument({ layout: "modal", title: "t", image })).not.toContain("<img");
  });
});

describe("targetDisplayMessages", () => {
  it("counts each notification as a display of target:<activity> on its mbox, keyed by the notification id", () => {
    const activities = activitiesByToken({ rules: { mboxes: { hero: [{ activityId: 42, consequence: { options: [{ eventToken: "tok" }] } }] }, views: {} } });
    const payload = {
      request: {
        id: { tntId: "t-1" },
        notifications: [
          { id: "n1", timestamp: 1000, type: "display", mbox: { name: "hero" }, tokens: ["tok"] },
          { id: "n2", timestamp: 5000, type: "display", view: { name: "home" }, tokens: ["other"] },
          { id: 3, mbox: { name: "bad" } },
        ],
      },
    };
    expect(targetDisplayMessages(payload, activities, 2000)).toEqual([
      { kind: "event", key: "target:t-1|target-n1", type: "display", name: "display", timestamp: 1000, offerId: "target:42", placement: "hero", global: false },
      { kind: "event", key: "target:t-1|target-n2", type: "display", name: "display", timestamp: 2000, offerId: "target:home", placement: "home", global: false },
    ]);
  });
});
