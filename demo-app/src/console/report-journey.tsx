// A journey drawn as its steps (from the active catalog), top to bottom, with the people on each
// edge: how many entered the journey (on its trigger), each next step, each branch of an `if`, and
// how many completed it; each step also says how many exited, timed out or failed there. It is an ordered
// list of boxes and arrows, so a screen reader reads the same flow, step by step, in order.
import type { JourneyJson, StepJson } from "@edgewise/decision-engine";
import { useId } from "preact/hooks";

type Counts = Record<string, Record<string, number>>;

const UNITS: [RegExp, string][] = [[/(\d+)Y/, "year"], [/(\d+)M/, "month"], [/(\d+)W/, "week"], [/(\d+)D/, "day"]];
const TIME_UNITS: [RegExp, string][] = [[/(\d+)H/, "hour"], [/(\d+)M/, "minute"], [/(\d+(?:\.\d+)?)S/, "second"]];

/** `P3D` → "3 days", `PT1H30M` → "1 hour 30 minutes" (the text itself when it is not a duration). */
export function humanDuration(iso: string): string {
  const match = /^P([^T]*)(?:T(.*))?$/.exec(iso);
  if (!match) return iso;
  const parts: string[] = [];
  const take = (text: string, units: [RegExp, string][]) => {
    for (const [pattern, unit] of units) {
      const n = pattern.exec(text)?.[1];
      if (n !== undefined) parts.push(`${n} ${unit}${n === "1" ? "" : "s"}`);
    }
  };
  take(match[1] ?? "", UNITS);
  take(match[2] ?? "", TIME_UNITS);
  return parts.length > 0 ? parts.join(" ") : iso;
}

const compact = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** What a step does, in words. */
export function describeStep(step: StepJson): string {
  if ("wait" in step) return `Wait ${humanDuration(step.wait)}`;
  if ("wait_for" in step) {
    const w = step.wait_for;
    return `Wait for ${w.event}${w.offer ? ` of ${w.offer}` : ""} (up to ${humanDuration(w.timeout)}${w.on_timeout === "exit" ? ", then exit" : ""})`;
  }
  if ("if" in step) {
    const rule = step.if as Record<string, unknown>;
    if (rule && typeof rule === "object" && "audience" in rule && Object.keys(rule).length === 1) return `If in audience ${String(rule["audience"])}`;
    return `If ${compact(step.if)}`;
  }
  if ("message" in step) return `Message: ${step.message}`;
  if ("action" in step) return `Webhook: ${step.action.webhook}`;
  if ("set" in step) return `Set ${Object.keys(step.set).join(", ")}`;
  return "End";
}

const n = (counts: Counts, label: string, metric: string) => counts[label]?.[metric] ?? 0;
const people = (count: number) => `${count} ${count === 1 ? "person" : "people"}`;

/** Exits, time-outs, failures and completions at one step, when there were any. */
function Outcomes({ counts, label }: { counts: Counts; label: string }) {
  const items = ([["exited", "exited here"], ["timed_out", "timed out"], ["failed", "failed"], ["completed", "finished the journey here"]] as const)
    .map(([metric, text]) => [n(counts, label, metric), text] as const)
    .filter(([count]) => count > 0);
  if (items.length === 0) return null;
  return <span class="flow-outcomes">{items.map(([count, text]) => `${people(count)} ${text}`).join(" · ")}</span>;
}

/** The edge into a step: an arrow and how many people entered it. */
function Edge({ count, into }: { count: number; into: string }) {
  return (
    <div class="flow-edge">
      <span class="flow-arrow" aria-hidden="true">↓</span>
      <span class="flow-count">{people(count)}<span class="visually-hidden"> entered {into}</span></span>
    </div>
  );
}

function Steps({ steps, prefix, counts }: { steps: readonly StepJson[]; prefix: string; counts: Counts }) {
  return (
    <ol class="flow-steps">
      {steps.map((step, i) => {
        const label = `${prefix}[${i}]`;
        const text = describeStep(step);
        return (
          <li class="flow-item">
            <Edge count={n(counts, label, "entered")} into={text} />
            <div class="flow-node" title={`${text} (${label})`}>
              <span class="flow-text">{text}</span>
              <span class="flow-label">{label}</span>
              <Outcomes counts={counts} label={label} />
            </div>
            {"if" in step && (
              <div class="flow-branches">
                {(["then", "else"] as const).map((branch) => {
                  const inner = step[branch] ?? [];
                  return (
                    <div class="flow-branch" role="group" aria-label={`${text}: ${branch === "then" ? "yes (then)" : "no (else)"}`}>
                      <p class="flow-branch-name">{branch === "then" ? "Yes (then)" : "No (else)"}</p>
                      {inner.length > 0 ? <Steps steps={inner} prefix={`${label}.${branch}`} counts={counts} /> : <p class="hint">No steps: on to the next step.</p>}
                    </div>
                  );
                })}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The drawing. `counts` are per step label, each counter summed over the report's range (every
 * version of the journey summed, as the series counts them).
 */
export function JourneyDrawing({ journey, counts, range }: { journey: JourneyJson; counts: Counts; range: string }) {
  const id = `journey-${useId()}`;
  const completed = Object.values(counts).reduce((sum, c) => sum + (c["completed"] ?? 0), 0);
  const exited = Object.values(counts).reduce((sum, c) => sum + (c["exited"] ?? 0), 0);
  const limited = n(counts, "trigger", "limited");
  return (
    <figure class="journey-flow" aria-labelledby={id}>
      <figcaption id={id}>
        Journey {journey.name ? `${journey.name} (${journey.id})` : journey.id}, {range}: the people on each arrow entered the step below it.
      </figcaption>
      <ol class="flow-steps flow-root">
        <li class="flow-item">
          <div class="flow-node flow-start">
            <span class="flow-text">Trigger: {journey.trigger.event}{journey.trigger.when ? " (with a condition)" : ""}</span>
            <span class="flow-entries">{people(n(counts, "trigger", "entered"))} entered the journey</span>
            {journey.exit && <span class="flow-label">exits on {journey.exit.event}</span>}
            {limited > 0 && <span class="flow-outcomes">{people(limited)} held back by a limit</span>}
          </div>
          <Steps steps={journey.steps} prefix="steps" counts={counts} />
        </li>
        <li class="flow-item">
          <div class="flow-edge">
            <span class="flow-arrow" aria-hidden="true">↓</span>
            <span class="flow-count">{people(completed)} completed<span class="visually-hidden"> the journey</span></span>
          </div>
          <div class="flow-node flow-end">
            <span class="flow-text">End</span>
            {exited > 0 && <span class="flow-outcomes">{people(exited)} exited on the way</span>}
          </div>
        </li>
      </ol>
    </figure>
  );
}
