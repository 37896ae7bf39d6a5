// GET /v1/openapi.json and /docs/api in workerd: every route the app serves is described, and every
// example of the description is accepted by its route (sent as documented, in the document's order).
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { CONSOLE_PATHS, DEMO_PATHS } from "../src/routes/pages.ts";
import { ADMIN_KEY, CLIENT_KEY, fetchEdge } from "./helpers.ts";

type Doc = { paths: Record<string, Record<string, any>>; openapi: string };

async function getDocument(): Promise<Doc> {
  const response = await fetchEdge("/v1/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return response.json();
}

/** hono's `/v1/profile/:id` and `/:chunk{regex}` in OpenAPI's form. */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{.*\})?(?=\/|$)/g, "{$1}");
const PAGES = new Set<string>([...DEMO_PATHS, ...CONSOLE_PATHS]);

describe("the API description", () => {
  it("is OpenAPI 3.1 and lists every route the app serves (the demo's and the console's pages aside)", async () => {
    const doc = await getDocument();
    expect(doc.openapi).toBe("3.1.0");
    const served = createApp()
      .routes.filter((route) => route.method !== "ALL" && !PAGES.has(route.path))
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    expect(served.length).toBeGreaterThan(20);
    const described = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(new Set(served)).toEqual(new Set(described));
  });

  it("accepts every example it gives, at its route", async () => {
    const doc = await getDocument();
    const sent: string[] = [];
    // Publish the example catalog first: the other examples decide and count against it.
    const ordered = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })))
      .sort((a, b) => Number(b.operation.operationId === "publishCatalog") - Number(a.operation.operationId === "publishCatalog"));
    for (const { path, method, operation } of ordered) {
      const content = operation.requestBody?.content as Record<string, { examples?: Record<string, { value: unknown }> }> | undefined;
      if (!content) continue;
      const [mediaType, media] = Object.entries(content)[0]!;
      const examples = Object.values(media.examples ?? {});
      expect(examples.length, `${method} ${path} has an example`).toBeGreaterThan(0);
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const parameter = (operation.parameters as { name: string; example?: string }[]).find((p) => p.name === name);
        expect(parameter?.example, `${path}: an example of {${name}}`).toBeDefined();
        return encodeURIComponent(parameter!.example!);
      });
      const security = (operation.security as Record<string, unknown>[]).map((s) => Object.keys(s)[0]);
      const headers: Record<string, string> = { "content-type": mediaType };
      if (security.includes("adminKey")) headers["authorization"] = `Bearer ${ADMIN_KEY}`;
      if (security.includes("clientKey")) headers["x-client-key"] = CLIENT_KEY;
      for (const { value } of examples) {
        const response = await fetchEdge(url, { method: method.toUpperCase(), headers, body: typeof value === "string" ? value : JSON.stringify(value) });
        const text = await response.text();
        expect(response.status, `${method} ${url}: ${text}`).toBeLessThan(300);
        if (operation.operationId === "events") expect(JSON.parse(text).rejected, text).toEqual([]);
        sent.push(operation.operationId);
      }
    }
    expect(new Set(sent)).toEqual(new Set(["publishCatalog", "validateCatalog", "decide", "events", "importSnapshot", "snapshotPart", "commitSnapshot", "simulate", "preview", "stopExperiment", "storeTargetArtifact", "targetDelivery"]));
  });

  it("refuses a bad path or query parameter with its path, as it describes", async () => {
    const response = await fetchEdge("/v1/admin/snapshots/x/parts/0", { method: "POST", headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/x-ndjson" }, body: "" });
    expect(response.status).toBe(400);
    expect((await response.json<{ error: object }>()).error).toMatchObject({ code: "invalid_parameter", path: "$.n" });
    const stats = await fetchEdge("/v1/admin/stats?offerId=", { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(stats.status).toBe(400);
    expect((await stats.json<{ error: object }>()).error).toMatchObject({ code: "invalid_parameter", path: "$.offerId" });
  });

  it("is rendered at /docs/api: every operation, escaped, without script", async () => {
    const doc = await getDocument();
    const response = await fetchEdge("/docs/api");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(html).toContain(`id="${operation.operationId}"`);
        expect(html).toContain(`${method.toUpperCase()}</span> <code>${path}</code>`);
      }
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&#60;admin key&#62;");
  });
});
