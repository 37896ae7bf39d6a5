// Deep links: the console's location is its hash, `#<View>[/<item>][?<query>]`, e.g. `#Statistics`,
// `#Experiments/hero-test`, `#Outbound?status=failed`, `#Snapshots/2026-11-29T06:00:00Z`,
// `#Explainer?profile=u-013&placement=home-hero`. The view name is matched case-insensitively
// (`#statistics` works too). A hash that names no view (`#main`, an element's id) leaves the route
// as it was. Links are plain `<a href="#…">`, so back and forward, new tabs and bookmarks work; views
// read the route with `useRoute()` and change it with `navigate()`.
import { useEffect, useState } from "preact/hooks";

export const VIEWS = ["Catalog", "Statistics", "Experiments", "Outbound", "Snapshots", "Explainer"] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** The item the view shows alone (an experiment, a snapshot version), or "". */
  item: string;
  /** The view's own state worth linking (filters, a form's values). */
  query: URLSearchParams;
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The route a hash names, or null when it names no view. */
export function parseHash(hash: string): Route | null {
  const text = hash.replace(/^#/, "");
  const mark = text.indexOf("?");
  const path = mark < 0 ? text : text.slice(0, mark);
  const slash = path.indexOf("/");
  const name = decode(slash < 0 ? path : path.slice(0, slash)).toLowerCase();
  const view = VIEWS.find((v) => v.toLowerCase() === name);
  if (!view) return null;
  return { view, item: slash < 0 ? "" : decode(path.slice(slash + 1)), query: new URLSearchParams(mark < 0 ? "" : text.slice(mark + 1)) };
}

/** The hash of a route: `#View`, `#View/item`, `#View?query` (empty query values left out). */
export function hrefOf(view: View, item = "", query: Record<string, string | undefined> | URLSearchParams = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of query instanceof URLSearchParams ? query.entries() : Object.entries(query)) if (v) params.set(k, v);
  const search = params.toString();
  return `#${view}${item ? `/${encodeURIComponent(item)}` : ""}${search ? `?${search}` : ""}`;
}

let current: Route = parseHash(typeof location === "undefined" ? "" : location.hash) ?? { view: "Catalog", item: "", query: new URLSearchParams() };
const listeners = new Set<(route: Route) => void>();

function follow(): void {
  const next = parseHash(location.hash);
  if (!next) return;
  current = next;
  for (const listener of listeners) listener(current);
}
if (typeof window !== "undefined") addEventListener("hashchange", follow);

/**
 * Goes to a route: a new history entry (back returns), or with `replace` the current entry changed
 * in place (a form's values kept linkable without filling the history).
 */
export function navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
  if (href === location.hash) return;
  if (!replace) {
    location.hash = href;
    return;
  }
  history.replaceState(history.state, "", href);
  follow();
}

/** The current route, re-rendering on every change (links, back and forward, `navigate`). */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    listeners.add(setRoute);
    if (route !== current) setRoute(current);
    return () => void listeners.delete(setRoute);
  }, []);
  return route;
}
