// Finding 9: an answer given before the body was read broke the next request on the same
// keep-alive connection under `wrangler dev` (a 413 reset the connection; a 401 left the body's
// bytes to be read as the next request). Every early answer now drains the body first.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge } from "../../scripts/local-edge.mjs";

let edge: Awaited<ReturnType<typeof startEdge>>;
beforeAll(async () => {
  edge = await startEdge();
});
afterAll(() => edge?.stop());

/** One connection, reused for every request. */
function connection() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = Number(new URL(edge.url).port);
  const sockets = new Set<unknown>();
  const send = (method: string, path: string, headers: Record<string, string | number> = {}, body?: string | Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method, path, headers, agent }, (response) => {
        sockets.add(request.socket);
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on("error", reject);
      if (body !== undefined) request.write(body);
      request.end();
    });
  return { send, sockets, close: () => agent.destroy() };
}

describe("early answers under wrangler dev leave the connection usable", () => {
  const json = (text: string) => ({ "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  const big = JSON.stringify({ anonymousId: "a", placements: ["x"], pad: "x".repeat(200 * 1024) });
  const cases: [string, (send: ReturnType<typeof connection>["send"]) => Promise<{ status: number }>, number][] = [
    ["401: no client key", (send) => send("POST", "/v1/decide", json('{"anonymousId":"a","placements":["x"]}'), '{"anonymousId":"a","placements":["x"]}'), 401],
    ["413: a declared length over the limit", (send) => send("POST", "/v1/decide", { ...json(big), "x-client-key": "demo-client-key" }, big), 413],
    ["413: a chunked body over the limit", (send) => send("POST", "/v1/decide", { "content-type": "application/json", "transfer-encoding": "chunked", "x-client-key": "demo-client-key" }, big), 413],
    ["415: another content type", (send) => send("POST", "/v1/events", { "content-type": "text/plain", "content-length": 5, "x-client-key": "demo-client-key" }, "hello"), 415],
    ["405: a method the route has not", (send) => send("PUT", "/v1/decide", { ...json("{}"), "x-client-key": "demo-client-key" }, "{}"), 405],
    ["404: no route", (send) => send("POST", "/nowhere", json('{"a":1}'), '{"a":1}'), 404],
    ["401: a wrong admin key", (send) => send("PUT", "/v1/admin/catalog", { ...json('{"a":1}'), authorization: "Bearer nope" }, '{"a":1}'), 401],
  ];
  for (const [label, first, status] of cases) {
    it(label, async () => {
      const c = connection();
      try {
        expect((await first(c.send)).status).toBe(status);
        for (let i = 0; i < 3; i++) expect(await c.send("GET", "/v1/health")).toEqual({ status: 200, text: '{"ok":true}' });
        expect(c.sockets.size).toBe(1); // the same connection throughout
      } finally {
        c.close();
      }
    });
  }
});
