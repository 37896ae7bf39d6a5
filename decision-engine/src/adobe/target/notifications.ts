/**
 * Display notifications for `execute` decisions: one per mbox or view response that carries event
 * tokens, each token reported once per request.
 */
import { isObject, type JsonObject } from "./types.ts";

/** Most notifications collected for one `getOffers` call. */
export const MAX_NOTIFICATIONS = 1000;

/** Collects the display notifications of one `getOffers` call. */
export interface NotificationCollector {
  /** Records the tokens of `response` not reported yet; returns the notification, if any. */
  add(response: JsonObject, kind: "mbox" | "view"): JsonObject | undefined;
  readonly notifications: readonly JsonObject[];
}

/** A collector stamping notifications with `timestamp` and ids from `uuid`. */
export function notificationCollector(timestamp: number, uuid: () => string): NotificationCollector {
  const seen = new Set<string>();
  const notifications: JsonObject[] = [];
  return {
    notifications,
    add(response, kind) {
      const tokens: string[] = [];
      const options = Array.isArray(response.options) ? response.options : [];
      for (const option of options) {
        const token: unknown = isObject(option) ? option.eventToken : undefined;
        const key = `${String(response.name)}-${String(token)}`;
        if (typeof token === "string" && !seen.has(key)) {
          tokens.push(token);
          seen.add(key);
        }
      }
      if (tokens.length === 0 || notifications.length >= MAX_NOTIFICATIONS) return undefined;
      const notification: JsonObject = {
        id: uuid(),
        impressionId: uuid(),
        timestamp,
        type: "display",
        [kind]: { name: response.name },
        tokens,
      };
      notifications.push(notification);
      return notification;
    },
  };
}
