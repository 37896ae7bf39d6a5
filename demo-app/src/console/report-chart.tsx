// A time-series chart drawn by uPlot (a maintained, dependency-free canvas charting library of
// about 50 KB minified: small next to Chart.js, and made for exactly this, many points over time).
// The canvas is one image to assistive technology, named by its title and a summary; the numbers
// are the table next to it. Series are told apart by colour and by dash, named in a legend of
// checkboxes that show or hide them, and the chart follows its container's width. uPlot is loaded
// on first need: the console's other views do not carry it.
import type uPlot from "uplot";
import { useEffect, useRef } from "preact/hooks";
import type { Granularity } from "./report-model.ts";

export interface ChartSeries {
  label: string;
  unit: "count" | "ms";
  values: (number | null)[];
  shown: boolean;
}

/** Colours with at least 4.5:1 against white, and dashes, so no series depends on colour alone. */
export const PALETTE = ["#0b5cad", "#b34700", "#1d7a3a", "#8c1d18", "#6a3d9a", "#00758f", "#a0007a", "#4a5360", "#7a5b00", "#2b2b80"];
export const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [14, 5], [4, 6], [1, 2], [6, 2, 6, 6], [12, 2], [3, 3, 9, 3]];
const styleOf = (i: number) => ({ stroke: PALETTE[i % PALETTE.length]!, dash: DASHES[i % DASHES.length]! });

/** The swatch of series `i`: a short line in its colour and dash. */
export function Swatch({ index }: { index: number }) {
  const { stroke, dash } = styleOf(index);
  return (
    <svg class="swatch-line" width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
      <line x1="1" y1="5" x2="27" y2="5" stroke={stroke} stroke-width="3" stroke-dasharray={dash.join(" ")} />
    </svg>
  );
}

/** Whole-number tick steps (counts are whole; so are the latencies' milliseconds). */
const INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 10_000_000];
const AXIS = { stroke: "#1b1f24", grid: { stroke: "#e2e5ea", width: 1 }, ticks: { stroke: "#d0d4da", width: 1 }, font: "12px system-ui, sans-serif" };

let library: Promise<typeof uPlot> | undefined;
/** uPlot, imported once (its own chunk when the console's build splits). */
const loadUplot = () => (library ??= import("uplot").then((module) => module.default));

/**
 * The chart: `times` are the buckets' starts (epoch ms), one series per counter (latency in ms on
 * its own axis, on the right). It is created when the set of series changes and otherwise given
 * new data in place, so a refresh does not flicker.
 */
export function TimeChart({ label, times, series, granularity, onToggle }: {
  label: string;
  times: readonly number[];
  series: readonly ChartSeries[];
  granularity: Granularity;
  onToggle: (index: number, shown: boolean) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // What the chart shows now, for a chart created after its library arrived.
  const latest = useRef({ times, series });
  latest.current = { times, series };
  const shape = `${granularity}|${series.map((s) => `${s.label}:${s.unit}`).join("|")}`;
  const data = (): uPlot.AlignedData => [latest.current.times.map((t) => t / 1000), ...latest.current.series.map((s) => s.values)];
  const height = () => (box.current && box.current.clientWidth < 480 ? 200 : 260);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let cancelled = false;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let frame = 0;
    void loadUplot().then((UPlot) => {
      if (cancelled) return;
      chart = create(UPlot, element);
      plot.current = chart;
      observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => chart?.setSize({ width: Math.max(element.clientWidth, 200), height: height() }));
      });
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      observer?.disconnect();
      chart?.destroy();
      plot.current = null;
    };
  }, [shape]);

  /** A new chart in `element`, of the current series. */
  function create(UPlot: typeof uPlot, element: HTMLElement): uPlot {
    const { series, times } = latest.current;
    const latency = series.some((s) => s.unit === "ms");
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: height(),
      tzDate: (seconds) => UPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] },
        ...(latency ? { ms: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, max ?? 1)] as uPlot.Range.MinMax } } : {}),
      },
      axes: [
        { ...AXIS, space: 60 },
        { ...AXIS, size: 52, incrs: INCRS, values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")) },
        ...(latency ? [{ ...AXIS, scale: "ms", side: 1 as const, size: 70, incrs: INCRS, grid: { show: false }, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => (Number.isInteger(t) ? `${t} ms` : "")) }] : []),
      ],
      series: [
        {},
        ...series.map((s, i) => {
          const { stroke, dash } = styleOf(i);
          return {
            label: s.label,
            show: s.shown,
            scale: s.unit === "ms" ? "ms" : "y",
            stroke,
            dash,
            width: 2,
            spanGaps: false,
            points: { show: granularity === "day" || times.length <= 48, size: 5, fill: stroke },
          };
        }),
      ],
    };
    const chart = new UPlot(options, data(), element);
    // The canvas is described by the figure: uPlot's own layers are only decoration.
    element.querySelector(".uplot")?.setAttribute("aria-hidden", "true");
    return chart;
  }

  useEffect(() => {
    plot.current?.setData(data());
  }, [times, series]);

  useEffect(() => {
    series.forEach((s, i) => {
      if (plot.current && plot.current.series[i + 1]?.show !== s.shown) plot.current.setSeries(i + 1, { show: s.shown });
    });
  }, [series.map((s) => s.shown).join()]);

  return (
    <div class="report-chart-wrap">
      <div ref={box} class="report-chart" role="img" aria-label={label} />
      <fieldset class="chart-legend">
        <legend>Lines drawn</legend>
        {series.map((s, i) => (
          <label class="chart-key">
            <input type="checkbox" checked={s.shown} onChange={(e) => onToggle(i, e.currentTarget.checked)} />
            <Swatch index={i} /> {s.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
