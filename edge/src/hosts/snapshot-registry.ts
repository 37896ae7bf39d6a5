import { DurableObject } from "cloudflare:workers";
import { RegistryRecords } from "../adapters/sqlite/registry-records.ts";
import { snapshotStorage } from "../adapters/snapshot-store.ts";
import type { SnapshotRegistry as Registry } from "../domain/snapshots/ports.ts";
import { dropVersion } from "../domain/snapshots/shards.ts";
import { ACTIVE_SNAPSHOT_KEY, type ActiveSnapshot, type Dropped, type ImportSlot, type RegistryRefusal, type SnapshotAudience, type SnapshotError, type SnapshotVersion } from "../domain/snapshots/types.ts";
import type { Env } from "../env.ts";

/**
 * The one registry of snapshot versions (a single object, named "registry"): RegistryRecords in
 * its SQLite, the KV pointer decisions read (written while the object is held, so two activations
 * never interleave), and the alarm that fails interrupted imports.
 */
export class SnapshotRegistry extends DurableObject<Env> implements Registry {
  private readonly records = new RegistryRecords(this.ctx.storage.sql);

  async begin(version: string, audiences: SnapshotAudience[], shards: number, expectedParts: number | null, single = false): Promise<ImportSlot | RegistryRefusal> {
    return this.watched(this.records.begin(version, audiences, shards, expectedParts, single));
  }

  async startPart(version: string, n: number, expectedParts: number | null = null): Promise<ImportSlot | RegistryRefusal> {
    return this.watched(this.records.startPart(version, n, expectedParts));
  }

  async partProgress(version: string, n: number, lines: number, profiles: number, bytes: number, done: boolean): Promise<void> {
    this.records.partProgress(version, n, lines, profiles, bytes, done);
    await this.watched(undefined);
  }

  async partAbandoned(version: string, n: number): Promise<void> {
    this.records.partAbandoned(version, n);
  }

  async fail(version: string, errors: SnapshotError[], invalidLines: number): Promise<Dropped | null> {
    return this.records.fail(version, errors, invalidLines);
  }

  async prepareCommit(version: string, parts: number | null): Promise<{ vid: number; shards: number } | RegistryRefusal> {
    return this.records.prepareCommit(version, parts);
  }

  async ready(version: string, profiles: number): Promise<SnapshotVersion | RegistryRefusal> {
    return this.records.ready(version, profiles);
  }

  async activate(version: string): Promise<{ active: ActiveSnapshot; dropped: Dropped[] } | RegistryRefusal> {
    const active = this.records.activation(version);
    if ("refused" in active) return active;
    if (active.version === this.records.activeSnapshot()?.version) return { active, dropped: [] };
    let dropped: Dropped[] = [];
    // Hold the object while the KV pointer is written: activations never interleave.
    await this.ctx.blockConcurrencyWhile(async () => {
      await this.env.SNAPSHOTS.put(ACTIVE_SNAPSHOT_KEY, JSON.stringify(active));
      dropped = this.records.activated(active);
    });
    return { active, dropped };
  }

  async remove(version: string): Promise<Dropped | RegistryRefusal> {
    return this.records.remove(version);
  }

  async activeSnapshot(): Promise<ActiveSnapshot | null> {
    return this.records.activeSnapshot();
  }

  async version(version: string): Promise<SnapshotVersion | null> {
    return this.records.version(version);
  }

  async list(limit?: number): Promise<{ active: ActiveSnapshot | null; versions: SnapshotVersion[] }> {
    return this.records.list(limit);
  }

  /** Fails the imports that received nothing for too long, removing their rows; wakes again for the others. */
  override async alarm(): Promise<void> {
    const { dropped, next } = this.records.failInterrupted();
    await Promise.all(dropped.map((version) => dropVersion(snapshotStorage(this.env), version.vid, version.shards)));
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** An import made progress: the alarm that finds interrupted imports is due no later than its next check. */
  private async watched<T>(result: T): Promise<T> {
    const due = this.records.nextCheck(Date.now());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
    return result;
  }
}
