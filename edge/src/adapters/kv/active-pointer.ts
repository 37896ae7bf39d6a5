/**
 * An active-version pointer stored under one KV key and cached in the isolate for `ttlMs`.
 *
 * Publishing writes every versioned key first and flips the pointer last, so a reader sees the old
 * version or the new one, never a mix. Staleness: a publish is visible at once in the isolate that
 * made it (the cache is dropped), and within `ttlMs` plus KV's own propagation (up to ~60 s across
 * locations) elsewhere.
 */
export class ActivePointer<T> {
  private cached: { value: T | null; until: number } | undefined;

  constructor(
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async read(kv: KVNamespace, now = Date.now()): Promise<T | null> {
    if (this.cached && now < this.cached.until) return this.cached.value;
    const value = await kv.get<T>(this.key, "json");
    this.cached = { value, until: now + this.ttlMs };
    return value;
  }

  async write(kv: KVNamespace, value: T): Promise<void> {
    await kv.put(this.key, JSON.stringify(value));
    this.cached = { value, until: Date.now() + this.ttlMs };
  }

  /** Forget the cached value (tests; after writes made elsewhere). */
  invalidate(): void {
    this.cached = undefined;
  }
}
