/**
 * The script-tag build (`/v1/sdk.js`): reads its settings from its own tag, makes `window.edgewise`
 * the client, replays the calls queued before it loaded, renders every placement and follows
 * single-page-app navigation.
 *
 * @example
 * <script src="https://edge.example/v1/sdk.js" data-client-key="demo-client-key" async></script>
 * <script>window.edgewise = window.edgewise || []; edgewise.push(["track", "cart.add", { sku: "A1" }]);</script>
 */
import type { Consent, Mode } from "@edgewise/sdk-core";
import { createClient, type WebClient } from "./index.ts";
import { chunksBeside } from "./script/chunks.ts";

type Command = [keyof WebClient, ...unknown[]];
type Global = { edgewise?: Command[] | WebClient & { push(...commands: Command[]): number } };

const global = window as unknown as Global;

if (!global.edgewise || Array.isArray(global.edgewise)) start(global.edgewise ?? []);

function start(queued: Command[]): void {
  performance.mark("edgewise:start");
  const script = (document.currentScript ?? document.querySelector("script[data-client-key]")) as HTMLScriptElement | null;
  const data = script?.dataset ?? {};
  const number = (value: string | undefined) => (value ? Number(value) : undefined);
  // The engine and message chunks are beside this file, loaded with this tag's nonce.
  chunksBeside(script?.src ?? "", script?.nonce || data.nonce);
  const client = createClient({
    clientKey: data.clientKey ?? "",
    edgeUrl: data.edge ?? (script?.src ? new URL(script.src, location.href).origin : ""),
    mode: data.mode as Mode | undefined,
    consent: data.consent as Consent | undefined,
    ...(data.profileId ? { profileId: data.profileId, profileSignature: data.profileSignature } : {}),
    nonce: script?.nonce || data.nonce,
    prehide: true,
    timeout: number(data.timeout),
    displayAfter: number(data.displayAfter),
    minInterval: number(data.minInterval),
    maxPerSession: number(data.maxPerSession),
  });
  const run = ([method, ...args]: Command) => {
    const fn = client[method];
    if (typeof fn === "function") (fn as (...a: unknown[]) => unknown)(...args);
  };
  global.edgewise = Object.assign(client, { push: (...commands: Command[]) => (commands.forEach(run), 0) });
  queued.forEach(run);

  let page = location.pathname + location.search;
  const navigated = () => {
    const next = location.pathname + location.search;
    if (next !== page) {
      page = next;
      void client.page();
    }
  };
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      original.apply(this, args);
      navigated();
    };
  }
  addEventListener("popstate", navigated);
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      void client.render();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  void client.page();
}
