// The sign-in form: the admin key, kept in sessionStorage only.
import { useState } from "preact/hooks";

export function SignIn({ onSignIn, notice }: { onSignIn: (key: string) => void; notice: string }) {
  const [key, setKey] = useState("");
  return (
    <main class="signin">
      <h1>Edgewise console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onSignIn(key.trim());
        }}
      >
        <label for="admin-key">Admin key</label>
        <input id="admin-key" name="admin-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
        <button type="submit">Sign in</button>
        {notice && <p role="alert" class="error">{notice}</p>}
        <p class="hint">Local development key: <code>demo-admin-key</code>. It is kept in this tab's session storage only.</p>
      </form>
    </main>
  );
}
