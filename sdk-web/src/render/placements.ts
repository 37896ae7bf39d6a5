import { safeUrl } from "@edgewise/decision-engine";
import type { ClientDecision, CoreClient, MessageDecision } from "@edgewise/sdk-core";
import { adoptStyles } from "./styles.ts";

const ATTR = "data-edgewise-placement";
const READY = "data-edgewise-ready";
const SELECTOR = `[${ATTR}]`;

/** Elements kept from operator HTML; everything else (script, iframe, object, style, form, svg…) is dropped. */
const ALLOWED_TAGS =
  /^(A|ABBR|ARTICLE|ASIDE|B|BLOCKQUOTE|BR|CAPTION|CITE|CODE|DD|DEL|DETAILS|DIV|DL|DT|EM|FIGCAPTION|FIGURE|FOOTER|H[1-6]|HEADER|HR|I|IMG|INS|LI|MARK|OL|P|PICTURE|PRE|Q|S|SECTION|SMALL|SOURCE|SPAN|STRONG|SUB|SUMMARY|SUP|TABLE|TBODY|TD|TFOOT|TH|THEAD|TIME|TR|U|UL)$/;
/**
 * Attributes kept on those elements; every other one (`id`, `name`, `style`, `on*`, `srcset`, `form`,
 * `formaction`, `srcdoc`, `ping`, `data-edgewise-*`, …) is dropped.
 */
const ALLOWED_ATTRIBUTES = /^(class|href|src|cite|alt|title|lang|dir|width|height|colspan|rowspan|datetime|open|start|role|rel|target|aria-[\w-]+|data-(?!edgewise)[\w-]+)$/;
const URL_ATTRIBUTES = /^(href|src|cite)$/;

/**
 * Turns an html offer's markup into nodes without running anything: parsed in an inert document
 * (no scripts, no loads), then only allowed elements and attributes are kept: no `id` or `name`
 * (DOM clobbering), no `style` (overlays), no `on*` handlers. `href`, `src` and `cite` must pass
 * the URL policy (`safeUrl`) and hold the URL it cleaned; `target` is kept only as `_blank`, with
 * `rel="noopener noreferrer"`.
 *
 * @example el.replaceChildren(sanitize('<h2 id="x" style="color:red">Hi</h2><img src=" x" onerror=alert(1)>')); // <h2>Hi</h2><img src="x">
 */
export function sanitize(html: string): DocumentFragment {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  for (const element of body.querySelectorAll("*")) {
    if (!ALLOWED_TAGS.test(element.tagName)) {
      element.remove();
      continue;
    }
    for (const { name, value } of [...element.attributes]) {
      const url = URL_ATTRIBUTES.test(name) && safeUrl(value);
      if (!ALLOWED_ATTRIBUTES.test(name) || url === undefined || (name == "target" && value != "_blank")) element.removeAttribute(name);
      else if (url) element.setAttribute(name, url);
    }
    if (element.hasAttribute("target")) element.setAttribute("rel", "noopener noreferrer");
  }
  const fragment = document.createDocumentFragment();
  fragment.append(...body.childNodes);
  return fragment;
}

/** One rendered offer: a placement element, or one item of a list placement. */
interface Unit {
  decision: ClientDecision;
  displayed: boolean;
  /** The pending display, while the unit is in view for less than `displayAfter`. */
  timer?: ReturnType<typeof setTimeout>;
}

interface Rendered {
  key: string;
  /** The element's own children before any offer replaced them (its default content). */
  original: Node[];
  /** Which navigation this element was last decided for. */
  route: number;
  /** What the element shows now: itself (one offer) or its items (a list); empty while nothing is decided. */
  units: Element[];
}

export interface PlacementsOptions {
  /** Pre-hide placements until decided (script tag). Default false. */
  prehide?: boolean;
  /** Milliseconds after which pre-hidden placements are shown as they are. Default 3000. */
  timeout?: number;
  /**
   * Milliseconds an offer must stay at least half in view (or fill half the viewport) before its
   * `display` is reported: content replaced or scrolled away sooner was not seen. Default 1000
   * (the MRC's viewability standard for display ads); a click on it counts as seen at once.
   */
  displayAfter?: number;
  nonce?: string;
}

const LIST = "data-edgewise-list";
const ITEM = "data-edgewise-item";

/**
 * Decides and renders every `[data-edgewise-placement]` element: html offers as sanitised markup,
 * `text` as text, json offers into `[data-edgewise-field]`, `[data-edgewise-href]` and
 * `[data-edgewise-src]` children (plus an `edgewise:render` event for custom rendering), messages
 * through the client's presenter. An element shows its placement's first decision; with
 * `data-edgewise-list` it shows each one (a ranking `limit` above 1) as a `[data-edgewise-item]`
 * child, in rank order, built from its `<template>` when it has one. Each rendered offer reports
 * one `display` per render, once it was seen (`displayAfter`); clicks on its links and buttons
 * report `interact`.
 *
 * @example const placements = createPlacements(client); await placements.scan();
 */
export function createPlacements(client: CoreClient, options: PlacementsOptions = {}) {
  const rendered = new WeakMap<Element, Rendered>();
  const units = new WeakMap<Element, Unit>();
  const shown = new Set<string>();
  const displayAfter = options.displayAfter ?? 1000;
  let route = 0;
  let unhide: (() => void) | undefined = options.prehide ? adoptStyles(document, `${SELECTOR}:not([${READY}]){visibility:hidden}`, options.nonce) : undefined;

  const displayed = (unit: Unit) => {
    clearTimeout(unit.timer);
    if (unit.displayed || !unit.decision.offerId) return;
    unit.displayed = true;
    client.report("display", unit.decision);
  };

  const visibility = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const unit = units.get(entry.target);
        if (!unit || unit.displayed) continue;
        const seen = entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= innerHeight / 2);
        if (!seen) {
          clearTimeout(unit.timer);
          unit.timer = undefined;
        } else unit.timer ??= setTimeout(() => units.get(entry.target) === unit && displayed(unit), displayAfter);
      }
    },
    { threshold: [0, 0.25, 0.5, 0.75, 1] },
  );

  /** Starts watching what an element now shows; what it showed before is forgotten (never seen: never counted). */
  function watch(element: Element, decision: ClientDecision): void {
    const before = units.get(element);
    if (before) clearTimeout(before.timer);
    units.set(element, { decision, displayed: false });
    visibility.unobserve(element);
    visibility.observe(element);
  }

  function forget(elements: Element[]): void {
    for (const element of elements) {
      clearTimeout(units.get(element)?.timer);
      units.delete(element);
      visibility.unobserve(element);
    }
  }

  const reveal = (element: Element) => element.setAttribute(READY, "");
  const revealAll = () => document.querySelectorAll(SELECTOR).forEach(reveal);

  // One listener for every placement, present or future, in the capture phase: it runs before the
  // page's own handlers (which may stop the event) and before the navigation the click causes, and
  // depends on no per-element state (`scan` records an element before its decision arrives). The
  // queue holds the event for the pagehide flush. A click is proof the offer was seen.
  document.addEventListener(
    "click",
    (event) => {
      const target = (event.target as Element).closest?.("a,button");
      const placement = target?.closest(SELECTOR);
      const item = target?.closest(`[${ITEM}]`);
      const unit = placement && units.get(item && placement.contains(item) ? item : placement);
      if (!target || !unit || !unit.decision.offerId) return;
      displayed(unit);
      client.report("interact", unit.decision, { href: target.getAttribute("href") ?? undefined });
    },
    true,
  );

  /** Renders a placement's decisions (in rank order) into its element, unless it shows them already. */
  function renderInto(element: HTMLElement, decisions: ClientDecision[]): void {
    const list = element.hasAttribute(LIST);
    const offers = decisions.filter((d) => d.offerId);
    const shownHere = list ? offers : offers.slice(0, 1);
    const key = JSON.stringify(shownHere.map((d) => [d.offerId, d.content]));
    let state = rendered.get(element)!;
    if (state.key === key) {
      // The same offers again (say, the edge confirming a local decision): keep what is shown and
      // counted, but report with the newest decisions (their tokens).
      state.units.forEach((unit, i) => {
        const current = units.get(unit);
        if (current && shownHere[i]) current.decision = shownHere[i]!;
      });
      return reveal(element);
    }
    forget(state.units);
    state = { ...state, key, units: [] };
    rendered.set(element, state);
    element.removeAttribute("data-edgewise-offer");
    if (shownHere.length === 0) element.replaceChildren(...state.original.map((node) => node.cloneNode(true)));
    else if (!list) {
      element.replaceChildren(...state.original.map((node) => node.cloneNode(true)));
      fill(element, shownHere[0]!.content);
      element.setAttribute("data-edgewise-offer", shownHere[0]!.offerId!);
      watch(element, shownHere[0]!);
      state.units.push(element);
    } else {
      const template = state.original.find((node): node is HTMLTemplateElement => node instanceof HTMLTemplateElement);
      const items = shownHere.map((decision) => {
        // The template's one element (say an <li>) is the item; anything else is wrapped in a <div>.
        const parts = template ? [...(template.content.cloneNode(true) as DocumentFragment).childNodes] : [];
        const elements = parts.filter((node): node is Element => node instanceof Element);
        const single = elements.length === 1 && parts.every((node) => node === elements[0] || !node.textContent?.trim());
        const item = single ? elements[0]! : document.createElement("div");
        if (!single) item.append(...parts);
        item.setAttribute(ITEM, "");
        item.setAttribute("data-edgewise-offer", decision.offerId!);
        fill(item as HTMLElement, decision.content);
        return item;
      });
      element.replaceChildren(...(template ? [template.cloneNode(true)] : []), ...items);
      items.forEach((item, i) => watch(item, shownHere[i]!));
      state.units.push(...items);
    }
    element.dispatchEvent(new CustomEvent("edgewise:render", { bubbles: true, detail: list ? shownHere : (shownHere[0] ?? decisions[0]) }));
    reveal(element);
  }

  function apply(decisions: ClientDecision[], elements: HTMLElement[]): void {
    const byPlacement = new Map<string, ClientDecision[]>();
    for (const decision of decisions) byPlacement.set(decision.placement, [...(byPlacement.get(decision.placement) ?? []), decision]);
    for (const [placement, list] of byPlacement) {
      const targets = elements.filter((e) => e.getAttribute(ATTR) === placement);
      const messages = list.filter((d) => d.offerId && d.message);
      if (messages.length) {
        for (const decision of messages) {
          const once = `${route}/${decision.placement}/${decision.offerId}`;
          if (!shown.has(once)) {
            shown.add(once);
            // The message renderer may load on first need (the script tag's messages chunk).
            void client.prepareMessages().then(() => client.show(decision as MessageDecision));
          }
        }
        targets.forEach(reveal);
      } else targets.forEach((element) => renderInto(element, list));
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
      else rendered.set(element, { key: "", original: [...element.childNodes], route, units: [] });
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
  // Only what the URL policy allows, as it cleaned it (web URLs: a page's content follows no app deep link).
  for (const name of ["href", "src"]) {
    each(`data-edgewise-${name}`, (target, value) => {
      const url = safeUrl(value);
      if (url) target.setAttribute(name, url);
    });
  }
}
