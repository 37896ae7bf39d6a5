// The console's one way to call the admin API: the admin key on every request, a refused key signs out.
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
      const body = text ? JSON.parse(text) : {};
      if (response.status === 401 || response.status === 403) {
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
