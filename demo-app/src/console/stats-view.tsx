// Live statistics: offers, journeys and campaigns, refreshed every `?refresh=` seconds.
import { useEffect, useState } from "preact/hooks";
import { type Json, type Api } from "./api.ts";
import { Table } from "./table.tsx";

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

export function StatsView({ api, interval }: { api: Api; interval: number }) {
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
