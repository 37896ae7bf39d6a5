import type { Transport } from "@edgewise/sdk-core";

/**
 * `fetch` for requests; for a page going away, `fetch` with `keepalive` (which keeps the JSON
 * content type), falling back to `navigator.sendBeacon`.
 *
 * @example const transport = browserTransport(); await transport.fetch("/v1/ruleset", {});
 */
export function browserTransport(): Transport {
  return {
    fetch: (url, init) => fetch(url, { ...init, credentials: "omit" }),
    send(url, body) {
      try {
        void fetch(url, { method: "POST", body, keepalive: true, credentials: "omit", headers: { "content-type": "application/json" } }).catch(() => {});
        return true;
      } catch {
        return navigator.sendBeacon?.(url, new Blob([body], { type: "application/json" })) ?? false;
      }
    },
  };
}
