/**
 * `@edgewise/sdk-web/core`: the platform-neutral client shared by the web and mobile SDKs. No DOM,
 * no browser globals: platforms pass their ports (`storage`, `transport`, `lifecycle`, `presenter`).
 *
 * @example
 * import { createCore, memoryStorage } from "@edgewise/sdk-web/core";
 * const client = createCore({ clientKey: "demo-client-key", edgeUrl: "http://127.0.0.1:8787",
 *   storage: memoryStorage(), transport: { fetch: (url, init) => fetch(url, init), send: () => false } });
 * const [hero] = await client.decide(["home-hero"]);
 */
export { createCore } from "./client.ts";
export type { CoreClient, CoreOptions, ClientEvents, Consent, DecideOptions, Mode } from "./client.ts";
export { memoryStorage } from "./memory.ts";
export { createQueue } from "./queue.ts";
export type { EventType, QueuedEvent } from "./queue.ts";
export { backoffMs, messageButtons, retryAfterMs, uuid } from "./util.ts";
export type * from "./ports.ts";
