// Statistics: reports over time (report-view.tsx: a chart per offer, placement, journey step,
// campaign, experiment or webhook destination, with its table and CSV), then the live totals of
// offers, placements, journeys and campaigns, refreshed every `?refresh=` seconds.
import { useEffect, useId, useMemo, useState } from "preact/hooks";
import { type Json, type Api } from "./api.ts";
import { Table } from "./table.tsx";
import { Reports, type Seen } from "./report-view.tsx";

interface Metric {
  key: string;
  /** What the bars count, as the legend names them. */
  name: string;
  colour: string;
}

const OFFER_METRICS: readonly Metric[] = [
  { key: "display", name: "Displays", colour: "#0b5cad" },
  { key: "interact", name: "Interactions", colour: "#b34700" },
  { key: "conversion", name: "Conversions", colour: "#1d7a3a" },
];
// A journey step's bars are what the step counts: displayed, interacted and completed (not "conversions").
const STEP_METRICS: readonly Metric[] = [
  { key: "displayed", name: "Displayed", colour: "#0b5cad" },
  { key: "interacted", name: "Interacted", colour: "#b34700" },
  { key: "completed", name: "Completed", colour: "#1d7a3a" },
];

type Row = { label: string; values: Record<string, number> };

/**
 * A horizontal grouped bar chart: one group per row, one bar per metric, its value beside it. The
 * labels are text that wraps (never clipped; the full label is also the row's tooltip). A row with
 * nothing counted says so once instead of a stack of zeros, and a chart with nothing counted at all
 * is an empty state. To assistive technology it is one image, named and described in words.
 */
function BarChart({ title, rows, metrics, empty, none }: { title: string; rows: Row[]; metrics: readonly Metric[]; empty: string; none: string }) {
  const id = `bars-${useId()}`;
  const counted = (r: Row) => metrics.some((m) => (r.values[m.key] ?? 0) > 0);
  if (!rows.some(counted)) return <p class="empty-state">{empty}</p>;
  const max = Math.max(1, ...rows.flatMap((r) => metrics.map((m) => r.values[m.key] ?? 0)));
  const describe = (r: Row) => (counted(r) ? metrics.map((m) => `${r.values[m.key] ?? 0} ${m.name.toLowerCase()}`).join(", ") : none);
  return (
    <figure class="bars">
      <div role="img" aria-label={title} aria-describedby={`${id}-d`} class="bars-body">
        {rows.map((r) => (
          <div class="bars-row">
            <span class="bars-label" title={r.label}>{r.label}</span>
            {counted(r) ? (
              <span class="bars-group">
                {metrics.map((m) => {
                  const v = r.values[m.key] ?? 0;
                  return (
                    <span class="bars-bar" title={`${r.label}: ${v} ${m.name.toLowerCase()}`}>
                      <span class="bars-fill" style={{ width: `${(85 * v) / max}%`, background: m.colour }} />
                      <span class="bars-value">{v}</span>
                    </span>
                  );
                })}
              </span>
            ) : (
              <span class="bars-none">{none}</span>
            )}
          </div>
        ))}
      </div>
      <p id={`${id}-d`} class="visually-hidden">{rows.map((r) => `${r.label}: ${describe(r)}`).join("; ")}</p>
      <figcaption>
        {title}.{" "}
        {metrics.map((m) => (
          <span class="legend"><span class="swatch" style={{ background: m.colour }} aria-hidden="true" /> {m.name}</span>
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
  const journeySteps: Row[] = [];
  for (const j of stats?.journeys ?? []) {
    for (const s of j.steps ?? []) {
      journeySteps.push({ label: `${j.journeyId} · ${s.step} (v${String(s.version).slice(0, 6)})`, values: { displayed: s.displayed ?? 0, interacted: s.interacted ?? 0, completed: s.completed ?? 0 } });
    }
  }
  const seenKey = JSON.stringify([[...byOffer.keys()], [...byPlacement.keys()], (stats?.journeys ?? []).map((j: Json) => j.journeyId), (stats?.campaigns ?? []).map((c: Json) => c.campaignId)]);
  const seen = useMemo<Seen>(() => {
    const [o, p, j, c] = JSON.parse(seenKey) as string[][];
    return { offers: o!, placements: p!.filter((x) => x !== "(none)"), journeys: j!, campaigns: c! };
  }, [seenKey]);
  return (
    <section aria-labelledby="stats-h" class="stats">
      <h2 id="stats-h">Statistics</h2>
      <Reports api={api} interval={interval} seen={seen} />
      <h3>Totals</h3>
      <p role="status" class="hint">
        Everything counted so far; refreshes every {interval / 1000} s{updated && `; last updated ${updated}`}. {error}
      </p>
      <h4>Per offer</h4>
      <BarChart title="Displays, interactions and conversions per offer" rows={rowsOf(byOffer)} metrics={OFFER_METRICS} empty="No displays, interactions or conversions counted for any offer yet." none="no displays, interactions or conversions yet" />
      <Table
        caption="Per offer"
        columns={["offer", "displays", "interactions", "CTR", "dismissals", "conversions"]}
        rows={[...byOffer].map(([id, v]) => [id, v.display ?? 0, v.interact ?? 0, ctr(v.display ?? 0, v.interact ?? 0), v.dismiss ?? 0, v.conversion ?? 0])}
        empty="No offer events counted yet."
      />
      <h4>Per placement</h4>
      <BarChart title="Displays, interactions and conversions per placement" rows={rowsOf(byPlacement)} metrics={OFFER_METRICS} empty="No displays, interactions or conversions counted on any placement yet." none="no displays, interactions or conversions yet" />
      <Table
        caption="Per placement"
        columns={["placement", "displays", "interactions", "CTR", "conversions"]}
        rows={[...byPlacement].map(([id, v]) => [id, v.display ?? 0, v.interact ?? 0, ctr(v.display ?? 0, v.interact ?? 0), v.conversion ?? 0])}
        empty="No placement events counted yet."
      />
      <h4>Journeys</h4>
      <Table
        caption="Journeys"
        columns={["journey", "entered", "waiting", "completed", "exited", "delivered", "displayed", "interacted"]}
        rows={(stats?.journeys ?? []).map((j: Json) => [j.journeyId, j.entered ?? 0, j.waiting ?? 0, j.completed ?? 0, j.exited ?? 0, j.delivered ?? 0, j.displayed ?? 0, j.interacted ?? 0])}
        empty="No journeys in the active catalog."
      />
      <BarChart title="Journey steps: displayed, interacted, completed" rows={journeySteps} metrics={STEP_METRICS} empty="No journey step has displayed, interacted or completed yet." none="nothing displayed, interacted with or completed yet" />
      <Table
        caption="Journey steps"
        columns={["journey · step", "entered", "delivered", "displayed", "interacted", "completed", "CTR"]}
        rows={(stats?.journeys ?? []).flatMap((j: Json) => (j.steps ?? []).map((s: Json) => [`${j.journeyId} · ${s.step} (v${String(s.version).slice(0, 6)})`, s.entered ?? 0, s.delivered ?? 0, s.displayed ?? 0, s.interacted ?? 0, s.completed ?? 0, ctr(s.displayed ?? 0, s.interacted ?? 0)]))}
        empty="No journey step reached yet."
      />
      <h4>Campaigns</h4>
      <Table
        caption="Campaigns"
        columns={["campaign", "status", "audience", "offer", "reached", "displayed", "interacted"]}
        rows={(stats?.campaigns ?? []).map((c: Json) => [c.campaignId, c.status ?? "", c.audience ?? "", c.offerId ?? "", c.reached ?? 0, c.displayed ?? 0, c.interacted ?? 0])}
        empty="No campaigns in the active catalog."
      />
    </section>
  );
}
