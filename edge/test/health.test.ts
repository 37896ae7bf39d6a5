import { describe, expect, it } from "vitest";
import { fetchEdge, json } from "./helpers.ts";

describe("GET /v1/health", () => {
  it("answers ok without a key", async () => {
    const response = await fetchEdge("/v1/health");
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ ok: true });
  });
});
