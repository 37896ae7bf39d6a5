// Finding 5: 5,000–50,000 levels of nesting (under the body limit) overflowed the stack when the
// body was handed to the profile's Durable Object: a 500. Every JSON body is now refused past its
// depth limit, at the path where it goes too deep, before it goes anywhere.
import { describe, expect, it } from "vitest";
import { testCatalog } from "../fixtures/catalog.ts";
import { adminHeaders, event, fetchEdge, importSnapshot, json, postJson, publish, uid } from "../helpers.ts";

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** `{"a":[{"a":[… 1 …]}]}` as JSON text, `levels` deep (built as text: JSON.stringify itself recurses). */
const deepText = (levels: number): string => {
  let open = "";
  let close = "";
  for (let i = levels - 1; i >= 0; i--) {
    open += i % 2 ? "[" : '{"a":';
    close = (i % 2 ? "]" : "}") + close;
  }
  return `${open}1${close}`;
};
const raw = (path: string, text: string, headers: Record<string, string>, method = "POST") => fetchEdge(path, { method, headers, body: text });

describe("deep nesting", () => {
  it("is refused with 400 too_deep on every JSON route, whatever the depth under the size limit", async () => {
    await publish(testCatalog());
    for (const levels of [33, 5_000, 12_000]) {
      const deep = deepText(levels % 2 ? levels : levels + 1); // an object at the top
      const client = { "x-client-key": "test-client-key", "content-type": "application/json" };
      const e = JSON.stringify(event({ type: "track", name: "x", profileId: uid("p") })).slice(0, -1);
      const cases: [string, Promise<Response>][] = [
        ["decide context", raw("/v1/decide", `{"anonymousId":"a","placements":["home-hero"],"context":${deep}}`, client)],
        ["decide event", raw("/v1/decide", `{"anonymousId":"a","placements":["home-hero"],"event":{"name":"x","properties":${deep}}}`, client)],
        ["events", raw("/v1/events", `{"events":[${e},"properties":${deep}}]}`, client)],
        ["simulate", raw("/v1/admin/simulate", `{"placements":["home-hero"],"profile":${deep}}`, adminHeaders())],
        ["catalog", raw("/v1/admin/catalog", `${JSON.stringify(testCatalog()).slice(0, -1)},"metadata":${deepText(levels + 33)}}`, adminHeaders(), "PUT")],
      ];
      for (const [label, pending] of cases) {
        const response = await pending;
        expect({ label, levels, status: response.status }).toEqual({ label, levels, status: 400 });
        expect((await json(response)).error.code).toBe("too_deep");
      }
    }
    expect((await fetchEdge("/v1/health")).status).toBe(200);
  });

  it("allows ordinary nesting (31 levels of event properties) and refuses a deep snapshot line with its line number", async () => {
    const ok = await postJson("/v1/events", { events: [event({ type: "track", name: "x", profileId: uid("p"), properties: nested(27) })] });
    expect(await json(ok)).toMatchObject({ accepted: 1, rejected: [] });
    const deep = await importSnapshot(uid("deep"), [{ profileId: "d-1", audiences: [], attributes: nested(40) }]);
    expect(deep.status).toBe(400);
    expect((await json(deep)).error).toMatchObject({ errors: [{ line: 2, message: expect.stringContaining("nested deeper than 32") }] });
  });
});
