export declare const EDGE_DIR: string;
/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
export interface RunningEdge {
  url: string;
  stop(): Promise<void>;
  log(): string;
}
/** `wrangler dev --local` on a free port with fresh temporary state; resolves once `/v1/health` answers. */
export declare function startEdge(timeoutMs?: number): Promise<RunningEdge>;
