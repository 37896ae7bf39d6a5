import { env, exports } from "cloudflare:workers";
import { createApp } from "../src/app.ts";

export const CLIENT_KEY = "test-client-key";
export const ADMIN_KEY = "test-admin-key";
export const BASE = "http://edge.test";

const worker = (exports as unknown as { default: Fetcher }).default;

let requests = 0;
/**
 * Each test request comes from its own address (`cf-connecting-ip`, which Cloudflare sets in
 * production) unless it names one: the rate limits are tested on their own (security/rate-limit).
 */
function fromAnAddress(init?: RequestInit): RequestInit {
  const headers = new Headers(init?.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", `fd00::${(++requests).toString(16)}`);
  return { ...init, headers };
}

/** Calls the Worker's real entry point (same bindings as `wrangler dev`). */
export function fetchEdge(path: string, init?: RequestInit): Promise<Response> {
  return worker.fetch(new Request(`${BASE}${path}`, fromAnAddress(init)));
}

export function clientHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "x-client-key": CLIENT_KEY, "content-type": "application/json", ...extra };
}

export function adminHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json", ...extra };
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = clientHeaders()): Promise<Response> {
  return fetchEdge(path, { method: "POST", headers, body: JSON.stringify(body) });
}

export function putJson(path: string, body: unknown, headers: Record<string, string> = adminHeaders()): Promise<Response> {
  return fetchEdge(path, { method: "PUT", headers, body: JSON.stringify(body) });
}

/** A unique id for this test run (profiles, events, snapshot versions). */
export function uid(prefix = "t"): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

export async function publish(catalog: unknown): Promise<{ version: string }> {
  const response = await putJson("/v1/admin/catalog", catalog);
  if (response.status !== 200) throw new Error(`publish failed: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function importSnapshot(version: string, profiles: unknown[]): Promise<Response> {
  const lines = [{ type: "header", version, audiences: [{ id: "vip" }, { id: "new" }] }, ...profiles];
  return fetchEdge("/v1/admin/snapshots", {
    method: "POST",
    headers: adminHeaders({ "content-type": "application/x-ndjson" }),
    body: lines.map((line) => JSON.stringify(line)).join("\n"),
  });
}

export interface DecideResponse {
  decisions: {
    placement: string;
    offerId: string | null;
    fallback: boolean;
    content?: Record<string, unknown>;
    message?: Record<string, unknown>;
    token: string;
    explanation?: { candidates: { offerId: string; outcome: string; detail?: string }[] };
  }[];
  audiences: string[];
  catalogVersion: string | null;
  snapshotVersion: string | null;
  anonymous: boolean;
}

export async function decide(body: Record<string, unknown>, headers?: Record<string, string>): Promise<DecideResponse> {
  const response = await postJson("/v1/decide", body, headers);
  if (response.status !== 200) throw new Error(`decide failed: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface EventsResponse {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: { code: string; message: string; path?: string } }[];
}

export async function sendEvents(events: unknown[], headers?: Record<string, string>): Promise<EventsResponse> {
  const response = await postJson("/v1/events", { events }, headers);
  if (response.status !== 202) throw new Error(`events failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/** An event with the required fields filled in. */
export function event(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: crypto.randomUUID(), anonymousId: "anon-1", timestamp: Date.now(), ...fields };
}

/** Polls `check` until it returns a value other than undefined (e.g. waiting for the queue). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A response's JSON body, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(response: Response): Promise<any> {
  return response.json();
}

const app = createApp();

/**
 * The same app as `fetchEdge`, called in this isolate (`app.request` with the real bindings of
 * `env`), for tests that send thousands of requests: the pool's entry-point fetch slows down with
 * every request a test file makes (about 40 ms per request after a thousand; this stays under 1 ms).
 */
export function fetchApp(path: string, init?: RequestInit): Promise<Response> {
  return Promise.resolve(app.request(`${BASE}${path}`, fromAnAddress(init), env));
}
