// The Edgewise operator console: sign in with the admin key (kept in sessionStorage only), the
// catalog (listed, editable as JSON, validated locally with the engine before publishing, audience
// warnings from the edge, versions with rollback), live statistics, snapshots (upload with
// progress, activate / roll back) and a decision explainer (a dry run: POST /v1/admin/simulate).
import { render } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CatalogError, compileCatalog } from "@edgewise/decision-engine";

const KEY = "edgewise-console:admin-key";
type Json = Record<string, any>;
interface Problem {
  path: string;
  message: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(body?.error?.message ?? `HTTP ${status}`);
  }
}

function useApi(adminKey: string, signOut: (why: string) => void) {
  return useCallback(
    async (path: string, init: RequestInit = {}): Promise<Json> => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${adminKey}`);
      const response = await fetch(path, { ...init, headers });
      const text = await response.text();
      const body = text ? JSON.parse(text) : {};
      if (response.status === 401 || response.status === 403) {
        signOut("The admin key was refused.");
        throw new ApiError(response.status, body);
      }
      if (!response.ok) throw new ApiError(response.status, body);
      return body;
    },
    [adminKey, signOut],
  );
}
type Api = ReturnType<typeof useApi>;

function SignIn({ onSignIn, notice }: { onSignIn: (key: string) => void; notice: string }) {
  const [key, setKey] = useState("");
  return (
    <main class="signin">
      <h1>Edgewise console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onSignIn(key.trim());
        }}
      >
        <label for="admin-key">Admin key</label>
        <input id="admin-key" name="admin-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
        <button type="submit">Sign in</button>
        {notice && <p role="alert" class="error">{notice}</p>}
        <p class="hint">Local development key: <code>demo-admin-key</code>. It is kept in this tab's session storage only.</p>
      </form>
    </main>
  );
}

function Table({ caption, columns, rows }: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>{columns.map((c) => <th scope="col">{c}</th>)}</tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length}>None</td>
          </tr>
        )}
        {rows.map((r) => (
          <tr>{r.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
        ))}
      </tbody>
    </table>
  );
}

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

function CatalogView({ api }: { api: Api }) {
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

const METRICS = [
  ["display", "Displays", "#0b5cad"],
  ["interact", "Interactions", "#b34700"],
  ["conversion", "Conversions", "#1d7a3a"],
] as const;

/** A horizontal grouped bar chart: one group per row, one bar per metric, labelled for screen readers. */
function BarChart({ title, rows }: { title: string; rows: { label: string; values: Record<string, number> }[] }) {
  const max = Math.max(1, ...rows.flatMap((r) => METRICS.map(([m]) => r.values[m] ?? 0)));
  const bar = 12;
  const group = bar * METRICS.length + 14;
  const width = 560;
  const left = 190;
  const height = rows.length * group + 10;
  const id = title.replace(/\W+/g, "-").toLowerCase();
  return (
    <figure>
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" viewBox={`0 0 ${width} ${Math.max(height, 30)}`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{rows.map((r) => `${r.label}: ${METRICS.map(([m, name]) => `${r.values[m] ?? 0} ${name.toLowerCase()}`).join(", ")}`).join("; ")}</desc>
        {rows.map((r, i) => (
          <g transform={`translate(0 ${i * group + 4})`}>
            <text x={left - 8} y={bar * 1.5} text-anchor="end" font-size="12" fill="#1b1f24">{r.label}</text>
            {METRICS.map(([m, , colour], j) => {
              const v = r.values[m] ?? 0;
              return (
                <g>
                  <rect x={left} y={j * bar} width={((width - left - 50) * v) / max} height={bar - 2} fill={colour} />
                  <text x={left + ((width - left - 50) * v) / max + 4} y={j * bar + bar - 3} font-size="10" fill="#1b1f24">{v}</text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption>
        {title}.{" "}
        {METRICS.map(([, name, colour]) => (
          <span class="legend"><span class="swatch" style={{ background: colour }} aria-hidden="true" /> {name}</span>
        ))}
      </figcaption>
    </figure>
  );
}

const ctr = (display: number, interact: number) => (display ? `${((100 * interact) / display).toFixed(1)}%` : "—");

function StatsView({ api, interval }: { api: Api; interval: number }) {
  const [stats, setStats] = useState<Json | null>(null);
  const [updated, setUpdated] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const body = await api("/v1/admin/stats");
        if (stopped) return;
        setStats(body);
        setUpdated(new Date().toLocaleTimeString());
        setError("");
      } catch (e) {
        setError((e as Error).message);
      }
    };
    void tick();
    const timer = setInterval(tick, interval);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, interval]);
  const offers: Json[] = stats?.offers ?? [];
  const byOffer = new Map<string, Record<string, number>>();
  const byPlacement = new Map<string, Record<string, number>>();
  for (const row of offers) {
    for (const [map, key] of [[byOffer, row.offerId], [byPlacement, row.placement ?? "(none)"]] as const) {
      const acc = map.get(key) ?? {};
      for (const m of ["display", "interact", "dismiss", "conversion"]) acc[m] = (acc[m] ?? 0) + (row[m] ?? 0);
      map.set(key, acc);
    }
  }
  const rowsOf = (map: Map<string, Record<string, number>>) => [...map].map(([label, values]) => ({ label, values }));
  const journeySteps: { label: string; values: Record<string, number> }[] = [];
  for (const j of stats?.journeys ?? []) {
    for (const s of j.steps ?? []) journeySteps.push({ label: `${j.journeyId} ${s.step}`, values: { display: s.displayed ?? 0, interact: s.interacted ?? 0, conversion: s.completed ?? 0 } });
  }
  return (
    <section aria-labelledby="stats-h">
      <h2 id="stats-h">Statistics</h2>
      <p role="status" class="hint">
        Refreshes every {interval / 1000} s{updated && `; last updated ${updated}`}. {error}
      </p>
      <h3>Per offer</h3>
      <BarChart title="Displays, interactions and conversions per offer" rows={rowsOf(byOffer)} />
      <Table
        caption="Per offer"
        columns={["offer", "displays", "interactions", "CTR", "dismissals", "conversions"]}
        rows={[...byOffer].map(([id, v]) => [id, v.display ?? 0, v.interact ?? 0, ctr(v.display ?? 0, v.interact ?? 0), v.dismiss ?? 0, v.conversion ?? 0])}
      />
      <h3>Per placement</h3>
      <BarChart title="Displays, interactions and conversions per placement" rows={rowsOf(byPlacement)} />
      <Table
        caption="Per placement"
        columns={["placement", "displays", "interactions", "CTR", "conversions"]}
        rows={[...byPlacement].map(([id, v]) => [id, v.display ?? 0, v.interact ?? 0, ctr(v.display ?? 0, v.interact ?? 0), v.conversion ?? 0])}
      />
      <h3>Journeys</h3>
      <Table
        caption="Journeys"
        columns={["journey", "entered", "waiting", "completed", "exited", "delivered", "displayed", "interacted"]}
        rows={(stats?.journeys ?? []).map((j: Json) => [j.journeyId, j.entered ?? 0, j.waiting ?? 0, j.completed ?? 0, j.exited ?? 0, j.delivered ?? 0, j.displayed ?? 0, j.interacted ?? 0])}
      />
      {journeySteps.length > 0 && <BarChart title="Journey steps: displayed, interacted, completed" rows={journeySteps} />}
      <Table
        caption="Journey steps"
        columns={["journey · step", "entered", "delivered", "displayed", "interacted", "CTR"]}
        rows={(stats?.journeys ?? []).flatMap((j: Json) => (j.steps ?? []).map((s: Json) => [`${j.journeyId} · ${s.step} (v${String(s.version).slice(0, 6)})`, s.entered ?? 0, s.delivered ?? 0, s.displayed ?? 0, s.interacted ?? 0, ctr(s.displayed ?? 0, s.interacted ?? 0)]))}
      />
      <h3>Campaigns</h3>
      <Table
        caption="Campaigns"
        columns={["campaign", "status", "audience", "offer", "reached", "displayed", "interacted"]}
        rows={(stats?.campaigns ?? []).map((c: Json) => [c.campaignId, c.status ?? "", c.audience ?? "", c.offerId ?? "", c.reached ?? 0, c.displayed ?? 0, c.interacted ?? 0])}
      />
    </section>
  );
}

function SnapshotsView({ api, adminKey }: { api: Api; adminKey: string }) {
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

function ExplainView({ api }: { api: Api }) {
  const [placements, setPlacements] = useState<string[]>([]);
  const [profileId, setProfileId] = useState("u-001");
  const [placement, setPlacement] = useState("home-hero");
  const [channel, setChannel] = useState("web");
  const [path, setPath] = useState("/");
  const [country, setCountry] = useState("");
  const [eventName, setEventName] = useState("");
  const [result, setResult] = useState<Json | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api("/v1/admin/catalog")
      .then((b) => setPlacements((b.catalog?.placements ?? []).map((p: Json) => p.id)))
      .catch(() => undefined);
  }, [api]);
  const explain = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      const context: Json = { channel, path };
      if (country) context.geo = { country };
      const body: Json = { profileId: profileId || undefined, placements: [placement], context };
      if (eventName.trim()) body.event = { name: eventName.trim(), properties: { path } };
      // A dry run: nothing is reserved, delivered, recorded or entered.
      setResult(await api("/v1/admin/simulate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const decision = result?.decisions?.[0];
  const why = (c: Json) => {
    const detail = c.detail ?? (c.outcome === "selected" ? "won" : "");
    const reads = (c.reads ?? []) as { path: string; value: unknown }[];
    return reads.length ? `${detail}: ${reads.map((r) => `${r.path} was ${JSON.stringify(r.value)}`).join(", ")}` : detail;
  };
  return (
    <section aria-labelledby="explain-h">
      <h2 id="explain-h">Decision explainer</h2>
      <form onSubmit={explain} class="explain-form">
        <label for="x-profile">Profile id</label>
        <input id="x-profile" list="x-personas" value={profileId} onInput={(e) => setProfileId(e.currentTarget.value)} />
        <datalist id="x-personas">
          <option value="u-001">VIP</option>
          <option value="u-013">Churn risk</option>
          <option value="u-023">New customer</option>
        </datalist>
        <label for="x-placement">Placement</label>
        <select id="x-placement" value={placement} onChange={(e) => setPlacement(e.currentTarget.value)}>
          {(placements.length ? placements : ["home-hero"]).map((p) => <option value={p}>{p}</option>)}
        </select>
        <label for="x-channel">Channel</label>
        <select id="x-channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
          <option value="web">web</option>
          <option value="app">app</option>
        </select>
        <label for="x-path">Path</label>
        <input id="x-path" value={path} onInput={(e) => setPath(e.currentTarget.value)} />
        <label for="x-country">Country (geo, optional)</label>
        <input id="x-country" value={country} maxLength={2} onInput={(e) => setCountry(e.currentTarget.value.toUpperCase())} />
        <label for="x-event">Event (optional, e.g. page.view)</label>
        <input id="x-event" value={eventName} onInput={(e) => setEventName(e.currentTarget.value)} />
        <button type="submit">Explain</button>
      </form>
      <p class="hint">A dry run: it reserves no cap, delivers no pending message, records no event and enters no journey.</p>
      {error && <p role="alert" class="error">{error}</p>}
      {decision && (
        <div id="explanation" aria-live="polite">
          <p class="winner">
            Winner for <code>{decision.placement}</code>: <strong>{decision.offerId ?? "nothing"}</strong>
            {decision.fallback ? " (the placement's fallback)" : ""}
            {decision.orchestrated ? " (held by a journey or campaign)" : ""} · audiences: {(result?.audiences ?? []).join(", ") || "none"}
          </p>
          <p id="pending-offers">Held by journeys and campaigns: {(result?.pending ?? []).join(", ") || "none"}</p>
          <Table
            caption="Every candidate, best-ranked first"
            columns={["offer", "outcome", "why"]}
            rows={(decision.explanation?.candidates ?? []).map((c: Json) => [c.offerId, c.outcome, why(c)])}
          />
        </div>
      )}
    </section>
  );
}

const TABS = ["Catalog", "Statistics", "Snapshots", "Explainer"] as const;

function App() {
  const [adminKey, setAdminKey] = useState(() => sessionStorage.getItem(KEY) ?? "");
  const [notice, setNotice] = useState("");
  const initialTab = (TABS as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as (typeof TABS)[number]) : "Catalog";
  const [tab, setTab] = useState<(typeof TABS)[number]>(initialTab);
  const signOut = useCallback((why: string) => {
    sessionStorage.removeItem(KEY);
    setAdminKey("");
    setNotice(why);
  }, []);
  const api = useApi(adminKey, signOut);
  const interval = useMemo(() => Number(new URLSearchParams(location.search).get("refresh") ?? 5) * 1000, []);
  if (!adminKey)
    return (
      <SignIn
        notice={notice}
        onSignIn={(key) => {
          sessionStorage.setItem(KEY, key);
          setNotice("");
          setAdminKey(key);
        }}
      />
    );
  return (
    <>
      <header class="top">
        <h1>Edgewise console</h1>
        <nav aria-label="Console sections">
          {TABS.map((t) => (
            <button type="button" class="tab" aria-current={t === tab ? "page" : undefined} onClick={() => ((location.hash = t), setTab(t))}>
              {t}
            </button>
          ))}
        </nav>
        <button type="button" class="secondary" onClick={() => signOut("Signed out.")}>Sign out</button>
      </header>
      <p class="notice">Secure mode is off in local development: profile ids are trusted (set IDENTITY_SECRET to turn it on).</p>
      <main id="main">
        {tab === "Catalog" && <CatalogView api={api} />}
        {tab === "Statistics" && <StatsView api={api} interval={interval} />}
        {tab === "Snapshots" && <SnapshotsView api={api} adminKey={adminKey} />}
        {tab === "Explainer" && <ExplainView api={api} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
