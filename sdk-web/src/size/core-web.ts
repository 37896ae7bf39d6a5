// Size-budget entry: the client core wired to the browser adapters, without the renderer.
export { createCore } from "@edgewise/sdk-core";
export { idbStorage } from "../platform/storage.ts";
export { browserTransport } from "../platform/transport.ts";
export { browserLifecycle, pageContext } from "../platform/lifecycle.ts";
