// The Edgewise operator console: sign in with the admin key (kept in sessionStorage only), the
// catalog (listed, editable as JSON, validated locally with the engine before publishing, audience
// warnings from the edge, versions with rollback), live statistics, experiments (reports, stop /
// ship the winner), snapshots (upload with
// progress, activate / roll back), outbound webhooks and forwarding (deliveries, retry) and a
// decision explainer (a dry run: POST /v1/admin/simulate).
// One file per view; this one is the shell: sign-in, the tabs and the view of the current one.
import { render } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { KEY, useApi } from "./api.ts";
import { CatalogView } from "./catalog-view.tsx";
import { StatsView } from "./stats-view.tsx";
import { SnapshotsView } from "./snapshots-view.tsx";
import { ExplainView } from "./explain-view.tsx";
import { ExperimentsView } from "./experiments-view.tsx";
import { OutboundView } from "./outbound-view.tsx";
import { SignIn } from "./sign-in.tsx";

const TABS = ["Catalog", "Statistics", "Experiments", "Outbound", "Snapshots", "Explainer"] as const;

function App() {
  const [adminKey, setAdminKey] = useState(() => sessionStorage.getItem(KEY) ?? "");
  const [notice, setNotice] = useState("");
  const tabOfHash = () => ((TABS as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as (typeof TABS)[number]) : "Catalog");
  const [tab, setTab] = useState<(typeof TABS)[number]>(tabOfHash);
  // Deep links: a changed hash (a link, back and forward) shows its tab.
  useEffect(() => {
    const follow = () => setTab(tabOfHash());
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  const signOut = useCallback((why: string) => {
    sessionStorage.removeItem(KEY);
    setAdminKey("");
    setNotice(why);
  }, []);
  const api = useApi(adminKey, signOut);
  const interval = useMemo(() => Number(new URLSearchParams(location.search).get("refresh") ?? 5) * 1000, []);
  if (!adminKey)
    return (
      <SignIn
        notice={notice}
        onSignIn={(key) => {
          sessionStorage.setItem(KEY, key);
          setNotice("");
          setAdminKey(key);
        }}
      />
    );
  return (
    <>
      <header class="top">
        <h1>Edgewise console</h1>
        <nav aria-label="Console sections">
          {TABS.map((t) => (
            <button type="button" class="tab" aria-current={t === tab ? "page" : undefined} onClick={() => ((location.hash = t), setTab(t))}>
              {t}
            </button>
          ))}
        </nav>
        <button type="button" class="secondary" onClick={() => signOut("Signed out.")}>Sign out</button>
      </header>
      <p class="notice">Secure mode is off in local development: profile ids are trusted (set IDENTITY_SECRET to turn it on).</p>
      <main id="main">
        {tab === "Catalog" && <CatalogView api={api} />}
        {tab === "Statistics" && <StatsView api={api} interval={interval} />}
        {tab === "Experiments" && <ExperimentsView api={api} />}
        {tab === "Outbound" && <OutboundView api={api} interval={interval} />}
        {tab === "Snapshots" && <SnapshotsView api={api} adminKey={adminKey} />}
        {tab === "Explainer" && <ExplainView api={api} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
