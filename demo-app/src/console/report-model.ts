// The reports' model, free of the DOM: what each kind of report counts and what its counters are
// called, the date ranges (presets and custom) as the edge's series endpoint takes them
// (GET /v1/admin/stats/series), the table behind a chart, and that table as CSV.
import type { Json } from "./api.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const KINDS = [
  { kind: "offer", label: "Offer", catalogKey: "offers" },
  { kind: "placement", label: "Placement", catalogKey: "placements" },
  { kind: "journey", label: "Journey", catalogKey: "journeys" },
  { kind: "campaign", label: "Campaign", catalogKey: "campaigns" },
  { kind: "experiment", label: "Experiment", catalogKey: "experiments" },
  { kind: "webhook", label: "Webhook destination", catalogKey: "webhooks" },
] as const;
export type Kind = (typeof KINDS)[number]["kind"];
export const isKind = (value: string | null): value is Kind => KINDS.some((k) => k.kind === value);

export type Granularity = "hour" | "day";
export type Preset = "24h" | "7d" | "30d" | "custom";
export const PRESETS: readonly { id: Exclude<Preset, "custom">; label: string; ms: number }[] = [
  { id: "24h", label: "Last 24 hours", ms: DAY },
  { id: "7d", label: "Last 7 days", ms: 7 * DAY },
  { id: "30d", label: "Last 30 days", ms: 30 * DAY },
];
export const isPreset = (value: string | null): value is Preset => value === "custom" || PRESETS.some((p) => p.id === value);

/** The edge's bounds (routes/admin/series.ts): a range spans at most 14 days hourly, 90 days daily. */
export const MAX_RANGE_MS: Record<Granularity, number> = { hour: 14 * DAY, day: 90 * DAY };
const BUCKET_MS: Record<Granularity, number> = { hour: HOUR, day: DAY };

export interface Range {
  from: number;
  /** Exclusive. */
  to: number;
}

/**
 * A preset covers every whole bucket that touches the last 24 hours, 7 or 30 days (the current,
 * partial one included); a custom range is whole UTC days, `to` inclusive (`YYYY-MM-DD`).
 */
export function rangeOf(preset: Preset, granularity: Granularity, now: number, custom: { from: string; to: string }): Range | { error: string } {
  const size = BUCKET_MS[granularity];
  if (preset !== "custom") {
    const ms = PRESETS.find((p) => p.id === preset)!.ms;
    return { from: Math.floor((now - ms) / size) * size, to: Math.ceil((now + 1) / size) * size };
  }
  const from = Date.parse(`${custom.from}T00:00:00Z`);
  const last = Date.parse(`${custom.to}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(last)) return { error: "Enter both days of the range." };
  if (last < from) return { error: "The last day is before the first day." };
  return { from, to: last + DAY };
}

/** Why a range cannot be shown at a granularity, or null. */
export function rangeProblem(range: Range, granularity: Granularity): string | null {
  if (range.to - range.from <= MAX_RANGE_MS[granularity]) return null;
  return granularity === "hour" ? "Hourly reports cover at most 14 days: choose Daily or a shorter range." : "Daily reports cover at most 90 days: choose a shorter range.";
}

/** `YYYY-MM-DD` of an instant (UTC). */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A bucket's start as the table shows it: `2026-12-03 14:00` (hourly) or `2026-12-03` (daily), UTC. */
export const formatAt = (at: string | number, granularity: Granularity) => {
  const iso = new Date(at).toISOString();
  return granularity === "hour" ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
};

/** Counters by what they are. */
export const METRIC_NAMES: Record<string, string> = {
  display: "Displays",
  interact: "Interactions",
  dismiss: "Dismissals",
  conversion: "Conversions",
  trigger: "Triggers",
  suppress: "Suppressions",
  entered: "Entered",
  completed: "Completed",
  exited: "Exited",
  timed_out: "Timed out",
  limited: "Limited",
  delivered: "Delivered",
  displayed: "Displayed",
  interacted: "Interacted",
  dismissed: "Dismissed",
  failed: "Failed",
  reached: "Reached",
  exposures: "Exposures",
  conversions: "Conversions",
  retried: "Retried",
  p95LatencyMs: "p95 latency (ms)",
};
export const metricName = (metric: string) => METRIC_NAMES[metric] ?? metric;

/** One column of a report's table (and one series of its chart). */
export interface Column {
  key: string;
  label: string;
  unit: "count" | "ms";
  /** Drawn when the report opens (the others can be switched on). */
  shown: boolean;
  value(point: Json): number | null;
}

const OFFER_ORDER = ["display", "interact", "dismiss", "conversion", "trigger", "suppress"];
const OFFER_SHOWN = new Set(["display", "interact", "conversion"]);
const JOURNEY_SHOWN = new Set(["entered", "completed", "exited", "delivered", "displayed"]);

const count = (key: string, label: string, shown: boolean, value: (p: Json) => unknown): Column => ({
  key, label, unit: "count", shown, value: (p) => Number(value(p) ?? 0),
});

/**
 * The columns of a series answer: offers and placements by their event types; a journey in total
 * or one `step`; a campaign's counters; an experiment's exposures and conversions per variant; a
 * webhook's deliveries and its p95 latency (null when nothing was delivered).
 */
export function columnsOf(kind: Kind, body: Json, step = ""): Column[] {
  const metrics: string[] = body.metrics ?? [];
  switch (kind) {
    case "offer":
    case "placement":
      return OFFER_ORDER.filter((m) => metrics.includes(m)).map((m) => count(m, metricName(m), OFFER_SHOWN.has(m), (p) => p[m]));
    case "journey":
      return metrics.map((m) => count(m, metricName(m), JOURNEY_SHOWN.has(m), (p) => (step ? p.steps?.[step]?.[m] : p[m])));
    case "experiment": {
      const variants = Object.keys(body.series?.[0]?.variants ?? {});
      return variants.flatMap((v) => [
        count(`${v}.exposures`, `${v}: exposures`, true, (p) => p.variants?.[v]?.exposures),
        count(`${v}.conversions`, `${v}: conversions`, true, (p) => p.variants?.[v]?.conversions),
      ]);
    }
    case "webhook":
      return metrics.map((m) =>
        m === "p95LatencyMs"
          ? { key: m, label: metricName(m), unit: "ms" as const, shown: true, value: (p: Json) => (typeof p[m] === "number" ? p[m] : null) }
          : count(m, metricName(m), true, (p) => p[m]),
      );
    default:
      return metrics.map((m) => count(m, metricName(m), true, (p) => p[m]));
  }
}

/** The table behind a chart: a header row and one row per bucket (null shown as an empty cell). */
export function tableOf(body: Json, columns: readonly Column[], granularity: Granularity): { header: string[]; rows: (string | number)[][] } {
  return {
    header: [granularity === "hour" ? "Hour (UTC)" : "Day (UTC)", ...columns.map((c) => c.label)],
    rows: (body.series ?? []).map((p: Json) => [formatAt(p.at, granularity), ...columns.map((c) => c.value(p) ?? "")]),
  };
}

/** The journey's step labels of a series answer ("trigger", "steps[0]", …), in their order. */
export const stepsOf = (body: Json): string[] => Object.keys(body.series?.[0]?.steps ?? {});

/** Per step, each counter summed over the range (the journey drawing's counts). */
export function stepTotals(body: Json): Record<string, Record<string, number>> {
  // Keyed by step labels and metric names from the edge: prototype-free.
  const totals: Record<string, Record<string, number>> = Object.create(null);
  for (const point of body.series ?? []) {
    for (const [step, counts] of Object.entries<Record<string, number>>(point.steps ?? {})) {
      const sum = (totals[step] ??= Object.create(null) as Record<string, number>);
      for (const [metric, n] of Object.entries(counts)) sum[metric] = (sum[metric] ?? 0) + n;
    }
  }
  return totals;
}

/**
 * RFC 4180 CSV (CRLF lines, fields quoted when they hold a comma, quote or line break). A text
 * field a spreadsheet would run as a formula (starting with =, +, -, @) is prefixed with `'`.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const field = (value: string | number) => {
    if (typeof value === "number") return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
