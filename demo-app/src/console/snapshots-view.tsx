// Audience snapshots: upload with progress, activate, roll back, delete staged versions.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type Json, type Api } from "./api.ts";

export function SnapshotsView({ api, adminKey }: { api: Api; adminKey: string }) {
  const [list, setList] = useState<Json | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState("");
  const file = useRef<HTMLInputElement>(null);
  const load = useCallback(async () => setList(await api("/v1/admin/snapshots").catch(() => null)), [api]);
  useEffect(() => void load(), [load]);
  const upload = (e: Event) => {
    e.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) return setMessage("Choose an NDJSON file first.");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/admin/snapshots");
    xhr.setRequestHeader("authorization", `Bearer ${adminKey}`);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.upload.onprogress = (p) => p.lengthComputable && setProgress(Math.round((100 * p.loaded) / p.total));
    xhr.onload = () => {
      setProgress(100);
      const body = JSON.parse(xhr.responseText || "{}");
      if (xhr.status >= 400) {
        const errors = (body.errors ?? body.error?.errors ?? []) as Json[];
        setMessage(`Import refused: ${body.error?.message ?? xhr.status}${errors.length ? ` — ${errors.slice(0, 5).map((x) => `line ${x.line} ${x.path}: ${x.message}`).join("; ")}` : ""}`);
      } else setMessage(`Imported ${body.version}: ${body.profiles} profiles (${body.state}).`);
      void load();
    };
    xhr.onerror = () => setMessage("The upload failed (network).");
    setProgress(0);
    setMessage("Uploading…");
    xhr.send(chosen);
  };
  const activate = async (version: string) => {
    try {
      await api(`/v1/admin/snapshots/${encodeURIComponent(version)}/activate`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      setMessage(`Activated ${version}.`);
    } catch (error) {
      setMessage(`Activation failed: ${(error as Error).message}`);
    }
    await load();
  };
  return (
    <section aria-labelledby="snap-h">
      <h2 id="snap-h">Audience snapshots</h2>
      <p>Active: <strong>{list?.active?.version ?? "none"}</strong></p>
      <table>
        <caption>Versions (newest first)</caption>
        <thead>
          <tr><th scope="col">version</th><th scope="col">state</th><th scope="col">profiles</th><th scope="col">imported</th><th scope="col">action</th></tr>
        </thead>
        <tbody>
          {(list?.versions ?? []).map((v: Json) => (
            <tr>
              <th scope="row">{v.version}</th>
              <td>{v.state}</td>
              <td>{v.profiles ?? ""}</td>
              <td>{v.importedAt ?? ""}</td>
              <td>{v.state === "ready" && <button type="button" onClick={() => activate(v.version)}>{list?.active && v.version < list.active.version ? "Roll back to" : "Activate"} {v.version}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={upload}>
        <label for="snapshot-file">Snapshot file (NDJSON: a header line, then one profile per line)</label>
        <input id="snapshot-file" type="file" accept=".ndjson,.jsonl,application/x-ndjson" ref={file} />
        <button type="submit">Upload and activate</button>
        {progress !== null && (
          <p>
            <label for="snapshot-progress">Upload progress</label> <progress id="snapshot-progress" max={100} value={progress}>{progress}%</progress> {progress}%
          </p>
        )}
      </form>
      <p role="status">{message}</p>
    </section>
  );
}
