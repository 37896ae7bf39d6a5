// The console's one way to call the admin API: the admin key (from sessionStorage, never
// localStorage, a cookie or the URL) on every request; a refused key (401) signs out.
import { useCallback } from "preact/hooks";

export const KEY = "edgewise-console:admin-key";
export type Json = Record<string, any>;
export interface Problem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(body?.error?.message ?? `HTTP ${status}`);
  }
}

export function useApi(adminKey: string, signOut: (why: string) => void) {
  return useCallback(
    async (path: string, init: RequestInit = {}): Promise<Json> => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${adminKey}`);
      const response = await fetch(path, { ...init, headers });
      const text = await response.text();
      let body: Json = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { error: { code: "not_json", message: `HTTP ${response.status}: ${text.slice(0, 200)}` } };
      }
      // 401 is the admin key refused; a 403 (e.g. a snapshot signature required) is not about the key.
      if (response.status === 401) {
        signOut("The admin key was refused.");
        throw new ApiError(response.status, body);
      }
      if (!response.ok) throw new ApiError(response.status, body);
      return body;
    },
    [adminKey, signOut],
  );
}
export type Api = ReturnType<typeof useApi>;

/** Checks an admin key before it is kept: null when the edge accepts it, else why not. */
export async function checkKey(adminKey: string): Promise<string | null> {
  try {
    const response = await fetch("/v1/admin/snapshots", { headers: { authorization: `Bearer ${adminKey}` } });
    await response.body?.cancel();
    if (response.ok) return null;
    if (response.status === 401) return "The admin key was refused.";
    if (response.status === 429) return "Too many failed sign-ins: wait a minute, then try again.";
    return `The edge answered HTTP ${response.status}.`;
  } catch {
    return "The edge did not answer: is it running?";
  }
}
