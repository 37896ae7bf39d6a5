import { nextCampaignPage, type CampaignSource } from "./campaign-sends.ts";
import type { Destination } from "./destinations.ts";
import { outboundUrlProblem } from "./addresses.ts";
import { OUTBOUND_LIMITS as LIMITS } from "./limits.ts";
import { Pacer } from "./pacer.ts";
import type { AttemptRecord, CampaignJob, Delivery, DeliveryRecords, ForwardedEvent, NewDelivery } from "./ports.ts";
import { nextAttemptAt, retryAfterMs, verdictOf } from "./retry-policy.ts";
import { deliveryHeaders } from "./signing.ts";

/** What a destination's object gives its service. */
export interface DestinationPorts {
  records: DeliveryRecords;
  campaigns: CampaignSource;
  /** The value of a Worker secret by name (`undefined` when unset). */
  secret(name: string): string | undefined;
  /** Local development: `http:` and loopback receivers allowed (addresses.ts). */
  development: boolean;
  fetch: typeof fetch;
  /** Wakes the object at `at` (its alarm) unless it is due earlier already. */
  wakeAt(at: number): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/**
 * One destination's deliveries (DESIGN.md, "Outbound"): calls are kept first (one atomic step),
 * then sent by `run` (the object's alarm) at the destination's pace — at most `perSecond` call
 * starts in any window (pacer.ts), at most LIMITS.maxInFlight at once — with the headers and
 * signature of signing.ts, retried by retry-policy.ts for up to a day, then failed (the dead
 * letter) until an operator retries them. A run of failed calls pauses the destination (a receiver
 * that is down is not hammered); `Retry-After` pauses it for that long. Forwarded events wait in a
 * buffer until a batch is full or LIMITS.flushAfterMs passes; each batch is one delivery, each event
 * in exactly one batch. Campaign actions are read from the snapshot a page at a time, only as far as
 * LIMITS.campaignAhead ahead of the pace, so an audience is never loaded whole.
 */
export class DestinationService {
  private running: Promise<void> | undefined;
  private pacer: Pacer | undefined;
  private pacedFor: number | undefined;
  private failureRun = 0;
  private pausedUntil = 0;
  private readonly startedAt: number;

  constructor(private readonly ports: DestinationPorts) {
    this.startedAt = ports.now();
  }

  /**
   * Keeps webhook calls (each id once) and wakes the sender. `destination` `null`: the active catalog
   * no longer has the webhook; the calls go to the one this object knew, or fail visibly.
   */
  async enqueue(destination: Destination | null, deliveries: readonly NewDelivery[]): Promise<{ added: number; dropped: number }> {
    const { records } = this.ports;
    if (destination) records.setDestination(destination);
    else if (!records.destination()) {
      const now = this.ports.now();
      records.add(deliveries, now);
      const error = "the webhook is not in the active catalog";
      for (const d of deliveries) records.attempted(d.id, { verdict: "failed", status: null, error, latencyMs: null }, now);
      return { added: 0, dropped: 0 };
    }
    const room = Math.max(0, LIMITS.maxWaiting - records.waiting());
    const kept = deliveries.slice(0, room);
    const dropped = deliveries.length - kept.length;
    if (dropped > 0) this.dropped(dropped, records.destination()!);
    const added = records.add(kept, this.ports.now());
    if (added > 0) await this.ports.wakeAt(this.ports.now());
    return { added, dropped };
  }

  /** Buffers accepted events for a forwarding destination (each event key once) and wakes the sender. */
  async forward(destination: Destination, events: readonly ForwardedEvent[]): Promise<{ added: number; dropped: number }> {
    const { records } = this.ports;
    records.setDestination(destination);
    const room = Math.max(0, LIMITS.maxWaiting - records.waiting());
    const kept = events.slice(0, room);
    const dropped = events.length - kept.length;
    if (dropped > 0) this.dropped(dropped, destination);
    const added = records.buffer(kept, this.ports.now());
    if (added > 0) await this.ports.wakeAt(this.ports.now());
    return { added, dropped };
  }

  /** Starts a campaign action's job (once per campaign: a second start changes nothing). */
  async startCampaign(destination: Destination, job: CampaignJob): Promise<boolean> {
    this.ports.records.setDestination(destination);
    const started = this.ports.records.startJob(job);
    if (started) await this.ports.wakeAt(this.ports.now());
    return started;
  }

  /** Stops a campaign's job (paused, closed or withdrawn): what it queued is still sent. */
  stopCampaign(campaignId: string): boolean {
    const jobs = this.ports.records.jobs().filter((j) => j.campaignId === campaignId && !j.done);
    for (const job of jobs) this.ports.records.saveJob({ ...job, done: true });
    return jobs.length > 0;
  }

  /** An operator's retry: the delivery is due now, with a new day of retries. */
  async retry(id: string): Promise<Delivery | undefined> {
    const delivery = this.ports.records.retry(id, this.ports.now());
    if (delivery) await this.ports.wakeAt(this.ports.now());
    return delivery;
  }

  /** Sends what is due (the object's alarm); one run at a time, each at most LIMITS.runMs. */
  run(): Promise<void> {
    this.running ??= this.send().finally(() => (this.running = undefined));
    return this.running;
  }

  private async send(): Promise<void> {
    const { records, now } = this.ports;
    const inFlight = new Map<string, Promise<void>>();
    const started = now();
    try {
      while (now() - started < LIMITS.runMs) {
        const destination = records.destination();
        if (!destination) break;
        await this.refill(destination);
        if (inFlight.size >= LIMITS.maxInFlight) {
          await Promise.race(inFlight.values());
          continue;
        }
        const at = now();
        const next = records.due(at, 1, new Set(inFlight.keys()))[0];
        if (!next) {
          if (inFlight.size === 0) break;
          await Promise.race(inFlight.values());
          continue;
        }
        const pacer = this.pacerFor(destination);
        const slot = Math.max(pacer.nextSlot(at), this.pausedUntil);
        if (slot > at) {
          await this.ports.sleep(slot - at);
          continue;
        }
        pacer.take(at);
        inFlight.set(next.id, this.attempt(destination, next).finally(() => inFlight.delete(next.id)));
      }
      await Promise.all(inFlight.values());
      records.prune(now());
    } finally {
      await this.scheduleNext();
    }
  }

  /** Tops up what is ready to send: forwarding batches, and the next pages of campaign jobs. */
  private async refill(destination: Destination): Promise<void> {
    const { records } = this.ports;
    if (destination.kind === "forwarding") {
      const size = destination.batch ?? 100;
      for (let b = records.buffered(); b.count > 0 && records.pendingCount() < 2 * LIMITS.maxInFlight; b = records.buffered()) {
        if (b.count < size && (b.oldestAt ?? 0) + LIMITS.flushAfterMs > this.ports.now()) break;
        records.batch(size, crypto.randomUUID(), this.ports.now());
      }
      return;
    }
    if (records.pendingCount() >= LIMITS.campaignAhead / 2) return;
    for (let job = records.jobs().find((j) => !j.done); job && records.pendingCount() < LIMITS.campaignAhead; job = records.jobs().find((j) => !j.done)) {
      const { job: moved, deliveries } = await nextCampaignPage(job, this.ports.campaigns, LIMITS.campaignPage, this.ports.now());
      // The page's deliveries and the job's new cursor in one step: a restart neither skips nor repeats a page.
      records.add(deliveries, this.ports.now());
      records.saveJob(moved);
    }
  }

  private async attempt(destination: Destination, delivery: Delivery): Promise<void> {
    const { records, now } = this.ports;
    const secret = destination.secret === undefined ? undefined : this.ports.secret(destination.secret);
    const refusal =
      destination.secret !== undefined && secret === undefined
        ? `the secret ${destination.secret} is not set (wrangler secret put ${destination.secret})`
        : outboundUrlProblem(destination.url, this.ports.development);
    if (refusal) {
      records.attempted(delivery.id, { verdict: "failed", status: null, error: refusal, latencyMs: null }, now());
      return;
    }
    const headers = await deliveryHeaders(delivery.id, delivery.body, secret, now());
    const started = now();
    let status: number | undefined;
    let error: string | null = null;
    let retryAfter: number | undefined;
    try {
      const response = await this.ports.fetch(destination.url, {
        method: "POST",
        headers,
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(destination.timeoutMs),
      });
      status = response.status;
      if (verdictOf(status) === "delivered") await response.body?.cancel();
      else error = `${status}${await answerText(response)}`;
      retryAfter = retryAfterMs(response.headers.get("retry-after"), now());
    } catch (e) {
      const name = (e as Error)?.name;
      error = name === "TimeoutError" || name === "AbortError" ? `no answer within ${destination.timeoutMs} ms` : `network error: ${String((e as Error)?.message ?? e)}`;
    }
    const at = now();
    const record: AttemptRecord = { verdict: verdictOf(status), status: status ?? null, error, latencyMs: status === undefined ? null : at - started };
    if (record.verdict === "retry") {
      record.nextAttemptAt = nextAttemptAt(delivery.attempts + 1, at, retryAfter, this.ports.random);
      if (record.nextAttemptAt > delivery.windowStart + LIMITS.giveUpAfterMs) Object.assign(record, { verdict: "failed", deadLetter: true });
      this.failureRun++;
      this.pausedUntil = Math.max(this.pausedUntil, at + Math.min(LIMITS.firstRetryMs * 2 ** Math.min(this.failureRun - 1, 20), LIMITS.maxPauseMs), at + (retryAfter ?? 0));
    } else if (record.verdict === "delivered") {
      this.failureRun = 0;
      this.pausedUntil = 0;
    }
    records.attempted(delivery.id, record, at);
  }

  private pacerFor(destination: Destination): Pacer {
    if (!this.pacer || this.pacedFor !== destination.perSecond) {
      // A new object does not know what the previous one started in the last window: it waits one window first.
      const quiet = this.pacer || destination.perSecond === undefined ? 0 : this.startedAt + LIMITS.pacingWindowMs / destination.perSecond;
      this.pacer = new Pacer(destination.perSecond, quiet);
      this.pacedFor = destination.perSecond;
    }
    return this.pacer;
  }

  private async scheduleNext(): Promise<void> {
    const { records } = this.ports;
    const times = [records.nextAttemptAt()];
    const buffered = records.buffered();
    if (buffered.count > 0) times.push((buffered.oldestAt ?? 0) + LIMITS.flushAfterMs);
    if (records.jobs().some((job) => !job.done)) times.push(this.ports.now());
    const next = times.filter((t): t is number => t !== undefined);
    if (next.length > 0) await this.ports.wakeAt(Math.max(Math.min(...next), this.pausedUntil));
  }

  private dropped(n: number, destination: Destination): void {
    this.ports.records.countDropped(n);
    console.error(`outbound ${destination.kind} ${destination.id}: ${n} dropped, ${LIMITS.maxWaiting} already waiting`);
  }
}

/** At most LIMITS.answerChars of a failed answer's body (`: …`), read without holding more. */
async function answerText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < LIMITS.answerChars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // the answer's body is only a hint
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  text = text.trim().slice(0, LIMITS.answerChars);
  return text ? `: ${text}` : "";
}
