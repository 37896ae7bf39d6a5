// The catalog: listed, edited as JSON, validated locally with the engine before publishing,
// audience warnings from the edge, versions with rollback.
import { useCallback, useEffect, useState } from "preact/hooks";
import { CatalogError, compileCatalog } from "@edgewise/decision-engine";
import { type Json, type Problem, ApiError, type Api } from "./api.ts";
import { Table } from "./table.tsx";

export function validateText(text: string): { catalog?: unknown; problems: Problem[] } {
  let catalog: unknown;
  try {
    catalog = JSON.parse(text);
  } catch (error) {
    return { problems: [{ path: "$", message: `not valid JSON: ${(error as Error).message}` }] };
  }
  try {
    compileCatalog(catalog as never);
    return { catalog, problems: [] };
  } catch (error) {
    if (error instanceof CatalogError) return { problems: error.errors as Problem[] };
    return { problems: [{ path: "$", message: String(error) }] };
  }
}

export function CatalogView({ api }: { api: Api }) {
  const [current, setCurrent] = useState<Json | null>(null);
  const [versions, setVersions] = useState<Json[]>([]);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [warnings, setWarnings] = useState<Problem[]>([]);
  const [message, setMessage] = useState("");
  const load = useCallback(async () => {
    try {
      const [body, listed] = await Promise.all([api("/v1/admin/catalog"), api("/v1/admin/catalog/versions")]);
      setCurrent(body);
      setVersions(listed.versions ?? []);
      setText(JSON.stringify(body.catalog, null, 2));
    } catch (error) {
      setMessage((error as Error).message);
    }
  }, [api]);
  useEffect(() => void load(), [load]);
  const catalog = current?.catalog ?? {};
  const check = async () => {
    const result = validateText(text);
    setProblems(result.problems);
    setWarnings([]);
    setMessage(result.problems.length ? "" : "The catalog is valid.");
    if (!result.problems.length) {
      // Audiences are the edge's to know (its active snapshot): it names those the catalog misses.
      const checked = await api("/v1/admin/catalog/validate", { method: "POST", headers: { "content-type": "application/json" }, body: text }).catch(() => null);
      setWarnings(checked?.warnings ?? []);
    }
    return result;
  };
  const publish = async () => {
    const { catalog: valid, problems: found } = validateText(text);
    setProblems(found);
    if (found.length || !valid) {
      setMessage("Not published: fix the errors below first.");
      return;
    }
    try {
      const body = await api("/v1/admin/catalog", { method: "PUT", headers: { "content-type": "application/json" }, body: text });
      setWarnings(body.warnings ?? []);
      setMessage(`Published version ${body.version}.`);
      await load();
    } catch (error) {
      const e = error as ApiError;
      setProblems(e.body?.error?.errors ?? (e.body?.errors as Problem[]) ?? []);
      setMessage(`The edge refused it: ${e.message}`);
    }
  };
  const rollback = async (version: string) => {
    try {
      const body = await api(`/v1/admin/catalog/versions/${encodeURIComponent(version)}/activate`, { method: "POST" });
      setMessage(`Version ${body.version} is active again (previous: ${body.previous ?? "none"}).`);
      await load();
    } catch (error) {
      setMessage(`Activation failed: ${(error as Error).message}`);
    }
  };
  return (
    <section aria-labelledby="catalog-h">
      <h2 id="catalog-h">Catalog {current && <small>version {current.version}</small>}</h2>
      <div class="lists">
        <Table caption="Offers" columns={["id", "name", "placements", "priority"]} rows={(catalog.offers ?? []).map((o: Json) => [o.id, o.name ?? "", (o.placements ?? []).join(", "), o.priority ?? 0])} />
        <Table caption="Placements" columns={["id", "surface", "format"]} rows={(catalog.placements ?? []).map((p: Json) => [p.id, p.surface, p.format])} />
        <Table caption="Journeys" columns={["id", "trigger", "steps"]} rows={(catalog.journeys ?? []).map((j: Json) => [j.id, j.trigger?.event ?? "", (j.steps ?? []).length])} />
        <Table caption="Campaigns" columns={["id", "audience", "offer", "window"]} rows={(catalog.campaigns ?? []).map((c: Json) => [c.id, c.audience, c.offer, `${c.schedule?.start ?? ""} → ${c.schedule?.end ?? ""}`])} />
        <Table caption="Real-time audiences" columns={["id", "name"]} rows={(catalog.audiences ?? []).map((a: Json) => [a.id, a.name ?? ""])} />
      </div>
      <h3>Edit as JSON</h3>
      <label for="catalog-json">Catalog JSON (validated in the browser before it is published)</label>
      <textarea id="catalog-json" spellcheck={false} rows={24} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby="catalog-status" />
      <div class="row">
        <button type="button" onClick={check}>Validate</button>
        <button type="button" onClick={publish}>Publish</button>
        <button type="button" class="secondary" onClick={load}>Revert</button>
      </div>
      <p id="catalog-status" role="status">{message}</p>
      {problems.length > 0 && (
        <div role="alert" class="problems">
          <h4>{problems.length} error{problems.length > 1 ? "s" : ""}</h4>
          <ul>
            {problems.map((p) => (
              <li>
                <code class="path">{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div role="status" class="warnings">
          <h4>{warnings.length} warning{warnings.length > 1 ? "s" : ""}</h4>
          <ul>
            {warnings.map((p) => (
              <li>
                <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>Versions</h3>
      <table>
        <caption>Catalog versions (newest first)</caption>
        <thead>
          <tr><th scope="col">version</th><th scope="col">published</th><th scope="col">offers</th><th scope="col">placements</th><th scope="col">action</th></tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <th scope="row">{v.version}</th>
              <td>{v.publishedAt}</td>
              <td>{v.offers}</td>
              <td>{v.placements}</td>
              <td>{v.version === current?.version ? "active" : <button type="button" class="secondary" onClick={() => rollback(v.version)}>Activate {v.version}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
