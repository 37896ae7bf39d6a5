/**
 * Adobe Target display notifications (what on-device decisioning reports for `execute` decisions)
 * as the edge's own accepted events: one `display` per notification, counted in the statistics under
 * `target:<activity id>` (or `target:<mbox name>` when no rule of the artifact has its token).
 */
import { eventMessage, type EventMessage } from "../events/messages.ts";

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (object: unknown, key: string): unknown => (isRecord(object) && Object.hasOwn(object, key) ? object[key] : undefined);

/** Each event token of the artifact's rules (mboxes and views) → its activity id. */
export function activitiesByToken(artifact: unknown): Map<string, string> {
  const byToken = new Map<string, string>();
  const rules = own(artifact, "rules");
  for (const kind of ["mboxes", "views"]) {
    const groups = own(rules, kind);
    if (!isRecord(groups)) continue;
    for (const list of Object.values(groups)) {
      if (!Array.isArray(list)) continue;
      for (const rule of list) {
        const activity = own(rule, "activityId") ?? own(own(rule, "meta"), "activity.id");
        const options = own(own(rule, "consequence"), "options");
        if ((typeof activity !== "string" && typeof activity !== "number") || !Array.isArray(options)) continue;
        for (const option of options) {
          const token = own(option, "eventToken");
          if (typeof token === "string") byToken.set(token, String(activity));
        }
      }
    }
  }
  return byToken;
}

/** The profile key Target events are counted under: the request's visitor id. */
export function targetProfileKey(id: unknown): string {
  for (const key of ["tntId", "marketingCloudVisitorId", "thirdPartyId"]) {
    const value = own(id, key);
    if (typeof value === "string" && value !== "") return `target:${value.slice(0, 200)}`;
  }
  return "target:anonymous";
}

/**
 * The events queue's messages for the notifications of one notification payload (`{request: {id,
 * notifications: [{id, timestamp, type, mbox|view: {name}, tokens}]}}`).
 */
export function targetDisplayMessages(payload: unknown, activities: ReadonlyMap<string, string>, now: number): EventMessage[] {
  const request = own(payload, "request");
  const notifications = own(request, "notifications");
  if (!Array.isArray(notifications)) return [];
  const profileKey = targetProfileKey(own(request, "id"));
  const messages: EventMessage[] = [];
  for (const notification of notifications) {
    const id = own(notification, "id");
    const location = own(notification, "mbox") ?? own(notification, "view");
    const name = own(location, "name");
    if (typeof id !== "string" || typeof name !== "string") continue;
    const tokens = own(notification, "tokens");
    const token = Array.isArray(tokens) ? tokens.find((t): t is string => typeof t === "string" && activities.has(t)) : undefined;
    const timestamp = own(notification, "timestamp");
    messages.push(
      eventMessage(
        {
          id: `target-${id}`,
          type: "display",
          name: "display",
          timestamp: typeof timestamp === "number" ? timestamp : now,
          offerId: `target:${token === undefined ? name : activities.get(token)!}`,
          placement: name,
        },
        profileKey,
        now,
      ),
    );
  }
  return messages;
}
