// The live preview of an offer as the SDK of its placement's channel renders it: the offer's content
// or message rendered by the engine's templates (`compileContent`, escaped as `decide` escapes for
// that placement's format) with a sample profile, then handed to the SDK's own renderer in
// sandboxed frames. Web (`web:`) placements: the web SDK in catalog-preview-frame.ts, light and
// dark, desktop and phone width. App (`mobileapp:`) message placements: the mobile SDK's WebView
// document (`renderMessageHtml`, catalog-preview-app.ts, loaded with the first one) on a phone,
// light and dark; app content placements show what the app's `getOffers` receives. The frames are
// a picture: inert (no focus, no clicks), each with a text alternative of what it shows.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { compileContent, TemplateErrors } from "@edgewise/decision-engine";
import type { Json } from "./api.ts";
import type { PreviewReply, PreviewRequest } from "./catalog-preview-frame.ts";
import { describeMessage } from "./catalog-preview-text.ts";

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

/** The app preview's phone: its screen, and its safe areas (a notch, a home indicator) as the mobile demo draws them. */
const PHONE = { width: 390, height: 780, top: 44, bottom: 28, appBar: 48, label: "phone (390 px)" };

/** App placements are those of the mobile SDK: a `mobileapp:` surface (the engine's `channelOf`). */
const isAppPlacement = (placement: Json | undefined) => String(placement?.surface ?? "").startsWith("mobileapp:");

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
  // The context an SDK of the placement's channel sends (the mobile SDK's `appContext`: channel "app").
  const data = { profile, audiences: [], context: { channel: isAppPlacement(placement) ? "app" : "web", locale: "en" }, event: null, now: Date.now() };
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

/** The scale at which a frame `width` px wide fits the element `box` refers to (at most 1). */
function useFit(width: number) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setScale(Math.min(1, element.clientWidth / width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [width]);
  return { box, scale };
}

function PreviewFrame({ request, theme, width }: { request: Omit<PreviewRequest, "theme">; theme: Theme; width: Width }) {
  const size = SIZES[width];
  const frame = useRef<HTMLIFrameElement>(null);
  const { box, scale } = useFit(size.width);
  const [ready, setReady] = useState(false);
  const [summary, setSummary] = useState("");
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
  const title = `Preview, ${theme}, ${size.label}`;
  return (
    <figure class="cat-frame">
      <figcaption>
        <strong>{theme === "dark" ? "Dark" : "Light"}</strong>, {size.label}
        {scale < 1 && <span class="hint"> (shown at {Math.round(scale * 100)} %)</span>}
      </figcaption>
      <div class="cat-frame-fit" ref={box}>
        <div class="cat-frame-box" style={{ width: `${Math.floor(size.width * scale)}px`, height: `${Math.ceil(size.height * scale)}px` }}>
          <iframe ref={frame} title={title} data-renderer="web" data-theme={theme} data-width={width} sandbox="allow-scripts" srcdoc={FRAME} inert tabIndex={-1} onLoad={() => setReady(true)} style={{ width: `${size.width}px`, height: `${size.height}px`, transform: `scale(${scale})` }} />
        </div>
      </div>
      <p class="hint cat-frame-summary">{summary ? `Shows: ${summary}` : "Rendering…"}</p>
    </figure>
  );
}

type AppRenderer = typeof import("./catalog-preview-app.ts");
/** catalog-preview-app.ts, built as a module of its own (see scripts/build.mjs: not a chunk, for the first load's sake). */
const APP_RENDERER = "/console/catalog-preview-app.js";
let appRenderer: Promise<AppRenderer> | undefined;

/** The mobile SDK's WebView renderer: loaded with the first app message preview (again after a failure). */
function useAppRenderer(): { renderer?: AppRenderer; failed?: boolean } {
  const [state, setState] = useState<{ renderer?: AppRenderer; failed?: boolean }>({});
  useEffect(() => {
    let live = true;
    appRenderer ??= (import(APP_RENDERER) as Promise<AppRenderer>).catch((error: unknown) => {
      appRenderer = undefined;
      throw error;
    });
    appRenderer.then(
      (renderer) => live && setState({ renderer }),
      () => live && setState({ failed: true }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Where the WebView sits on the phone, as the mobile demo lays it out inside the safe areas. */
function webViewBox(layout: string, height: number | undefined) {
  const below = PHONE.top + PHONE.appBar;
  if (layout === "banner") return { top: `${below}px`, height: `${Math.ceil(height ?? 230)}px` };
  if (layout === "slideup" || layout === "inline") return { bottom: `${PHONE.bottom}px`, height: `${Math.ceil(height ?? 200)}px` };
  return { top: `${PHONE.top}px`, height: `${PHONE.height - PHONE.top - PHONE.bottom}px` };
}

/**
 * An app message as the app shows it: the mobile SDK's WebView document in a sandboxed frame (opaque
 * origin: `srcdoc`, `allow-scripts` only) on a phone's screen, sized by the document's `ready`
 * (banners, slide-ups, inline). The phone is inert, the document's guard keeps the focus and clicks
 * out of it, and the console ignores every other bridge message.
 */
function AppMessageFrame({ decision, theme }: { decision: PreviewRequest["decision"]; theme: Theme }) {
  const { renderer, failed } = useAppRenderer();
  const frame = useRef<HTMLIFrameElement>(null);
  const { box, scale } = useFit(PHONE.width);
  const channel = useMemo(() => `preview-${Math.random().toString(36).slice(2)}`, []);
  const message = (decision.message ?? {}) as Json;
  const layout = String(message.layout ?? "modal");
  const html = useMemo(() => renderer?.appMessageDocument(decision as Parameters<AppRenderer["appMessageDocument"]>[0], theme, channel), [renderer, decision, theme, channel]);
  const [ready, setReady] = useState<{ html: string; height?: number }>();
  useEffect(() => {
    if (!renderer) return;
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow) return;
      const bridge = renderer.parseBridgeMessage(event.data, channel);
      if (bridge?.type === "ready") setReady({ html: frame.current?.getAttribute("srcdoc") ?? "", height: bridge.height });
    };
    addEventListener("message", listen);
    return () => removeEventListener("message", listen);
  }, [renderer, channel]);
  const shown = html !== undefined && ready?.html === html;
  // The renderer loads only absolute http(s) images unless the app supplies one (`image` option).
  const image = typeof message.image === "string" && layout !== "html" && html !== undefined && !/<img\s/.test(html) ? ` Its image (${message.image}) is left out: the WebView document loads only absolute http(s) images unless the app supplies one.` : "";
  return (
    <figure class="cat-frame">
      <figcaption>
        <strong>{theme === "dark" ? "Dark" : "Light"}</strong>, {PHONE.label}, the app's WebView
        {scale < 1 && <span class="hint"> (shown at {Math.round(scale * 100)} %)</span>}
      </figcaption>
      <div class="cat-frame-fit" ref={box}>
        <div class="cat-frame-box cat-phone-box" style={{ width: `${Math.floor(PHONE.width * scale)}px`, height: `${Math.ceil(PHONE.height * scale)}px` }}>
          <div class="cat-phone" data-theme={theme} inert style={{ width: `${PHONE.width}px`, height: `${PHONE.height}px`, transform: `scale(${scale})` }}>
            <div class="cat-phone-bar" style={{ height: `${PHONE.top + PHONE.appBar}px` }}>Your app</div>
            <div class="cat-phone-screen">
              <div class="bar s" />
              <div class="bar" />
              <div class="bar" />
              <div class="bar s" />
            </div>
            <div class="cat-phone-home" />
            {html !== undefined && (
              <iframe ref={frame} class="cat-webview" title={`App preview, ${theme}, ${PHONE.label}`} data-renderer="mobile" data-theme={theme} data-width="phone" data-layout={layout} sandbox="allow-scripts" srcdoc={html} inert tabIndex={-1} style={webViewBox(layout, shown ? ready?.height : undefined)} />
            )}
          </div>
        </div>
      </div>
      <p class="hint cat-frame-summary">{failed ? "The mobile SDK's renderer did not load." : shown ? `Shows: ${describeMessage(message, "its HTML in the app's WebView")}.${image}` : "Rendering…"}</p>
    </figure>
  );
}

/** An app content placement: the app draws it with its own views from what `getOffers` resolves with. */
function AppOffer({ decision }: { decision: PreviewRequest["decision"] }) {
  const offers = [{ placement: decision.placement, offerId: decision.offerId, fallback: decision.fallback, content: decision.content ?? {} }];
  return (
    <div class="cat-app-offer">
      <p class="hint">
        With this offer, <code>{`await edgewise.getOffers(${JSON.stringify([decision.placement])})`}</code> resolves with the following (plus the edge's <code>token</code> when the edge decided); the app draws it with its own views and reports what it shows with <code>report("display", offer)</code>:
      </p>
      <pre class="cat-json">{JSON.stringify(offers, null, 2)}</pre>
    </div>
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
  const result = useMemo((): ReturnType<typeof previewDecision> & { placement?: Json } => {
    const [o, p] = JSON.parse(settled) as [Json, Json | null];
    return p ? { ...previewDecision(catalog, o, p, profile ?? {}), placement: p } : { problem: "This offer is in no placement and has neither content nor a message: nothing to preview." };
    // The settled JSON holds everything the preview depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled, profile]);
  const themes: Theme[] = theme === "both" ? ["light", "dark"] : [theme];
  const widths: Width[] = width === "both" ? ["desktop", "phone"] : [width];
  // App placements: messages in the mobile SDK's WebView document, always on a phone; content as the app receives it.
  // (Of the placement previewed: the one chosen, once the preview has settled on it.)
  const shown = result.placement;
  const app = isAppPlacement(shown);
  const appMessage = app && shown?.format === "message";
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
        {(!app || appMessage) && <Choice legend="Colour scheme" name="cat-theme" value={theme} options={[["both", "Light and dark"], ["light", "Light"], ["dark", "Dark"]]} onChange={setTheme} />}
        {!app && <Choice legend="Width" name="cat-width" value={width} options={[["both", "Desktop and phone"], ["desktop", "Desktop"], ["phone", "Phone"]]} onChange={setWidth} />}
        <details class="cat-profile">
          <summary>Sample profile for templates</summary>
          <label for="cat-preview-profile">Profile JSON (what {"{{profile.…}}"} reads)</label>
          <textarea id="cat-preview-profile" rows={6} spellcheck={false} value={profileText} aria-invalid={profile ? undefined : true} aria-describedby="cat-preview-profile-hint" onInput={(e) => setProfileText(e.currentTarget.value)} />
          <p id="cat-preview-profile-hint" class="hint">
            {profile ? "Templates in the preview read this profile." : "Not a JSON object: the preview uses an empty profile."}
          </p>
        </details>
      </div>
      {shown && (
        <p class="hint cat-preview-note">
          {own.length ? `Placement ${shown.id}` : "No placement of its own yet: previewed"} as {app ? "an app" : "a"} <strong>{shown.format}</strong> placement
          {shown.format === "message" && offer.message?.layout ? `, ${offer.message.layout} layout` : ""}
          {appMessage
            ? ", rendered by the mobile SDK's WebView renderer (the document an app's WebView shows), at phone width."
            : app
              ? ": no SDK renderer draws it, the app does, from what the mobile SDK's getOffers receives."
              : ", rendered by the web SDK's renderer."}
        </p>
      )}
      {result.problem && <p class="cat-preview-problem">{result.problem}</p>}
      {result.request &&
        (app && !appMessage ? (
          <AppOffer decision={result.request.decision} />
        ) : (
          <div class="cat-frames">
            {appMessage
              ? themes.map((t) => <AppMessageFrame key={`app-${t}`} decision={result.request!.decision} theme={t} />)
              : widths.flatMap((w) => themes.map((t) => <PreviewFrame key={`${t}-${w}`} request={result.request!} theme={t} width={w} />))}
          </div>
        ))}
    </div>
  );
}
