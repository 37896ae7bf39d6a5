import { QUEUE_KEY } from "../queue.ts";
import type { ClientDecision, MessageDecision } from "../wire.ts";
import { createCaches, RULESET_KEY } from "./caches.ts";
import { createContext } from "./context.ts";
import { createDecider } from "./decider.ts";
import { createIdentity, STATE_KEY } from "./identity.ts";
import type { Consent, CoreClient, CoreOptions } from "./options.ts";
import { createPacing } from "./pacing.ts";
import { createRecorder } from "./recorder.ts";

/**
 * Creates the platform-neutral client from its parts (identity and consent, the ruleset and
 * profile cache, the decider, pacing, the recorder); platforms pass their ports.
 *
 * @example
 * const client = createCore({ clientKey: "demo-client-key", edgeUrl: "https://edge.example",
 *   storage: memoryStorage(), transport: { fetch: (u, i) => fetch(u, i), send: () => false } });
 * await client.decide(["home-hero"]);
 */
export function createCore(o: CoreOptions): CoreClient {
  const ctx = createContext(o);
  const identity = createIdentity(ctx);
  const caches = createCaches(ctx, identity);
  const recorder = createRecorder(ctx, identity, caches);
  const decider = createDecider(ctx, identity, caches);
  const pacing = createPacing(ctx, identity, caches, recorder);
  const { queue } = recorder;

  const ready = load().then(() => ctx.emitter.emit("ready", undefined), ctx.fail("stored state not loaded"));

  async function load(): Promise<void> {
    if (identity.consent() === "out") return forget();
    await Promise.all([identity.load(), caches.loadStored()]);
    void caches.refresh();
    void queue.flush();
  }

  /** Deletes everything this client stored (consent "out"). */
  async function forget(): Promise<void> {
    identity.reset();
    await Promise.all([queue.clear(), ...[STATE_KEY, RULESET_KEY, QUEUE_KEY].map((key) => o.storage.del(key))]);
  }

  async function decide(placements: readonly string[], options?: Parameters<CoreClient["decide"]>[1]): Promise<ClientDecision[]> {
    await ready;
    const decisions = await decider.decide(placements, options);
    // An experiment's variant that shows nothing is exposed when it is decided: there is no display to wait for.
    for (const decision of decisions) if (decision.experimentId && decision.offerId === null) recorder.report("display", decision);
    return decisions;
  }

  async function track(name: string, properties?: Record<string, unknown>): Promise<MessageDecision | undefined> {
    await ready;
    if (identity.consent() === "out") return undefined;
    const event = properties ? { name, properties } : { name };
    recorder.record("track", event);
    await caches.rulesetLoaded();
    const compiled = await caches.triggerCatalog();
    if (!compiled) return undefined;
    const context = decider.platformContext();
    const messages = (decisions: ClientDecision[]) => decisions.filter((d): d is MessageDecision => !!d.offerId && !!d.message);
    // Does this event trigger a message? Only then is it an opportunity to show one…
    const triggered = messages(decider.decideLocally(compiled, caches.messageIds(), context, event, false, false));
    if (triggered.length === 0) return undefined;
    await prepareMessages();
    // …where journey and campaign messages come first: one suppressed before, then one the sync lists.
    const held = pacing.showHeld();
    if (held) return held;
    for (const winner of messages(decider.decideLocally(compiled, caches.messageIds(), context, event))) {
      if (!winner.orchestrated) recorder.report("trigger", winner);
      if (pacing.show(winner)) return winner;
    }
    return undefined;
  }

  /** Lets a presenter that loads its renderer lazily load it (a failed load leaves `show` to refuse). */
  async function prepareMessages(): Promise<void> {
    await o.presenter?.prepare?.().catch(ctx.fail("message renderer not loaded"));
  }

  async function identify(profileId: string | null, signature?: string): Promise<void> {
    await ready;
    if (identity.identify(profileId, signature)) caches.reloadProfile();
  }

  async function setConsent(next: Consent): Promise<void> {
    await ready;
    const previous = identity.consent();
    if (next === previous) return;
    identity.setConsent(next);
    if (next === "out") await forget();
    if (next === "in") {
      await Promise.all([identity.save(), caches.persist()]);
      await queue.adopt(recorder.memory);
    }
    if (previous === "out") void caches.refresh();
    ctx.emitter.emit("consent", next);
  }

  async function messagePlacements(): Promise<string[]> {
    await ready;
    await caches.rulesetLoaded();
    return caches.messageIds();
  }

  /** Takes a preview token from now on (a preview link opened while the app runs), or ends the preview. */
  function preview(token?: string | null): void {
    const before = ctx.previewToken();
    ctx.setPreview(token ?? undefined);
    if (ctx.previewToken() !== before) ctx.emitter.emit("previewing", !!ctx.previewToken());
  }

  o.lifecycle?.onHide(() => queue.beacon());
  o.lifecycle?.onResume(() => queue.resume());

  return {
    ready,
    identify,
    decide,
    track,
    report: recorder.report,
    show: pacing.show,
    on: ctx.emitter.on,
    setConsent,
    flush: () => ready.then(queue.flush),
    refresh: caches.refresh,
    state: () => ({ anonymousId: identity.state().anonymousId, profileId: identity.state().profileId, consent: identity.consent(), mode: ctx.mode, catalogReady: caches.hasRuleset() }),
    prepareMessages,
    messagePlacements,
    preview,
  };
}
