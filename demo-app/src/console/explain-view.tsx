// The decision explainer: a dry run of a decision (POST /v1/admin/simulate) with its reasons.
import { useEffect, useState } from "preact/hooks";
import { type Json, type Api } from "./api.ts";
import { Table } from "./table.tsx";

export function ExplainView({ api }: { api: Api }) {
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
