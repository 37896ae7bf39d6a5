// Outbound: each webhook and forwarding destination's counts (delivered, waiting, retrying,
// failed and dead letters, dropped, p95 latency), and its deliveries newest first — filtered by
// state and destination, each with its attempts and what the receiver last said — with a retry
// button for failed ones (POST /v1/admin/deliveries/:id/retry). Refreshes itself. The filters are
// the deep link: `#Outbound?status=failed&destination=demo-mailer`.
import { useCallback, useEffect, useState } from "preact/hooks";
import { type Api, type Json } from "./api.ts";
import { hrefOf, navigate, useRoute } from "./route.ts";
import { Scroll, Table } from "./table.tsx";

const STATES = ["all", "failed", "pending", "delivered"] as const;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function OutboundView({ api, interval }: { api: Api; interval: number }) {
  const [destinations, setDestinations] = useState<Json[] | null>(null);
  const [deliveries, setDeliveries] = useState<Json[]>([]);
  const { query } = useRoute();
  const wanted = query.get("status") ?? "all";
  const state: (typeof STATES)[number] = (STATES as readonly string[]).includes(wanted) ? (wanted as (typeof STATES)[number]) : "all";
  const destination = query.get("destination") ?? "";
  const filter = (next: { status?: string; destination?: string }) => {
    const merged = { status: state === "all" ? undefined : state, destination: destination || undefined, ...next };
    navigate(hrefOf("Outbound", "", { status: merged.status === "all" ? undefined : merged.status, destination: merged.destination || undefined }));
  };
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    try {
      const query = new URLSearchParams({ limit: "50" });
      if (state !== "all") query.set("status", state);
      if (destination) query.set("destination", destination);
      const [stats, list] = await Promise.all([api("/v1/admin/stats"), api(`/v1/admin/deliveries?${query}`)]);
      setDestinations(stats.outbound ?? []);
      setDeliveries(list.deliveries ?? []);
      setError("");
    } catch (e) {
      setError(`Could not load the outbound deliveries: ${(e as Error).message}`);
    }
  }, [api, state, destination]);

  useEffect(() => {
    void load();
    const timer = setInterval(load, interval);
    return () => clearInterval(timer);
  }, [load, interval]);

  const retry = async (id: string) => {
    setStatus(`Retrying ${id}…`);
    try {
      await api(`/v1/admin/deliveries/${id}/retry`, { method: "POST" });
      setStatus(`Delivery ${id} is due again; it shows as delivered once the receiver accepts it.`);
      await load();
    } catch (e) {
      setStatus(`Retry refused: ${(e as Error).message}`);
    }
  };

  if (destinations === null)
    return (
      <section aria-labelledby="outbound-title">
        <h2 id="outbound-title">Outbound</h2>
        <p role="status">{error || "Loading the outbound deliveries…"}</p>
      </section>
    );
  return (
    <section aria-labelledby="outbound-title">
      <h2 id="outbound-title">Outbound</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {destinations.length === 0 ? (
        <p class="hint">The active catalog has no webhooks or forwarding destinations. Add <code>webhooks</code> or <code>forwarding</code> to the catalog (docs/outbound.md).</p>
      ) : (
        <Table
          caption="Destinations of the active catalog"
          columns={["destination", "kind", "delivered", "waiting", "retrying", "failed", "dead letters", "dropped", "p95 latency", "last delivered"]}
          rows={destinations.map((d) => [
            d.destination, d.kind, d.delivered, d.pending + (d.kind === "forwarding" && d.eventsBuffered ? ` (+${d.eventsBuffered} events buffered)` : ""),
            d.retrying, d.failed, d.deadLetters, d.dropped, d.p95LatencyMs === null ? "—" : `${d.p95LatencyMs} ms`, time(d.lastDeliveredAt),
          ])}
        />
      )}
      <div class="row" role="group" aria-label="Filter the deliveries">
        <label>
          State{" "}
          <select value={state} onChange={(e) => filter({ status: (e.target as HTMLSelectElement).value })}>
            {STATES.map((s) => <option value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Destination{" "}
          <select value={destination} onChange={(e) => filter({ destination: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            {destinations.map((d) => <option value={d.destination}>{d.destination}</option>)}
          </select>
        </label>
      </div>
      <p role="status" aria-live="polite">{status}</p>
      <Scroll labelledBy="deliveries-caption">
        <table>
          <caption id="deliveries-caption">Deliveries, newest first</caption>
          <thead>
            <tr>{["created", "destination", "source", "state", "attempts", "last answer", "latency", "action"].map((c) => <th scope="col">{c}</th>)}</tr>
          </thead>
          <tbody>
            {deliveries.length === 0 && (
              <tr>
                <td colSpan={8}>No deliveries{state === "all" ? "" : ` in the state ${state}`} yet.</td>
              </tr>
            )}
            {deliveries.map((d) => (
              <tr>
                <th scope="row"><time dateTime={d.createdAt}>{time(d.createdAt)}</time></th>
                <td>{d.destination}</td>
                <td>{d.source}{d.kind === "forwarding" ? ` (${d.events} events)` : ""}</td>
                <td>
                  {d.status}
                  {d.deadLetter ? " (dead letter)" : ""}
                  {d.status === "pending" && d.attempts > 0 ? `, next ${time(d.nextAttemptAt)}` : ""}
                </td>
                <td>{d.attempts}</td>
                <td>{d.error ?? (d.lastStatus === null ? "—" : d.lastStatus)}</td>
                <td>{d.latencyMs === null ? "—" : `${d.latencyMs} ms`}</td>
                <td>
                  {d.status === "failed" && (
                    <button type="button" class="secondary" onClick={() => retry(d.id)} aria-label={`Retry delivery ${d.id} to ${d.destination}`}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}
