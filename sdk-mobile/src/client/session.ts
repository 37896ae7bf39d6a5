import { uuid, type Clock, type Storage } from "@edgewise/sdk-core";

/** A session as stored: who it is, when it started, when the app was last seen, since when it is in the background. */
export interface SessionRecord {
  id: string;
  start: number;
  seen: number;
  background?: number;
}

export const SESSION_KEY = "ew:m";
/** How long `seen` may lag behind while events keep arriving (it is written at most this often). */
const SEEN_EVERY = 60_000;

export interface SessionOptions {
  /** The app's storage, or `undefined` while nothing may be written (consent not "in"). */
  storage(): Storage | undefined;
  /** Reads the stored session (also while consent is pending). */
  read(): Promise<SessionRecord | undefined>;
  clock: Clock;
  /** Milliseconds in the background (or since the app was last seen) after which a new session starts. */
  timeout: number;
}

/**
 * The mobile session rules: a session goes on while the app is in the foreground, and a new one
 * starts when the app comes back after `timeout` (30 minutes) or more in the background. A restart
 * counts as coming back from the background: it continues the session if the app was last seen
 * less than `timeout` ago (so an app killed by the system and reopened at once keeps its session).
 *
 * @example const sessions = createSessions(options); await sessions.load(false); sessions.id();
 */
export function createSessions(o: SessionOptions) {
  const fresh = (now: number): SessionRecord => ({ id: uuid(), start: now, seen: now });
  let current = fresh(o.clock.now());
  let written = -Infinity;

  /** Writes the session, when consent allows; resolves once written. */
  async function save(): Promise<void> {
    const storage = o.storage();
    if (!storage) return;
    written = current.seen;
    await storage.set(SESSION_KEY, current);
  }

  return {
    id: () => current.id,
    current: (): Readonly<SessionRecord> => current,

    /** Continues the stored session or starts one; returns whether it is new. */
    async load(inBackground: boolean): Promise<boolean> {
      const now = o.clock.now();
      const stored = await o.read();
      const last = stored ? (stored.background ?? stored.seen) : -Infinity;
      const isNew = !(stored && typeof stored.id === "string" && now - last < o.timeout);
      current = isNew ? fresh(now) : { ...stored!, seen: now };
      if (inBackground) current.background ??= now;
      else delete current.background;
      await save();
      return isNew;
    },

    /** The app is in the foreground again: returns whether that starts a new session, and how long it was away. */
    foreground(): { newSession: boolean; backgroundMs: number } {
      const now = o.clock.now();
      const backgroundMs = current.background === undefined ? 0 : now - current.background;
      const newSession = backgroundMs >= o.timeout;
      current = newSession ? fresh(now) : { ...current, seen: now };
      delete current.background;
      void save();
      return { newSession, backgroundMs };
    },

    background(): void {
      const now = o.clock.now();
      current = { ...current, seen: now, background: now };
      void save();
    },

    /** Activity (an event): remembered, and written at most once a minute. */
    touch(): void {
      current.seen = o.clock.now();
      if (current.seen - written >= SEEN_EVERY) void save();
    },

    save,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
