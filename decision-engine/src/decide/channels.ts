/** The channels the SDKs declare in `context.channel`: the web SDK `web`, the mobile SDK `app`. */
export type Channel = "web" | "app";

const SCHEMES: Readonly<Record<string, Channel>> = { "web:": "web", "mobileapp:": "app" };

/**
 * A placement's channel, from its surface's scheme: `web://…` → `web`, `mobileapp://…` → `app`.
 * A placement without a surface, or with another scheme, belongs to no one channel (`undefined`):
 * every client may decide it.
 *
 * @example channelOf("mobileapp://com.example.shop/home") // "app"
 */
export function channelOf(surface: unknown): Channel | undefined {
  if (typeof surface !== "string") return undefined;
  const colon = surface.indexOf(":");
  return colon > 0 ? SCHEMES[surface.slice(0, colon + 1).toLowerCase()] : undefined;
}

/** Whether a placement of `placementChannel` serves a client of `asking` (either unknown: yes). */
export const servesChannel = (placementChannel: string | undefined, asking: unknown): boolean =>
  placementChannel === undefined || typeof asking !== "string" || asking === "" || placementChannel === asking;
