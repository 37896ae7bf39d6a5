// The sign-in form: the admin key, checked with the edge, then kept in this tab's sessionStorage
// only (never localStorage, a cookie or the URL: the form is never submitted to a server).
import { useEffect, useRef, useState } from "preact/hooks";
import { checkKey } from "./api.ts";

export function SignIn({ onSignIn, notice }: { onSignIn: (key: string) => void; notice: string }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState(notice);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = "Sign in · Console · Edgewise";
    input.current?.focus();
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    setError("");
    const refused = await checkKey(trimmed);
    setBusy(false);
    if (refused) {
      setError(refused);
      input.current?.focus();
      return;
    }
    onSignIn(trimmed);
  };
  return (
    <main class="signin" id="main">
      <h1>Edgewise console</h1>
      <form method="post" action="" onSubmit={submit} aria-describedby="signin-hint">
        <label for="admin-key">Admin key</label>
        <input
          id="admin-key"
          name="admin-key"
          type="password"
          autocomplete="off"
          ref={input}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "signin-error" : undefined}
        />
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <p role="alert" id="signin-error" class="error">{error}</p>
        <p class="hint" id="signin-hint">Local development key: <code>demo-admin-key</code>. It is kept in this tab's session storage only: closing the tab signs you out.</p>
      </form>
    </main>
  );
}
