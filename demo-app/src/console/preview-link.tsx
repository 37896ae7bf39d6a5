// "Preview on my site": a signed, expiring link (POST /v1/admin/preview) that makes one browser tab
// see an offer or an experiment's variant, with the SDK's explanation overlay, counting nothing.
import { useEffect, useState } from "preact/hooks";
import { type Api, type Json } from "./api.ts";

export function PreviewLink({ api }: { api: Api }) {
  const [offers, setOffers] = useState<string[]>([]);
  const [variants, setVariants] = useState<{ experiment: string; variant: string }[]>([]);
  const [what, setWhat] = useState("");
  const [minutes, setMinutes] = useState("60");
  const [url, setUrl] = useState(() => `${location.origin}/`);
  const [made, setMade] = useState<Json | null>(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    api("/v1/admin/catalog")
      .then((b) => {
        const ids: string[] = (b.catalog?.offers ?? []).map((o: Json) => o.id);
        setOffers(ids);
        setVariants((b.catalog?.experiments ?? []).flatMap((e: Json) => (e.variants ?? []).map((v: Json) => ({ experiment: e.id, variant: v.id }))));
        setWhat((current) => current || (ids[0] ? `offer:${ids[0]}` : ""));
      })
      .catch(() => undefined);
  }, [api]);

  const make = async (event: Event) => {
    event.preventDefault();
    setStatus("Making the link…");
    setMade(null);
    const [kind, id, variant] = what.split(":");
    const body = kind === "offer" ? { offerId: id } : { experimentId: id, variantId: variant };
    try {
      const answer = await api("/v1/admin/preview", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, minutes: Number(minutes), url }) });
      setMade(answer);
      setStatus(`The link works until ${new Date(answer.expiresAt).toLocaleString()}.`);
    } catch (e) {
      setStatus(`No link: ${(e as Error).message}`);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(made!.link);
      setStatus("Link copied.");
    } catch {
      setStatus("Copy the link from the field.");
    }
  };

  return (
    <section aria-labelledby="preview-title">
      <h3 id="preview-title">Preview on my site</h3>
      <p class="hint">A link for one browser tab or app: it shows the offer (whatever its eligibility, caps or schedule) or the variant, with an overlay explaining each decision. Nothing it does is counted. For an app, give an app link of a scheme the catalog's <code>deepLinkSchemes</code> declare (e.g. <code>shop://home</code>), or the mobile demo's page.</p>
      <form class="explain-form" onSubmit={make}>
        <label for="preview-what">Offer or variant to preview</label>
        <select id="preview-what" value={what} onChange={(e) => setWhat((e.target as HTMLSelectElement).value)}>
          <optgroup label="Offers">{offers.map((id) => <option value={`offer:${id}`}>{id}</option>)}</optgroup>
          {variants.length > 0 && <optgroup label="Experiment variants">{variants.map((v) => <option value={`variant:${v.experiment}:${v.variant}`}>{`${v.experiment}: ${v.variant}`}</option>)}</optgroup>}
        </select>
        <label for="preview-url">Page of your site, or app link</label>
        <input id="preview-url" type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        <label for="preview-minutes">Valid for (minutes)</label>
        <input id="preview-minutes" type="number" min="1" max="1440" required value={minutes} onInput={(e) => setMinutes((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={!what}>Make a preview link</button>
      </form>
      <p role="status" aria-live="polite">{status}</p>
      {made?.link && (
        <div class="row">
          <input id="preview-link" aria-label="Preview link" readOnly value={made.link} size={48} />
          <button type="button" class="secondary" onClick={copy}>Copy</button>
          <a href={made.link} target="_blank" rel="noopener">Open</a>
        </div>
      )}
    </section>
  );
}
