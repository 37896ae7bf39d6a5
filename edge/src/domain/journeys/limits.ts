/** Bounds on what journeys and campaigns may do inside one profile's Durable Object. */
export const JOURNEY_RUNTIME_LIMITS = {
  /** Journeys one profile may be in at the same time; further triggers are ignored (`limited`). */
  activePerProfile: 10,
  /** Event-storm protection: events fed to journeys per profile, a token bucket of this size… */
  eventBurst: 100,
  /** …refilled at this rate (events per minute). Events beyond it are recorded but skip journeys. */
  eventsPerMinute: 100,
  /** Journey entries per profile per minute (all journeys together). */
  entriesPerMinute: 10,
  /**
   * A pending message handed to a decision is not offered to another decision for this long, unless
   * its `display` (delivered) or `suppress` (offered again at once) arrives first.
   */
  pendingLeaseMs: 60_000,
  /** A pending journey message not delivered within this time is dropped. */
  pendingMs: 30 * 86_400_000,
  /** How long a delivered message's display / interact events are attributed to its step. */
  attributionMs: 30 * 86_400_000,
  /** A paused journey's due timers are re-checked this often (and on the profile's next event). */
  pausedRecheckMs: 15 * 60_000,
  /** Transitions one instance may make in one go (steps have no loops; a guard nonetheless). */
  transitionsPerRun: 200,
} as const;
