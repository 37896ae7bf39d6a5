import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../src/index.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { runCampaignCron } from "../src/hosts/cron.ts";
import { eventually, importSnapshot, publish } from "./helpers.ts";
import { DAY, HOUR, decideMessages, orchestrationCatalog, report, stats, uid } from "./journeys-helpers.ts";

const vip = uid("vip");
const other = uid("other");
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const open = uid("spring");
const future = uid("summer");

beforeAll(async () => {
  const imported = await importSnapshot(uid("campaign-snap"), [
    { profileId: vip, audiences: ["vip"], attributes: {} },
    { profileId: other, audiences: ["new"], attributes: {} },
  ]);
  expect(imported.status).toBe(201);
  await publish(orchestrationCatalog({
    campaigns: [
      { id: open, audience: "vip", offer: "spring-sale", schedule: { start: iso(now - HOUR), end: iso(now + HOUR) } },
      { id: future, audience: "vip", offer: "summer-sale", schedule: { start: iso(now + DAY), end: iso(now + 2 * DAY) } },
    ],
  }));
});

describe("campaigns", () => {
  it("reach only their audience, inside their window, once, on the next contact", async () => {
    const first = await decideMessages(vip, ["home-hero"]);
    expect(first.decisions[0]).toMatchObject({ offerId: "spring-sale", fallback: false, content: { html: "<p>Spring sale</p>" } });
    // Once: the next contact gets the ordinary decision (the fallback here).
    const second = await decideMessages(vip, ["home-hero"]);
    expect(second.decisions[0]!.offerId).toBe("default-hero");
    // Not in the audience: never.
    expect((await decideMessages(other, ["home-hero"])).decisions[0]!.offerId).toBe("default-hero");
    // A placement that cannot show the offer does not use up the delivery.
    const anotherVip = uid("vip2");
    expect((await decideMessages(anotherVip, ["web-messages"])).decisions[0]!.offerId).toBeNull();

    expect((await report(vip, "display", first.decisions[0]!.token)).accepted).toBe(1);
    expect((await report(vip, "interact", first.decisions[0]!.token)).accepted).toBe(1);
    const campaign = await eventually(async () => {
      const body = await stats(`?campaignId=${open}`);
      const found = body.campaigns[0];
      return found?.reached === 1 && found.displayed === 1 && found.interacted === 1 ? found : undefined;
    });
    expect(campaign).toMatchObject({ campaignId: open, reached: 1, displayed: 1, interacted: 1 });
    // The campaign outside its window reached nobody.
    const summer = (await stats(`?campaignId=${future}`)).campaigns[0];
    expect(summer).toMatchObject({ campaignId: future, reached: 0 });
  });

  it("a Cron Trigger opens and closes campaigns and records their state", async () => {
    // The Worker's own scheduled handler, as the Cron Trigger calls it.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const states = async () => (await stats()).campaigns as { campaignId: string; status: string; openedAt: string | null; closedAt: string | null }[];
    let list = await states();
    expect(list.find((c) => c.campaignId === open)).toMatchObject({ status: "open", openedAt: iso(now), closedAt: null });
    expect(list.find((c) => c.campaignId === future)).toMatchObject({ status: "scheduled", openedAt: null });

    // Later: the open one closes, the future one opens.
    expect(await runCampaignCron(env, now + DAY + HOUR)).toEqual(
      expect.arrayContaining([{ campaignId: open, status: "closed" }, { campaignId: future, status: "open" }]),
    );
    list = await states();
    expect(list.find((c) => c.campaignId === open)).toMatchObject({ status: "closed", openedAt: iso(now), closedAt: iso(now + DAY + HOUR) });
    // A run without changes records nothing new.
    expect(await runCampaignCron(env, now + DAY + HOUR + 60_000)).toEqual([]);

    // Withdrawn from the catalog → recorded as withdrawn.
    await publish(orchestrationCatalog({ campaigns: [] }));
    expect(await runCampaignCron(env, now + DAY + 2 * HOUR)).toEqual(expect.arrayContaining([{ campaignId: future, status: "withdrawn" }]));
  });
});
