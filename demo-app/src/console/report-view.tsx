// Reports over time (GET /v1/admin/stats/series): an offer's, a placement's, a journey's (or one of
// its steps'), a campaign's, an experiment's or a webhook destination's counts per UTC hour or day,
// over the last 24 hours, 7 or 30 days or a custom range of days; a chart, the table behind it, that
// table as CSV, and for a journey its steps drawn with the people on each edge. The choices are
// part of the view's deep link (`#Statistics?kind=offer&id=welcome&range=7d&granularity=day`).
import type { JourneyJson, StepJson } from "@edgewise/decision-engine";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Api, Json } from "./api.ts";
import { hrefOf, navigate, useRoute } from "./route.ts";
import { Table } from "./table.tsx";
import { TimeChart, type ChartSeries } from "./report-chart.tsx";
import { JourneyDrawing, describeStep } from "./report-journey.tsx";
import {
  DAY, KINDS, PRESETS, columnsOf, dayOf, formatAt, isKind, isPreset, rangeOf, rangeProblem, stepTotals, stepsOf, tableOf, toCsv,
  type Granularity, type Kind, type Preset,
} from "./report-model.ts";

/** Ids counted in the totals (GET /v1/admin/stats), offered next to the active catalog's. */
export interface Seen {
  offers: string[];
  placements: string[];
  journeys: string[];
  campaigns: string[];
}

/** Every step label of a journey definition, in order: `steps[0]`, `steps[1]`, `steps[1].then[0]`, … */
function stepLabels(steps: readonly StepJson[], prefix = "steps"): { label: string; step: StepJson }[] {
  return steps.flatMap((step, i) => {
    const label = `${prefix}[${i}]`;
    const inner = "if" in step ? [...stepLabels(step.then ?? [], `${label}.then`), ...stepLabels(step.else ?? [], `${label}.else`)] : [];
    return [{ label, step }, ...inner];
  });
}

/** Saves a text as a file the browser downloads. */
function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const unique = (values: readonly string[]) => [...new Set(values.filter((v) => typeof v === "string" && v !== ""))];

export function Reports({ api, interval, seen }: { api: Api; interval: number; seen: Seen }) {
  const route = useRoute();
  const query = route.query;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    navigate(hrefOf("Statistics", route.item, next), { replace: true });
  };

  const [catalog, setCatalog] = useState<Json | null>(null);
  const [catalogProblem, setCatalogProblem] = useState("");
  useEffect(() => {
    let live = true;
    api("/v1/admin/catalog")
      .then((body) => live && setCatalog(body.catalog ?? {}))
      .catch((e: Error) => {
        if (!live) return;
        setCatalog({});
        setCatalogProblem(`The active catalog could not be read (${e.message}): only what has been counted is listed.`);
      });
    return () => void (live = false);
  }, [api]);

  // Every `interval` the report is asked again (and a preset's range moves with the clock).
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), interval);
    return () => clearInterval(timer);
  }, [interval]);

  const kindParam = query.get("kind");
  const kind: Kind = isKind(kindParam) ? kindParam : "offer";
  const kindInfo = KINDS.find((k) => k.kind === kind)!;
  const rangeParam = query.get("range");
  const preset: Preset = isPreset(rangeParam) ? rangeParam : "24h";
  const now = useMemo(() => Date.now(), [tick, preset, query.get("from"), query.get("to")]);
  const custom = { from: query.get("from") ?? dayOf(now - 6 * DAY), to: query.get("to") ?? dayOf(now) };
  const hourly = rangeOf(preset, "hour", now, custom);
  const hourAllowed = "error" in hourly || rangeProblem(hourly, "hour") === null;
  const asked = query.get("granularity");
  const granularity: Granularity = !hourAllowed ? "day" : asked === "hour" || asked === "day" ? asked : preset === "24h" ? "hour" : "day";
  const range = rangeOf(preset, granularity, now, custom);
  const problem = "error" in range ? range.error : rangeProblem(range, granularity);

  const catalogItems: Json[] = Array.isArray(catalog?.[kindInfo.catalogKey]) ? catalog![kindInfo.catalogKey] : [];
  const counted = kind === "offer" ? seen.offers : kind === "placement" ? seen.placements : kind === "journey" ? seen.journeys : kind === "campaign" ? seen.campaigns : [];
  const asksFor = query.get("id") ?? "";
  // Experiments and webhooks are reported for the active catalog's only (the edge answers 404 otherwise).
  const orchestrated = kind === "experiment" || kind === "webhook";
  const items = unique([...catalogItems.map((item) => item.id), ...counted, ...(orchestrated ? [] : [asksFor])]);
  const id = items.includes(asksFor) ? asksFor : (items[0] ?? "");
  const journey = kind === "journey" ? (catalogItems.find((j) => j.id === id) as JourneyJson | undefined) : undefined;
  const step = kind === "journey" ? (query.get("step") ?? "") : "";

  const url =
    catalog && id && !problem && !("error" in range)
      ? `/v1/admin/stats/series?${new URLSearchParams({ kind, id, granularity, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() })}`
      : "";
  const [answer, setAnswer] = useState<{ url: string; text: string; body: Json } | null>(null);
  const [failure, setFailure] = useState("");
  const requests = useRef(0);
  useEffect(() => {
    if (!url) return;
    const n = ++requests.current;
    api(url)
      .then((body) => {
        if (n !== requests.current) return;
        const text = JSON.stringify(body);
        setAnswer((previous) => (previous && previous.url === url && previous.text === text ? previous : { url, text, body }));
        setFailure("");
      })
      .catch((e: Error) => n === requests.current && setFailure(e.message));
  }, [api, url, tick]);
  const body = answer && answer.url === url ? answer.body : null;

  // The lines the operator switched on or off, by column key (the rest as each report opens).
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const columns = useMemo(() => (body ? columnsOf(kind, body, step) : []), [body, kind, step]);
  const table = useMemo(() => (body ? tableOf(body, columns, granularity) : null), [body, columns, granularity]);
  const times = useMemo<number[]>(() => (body?.series ?? []).map((p: Json) => Date.parse(p.at)), [body]);
  const series = useMemo<ChartSeries[]>(
    () => columns.map((c) => ({ label: c.label, unit: c.unit, shown: toggled[c.key] ?? c.shown, values: (body?.series ?? []).map((p: Json) => c.value(p)) })),
    [columns, body, toggled],
  );
  const totals = columns.map((c) => [c, series[columns.indexOf(c)]!.values.reduce<number>((sum, v) => sum + (v ?? 0), 0)] as const);
  const anything = series.some((s) => s.values.some((v) => v !== null && v > 0));

  const what = `${kindInfo.label} ${id}${step ? `, step ${step}` : ""}`;
  const rangeText =
    "error" in range
      ? ""
      : preset === "custom"
        ? `${dayOf(range.from)} to ${dayOf(range.to - 1)} (UTC)`
        : `${PRESETS.find((p) => p.id === preset)!.label.toLowerCase()} (${formatAt(range.from, granularity)} to ${formatAt(range.to - (granularity === "hour" ? 3_600_000 : DAY), granularity)} UTC)`;
  const per = granularity === "hour" ? "hour" : "day";
  const summary = totals.filter(([c]) => c.unit === "count").map(([c, n]) => (c.label.includes(":") ? `${c.label} ${n}` : `${n} ${c.label.toLowerCase()}`)).join(", ");
  const chartLabel = `${what}, per ${per}, ${rangeText}. In total: ${summary}. Each ${per}'s numbers are in the table below the chart.`;
  const steps = journey ? stepLabels(journey.steps) : [];
  const stepOptions = unique(["trigger", ...steps.map((s) => s.label), ...(body && kind === "journey" ? stepsOf(body) : [])]);
  const stepText = (label: string) => (label === "trigger" ? "Entry (trigger)" : `${label}: ${(() => {
    const found = steps.find((s) => s.label === label);
    return found ? describeStep(found.step) : "not in the active version";
  })()}`);

  const csvName = `edgewise-${kind}-${id}${step ? `-${step}` : ""}-${granularity}-${"error" in range ? "" : `${dayOf(range.from)}_${dayOf(range.to - 1)}`}.csv`.replace(/[^\w.-]+/g, "_");

  return (
    <section class="report" aria-labelledby="report-h">
      <h3 id="report-h">Over time</h3>
      <form class="report-controls" onSubmit={(e) => e.preventDefault()}>
        <div class="report-field">
          <label for="report-kind">Report on</label>
          <select id="report-kind" value={kind} onChange={(e) => set({ kind: e.currentTarget.value, id: undefined, step: undefined })}>
            {KINDS.map((k) => <option value={k.kind}>{k.label}</option>)}
          </select>
        </div>
        <div class="report-field">
          <label for="report-item">{kindInfo.label}</label>
          <select id="report-item" value={id} disabled={items.length === 0} onChange={(e) => set({ id: e.currentTarget.value, step: undefined })}>
            {items.length === 0 && <option value="">{catalog ? "None in the active catalog" : "Loading…"}</option>}
            {items.map((item) => <option value={item}>{item}</option>)}
          </select>
        </div>
        {kind === "journey" && (
          <div class="report-field">
            <label for="report-step">Step</label>
            <select id="report-step" value={step} onChange={(e) => set({ step: e.currentTarget.value || undefined })}>
              <option value="">Whole journey</option>
              {stepOptions.map((label) => <option value={label}>{stepText(label)}</option>)}
            </select>
          </div>
        )}
        <fieldset class="report-choice">
          <legend>Range</legend>
          {[...PRESETS.map((p) => [p.id, p.label] as const), ["custom", "Custom days"] as const].map(([value, label]) => (
            <label class="choice">
              <input
                type="radio"
                name="report-range"
                value={value}
                checked={preset === value}
                onChange={() =>
                  set(value === "custom" && !("error" in range) ? { range: value, from: dayOf(range.from), to: dayOf(range.to - 1) } : { range: value })
                }
              />
              {label}
            </label>
          ))}
          {preset === "custom" && (
            <div class="report-custom">
              <div class="report-field">
                <label for="report-from">First day (UTC)</label>
                <input id="report-from" type="date" value={custom.from} onChange={(e) => e.currentTarget.value && set({ from: e.currentTarget.value })} />
              </div>
              <div class="report-field">
                <label for="report-to">Last day (UTC)</label>
                <input id="report-to" type="date" value={custom.to} onChange={(e) => e.currentTarget.value && set({ to: e.currentTarget.value })} />
              </div>
            </div>
          )}
        </fieldset>
        <fieldset class="report-choice">
          <legend>Per</legend>
          <label class="choice">
            <input type="radio" name="report-granularity" value="hour" checked={granularity === "hour"} disabled={!hourAllowed} aria-describedby={hourAllowed ? undefined : "report-hourly-hint"} onChange={() => set({ granularity: "hour" })} />
            Hour
          </label>
          <label class="choice">
            <input type="radio" name="report-granularity" value="day" checked={granularity === "day"} onChange={() => set({ granularity: "day" })} />
            Day
          </label>
          {!hourAllowed && <p id="report-hourly-hint" class="hint">Hourly reports cover at most 14 days.</p>}
        </fieldset>
      </form>
      {catalogProblem && <p class="error">{catalogProblem}</p>}
      {problem && <p role="alert" class="error">{problem}</p>}
      {failure && <p role="alert" class="error">The report could not be read: {failure}</p>}
      <p class="hint report-status" role="status">
        {!catalog ? "Loading the catalog…" : !id ? `No ${kindInfo.label.toLowerCase()} to report on yet.` : !body ? (problem ? "" : "Loading the report…") : `${what}, per ${per}, ${rangeText}: ${summary || "nothing counted"}.`}
      </p>
      {body && table && (
        <>
          {anything ? (
            <TimeChart label={chartLabel} times={times} series={series} granularity={granularity} onToggle={(i, shown) => setToggled((t) => ({ ...t, [columns[i]!.key]: shown }))} />
          ) : (
            <p class="empty-state">Nothing counted for {what.replace(/^\w/, (c) => c.toLowerCase())} in this range: the chart starts with the first event.</p>
          )}
          {kind === "webhook" && <p class="hint">Counted by each delivery's last attempt, in hourly counters the destination keeps for 400 days (the latency's 95th percentile from a histogram, at most 10 % above the exact value).</p>}
          <Table caption={`${what} per ${per}, ${rangeText}`} columns={table.header} rows={table.rows} />
          <p class="report-actions">
            <button type="button" class="secondary" onClick={() => download(toCsv(table.header, table.rows), csvName, "text/csv;charset=utf-8")}>
              Download this table as CSV
            </button>
          </p>
          {kind === "journey" && !step && journey && <JourneyDrawing journey={journey} counts={stepTotals(body)} range={rangeText} />}
          {kind === "journey" && !journey && <p class="hint">Journey {id} is not in the active catalog: its steps cannot be drawn.</p>}
        </>
      )}
    </section>
  );
}

