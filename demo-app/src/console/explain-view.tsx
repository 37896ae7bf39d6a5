// The decision explainer: a dry run of a decision (POST /v1/admin/simulate) with its reasons, and
// "Preview on my site" links (preview-link.tsx). Its
// form is the deep link: `#Explainer?profile=u-013&placement=home-hero` opens with that dry run done.
import { useEffect, useRef, useState } from "preact/hooks";
import { type Json, type Api } from "./api.ts";
import { hrefOf, navigate, useRoute } from "./route.ts";
import { Table } from "./table.tsx";
import { PreviewLink } from "./preview-link.tsx";

interface Form {
  profile: string;
  placement: string;
  channel: string;
  path: string;
  country: string;
  event: string;
}
const DEFAULTS: Form = { profile: "u-001", placement: "home-hero", channel: "web", path: "/", country: "", event: "" };
const FIELDS = Object.keys(DEFAULTS) as (keyof Form)[];

/** The form a route's query gives (a query without `profile` is an anonymous visitor), or null without one. */
function formOf(query: URLSearchParams): Form | null {
  if (!FIELDS.some((f) => query.has(f))) return null;
  return Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? (f === "profile" ? "" : DEFAULTS[f])])) as unknown as Form;
}
const hrefOfForm = (form: Form) => hrefOf("Explainer", "", Object.fromEntries(FIELDS.map((f) => [f, f === "path" && form.path === "/" ? undefined : form[f]])));

export function ExplainView({ api }: { api: Api }) {
  const { query } = useRoute();
  const linked = formOf(query);
  const [placements, setPlacements] = useState<string[]>([]);
  const [profileId, setProfileId] = useState(linked?.profile ?? DEFAULTS.profile);
  const [placement, setPlacement] = useState(linked?.placement ?? DEFAULTS.placement);
  const [channel, setChannel] = useState(linked?.channel ?? DEFAULTS.channel);
  const [path, setPath] = useState(linked?.path ?? DEFAULTS.path);
  const [country, setCountry] = useState(linked?.country ?? DEFAULTS.country);
  const [eventName, setEventName] = useState(linked?.event ?? DEFAULTS.event);
  const [result, setResult] = useState<Json | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const shown = useRef("");
  useEffect(() => {
    api("/v1/admin/catalog")
      .then((b) => setPlacements((b.catalog?.placements ?? []).map((p: Json) => p.id)))
      .catch(() => undefined);
  }, [api]);
  const run = async (form: Form) => {
    setError("");
    setBusy(true);
    try {
      const context: Json = { channel: form.channel, path: form.path };
      if (form.country) context.geo = { country: form.country };
      const body: Json = { profileId: form.profile || undefined, placements: [form.placement], context };
      if (form.event.trim()) body.event = { name: form.event.trim(), properties: { path: form.path } };
      // A dry run: nothing is reserved, delivered, recorded or entered.
      setResult(await api("/v1/admin/simulate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // A deep link (opened, or reached by back and forward) runs its dry run; it changes nothing.
  useEffect(() => {
    if (!linked) return;
    const href = hrefOfForm(linked);
    if (href === shown.current) return;
    shown.current = href;
    setProfileId(linked.profile);
    setPlacement(linked.placement);
    setChannel(linked.channel);
    setPath(linked.path);
    setCountry(linked.country);
    setEventName(linked.event);
    void run(linked);
  }, [query.toString()]);
  const explain = async (e: Event) => {
    e.preventDefault();
    const form: Form = { profile: profileId, placement, channel, path, country, event: eventName };
    // The URL says what is shown: copy it to share this dry run.
    shown.current = hrefOfForm(form);
    navigate(shown.current, { replace: true });
    await run(form);
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
      <p role="status" class="hint">{busy ? "Explaining…" : ""}</p>
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
      <PreviewLink api={api} />
    </section>
  );
}
