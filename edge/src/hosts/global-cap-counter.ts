import { DurableObject } from "cloudflare:workers";
import { CapCountRecords } from "../adapters/sqlite/cap-count-records.ts";
import type { CapCounts, CountedEvent, GlobalCapCounter as Counter } from "../domain/caps/counts.ts";

/** One offer's global cap counts (the namespace is sharded by offer id): wiring of CapCountRecords. */
export class GlobalCapCounter extends DurableObject implements Counter {
  private readonly records = new CapCountRecords(this.ctx.storage.sql);

  async record(events: readonly CountedEvent[], now: number = Date.now()): Promise<CapCounts> {
    return this.records.record(events, now);
  }

  async counts(now: number = Date.now()): Promise<CapCounts> {
    return this.records.counts(now);
  }
}
