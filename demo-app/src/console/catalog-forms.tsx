// The catalog's forms: one per offer, placement, journey and campaign, reading the JSON the editor
// holds and writing each change back into it as a one-value edit (`setAt`), so the form and the
// text never disagree. What a form does not cover (rules, journey steps, metadata) keeps a button
// that shows it in the JSON editor. Each field has a label, the schema's description as its hint
// and its errors tied with aria-describedby.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Json, Problem } from "./api.ts";
import { formatPath, valueAt, type Segment } from "./catalog-json.ts";
import { describeAt, type Schema } from "./catalog-schema.ts";

export interface FormContext {
  /** The parsed catalog the editor holds. */
  catalog: Json;
  problems: Problem[];
  schema?: Schema;
  /** Sets (undefined: removes) one value; `prune` also removes the objects this leaves empty. */
  set(path: Segment[], value: unknown, prune?: boolean): void;
  /** Shows a path in the JSON editor (cursor and focus there). */
  reveal(path: Segment[]): void;
}

export type EntityKind = "offers" | "placements" | "journeys" | "campaigns";
export const KINDS: { kind: EntityKind; one: string; title: string }[] = [
  { kind: "offers", one: "offer", title: "Offers" },
  { kind: "placements", one: "placement", title: "Placements" },
  { kind: "journeys", one: "journey", title: "Journeys" },
  { kind: "campaigns", one: "campaign", title: "Campaigns" },
];

const LAYOUTS = ["modal", "banner", "slideup", "fullscreen", "inline", "html"];
const FORMATS = ["html", "json", "text", "message"];
const ACTIONS = ["url", "dismiss", "deeplink", "custom"];

/** A DOM id for a path: stable, and unique per path. */
export const fieldId = (path: readonly Segment[]) => `cf${formatPath(path).slice(1).replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

/** The problems at a path or inside it. */
/** Problems as a list, each its path (in code) and message. */
export function ProblemList({ problems, id, class: className }: { problems: readonly Problem[]; id?: string; class?: string }) {
  return (
    <ul id={id} class={className}>
      {problems.map((p) => (
        <li>
          <code>{p.path}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}

export function problemsAt(problems: Problem[], path: readonly Segment[]): Problem[] {
  const at = formatPath(path);
  return problems.filter((p) => p.path === at || p.path.startsWith(`${at}.`) || p.path.startsWith(`${at}[`));
}

interface Control {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

/** A labelled field: its hint (the schema's words unless given) and errors described by id. */
function Field({ ctx, path, label, hint, children, exact = true }: { ctx: FormContext; path: Segment[]; label: string; hint?: string; exact?: boolean; children: (control: Control) => ComponentChildren }) {
  const id = fieldId(path);
  const at = formatPath(path);
  const errors = exact ? ctx.problems.filter((p) => p.path === at) : problemsAt(ctx.problems, path);
  const words = hint ?? describeAt(ctx.schema, path)?.description;
  const hintId = words ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  return (
    <div class={`cat-field${errors.length ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy: [errorId, hintId].filter(Boolean).join(" ") || undefined, invalid: errors.length > 0 })}
      {errors.length > 0 && (
        <ul id={errorId} class="cat-field-errors">
          {errors.map((e) => (
            <li>{e.message}</li>
          ))}
        </ul>
      )}
      {words && (
        <p id={hintId} class="hint">
          {words}
        </p>
      )}
    </div>
  );
}

/** A button that shows a part the form does not edit in the JSON editor. */
function InJson({ ctx, path, label }: { ctx: FormContext; path: Segment[]; label: string }) {
  const errors = problemsAt(ctx.problems, path);
  const id = `${fieldId(path)}-json`;
  return (
    <div class="cat-field">
      <button type="button" class="secondary" onClick={() => ctx.reveal(path)} aria-describedby={errors.length ? `${id}-error` : undefined}>
        {label}
      </button>
      {errors.length > 0 && <ProblemList problems={errors} id={`${id}-error`} class="cat-field-errors" />}
    </div>
  );
}

function TextField({ ctx, path, label, multiline, required, placeholder, prune, hint }: { ctx: FormContext; path: Segment[]; label: string; multiline?: boolean; required?: boolean; placeholder?: string; prune?: boolean; hint?: string }) {
  const value = valueAt(ctx.catalog, path);
  if (value !== undefined && value !== null && typeof value === "object") return <InJson ctx={ctx} path={path} label={`Edit ${label.toLowerCase()} in JSON`} />;
  const text = value === undefined || value === null ? "" : String(value);
  const update = (next: string) => ctx.set(path, next === "" && !required ? undefined : next, prune);
  return (
    <Field ctx={ctx} path={path} label={label + (required ? " (required)" : "")} hint={hint}>
      {({ id, describedBy, invalid }) =>
        multiline ? (
          <textarea id={id} rows={Math.min(12, Math.max(3, text.split("\n").length + 1))} value={text} spellcheck={false} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(e) => update(e.currentTarget.value)} />
        ) : (
          <input id={id} type="text" value={text} placeholder={placeholder} aria-required={required || undefined} aria-describedby={describedBy} aria-invalid={invalid || undefined} onInput={(e) => update(e.currentTarget.value)} />
        )
      }
    </Field>
  );
}

/** A number typed as text: what is being typed ("1.", "-") stays while it is not yet a number. */
function NumberField({ ctx, path, label, integer, hint }: { ctx: FormContext; path: Segment[]; label: string; integer?: boolean; hint?: string }) {
  const value = valueAt(ctx.catalog, path);
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value === undefined ? "" : String(value));
  return (
    <Field ctx={ctx} path={path} label={label} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          inputMode={integer ? "numeric" : "decimal"}
          value={shown}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => {
            const raw = e.currentTarget.value;
            setDraft(raw);
            if (raw.trim() === "") ctx.set(path, undefined);
            else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw.trim())) ctx.set(path, Number(raw));
          }}
          onBlur={() => setDraft(null)}
        />
      )}
    </Field>
  );
}

function SelectField({ ctx, path, label, options, required, prune, hint }: { ctx: FormContext; path: Segment[]; label: string; options: (string | [string, string])[]; required?: boolean; prune?: boolean; hint?: string }) {
  const value = valueAt(ctx.catalog, path);
  const text = value === undefined || value === null ? "" : String(value);
  const pairs = options.map((o) => (typeof o === "string" ? [o, o] : o));
  if (text && !pairs.some(([v]) => v === text)) pairs.push([text, `${text} (not allowed)`]);
  return (
    <Field ctx={ctx} path={path} label={label + (required ? " (required)" : "")} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} value={text} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => ctx.set(path, e.currentTarget.value === "" ? undefined : e.currentTarget.value, prune)}>
          {(!required || !text) && <option value="">{required ? "Choose…" : "(none)"}</option>}
          {pairs.map(([v, l]) => (
            <option value={v}>{l}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

function CheckField({ ctx, path, label, hint }: { ctx: FormContext; path: Segment[]; label: string; hint?: string }) {
  const value = valueAt(ctx.catalog, path);
  const id = fieldId(path);
  const words = hint ?? describeAt(ctx.schema, path)?.description;
  return (
    <div class="cat-field cat-check">
      <input id={id} type="checkbox" checked={value === true} aria-describedby={words ? `${id}-hint` : undefined} onChange={(e) => ctx.set(path, e.currentTarget.checked ? true : undefined)} />
      <label for={id}>{label}</label>
      {words && (
        <p id={`${id}-hint`} class="hint">
          {words}
        </p>
      )}
    </div>
  );
}

/** A short, one-line view of a rule or other JSON for a summary. */
const brief = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 140 ? `${text.slice(0, 137)}…` : text;
};

const ids = (list: unknown): string[] => (Array.isArray(list) ? list.map((x) => (x && typeof x === "object" ? String((x as Json).id ?? "") : "")).filter(Boolean) : []);

function Section({ legend, children }: { legend: string; children: ComponentChildren }) {
  return (
    <fieldset class="cat-fieldset">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

export function OfferForm({ ctx, path }: { ctx: FormContext; path: Segment[] }) {
  const offer = (valueAt(ctx.catalog, path) ?? {}) as Json;
  const placements = (Array.isArray(ctx.catalog.placements) ? ctx.catalog.placements : []) as Json[];
  const chosen: unknown[] = Array.isArray(offer.placements) ? offer.placements : [];
  const formats = new Set(placements.filter((p) => chosen.includes(p.id)).map((p) => p.format));
  const p = (...rest: Segment[]) => [...path, ...rest];
  const togglePlacement = (id: string, on: boolean) => ctx.set(p("placements"), on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id));
  const unknown = chosen.filter((x) => typeof x !== "string" || !placements.some((pl) => pl.id === x));
  const caps: Json[] = Array.isArray(offer.caps) ? offer.caps : [];
  const content = offer.content && typeof offer.content === "object" && !Array.isArray(offer.content) ? (offer.content as Json) : undefined;
  const contentKeys = new Set(Object.keys(content ?? {}));
  if (formats.has("html")) contentKeys.add("html");
  if (formats.has("text")) contentKeys.add("text");
  const showContent = content !== undefined || formats.has("html") || formats.has("text") || formats.has("json");
  const message = offer.message && typeof offer.message === "object" ? (offer.message as Json) : undefined;
  const showMessage = message !== undefined || formats.has("message");
  const buttons: Json[] = Array.isArray(message?.buttons) ? message.buttons : [];
  const placementErrors = problemsAt(ctx.problems, p("placements"));
  const placementsId = `${fieldId(p("placements"))}-error`;
  return (
    <div class="cat-form">
      <Section legend="Offer">
        <TextField ctx={ctx} path={p("id")} label="Id" required />
        <TextField ctx={ctx} path={p("name")} label="Name" />
        <NumberField ctx={ctx} path={p("priority")} label="Priority" />
      </Section>
      <fieldset class="cat-fieldset" aria-describedby={placementErrors.length ? placementsId : undefined}>
        <legend>Placements</legend>
        {placements.length === 0 && <p>The catalog has no placements yet.</p>}
        <div class="cat-checks">
          {placements.map((pl, i) => (
            <div class="cat-check">
              <input id={`${fieldId(p("placements"))}-${i}`} type="checkbox" checked={chosen.includes(pl.id)} onChange={(e) => togglePlacement(pl.id, e.currentTarget.checked)} />
              <label for={`${fieldId(p("placements"))}-${i}`}>
                {pl.id} <span class="hint">({pl.format})</span>
              </label>
            </div>
          ))}
          {unknown.map((x, i) => (
            <div class="cat-check">
              <input id={`${fieldId(p("placements"))}-unknown-${i}`} type="checkbox" checked onChange={() => ctx.set(p("placements"), chosen.filter((y) => y !== x))} />
              <label for={`${fieldId(p("placements"))}-unknown-${i}`}>
                {String(x)} <span class="error">(no such placement)</span>
              </label>
            </div>
          ))}
        </div>
        {placementErrors.length > 0 && <ProblemList problems={placementErrors} id={placementsId} class="cat-field-errors" />}
      </fieldset>
      <Section legend="Schedule">
        <TextField ctx={ctx} path={p("schedule", "start")} label="Start" placeholder="2026-01-01T00:00:00Z" prune />
        <TextField ctx={ctx} path={p("schedule", "end")} label="End" placeholder="2027-01-01T00:00:00Z" prune />
      </Section>
      <Section legend="Who and when">
        <TextField ctx={ctx} path={p("trigger", "event")} label="Trigger event" placeholder="page.view" prune />
        {offer.trigger?.when !== undefined && <InJson ctx={ctx} path={p("trigger", "when")} label={`Trigger condition: ${brief(offer.trigger.when)} — edit in JSON`} />}
        {offer.eligibility !== undefined ? <InJson ctx={ctx} path={p("eligibility")} label={`Eligibility: ${brief(offer.eligibility)} — edit in JSON`} /> : <p class="hint">Eligibility: everyone (add an "eligibility" rule in the JSON to narrow it).</p>}
      </Section>
      <fieldset class="cat-fieldset">
        <legend>Caps</legend>
        {caps.length === 0 && <p class="hint">No caps: shown as often as it wins.</p>}
        {caps.map((_, i) => (
          <div class="cat-row" role="group" aria-label={`Cap ${i + 1}`}>
            <TextField ctx={ctx} path={p("caps", i, "event")} label="Event" required hint="" />
            <NumberField ctx={ctx} path={p("caps", i, "limit")} label="Limit" integer hint="" />
            <SelectField ctx={ctx} path={p("caps", i, "period")} label="Period" options={["day", "week", "month", "lifetime"]} required hint="" />
            <SelectField ctx={ctx} path={p("caps", i, "scope")} label="Scope" options={["profile", "global"]} required hint="" />
            <button type="button" class="secondary" onClick={() => ctx.set(p("caps", i), undefined)}>
              Remove cap {i + 1}
            </button>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => ctx.set(p("caps", caps.length), { event: "display", limit: 1, period: "day", scope: "profile" })}>
          Add a cap
        </button>
      </fieldset>
      {showContent && (
        <fieldset class="cat-fieldset">
          <legend>Content (html, json and text placements)</legend>
          {[...contentKeys].map((key) => (
            <TextField ctx={ctx} path={p("content", key)} label={`content.${key}`} multiline={key === "html" || key === "text" || String(content?.[key] ?? "").length > 80} prune hint={key === "html" ? "HTML shown in html placements (sanitised by the SDK); {{path | filter}} templates." : key === "text" ? "Text shown in text placements." : "A field of the content: json placements hand it to the app."} />
          ))}
          <AddContentField ctx={ctx} path={p("content")} existing={contentKeys} />
        </fieldset>
      )}
      {showMessage && (
        <fieldset class="cat-fieldset">
          <legend>Message (message placements)</legend>
          <SelectField ctx={ctx} path={p("message", "layout")} label="Layout" options={LAYOUTS} required />
          {message?.layout !== "html" && (
            <>
              <TextField ctx={ctx} path={p("message", "title")} label="Title" prune />
              <TextField ctx={ctx} path={p("message", "body")} label="Body" multiline prune />
              <TextField ctx={ctx} path={p("message", "image")} label="Image URL" prune />
              <TextField ctx={ctx} path={p("message", "imageAlt")} label="Image alternative text" prune />
            </>
          )}
          {(message?.layout === "html" || message?.html !== undefined) && <TextField ctx={ctx} path={p("message", "html")} label="HTML document" multiline prune />}
          <SelectField ctx={ctx} path={p("message", "dir")} label="Text direction" options={["ltr", "rtl", "auto"]} prune />
          <TextField ctx={ctx} path={p("message", "lang")} label="Language" placeholder="en" prune />
          <fieldset class="cat-fieldset">
            <legend>Buttons</legend>
            {buttons.map((b, i) => (
              <div class="cat-row" role="group" aria-label={`Button ${i + 1}`}>
                <TextField ctx={ctx} path={p("message", "buttons", i, "label")} label="Label" required hint="" />
                <SelectField ctx={ctx} path={p("message", "buttons", i, "action", "type")} label="Action" options={ACTIONS} required hint="" />
                {(b?.action?.type === "url" || b?.action?.type === "deeplink") && <TextField ctx={ctx} path={p("message", "buttons", i, "action", "url")} label="URL" hint="" />}
                {b?.action?.type === "custom" && <TextField ctx={ctx} path={p("message", "buttons", i, "action", "name")} label="Action name" hint="" />}
                <button type="button" class="secondary" onClick={() => ctx.set(p("message", "buttons", i), undefined)}>
                  Remove button {i + 1}
                </button>
              </div>
            ))}
            <button type="button" class="secondary" onClick={() => ctx.set(p("message", "buttons", buttons.length), { label: "OK", action: { type: "dismiss" } })}>
              Add a button
            </button>
          </fieldset>
        </fieldset>
      )}
      {offer.metadata !== undefined && <InJson ctx={ctx} path={p("metadata")} label="Metadata — edit in JSON" />}
    </div>
  );
}

function AddContentField({ ctx, path, existing }: { ctx: FormContext; path: Segment[]; existing: Set<string> }) {
  const [key, setKey] = useState("");
  const id = `${fieldId(path)}-new`;
  const add = () => {
    const name = key.trim();
    if (!name || existing.has(name)) return;
    ctx.set([...path, name], "");
    setKey("");
  };
  return (
    <div class="cat-add">
      <label for={id}>New content field</label>
      <input id={id} type="text" value={key} placeholder="title" onInput={(e) => setKey(e.currentTarget.value)} onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())} />
      <button type="button" class="secondary" onClick={add} disabled={!key.trim() || existing.has(key.trim())}>
        Add field
      </button>
    </div>
  );
}

export function PlacementForm({ ctx, path }: { ctx: FormContext; path: Segment[] }) {
  const placement = (valueAt(ctx.catalog, path) ?? {}) as Json;
  const id = typeof placement.id === "string" ? placement.id : "";
  const offers = ids(ctx.catalog.offers);
  return (
    <div class="cat-form">
      <Section legend="Placement">
        <TextField ctx={ctx} path={[...path, "id"]} label="Id" required />
        <TextField ctx={ctx} path={[...path, "surface"]} label="Surface" placeholder="web://shop.example/#hero" />
        <SelectField ctx={ctx} path={[...path, "format"]} label="Format" options={FORMATS} required />
      </Section>
      {id && (
        <Section legend={`Deciding ${id}`}>
          <SelectField ctx={ctx} path={["fallbacks", id]} label="Fallback offer" options={offers} prune />
          <SelectField ctx={ctx} path={["ranking", id, "strategy"]} label="Ranking strategy" options={["priority", "score"]} prune />
          <NumberField ctx={ctx} path={["ranking", id, "limit"]} label="Offers shown (limit)" integer />
          {ctx.catalog.ranking?.[id]?.score !== undefined && <InJson ctx={ctx} path={["ranking", id, "score"]} label={`Score rule: ${brief(ctx.catalog.ranking[id].score)} — edit in JSON`} />}
        </Section>
      )}
      {placement.metadata !== undefined && <InJson ctx={ctx} path={[...path, "metadata"]} label="Metadata — edit in JSON" />}
    </div>
  );
}

/** One journey step, in words. */
function stepText(step: unknown): string {
  if (!step || typeof step !== "object") return JSON.stringify(step);
  const s = step as Json;
  if ("wait" in s) return `wait ${s.wait}`;
  if ("wait_for" in s) return `wait for ${s.wait_for?.event} (at most ${s.wait_for?.timeout})`;
  if ("message" in s) return `message ${s.message}`;
  if ("action" in s) return `webhook ${s.action?.webhook}`;
  if ("set" in s) return `set ${Object.keys(s.set ?? {}).join(", ")}`;
  if ("end" in s) return "end";
  if ("if" in s) return `if ${brief(s.if)}`;
  return brief(s);
}

function Steps({ steps }: { steps: unknown }) {
  if (!Array.isArray(steps) || steps.length === 0) return null;
  return (
    <ol class="cat-steps">
      {steps.map((step) => (
        <li>
          {stepText(step)}
          {step && typeof step === "object" && "if" in step && (
            <>
              {Array.isArray((step as Json).then) && (step as Json).then.length > 0 && (
                <div>
                  then: <Steps steps={(step as Json).then} />
                </div>
              )}
              {Array.isArray((step as Json).else) && (step as Json).else.length > 0 && (
                <div>
                  else: <Steps steps={(step as Json).else} />
                </div>
              )}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function JourneyForm({ ctx, path }: { ctx: FormContext; path: Segment[] }) {
  const journey = (valueAt(ctx.catalog, path) ?? {}) as Json;
  return (
    <div class="cat-form">
      <Section legend="Journey">
        <TextField ctx={ctx} path={[...path, "id"]} label="Id" required />
        <TextField ctx={ctx} path={[...path, "name"]} label="Name" />
        <CheckField ctx={ctx} path={[...path, "paused"]} label="Paused" />
        <TextField ctx={ctx} path={[...path, "trigger", "event"]} label="Trigger event" required />
        <TextField ctx={ctx} path={[...path, "exit", "event"]} label="Exit event" prune />
        <TextField ctx={ctx} path={[...path, "reentry"]} label="Re-entry" placeholder="never, always or P7D" />
      </Section>
      <Section legend="Steps">
        <Steps steps={journey.steps} />
        <InJson ctx={ctx} path={[...path, "steps"]} label="Edit the steps in JSON" />
      </Section>
    </div>
  );
}

export function CampaignForm({ ctx, path }: { ctx: FormContext; path: Segment[] }) {
  const campaign = (valueAt(ctx.catalog, path) ?? {}) as Json;
  return (
    <div class="cat-form">
      <Section legend="Campaign">
        <TextField ctx={ctx} path={[...path, "id"]} label="Id" required />
        <TextField ctx={ctx} path={[...path, "name"]} label="Name" />
        <TextField ctx={ctx} path={[...path, "audience"]} label="Audience" required />
        {campaign.action === undefined && <SelectField ctx={ctx} path={[...path, "offer"]} label="Offer" options={ids(ctx.catalog.offers)} />}
        {campaign.action !== undefined && <InJson ctx={ctx} path={[...path, "action"]} label="Webhook action — edit in JSON" />}
        <CheckField ctx={ctx} path={[...path, "paused"]} label="Paused" />
      </Section>
      <Section legend="Schedule">
        <TextField ctx={ctx} path={[...path, "schedule", "start"]} label="Start" placeholder="2026-01-01T00:00:00Z" required />
        <TextField ctx={ctx} path={[...path, "schedule", "end"]} label="End" placeholder="2027-01-01T00:00:00Z" required />
      </Section>
    </div>
  );
}

/** A new entity for the "New …" buttons: valid as it is, with an id not yet taken. */
export function newEntity(kind: EntityKind, catalog: Json): Json {
  const taken = new Set(ids(catalog[kind]));
  const base = { offers: "new-offer", placements: "new-placement", journeys: "new-journey", campaigns: "new-campaign" }[kind];
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const now = new Date();
  const inAWeek = new Date(now.getTime() + 7 * 86_400_000);
  const day = (d: Date) => `${d.toISOString().slice(0, 10)}T00:00:00Z`;
  if (kind === "offers") return { id, name: "New offer", placements: [] };
  if (kind === "placements") return { id, surface: "web://shop.example/#new", format: "html" };
  if (kind === "journeys") return { id, trigger: { event: "page.view" }, steps: [{ wait: "PT1H" }] };
  return { id, audience: "vip", offer: ids(catalog.offers)[0] ?? "", schedule: { start: day(now), end: day(inAWeek) } };
}
