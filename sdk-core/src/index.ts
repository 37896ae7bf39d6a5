/**
 * `@edgewise/sdk-core`: the platform-neutral client shared by the web and mobile SDKs. No DOM, no
 * browser globals: platforms pass their ports (`storage`, `transport`, `lifecycle`, `presenter`).
 *
 * @example
 * import { createCore, memoryStorage } from "@edgewise/sdk-core";
 * const client = createCore({ clientKey: "demo-client-key", edgeUrl: "http://127.0.0.1:8787",
 *   storage: memoryStorage(), transport: { fetch: (url, init) => fetch(url, init), send: () => false } });
 * const [hero] = await client.decide(["home-hero"]);
 */
export { createCore } from "./client/create-core.ts";
export type { DeviceEngine } from "./engine.ts";
export type { CoreClient, CoreOptions, ClientEvents, Consent, DecideOptions, Mode } from "./client/options.ts";
export { memoryStorage } from "./memory.ts";
export { previewReport, watchPreview } from "./preview.ts";
export type { PreviewReport, PreviewWatch } from "./preview.ts";
export { createQueue } from "./queue.ts";
export type { QueuedEvent } from "./queue.ts";
export { backoffMs, messageButtons, retryAfterMs, uuid } from "./util.ts";
export type * from "./ports.ts";
export { ATTRIBUTED_EVENT_TYPES, EVENT_TYPES, isOfferEvent, OFFER_EVENT_TYPES, PREVIEW_PARAMETER, PREVIEW_TOKEN_MAX_LENGTH } from "./wire.ts";
export type * from "./wire.ts";
