// Experiments: each of the active catalog's experiments with its report (unique profiles exposed and
// converted per variant, lift with its anytime-valid 95 % interval), the interval narrowing day by
// day, the sample-ratio-mismatch warning, and "stop" / "ship the winner" (publishes a catalog).
// `#Experiments` shows every report; `#Experiments/<id>` one experiment's report alone.
import { useCallback, useEffect, useState } from "preact/hooks";
import { type Api, type Json } from "./api.ts";
import { hrefOf, useRoute } from "./route.ts";
import { Table } from "./table.tsx";

const COLOURS = ["#0b5cad", "#b34700", "#1d7a3a", "#7a1d6a"];
const points = (x: number) => `${(x * 100).toFixed(2)} pt`;
const percent = (x: number | null) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(2)} %`);

/** Each non-control variant's interval of lift per day (cumulative), with the zero line: the band narrows as profiles come in. */
function IntervalChart({ report }: { report: Json }) {
  const daily: Json[] = report.daily ?? [];
  const variants: string[] = (report.variants ?? []).filter((v: Json) => v.lift !== null).map((v: Json) => v.id);
  const bounds = daily.flatMap((d) => (d.variants as Json[]).filter((v) => v.interval).flatMap((v) => v.interval as number[]));
  if (daily.length === 0 || bounds.length === 0) return <p class="hint">No exposures yet: the chart appears with the first day of data.</p>;
  const lo = Math.min(0, ...bounds);
  const hi = Math.max(0, ...bounds);
  const width = 640;
  const height = 220;
  const left = 76;
  const x = (i: number) => left + (daily.length === 1 ? (width - left - 24) / 2 : (i * (width - left - 24)) / (daily.length - 1));
  const y = (v: number) => 12 + ((hi - v) * (height - 40)) / (hi - lo || 1);
  const id = `interval-${report.id}`.replace(/\W+/g, "-");
  return (
    <figure>
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" viewBox={`0 0 ${width} ${height}`}>
        <title id={`${id}-t`}>{`Lift against ${report.control}, 95 % anytime-valid interval per day`}</title>
        <desc id={`${id}-d`}>
          {variants.map((variant) => `${variant}: ${daily.map((d) => { const v = (d.variants as Json[]).find((r) => r.id === variant); return v?.interval ? `${d.day} from ${points(v.interval[0])} to ${points(v.interval[1])}` : `${d.day} no data`; }).join("; ")}`).join(". ")}
        </desc>
        <line x1={left} x2={width - 8} y1={y(0)} y2={y(0)} stroke="#6b7380" stroke-dasharray="4 3" />
        <text x={left - 6} y={y(0) + 4} text-anchor="end" font-size="11" fill="#1b1f24">0</text>
        <text x={left - 6} y={y(hi) + 10} text-anchor="end" font-size="11" fill="#1b1f24">{points(hi)}</text>
        <text x={left - 6} y={y(lo)} text-anchor="end" font-size="11" fill="#1b1f24">{points(lo)}</text>
        {variants.map((variant, k) => {
          const colour = COLOURS[k % COLOURS.length];
          const series = daily.map((d, i) => ({ i, v: (d.variants as Json[]).find((r) => r.id === variant) })).filter((p) => p.v?.interval);
          const band = [...series.map((p) => `${x(p.i)},${y(p.v!.interval[1])}`), ...[...series].reverse().map((p) => `${x(p.i)},${y(p.v!.interval[0])}`)].join(" ");
          return (
            <g>
              <polygon points={band} fill={colour} fill-opacity="0.18" stroke={colour} />
              <polyline points={series.map((p) => `${x(p.i)},${y(p.v!.lift)}`).join(" ")} fill="none" stroke={colour} stroke-width="2" />
            </g>
          );
        })}
        {daily.map((d, i) => (i === 0 || i === daily.length - 1 ? <text x={x(i)} y={height - 8} text-anchor={i === 0 ? "start" : "end"} font-size="11" fill="#1b1f24">{d.day}</text> : null))}
      </svg>
      <figcaption>
        Lift against {report.control} with its 95 % interval (valid whenever it is read).{" "}
        {variants.map((variant, k) => (
          <span class="legend"><span class="swatch" style={{ background: COLOURS[k % COLOURS.length] }} aria-hidden="true" /> {variant}</span>
        ))}
      </figcaption>
    </figure>
  );
}

function Report({ api, id, onChanged, alone = false }: { api: Api; id: string; onChanged: () => void; alone?: boolean }) {
  const [report, setReport] = useState<Json | null>(null);
  const [message, setMessage] = useState("");
  const load = useCallback(() => api(`/v1/admin/experiments/${encodeURIComponent(id)}`).then(setReport, (e: Error) => setMessage(e.message)), [api, id]);
  useEffect(() => void load(), [load]);
  if (!report) return <p role="status">{message || "Loading…"}</p>;
  const results: Json[] = report.variants ?? [];
  const winner = results.filter((v) => v.significant && v.lift > 0).sort((a, b) => b.lift - a.lift)[0];
  const conclude = async (ship?: string) => {
    const what = ship ? `ship variant "${ship}" (its offer leads ${report.placement} for everyone)` : "stop it (everyone sees the placement as usual)";
    if (!confirm(`End experiment ${report.id} now and ${what}? This publishes a new catalog version.`)) return;
    try {
      const published = await api(`/v1/admin/experiments/${encodeURIComponent(id)}/stop`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ship ? { ship } : {}) });
      setMessage(`Published catalog ${published.version}.`);
      await load();
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <section aria-labelledby={`exp-${id}`} class="experiment">
      <h3 id={`exp-${id}`}>{alone ? report.id : <a href={hrefOf("Experiments", report.id)}>{report.id}</a>} <span class="hint">({report.status}, {report.placement}, metric {report.metric}, {report.attributionWindowDays}-day window)</span></h3>
      {report.srm?.mismatch && (
        <p role="alert" class="problems">
          Sample ratio mismatch: the exposures do not match the weights (p = {report.srm.pValue.toExponential(2)}). Assignment or logging is broken; do not trust these results until it is explained.
        </p>
      )}
      <Table
        caption={`Variants of ${report.id} (unique profiles)`}
        columns={["variant", "exposed", "converted", "rate", "lift", "95 % interval (anytime-valid)", "significant"]}
        rows={results.map((v) => [v.id === report.control ? `${v.id} (control)` : v.id, v.exposures, v.conversions, percent(v.rate), v.lift === null ? "—" : points(v.lift), v.interval ? `${points(v.interval[0])} to ${points(v.interval[1])}` : "—", v.lift === null ? "—" : v.significant ? "yes" : "not yet"])}
      />
      <IntervalChart report={report} />
      {report.id === "holdout" && <p class="hint">The catalog's holdout: the held-out profiles (the control) against everyone else; it ends when a catalog without it is published.</p>}
      {report.status !== "ended" && report.id !== "holdout" && (
        <div class="row">
          <button type="button" class="secondary" onClick={() => conclude()}>Stop experiment</button>
          {winner && <button type="button" onClick={() => conclude(winner.id)}>Ship the winner: {winner.id}</button>}
          {!winner && <span class="hint">No variant beats the control significantly yet.</span>}
        </div>
      )}
      <p role="status">{message}</p>
    </section>
  );
}

export function ExperimentsView({ api }: { api: Api }) {
  const { item } = useRoute();
  const [list, setList] = useState<Json[] | null>(null);
  const [error, setError] = useState("");
  const load = useCallback(() => api("/v1/admin/experiments").then((body) => setList(body.experiments), (e: Error) => setError(e.message)), [api]);
  useEffect(() => void load(), [load]);
  if (item)
    return (
      <section aria-labelledby="experiments-h">
        <p><a href={hrefOf("Experiments")}>← All experiments</a></p>
        <h2 id="experiments-h">Experiment {item}</h2>
        {list && !list.some((e) => e.id === item) ? (
          <p role="alert" class="error">The active catalog has no experiment {item}.</p>
        ) : (
          <Report api={api} id={item} onChanged={load} alone key={item} />
        )}
      </section>
    );
  return (
    <section aria-labelledby="experiments-h">
      <h2 id="experiments-h">Experiments</h2>
      {error && <p role="alert" class="error">{error}</p>}
      {list === null && !error && <p role="status">Loading…</p>}
      {list?.length === 0 && <p>The active catalog has no experiments. Add one to its <code>experiments</code> (see the catalog schema).</p>}
      {list && list.length > 0 && (
        <Table caption="Experiments of the active catalog" columns={["experiment", "status", "placement", "variants", "exposed profiles"]} rows={list.map((e) => [<a href={hrefOf("Experiments", e.id)}>{e.id}</a>, e.status, e.placement, e.variants.map((v: Json) => `${v.id} (${v.offer ?? "nothing"})`).join(", "), e.exposures])} />
      )}
      {list?.map((e) => <Report api={api} id={e.id} onChanged={load} />)}
    </section>
  );
}
