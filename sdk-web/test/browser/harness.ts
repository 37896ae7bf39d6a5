import { createServer, type Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { E2E_CATALOG, E2E_SNAPSHOT } from "./catalog.ts";
import { admin, CLIENT_KEY } from "./edge-server.ts";

export const edgeUrl = inject("edgeUrl");
export const chromiumPath = inject("chromium");
/** Browser tests run only where Chromium is (under CI its absence already failed the setup). */
export const hasBrowser = chromiumPath !== "";
export const edge = admin(edgeUrl);

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}

export interface PageSpec {
  body?: string;
  head?: string;
  /** Attributes added to the SDK's script tag, e.g. `data-mode="local"`. */
  attrs?: string;
  /** Calls queued before the SDK loads: `edgewise.push(...)` arguments. */
  queued?: unknown[][];
  headers?: Record<string, string>;
  /** Leave the SDK's script tag out. */
  noSdk?: boolean;
}

/** The snippet of DESIGN.md ("SDKs") as a shop would paste it. */
export function shopPage(spec: PageSpec = {}): string {
  const nonce = /nonce-([\w+/=-]+)/.exec(spec.headers?.["content-security-policy"] ?? "")?.[1];
  const n = nonce ? ` nonce="${nonce}"` : "";
  const queued = spec.queued?.length
    ? `<script${n}>window.edgewise = window.edgewise || []; ${spec.queued.map((c) => `edgewise.push(${JSON.stringify(c)});`).join(" ")}</script>`
    : "";
  const sdk = spec.noSdk ? "" : `<script src="${edgeUrl}/v1/sdk.js" data-client-key="${CLIENT_KEY}" ${spec.attrs ?? ""}${n} async></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${spec.head ?? ""}${queued}${sdk}</head><body>${spec.body ?? ""}</body></html>`;
}

/** A tiny static server on 127.0.0.1 (another origin than the edge, so CORS is exercised). */
export async function servePages(): Promise<{ url: string; set(path: string, spec: PageSpec | string): void; close(): Promise<void> }> {
  const pages = new Map<string, PageSpec | string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const spec = pages.get(path) ?? pages.get("*");
    if (!spec) {
      res.writeHead(404).end("not found");
      return;
    }
    const html = typeof spec === "string" ? spec : shopPage(spec);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...(typeof spec === "string" ? {} : spec.headers) });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, spec) => void pages.set(path, spec),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Waits until the placement element is rendered (decided and revealed). */
export async function rendered(page: Page, placement: string): Promise<void> {
  await page.waitForSelector(`[data-edgewise-placement="${placement}"][data-edgewise-ready]`, { state: "attached" });
}

/** Polls `fn` until it returns a truthy value (events travel through the queue asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out${last ? `: ${last}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** History entries of a profile at the edge, by event name (the edge records each event id once). */
export async function historyOf(profileId: string): Promise<{ name: string; offerId?: string; timestamp: number }[]> {
  return (await edge.profile(profileId)).history;
}

export const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export type Site = Awaited<ReturnType<typeof servePages>>;

/** What a browser suite works with; `context` and `page` are fresh for every test. */
export interface BrowserSuite {
  browser: Browser;
  site: Site;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers a browser suite's usual hooks: publish the e2e catalog (plus a snapshot, extended by
 * `profiles`), launch Chromium and serve pages once; a fresh context and page for every test unless
 * `perTest` is false. Read the returned object inside tests and hooks.
 */
export function browserSuite(options: { snapshot?: boolean; profiles?: unknown[]; perTest?: boolean } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    await edge.publish(E2E_CATALOG);
    if (options.snapshot) await edge.importSnapshot([...E2E_SNAPSHOT(unique("snap")), ...(options.profiles ?? [])]);
    suite.browser = await launch();
    suite.site = await servePages();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.site?.close();
  });
  if (options.perTest !== false) {
    beforeEach(async () => {
      suite.context = await suite.browser.newContext();
      suite.page = await suite.context.newPage();
    });
    afterEach(() => suite.context.close());
  }
  return suite;
}

/** Events persisted in the queue (only those named `name`, when given). */
export const storedQueue = (p: Page, name?: string): Promise<number> =>
  p.evaluate(
    (only) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("edgewise");
        open.onsuccess = () => {
          const get = open.result.transaction("kv").objectStore("kv").get("ew:q");
          get.onsuccess = () => resolve(((get.result ?? []) as { name?: string }[]).filter((e) => !only || e.name === only).length);
        };
      }),
    name,
  );
