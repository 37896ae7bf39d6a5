import { isSafeUrl } from "@edgewise/decision-engine";
import type { CoreClient } from "../client/client.ts";
import type { ClientDecision, MessageDecision } from "../client/ports.ts";
import { adoptStyles } from "./styles.ts";

const ATTR = "data-edgewise-placement";
const READY = "data-edgewise-ready";
const SELECTOR = `[${ATTR}]`;

/** Elements kept from operator HTML; everything else (script, iframe, object, style, form, svg…) is dropped. */
const ALLOWED_TAGS =
  /^(A|ABBR|ARTICLE|ASIDE|B|BLOCKQUOTE|BR|CAPTION|CITE|CODE|DD|DEL|DETAILS|DIV|DL|DT|EM|FIGCAPTION|FIGURE|FOOTER|H[1-6]|HEADER|HR|I|IMG|INS|LI|MARK|OL|P|PICTURE|PRE|Q|S|SECTION|SMALL|SOURCE|SPAN|STRONG|SUB|SUMMARY|SUP|TABLE|TBODY|TD|TFOOT|TH|THEAD|TIME|TR|U|UL)$/;
const URL_ATTRIBUTES = /^(href|src|cite|poster|action|formaction|xlink:href)$/i;

/**
 * Turns an html offer's markup into nodes without running anything: parsed in an inert document
 * (no scripts, no loads), then only allowed elements are kept, `on*` handlers and `srcset` are
 * dropped and every URL attribute must pass `isSafeUrl`.
 *
 * @example el.replaceChildren(sanitize('<h2>Hi</h2><img src=x onerror=alert(1)>')); // <h2>Hi</h2><img src="x">
 */
export function sanitize(html: string): DocumentFragment {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  for (const element of body.querySelectorAll("*")) {
    if (!ALLOWED_TAGS.test(element.tagName)) {
      element.remove();
      continue;
    }
    for (const { name, value } of [...element.attributes]) {
      if (/^on/i.test(name) || /srcset/i.test(name) || (URL_ATTRIBUTES.test(name) && !isSafeUrl(value.trim()))) element.removeAttribute(name);
    }
  }
  const fragment = document.createDocumentFragment();
  fragment.append(...body.childNodes);
  return fragment;
}

interface Rendered {
  decision: ClientDecision;
  key: string;
  /** The element's own children before any offer replaced them (its default content). */
  original: Node[];
  displayed: boolean;
  /** Which navigation this element was last decided for. */
  route: number;
}

export interface PlacementsOptions {
  /** Pre-hide placements until decided (script tag). Default false. */
  prehide?: boolean;
  /** Milliseconds after which pre-hidden placements are shown as they are. Default 3000. */
  timeout?: number;
  nonce?: string;
}

/**
 * Decides and renders every `[data-edgewise-placement]` element: html offers as sanitised markup,
 * `text` as text, json offers into `[data-edgewise-field]`, `[data-edgewise-href]` and
 * `[data-edgewise-src]` children (plus an `edgewise:render` event for custom rendering), messages
 * through the client's presenter. `display` is reported once at least half of an element is
 * visible; clicks on its links and buttons report `interact`.
 *
 * @example const placements = createPlacements(client); await placements.scan();
 */
export function createPlacements(client: CoreClient, options: PlacementsOptions = {}) {
  const rendered = new WeakMap<Element, Rendered>();
  const shown = new Set<string>();
  let route = 0;
  let unhide: (() => void) | undefined = options.prehide ? adoptStyles(document, `${SELECTOR}:not([${READY}]){visibility:hidden}`, options.nonce) : undefined;

  const visibility = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const state = rendered.get(entry.target);
        if (!state || !entry.isIntersecting) continue;
        if (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= innerHeight / 2) {
          visibility.unobserve(entry.target);
          if (!state.displayed && state.decision.offerId) {
            state.displayed = true;
            client.report("display", state.decision);
          }
        }
      }
    },
    { threshold: [0, 0.25, 0.5, 0.75, 1] },
  );

  const reveal = (element: Element) => element.setAttribute(READY, "");
  const revealAll = () => document.querySelectorAll(SELECTOR).forEach(reveal);

  // One listener for every placement, present or future, in the capture phase: it runs before the
  // page's own handlers (which may stop the event) and before the navigation the click causes, and
  // depends on no per-element state (`scan` records an element before its decision arrives). The
  // queue holds the event for the pagehide flush.
  document.addEventListener(
    "click",
    (event) => {
      const target = (event.target as Element).closest?.("a,button");
      const placement = target?.closest(SELECTOR);
      const state = placement && rendered.get(placement);
      if (target && state && state.decision.offerId) client.report("interact", state.decision, { href: target.getAttribute("href") ?? undefined });
    },
    true,
  );

  function renderInto(element: HTMLElement, decision: ClientDecision): void {
    const key = JSON.stringify([decision.offerId, decision.content, decision.message]);
    let state = rendered.get(element);
    if (state?.key === key) {
      state.decision = decision;
      return reveal(element);
    }
    const original = state?.original ?? [...element.childNodes];
    state = { decision, key, original, displayed: false, route };
    rendered.set(element, state);
    element.replaceChildren(...original.map((node) => node.cloneNode(true)));
    element.removeAttribute("data-edgewise-offer");
    if (decision.offerId && !decision.message) {
      fill(element, decision.content);
      element.setAttribute("data-edgewise-offer", decision.offerId);
      visibility.observe(element);
    }
    element.dispatchEvent(new CustomEvent("edgewise:render", { bubbles: true, detail: decision }));
    reveal(element);
  }

  function apply(decisions: ClientDecision[], elements: HTMLElement[]): void {
    for (const decision of decisions) {
      const targets = elements.filter((e) => e.getAttribute(ATTR) === decision.placement);
      if (decision.offerId && decision.message) {
        const once = `${route}/${decision.placement}/${decision.offerId}`;
        if (!shown.has(once)) {
          shown.add(once);
          client.show(decision as MessageDecision);
        }
        targets.forEach(reveal);
      } else targets.forEach((element) => renderInto(element, decision));
    }
  }

  /**
   * Decides and renders the placements under `root` not yet decided for the current page; with
   * `messages`, also the ruleset's message placements (for journey and campaign messages).
   */
  async function scan(root: ParentNode = document, messages = false): Promise<void> {
    const elements = [...root.querySelectorAll<HTMLElement>(SELECTOR)].filter((e) => (rendered.get(e)?.route ?? -1) !== route);
    const ids = new Set(elements.map((e) => e.getAttribute(ATTR)!));
    if (ids.size === 0 && !messages) return;
    for (const element of elements) {
      const state = rendered.get(element);
      if (state) state.route = route;
      else rendered.set(element, { decision: { placement: "", offerId: null, fallback: false }, key: "", original: [...element.childNodes], displayed: true, route });
    }
    const timer = setTimeout(() => elements.forEach(reveal), options.timeout ?? 3000);
    try {
      // On a first visit this waits for the ruleset: only it says which placements take messages.
      if (messages) (await client.messagePlacements()).forEach((id) => ids.add(id));
      if (ids.size === 0) return;
      const decisions = await client.decide([...ids], { onUpdate: (update) => apply(update, elements) });
      apply(decisions, elements);
    } finally {
      clearTimeout(timer);
      elements.forEach(reveal);
    }
  }

  client.on("consent", (consent) => {
    if (consent === "out") {
      unhide?.();
      unhide = undefined;
      revealAll();
    }
  });

  return {
    scan,
    /** A new page in a single-page app: every placement is decided again (and re-rendered only if its offer changed). */
    navigate(): Promise<void> {
      route++;
      return scan(document, true);
    },
    revealAll,
  };
}

/** Puts an offer's content into its element. */
function fill(element: HTMLElement, content: unknown): void {
  if (!content || typeof content !== "object") return;
  const c = content as Record<string, unknown>;
  if (typeof c.html === "string") return element.replaceChildren(sanitize(c.html));
  if (typeof c.text === "string") return void (element.textContent = c.text);
  const each = (attribute: string, set: (target: Element, value: string) => void) =>
    element.querySelectorAll(`[${attribute}]`).forEach((target) => {
      const value = c[target.getAttribute(attribute)!];
      if (value != null) set(target, String(value));
    });
  each("data-edgewise-field", (target, value) => (target.textContent = value));
  each("data-edgewise-href", (target, value) => isSafeUrl(value) && target.setAttribute("href", value));
  each("data-edgewise-src", (target, value) => isSafeUrl(value) && target.setAttribute("src", value));
}
