export declare const EDGE_DIR: string;
/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
export interface RunningEdge {
  url: string;
  stop(): Promise<void>;
  log(): string;
}
/**
 * `wrangler dev --local` on a free port with fresh temporary state; resolves once `/v1/health`
 * answers (or says the edge is misconfigured). `environment`: a deployed environment's
 * configuration (`--env`); `vars`: variables and secrets (`--var NAME:value`).
 */
export declare function startEdge(timeoutMs?: number, options?: { environment?: string; vars?: Record<string, string> }): Promise<RunningEdge>;
/** The Worker's cron expression, as in wrangler.jsonc. */
export declare const CRON: string;
/** Fires the scheduled handler now and every `everyMs` (default one minute); returns a stop function. */
export declare function runCron(url: string, everyMs?: number, onError?: (error: unknown) => void): () => void;
/** The demo webhook receiver (demo/receiver.mjs) on a free port; `log()` is what it printed. */
export declare function startDemoReceiver(secret?: string): Promise<{ url: string; log(): string; stop(): void }>;
