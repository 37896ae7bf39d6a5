// Audience snapshots: the active and the previous version side by side (activate / roll back),
// uploads by parts with per-part progress, retry and resume (snapshot-upload.ts), each failed
// version with its first errors and their line numbers, every version, and one version's details
// at `#Snapshots/<version>` (its parts, its errors).
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type Api, type Json } from "./api.ts";
import { hrefOf, useRoute } from "./route.ts";
import { Table } from "./table.tsx";
import { type LineError, type PendingUpload, type UploadState, SnapshotUpload, formatBytes, loadPending, partBytesOf, savePending, sentBytes } from "./snapshot-upload.ts";

// The upload in flight lives outside the view: it goes on while other views are shown.
let upload: SnapshotUpload | null = null;
const watchers = new Set<() => void>();
const announce = () => watchers.forEach((w) => w());

// Back online after a dropped connection: an upload the network paused goes on by itself.
if (typeof window !== "undefined") addEventListener("online", () => void (upload?.resumable && upload.retry()));

/** Stops an upload in flight (signing out): its parts done stay on the edge, resumable. */
export function stopUploads(): void {
  upload?.stop();
}

function useUpload(): [SnapshotUpload | null, UploadState | null] {
  const [, setTick] = useState(0);
  useEffect(() => {
    const rerender = () => setTick((t) => t + 1);
    watchers.add(rerender);
    const unsubscribe = upload?.subscribe(rerender);
    return () => {
      watchers.delete(rerender);
      unsubscribe?.();
    };
  }, [upload]);
  return [upload, upload?.state ?? null];
}

const when = (iso: string | null | undefined) => (iso ? <time dateTime={iso}>{new Date(iso).toLocaleString()}</time> : "—");
const audiencesOf = (v: Json | undefined) => ((v?.audiences ?? []) as Json[]).map((a) => (a.name && a.name !== a.id ? `${a.name} (${a.id})` : a.id)).join(", ") || "none";
const versionLink = (version: string) => <a href={hrefOf("Snapshots", version)}>{version}</a>;

/** Line errors as a readable list: "Line 3 · $[2].audiences · expected an array", the rest folded. */
function LineErrors({ errors, invalidLines, shown = 5 }: { errors: LineError[]; invalidLines?: number; shown?: number }) {
  const item = (e: LineError) => (
    <li>
      <strong class="line">{e.line > 0 ? `Line ${e.line}` : "File"}</strong> <code class="path">{e.path}</code> <span>{e.message}</span>
    </li>
  );
  return (
    <>
      <ol class="line-errors">{errors.slice(0, shown).map(item)}</ol>
      {errors.length > shown && (
        <details>
          <summary>{errors.length - shown} more error{errors.length - shown === 1 ? "" : "s"}</summary>
          <ol class="line-errors" start={shown + 1}>{errors.slice(shown).map(item)}</ol>
        </details>
      )}
      {invalidLines !== undefined && invalidLines > errors.length && <p class="hint">{invalidLines} invalid lines in all; the edge lists the first {errors.length}.</p>}
    </>
  );
}

function VersionCard({ title, id, name, version, children }: { title: string; id: string; name: string | null | undefined; version: Json | undefined; children?: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h4 id={id}>{title}</h4>
      {!name ? (
        <p>None</p>
      ) : (
        <dl>
          <dt>Version</dt>
          <dd>{versionLink(name)}</dd>
          <dt>Profiles</dt>
          <dd>{version?.profiles?.toLocaleString("en") ?? "—"}</dd>
          <dt>Audiences</dt>
          <dd>{version ? `${(version.audiences ?? []).length}: ${audiencesOf(version)}` : "—"}</dd>
          <dt>Imported</dt>
          <dd>{when(version?.importedAt)}</dd>
          <dt>Activated</dt>
          <dd>{when(version?.activatedAt)}</dd>
        </dl>
      )}
      {children}
    </section>
  );
}

function UploadPanel({ state, run }: { state: UploadState; run: SnapshotUpload }) {
  const plan = state.plan;
  const total = plan?.parts.length ?? 0;
  const refused = state.phase === "refused";
  const reading = state.phase === "reading";
  const sent = sentBytes(state);
  const value = refused ? 0 : reading ? state.read : sent;
  const percent = state.size ? Math.floor((100 * value) / state.size) : refused ? 0 : 100;
  const doneParts = state.parts.filter((p) => p.state === "done").length;
  const text = refused
    ? "Not imported: the upload was refused."
    : reading
      ? `Reading the file: ${percent} %`
      : `${doneParts} of ${total} part${total === 1 ? "" : "s"} uploaded · ${percent} % · ${formatBytes(sent)} of ${formatBytes(state.size)}`;
  return (
    <div class="upload" aria-labelledby="upload-h">
      <h4 id="upload-h">
        {state.name} {state.version && <span class="hint">(version {state.version})</span>}
      </h4>
      <p class="progress-row">
        <label for="snapshot-progress">Upload progress</label>
        <progress id="snapshot-progress" max={Math.max(state.size, 1)} value={value} aria-describedby="snapshot-progress-text">{percent} %</progress>
        <span id="snapshot-progress-text">{text}</span>
      </p>
      <p role="status" class="upload-status">{state.message}</p>
      {state.phase === "paused" && (
        <div class="row">
          <button type="button" onClick={() => void run.retry()}>
            {state.parts.some((p) => p.state === "failed") ? `Retry part ${state.parts.findIndex((p) => p.state === "failed") + 1} and continue` : "Retry"}
          </button>
        </div>
      )}
      {run.active && state.phase === "sending" && (
        <div class="row">
          <button type="button" class="secondary" onClick={() => run.stop()}>Stop the upload</button>
        </div>
      )}
      {refused && (
        <div role="alert" class="problems">
          <h5>{state.refusal}</h5>
          {state.errors.length > 0 && <LineErrors errors={state.errors} invalidLines={state.invalidLines} shown={10} />}
          <p>Fix the file and upload it again: a refused version may be uploaded again under the same version.</p>
        </div>
      )}
      {plan && total > 0 && (
        <details class="parts" open={total <= 24}>
          <summary>Parts ({total}, up to {formatBytes(plan.partBytes)} each, split at line boundaries)</summary>
          <ol>
            {plan.parts.map((part, i) => {
              const s = state.parts[i]!;
              const size = part.end - part.start;
              const status =
                s.state === "done"
                  ? s.already
                    ? "on the edge already"
                    : "uploaded"
                  : s.state === "sending"
                    ? `sending, ${Math.floor((100 * Math.min(s.loaded, size)) / Math.max(size, 1))} %${s.attempts > 1 ? ` (attempt ${s.attempts})` : ""}`
                    : s.state === "failed"
                      ? `failed: ${s.error}`
                      : "waiting";
              return (
                <li class={`part ${s.state}`}>
                  Part {part.n}: lines {part.firstLine.toLocaleString("en")}–{(part.firstLine + part.lines - 1).toLocaleString("en")}, {formatBytes(size)} — <strong>{status}</strong>
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </div>
  );
}

/** One version, at `#Snapshots/<version>`: its counts, its parts, its errors. */
function VersionDetail({ api, version, activeName }: { api: Api; version: string; activeName: string | undefined }) {
  const [detail, setDetail] = useState<Json | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    setDetail(null);
    setError("");
    api(`/v1/admin/snapshots/${encodeURIComponent(version)}`).then(setDetail, (e: Error) => setError(e.message));
  }, [api, version]);
  return (
    <section aria-labelledby="snap-h">
      <p><a href={hrefOf("Snapshots")}>← All snapshot versions</a></p>
      <h2 id="snap-h">Snapshot version {version}</h2>
      {error && <p role="alert" class="error">{error}</p>}
      {!detail && !error && <p role="status">Loading…</p>}
      {detail && (
        <>
          <dl class="facts">
            <dt>State</dt>
            <dd>{detail.state}{detail.version === activeName ? " (decisions use it)" : ""}</dd>
            <dt>Profiles</dt>
            <dd>{(detail.profiles ?? 0).toLocaleString("en")}</dd>
            <dt>Audiences</dt>
            <dd>{audiencesOf(detail)}</dd>
            <dt>Created</dt>
            <dd>{when(detail.createdAt)}</dd>
            <dt>Imported</dt>
            <dd>{when(detail.importedAt)}</dd>
            <dt>Activated</dt>
            <dd>{when(detail.activatedAt)}</dd>
          </dl>
          {detail.state === "failed" && (
            <div class="problems">
              <h3>Why it failed</h3>
              <LineErrors errors={detail.errors ?? []} invalidLines={detail.invalidLines} shown={20} />
            </div>
          )}
          <Table
            caption="Parts"
            columns={["part", "state", "lines", "profiles", "bytes"]}
            rows={((detail.parts ?? []) as Json[]).map((p) => [p.n, p.state, p.lines.toLocaleString("en"), p.profiles.toLocaleString("en"), formatBytes(p.bytes)])}
            empty="No parts are recorded (a failed version's parts are dropped)."
          />
        </>
      )}
    </section>
  );
}

export function SnapshotsView({ api, adminKey, signOut }: { api: Api; adminKey: string; signOut: (why: string) => void }) {
  const route = useRoute();
  const [list, setList] = useState<Json | null>(null);
  const [listError, setListError] = useState("");
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState<PendingUpload | null>(loadPending);
  // After a reload, the interrupted upload's choice is the form's again.
  const [activateAfter, setActivateAfter] = useState(() => loadPending()?.activate ?? true);
  const [choice, setChoice] = useState("");
  const file = useRef<HTMLInputElement>(null);
  const [run, state] = useUpload();

  const load = useCallback(async () => {
    try {
      setList(await api("/v1/admin/snapshots"));
      setListError("");
    } catch (e) {
      setListError(`Could not list the snapshot versions: ${(e as Error).message}`);
    }
  }, [api]);
  useEffect(() => void load(), [load]);
  // The pending record changes as parts arrive; it is read again whenever the upload moves on.
  useEffect(() => setPending(loadPending()), [state?.phase, state?.parts]);

  const partBytes = partBytesOf(location.search, document.getElementById("app"));
  const start = (e: Event) => {
    e.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      setChoice("Choose an NDJSON file first.");
      file.current?.focus();
      return;
    }
    if (upload?.active) return;
    setChoice("");
    // The same file as an interrupted upload: the same parts, so the edge's parts line up.
    const resumed = pending && pending.name === chosen.name && pending.size === chosen.size && pending.lastModified === chosen.lastModified ? pending : null;
    upload = new SnapshotUpload(chosen, adminKey, resumed?.partBytes ?? partBytesOf(location.search, document.getElementById("app")), activateAfter, {
      unauthorized: () => signOut("The admin key was refused."),
      changed: () => void load(),
    });
    announce();
    void upload.start();
  };

  const activate = async (version: string, rollback: boolean) => {
    setMessage(`${rollback ? "Rolling back to" : "Activating"} ${version}…`);
    try {
      const body = await api(`/v1/admin/snapshots/${encodeURIComponent(version)}/activate`, { method: "POST" });
      setMessage(`${body.active?.version ?? version} is active${body.active?.previous ? `; ${body.active.previous} is kept as the previous version` : ""}.`);
    } catch (error) {
      setMessage(`${rollback ? "Rollback" : "Activation"} failed: ${(error as Error).message}`);
    }
    await load();
  };

  const remove = async (version: string) => {
    if (!confirm(`Delete snapshot version ${version}? Its profiles are dropped; this cannot be undone.`)) return;
    try {
      await api(`/v1/admin/snapshots/${encodeURIComponent(version)}`, { method: "DELETE" });
      setMessage(`Deleted ${version}.`);
      if (pending?.version === version) {
        savePending(null);
        setPending(null);
      }
    } catch (error) {
      setMessage(`Deleting ${version} failed: ${(error as Error).message}`);
    }
    await load();
  };

  const versions: Json[] = list?.versions ?? [];
  const activeName: string | undefined = list?.active?.version;
  const previousName: string | undefined = list?.active?.previous ?? undefined;
  if (route.item) return <VersionDetail api={api} version={route.item} activeName={activeName} />;

  const byName = (name: string | undefined) => versions.find((v) => v.version === name);
  const failed = versions.filter((v) => v.state === "failed");
  const inFlight = run?.active ?? false;
  const showPending = pending && !(state && state.version === pending.version);
  const action = (v: Json) => {
    if (v.state === "ready") {
      const rollback = v.version === previousName;
      return (
        <div class="actions">
          <button type="button" class={rollback ? "secondary" : undefined} onClick={() => activate(v.version, rollback)}>{rollback ? "Roll back to" : "Activate"} {v.version}</button>
          {!rollback && <button type="button" class="secondary" onClick={() => remove(v.version)}>Delete {v.version}</button>}
        </div>
      );
    }
    if (v.state === "failed" || v.state === "importing") return <button type="button" class="secondary" onClick={() => remove(v.version)}>Delete {v.version}</button>;
    return "";
  };

  return (
    <section aria-labelledby="snap-h">
      <h2 id="snap-h">Audience snapshots</h2>
      {listError && <p role="alert" class="error">{listError}</p>}

      <h3>Active and previous versions</h3>
      <p class="hint">Decisions read the active version; the previous one is kept for rollback (one atomic switch).</p>
      <div class="compare">
        <VersionCard title="Active" id="active-card" name={activeName} version={byName(activeName)} />
        <VersionCard title="Previous" id="previous-card" name={previousName} version={byName(previousName)}>
          {previousName && byName(previousName)?.state === "ready" && (
            <button type="button" onClick={() => activate(previousName, true)}>Roll back to {previousName}</button>
          )}
        </VersionCard>
      </div>
      <p role="status" class="status">{message}</p>

      <h3>Upload a snapshot</h3>
      {showPending && (
        <div class="pending">
          <p>
            An upload was interrupted: <strong>{pending.name}</strong> ({formatBytes(pending.size)}) as version <strong>{pending.version}</strong>, {pending.done.length} of {pending.parts} parts on the edge.
            Choose the same file and upload it: only the missing parts are sent.
          </p>
          <div class="row">
            <button type="button" class="secondary" onClick={() => (savePending(null), setPending(null))}>Forget it</button>
            <button type="button" class="secondary" onClick={() => remove(pending.version)}>Delete the partial version</button>
          </div>
        </div>
      )}
      <form onSubmit={start} class="upload-form">
        <label for="snapshot-file">Snapshot file (NDJSON: a header line, then one profile per line)</label>
        <input id="snapshot-file" type="file" accept=".ndjson,.jsonl,application/x-ndjson" ref={file} aria-describedby="snapshot-file-hint" disabled={inFlight} />
        <p class="hint" id="snapshot-file-hint">
          Sent in parts of up to {formatBytes(partBytes)}, split at line boundaries; a failed part is retried, and an interrupted upload resumes where it stopped.
        </p>
        <label class="check">
          <input type="checkbox" checked={activateAfter} onChange={(e) => setActivateAfter(e.currentTarget.checked)} disabled={inFlight} /> Activate it once imported
        </label>
        <button type="submit" disabled={inFlight}>Upload</button>
        {choice && <p role="alert" class="error">{choice}</p>}
      </form>
      {run && state && <UploadPanel state={state} run={run} />}

      <h3>Failed imports</h3>
      {failed.length === 0 ? (
        <p class="hint">None of the versions listed failed.</p>
      ) : (
        failed.map((v) => (
          <section class="failed-version" aria-labelledby={`failed-${v.version}`}>
            <h4 id={`failed-${v.version}`}>{versionLink(v.version)} <span class="hint">uploaded {when(v.createdAt)}</span></h4>
            <LineErrors errors={v.errors ?? []} invalidLines={v.invalidLines} />
          </section>
        ))
      )}

      <h3>All versions</h3>
      <Table
        caption="Snapshot versions (newest first)"
        columns={["version", "state", "profiles", "audiences", "created", "imported", "activated", "action"]}
        rows={versions.map((v) => [
          versionLink(v.version),
          v.version === previousName ? "ready (previous)" : v.state === "importing" ? `importing (${v.progress?.partsReceived ?? 0} of ${v.progress?.partsExpected ?? "?"} parts)` : v.state === "ready" && !v.activatedAt ? "ready (staged)" : v.state,
          (v.profiles ?? 0).toLocaleString("en"),
          (v.audiences ?? []).length,
          when(v.createdAt),
          when(v.importedAt),
          when(v.activatedAt),
          action(v),
        ])}
        empty="No snapshot was imported yet."
      />
    </section>
  );
}
