// The live preview of an offer as the web SDK renders it: the offer's content or message rendered
// by the engine's templates (`compileContent`, escaped as `decide` escapes for that placement's
// format) with a sample profile, then handed to the SDK's own renderer in sandboxed frames
// (catalog-preview-frame.ts), light and dark, desktop and phone width. The frames are a picture:
// inert (no focus, no clicks), each with a text alternative of what it shows.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { compileContent, TemplateErrors } from "@edgewise/decision-engine";
import type { Json } from "./api.ts";
import type { PreviewReply, PreviewRequest } from "./catalog-preview-frame.ts";

/** The preview frames' document: a neutral page around the placement, and the SDK's renderer. */
const FRAME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Preview</title><style>
:root{color-scheme:light;--bg:#f6f7f9;--fg:#1b1f24;--card:#fff;--line:#d0d4da;--muted:#c9ced6}
:root[data-theme=dark]{color-scheme:dark;--bg:#15181c;--fg:#e8eaed;--card:#202124;--line:#3c4043;--muted:#3c4043}
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header{display:flex;align-items:center;gap:12px;padding:12px 20px;background:var(--card);border-bottom:1px solid var(--line);font-weight:700}
main{padding:20px;max-width:960px;margin:0 auto}
.bar{height:12px;border-radius:6px;background:var(--muted);margin:10px 0}.bar.s{width:60%}
.slot{margin:16px 0;padding:16px;border:2px dashed var(--line);border-radius:8px;background:var(--card);overflow-wrap:anywhere}
.slot:empty{display:none}.slot.inline{border-style:solid}
.slot img{max-width:100%}.slot a{color:inherit}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}dt{font-weight:700}dd{margin:0}
pre.json{white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
</style></head><body><div id="page"><header>Your site</header><main><div class="bar s"></div><div class="bar"></div><div id="slot"></div><div class="bar"></div><div class="bar s"></div><div class="bar"></div></main></div><script src="/console/catalog-preview.js"></script></body></html>`;

const SIZES = { desktop: { width: 1024, height: 640, label: "desktop (1024 px)" }, phone: { width: 390, height: 700, label: "phone (390 px)" } };
type Width = keyof typeof SIZES;
type Theme = PreviewRequest["theme"];

const DEFAULT_PROFILE = '{\n  "id": "u-preview",\n  "firstName": "Ana",\n  "tier": "gold",\n  "ltv": 1200\n}';

/** A value that follows `value` after it has stayed unchanged for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** What the SDK would receive for this offer in this placement, or why there is nothing to show. */
export function previewDecision(catalog: Json, offer: Json, placement: Json, profile: Json): { request?: Omit<PreviewRequest, "theme">; problem?: string } {
  const format = placement.format as PreviewRequest["format"];
  if (!["html", "json", "text", "message"].includes(format)) return { problem: `The placement's format "${String(placement.format)}" is not one the SDK renders.` };
  const data = { profile, audiences: [], context: { channel: String(placement.surface ?? "").startsWith("mobileapp:") ? "mobile" : "web", locale: "en" }, event: null, now: Date.now() };
  const source = format === "message" ? offer.message : offer.content;
  if (source === undefined) return { problem: format === "message" ? "This offer has no message, so a message placement shows nothing." : "This offer has no content, so this placement shows nothing." };
  let rendered: unknown;
  try {
    const escape = format === "message" ? source?.layout === "html" : !["json", "text"].includes(format);
    rendered = compileContent(source)(data, { escape });
  } catch (error) {
    if (error instanceof TemplateErrors) return { problem: `Template errors: ${error.errors.map((e) => `${e.path || "(the value)"} ${e.message}`).join("; ")}` };
    return { problem: (error as Error).message };
  }
  const decision = { placement: String(placement.id), offerId: String(offer.id ?? "preview"), fallback: false, ...(format === "message" ? { message: rendered, deepLinkSchemes: catalog.deepLinkSchemes ?? [] } : { content: rendered }) };
  return { request: { edgewisePreview: 1, format, decision } };
}

function PreviewFrame({ request, theme, width }: { request: Omit<PreviewRequest, "theme">; theme: Theme; width: Width }) {
  const size = SIZES[width];
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [summary, setSummary] = useState("");
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow) return;
      const data = event.data as PreviewReply | null;
      if (data?.edgewisePreview === "ready") setReady(true);
      else if (data?.edgewisePreview === "rendered") setSummary(data.summary);
    };
    addEventListener("message", listen);
    return () => removeEventListener("message", listen);
  }, []);
  useEffect(() => {
    if (ready) frame.current?.contentWindow?.postMessage({ ...request, theme } satisfies PreviewRequest, "*");
  }, [ready, request, theme]);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setScale(Math.min(1, element.clientWidth / size.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [size.width]);
  const title = `Preview, ${theme}, ${size.label}`;
  return (
    <figure class="cat-frame">
      <figcaption>
        <strong>{theme === "dark" ? "Dark" : "Light"}</strong>, {size.label}
        {scale < 1 && <span class="hint"> (shown at {Math.round(scale * 100)} %)</span>}
      </figcaption>
      <div class="cat-frame-fit" ref={box}>
        <div class="cat-frame-box" style={{ width: `${Math.floor(size.width * scale)}px`, height: `${Math.ceil(size.height * scale)}px` }}>
          <iframe ref={frame} title={title} data-theme={theme} data-width={width} sandbox="allow-scripts" srcdoc={FRAME} inert tabIndex={-1} onLoad={() => setReady(true)} style={{ width: `${size.width}px`, height: `${size.height}px`, transform: `scale(${scale})` }} />
        </div>
      </div>
      <p class="hint cat-frame-summary">{summary ? `Shows: ${summary}` : "Rendering…"}</p>
    </figure>
  );
}

function Choice<T extends string>({ legend, name, value, options, onChange }: { legend: string; name: string; value: T; options: [T, string][]; onChange: (value: T) => void }) {
  return (
    <fieldset class="cat-choice">
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

export function OfferPreview({ catalog, offer, prefer }: { catalog: Json; offer: Json; prefer?: string }) {
  const placements = (Array.isArray(catalog.placements) ? catalog.placements : []) as Json[];
  const own = placements.filter((p) => Array.isArray(offer.placements) && offer.placements.includes(p.id));
  // An offer in no placement of its own (a fallback, or one being written) previews in each format it has.
  const candidates: Json[] = own.length ? own : [...(offer.message ? [{ id: "preview-messages", format: "message", surface: "web://preview" }] : []), ...(offer.content ? [{ id: "preview-slot", format: typeof offer.content?.html === "string" ? "html" : typeof offer.content?.text === "string" ? "text" : "json", surface: "web://preview" }] : [])];
  const [chosen, setChosen] = useState("");
  const [theme, setTheme] = useState<"both" | Theme>("both");
  const [width, setWidth] = useState<"both" | Width>("both");
  const [profileText, setProfileText] = useState(DEFAULT_PROFILE);
  const placement = candidates.find((p) => p.id === chosen) ?? candidates.find((p) => p.id === prefer) ?? candidates.find((p) => p.format === "message") ?? candidates[0];
  const settled = useDebounced(JSON.stringify([offer, placement ?? null, catalog.deepLinkSchemes ?? null, profileText]), 200);
  const profile = useMemo(() => {
    try {
      const parsed = JSON.parse(profileText);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : undefined;
    } catch {
      return undefined;
    }
  }, [profileText]);
  const result = useMemo(() => {
    const [o, p] = JSON.parse(settled) as [Json, Json | null];
    return p ? previewDecision(catalog, o, p, profile ?? {}) : { problem: "This offer is in no placement and has neither content nor a message: nothing to preview." };
    // The settled JSON holds everything the preview depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled, profile]);
  const themes: Theme[] = theme === "both" ? ["light", "dark"] : [theme];
  const widths: Width[] = width === "both" ? ["desktop", "phone"] : [width];
  return (
    <div class="cat-preview">
      <div class="cat-preview-controls">
        {candidates.length > 1 && (
          <div class="cat-field">
            <label for="cat-preview-placement">Placement</label>
            <select id="cat-preview-placement" value={placement?.id} onChange={(e) => setChosen(e.currentTarget.value)}>
              {candidates.map((p) => (
                <option value={p.id}>
                  {p.id} ({p.format})
                </option>
              ))}
            </select>
          </div>
        )}
        <Choice legend="Colour scheme" name="cat-theme" value={theme} options={[["both", "Light and dark"], ["light", "Light"], ["dark", "Dark"]]} onChange={setTheme} />
        <Choice legend="Width" name="cat-width" value={width} options={[["both", "Desktop and phone"], ["desktop", "Desktop"], ["phone", "Phone"]]} onChange={setWidth} />
        <details class="cat-profile">
          <summary>Sample profile for templates</summary>
          <label for="cat-preview-profile">Profile JSON (what {"{{profile.…}}"} reads)</label>
          <textarea id="cat-preview-profile" rows={6} spellcheck={false} value={profileText} aria-invalid={profile ? undefined : true} aria-describedby="cat-preview-profile-hint" onInput={(e) => setProfileText(e.currentTarget.value)} />
          <p id="cat-preview-profile-hint" class="hint">
            {profile ? "Templates in the preview read this profile." : "Not a JSON object: the preview uses an empty profile."}
          </p>
        </details>
      </div>
      {placement && (
        <p class="hint">
          {own.length ? `Placement ${placement.id}` : "No placement of its own yet: previewed"} as a <strong>{placement.format}</strong> placement
          {placement.format === "message" && offer.message?.layout ? `, ${offer.message.layout} layout` : ""}, rendered by the web SDK's renderer.
        </p>
      )}
      {result.problem && <p class="cat-preview-problem">{result.problem}</p>}
      {result.request && (
        <div class="cat-frames">
          {widths.flatMap((w) => themes.map((t) => <PreviewFrame key={`${t}-${w}`} request={result.request!} theme={t} width={w} />))}
        </div>
      )}
    </div>
  );
}
