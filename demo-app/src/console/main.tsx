// The Edgewise operator console: sign in with the admin key (kept in sessionStorage only), the
// catalog, live statistics, experiments (reports, stop / ship the winner), audience snapshots
// (uploads by parts with resume, failed versions with their errors, active and previous side by
// side with activate / roll back), outbound webhooks and forwarding (deliveries, retry) and a
// decision explainer (a dry run: POST /v1/admin/simulate).
// One file per view; this one is the shell: sign-in, a skip link, the navigation (links to the
// views' deep links, route.ts) and the current view. Moving to another view moves the focus to its
// heading and names it in the document title.
import { render } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { KEY, useApi } from "./api.ts";
import { CatalogView } from "./catalog-view.tsx";
import { StatsView } from "./stats-view.tsx";
import { SnapshotsView, stopUploads } from "./snapshots-view.tsx";
import { ExplainView } from "./explain-view.tsx";
import { ExperimentsView } from "./experiments-view.tsx";
import { OutboundView } from "./outbound-view.tsx";
import { SignIn } from "./sign-in.tsx";
import { VIEWS, hrefOf, useRoute } from "./route.ts";

/** Moves the focus to the current view's heading (or main), as a page load would start there. */
function focusView(): void {
  const main = document.getElementById("main");
  if (!main) return;
  const heading = main.querySelector<HTMLElement>("h2");
  const target = heading ?? main;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: false });
}

function Shell({ adminKey, signOut, signedIn }: { adminKey: string; signOut: (why: string) => void; signedIn: boolean }) {
  const route = useRoute();
  const api = useApi(adminKey, signOut);
  const interval = useMemo(() => Number(new URLSearchParams(location.search).get("refresh") ?? 5) * 1000, []);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${route.view}${route.item ? ` ${route.item}` : ""} · Console · Edgewise`;
    // A page load keeps the focus at the start (the skip link comes first); after the sign-in form
    // left, and on every later change of view or item, the focus moves to the new view's heading.
    if (first.current && !signedIn) {
      first.current = false;
      return;
    }
    first.current = false;
    const timer = setTimeout(focusView, 50);
    return () => clearTimeout(timer);
  }, [route.view, route.item]);
  const skip = (e: Event) => {
    e.preventDefault(); // the hash stays the view's deep link
    const main = document.getElementById("main");
    main?.focus();
    main?.scrollIntoView();
  };
  return (
    <>
      <a class="skip" href="#main" onClick={skip}>Skip to main content</a>
      <header class="top">
        <h1>Edgewise console</h1>
        <nav aria-label="Console sections">
          <ul>
            {VIEWS.map((view) => (
              <li>
                <a href={hrefOf(view)} class="tab" aria-current={view === route.view ? "page" : undefined}>{view}</a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary signout" onClick={() => signOut("Signed out.")}>Sign out</button>
      </header>
      <aside class="notice" aria-label="Secure mode">Secure mode is off in local development: profile ids are trusted (set IDENTITY_SECRET to turn it on).</aside>
      <main id="main" tabIndex={-1}>
        {route.view === "Catalog" && <CatalogView api={api} />}
        {route.view === "Statistics" && <StatsView api={api} interval={interval} />}
        {route.view === "Experiments" && <ExperimentsView api={api} />}
        {route.view === "Outbound" && <OutboundView api={api} interval={interval} />}
        {route.view === "Snapshots" && <SnapshotsView api={api} adminKey={adminKey} signOut={signOut} />}
        {route.view === "Explainer" && <ExplainView api={api} />}
      </main>
      <footer class="foot">
        <ul>
          <li><a href="/">Demo shop</a></li>
          <li><a href="/mobile/">Mobile demo</a></li>
          <li><a href="/v1/openapi.json">API description (OpenAPI)</a></li>
          <li><a href="/v1/catalog.schema.json">Catalog JSON Schema</a></li>
        </ul>
      </footer>
    </>
  );
}

function App() {
  const [adminKey, setAdminKey] = useState(() => sessionStorage.getItem(KEY) ?? "");
  const [notice, setNotice] = useState("");
  const [signedIn, setSignedIn] = useState(false);
  const signOut = useCallback((why: string) => {
    stopUploads();
    sessionStorage.removeItem(KEY);
    setAdminKey("");
    setNotice(why);
  }, []);
  if (!adminKey)
    return (
      <SignIn
        notice={notice}
        onSignIn={(key) => {
          sessionStorage.setItem(KEY, key);
          setNotice("");
          setSignedIn(true);
          setAdminKey(key);
        }}
      />
    );
  return <Shell adminKey={adminKey} signOut={signOut} signedIn={signedIn} />;
}

render(<App />, document.getElementById("app")!);
