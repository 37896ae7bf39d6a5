// The real edge (`wrangler dev` on workerd, see edge/scripts/local-edge.mjs) for the browser tests,
// and admin helpers for them. Used by the vitest global setup and by scripts/measure.mjs.
import { EDGE_DIR, freePort, startEdge, type RunningEdge } from "../../../edge/scripts/local-edge.mjs";

export { EDGE_DIR, freePort, startEdge, type RunningEdge };
export const CLIENT_KEY = "demo-client-key";
export const ADMIN_KEY = "demo-admin-key";

/** Admin calls for the tests: publish a catalog, import a snapshot, read a profile or the stats. */
export function admin(edgeUrl: string) {
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const json = async (response: Response) => {
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  return {
    publish: (catalog: unknown) =>
      fetch(`${edgeUrl}/v1/admin/catalog`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(catalog) }).then(json),
    importSnapshot: (lines: unknown[]) =>
      fetch(`${edgeUrl}/v1/admin/snapshots`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/x-ndjson" },
        body: lines.map((l) => JSON.stringify(l)).join("\n"),
      }).then(json),
    profile: (id: string) => fetch(`${edgeUrl}/v1/profile/${encodeURIComponent(id)}`, { headers: { "x-client-key": CLIENT_KEY } }).then(json),
    stats: () => fetch(`${edgeUrl}/v1/admin/stats`, { headers: auth }).then(json),
  };
}
