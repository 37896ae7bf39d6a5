// Snapshot uploads by parts, as the CLI does (cli/src/core.ts `snapshotUpload`): the file is read once
// as a stream to split it into parts of a few MB at line boundaries (only the parts' byte ranges are
// kept, never the file), then each part is sent as `File.slice` to
// `POST /v1/admin/snapshots/:version/parts/:n?parts=N&firstLine=L`, then `POST …/commit`.
// Resume: the edge says which parts it holds completely (`GET /v1/admin/snapshots/:version`), and
// this tab's sessionStorage remembers the upload in flight (version, file name, size, part size,
// parts done), so that after a reload or a dropped connection choosing the same file again sends
// only the missing parts.

export interface PartPlan {
  /** 1-based. */
  n: number;
  /** Byte range in the file, [start, end). */
  start: number;
  end: number;
  /** The file's line number of the part's first line (1-based). */
  firstLine: number;
  lines: number;
}

export interface UploadPlan {
  version: string;
  name: string;
  size: number;
  lastModified: number;
  partBytes: number;
  parts: PartPlan[];
}

export interface LineError {
  line: number;
  path: string;
  message: string;
}

/** What this tab remembers of an upload in flight (sessionStorage). */
export interface PendingUpload {
  version: string;
  name: string;
  size: number;
  lastModified: number;
  partBytes: number;
  parts: number;
  done: number[];
  activate: boolean;
}

export const PENDING_KEY = "edgewise-console:snapshot-upload";
export const DEFAULT_PART_BYTES = 4 * 1024 * 1024;
/** The edge refuses longer lines (edge/README.md "Limits"). */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * The part size: `?partSize=` on the console's URL (bytes, at least 256; for tests and slow links),
 * else `data-part-size` on the element given, else 4 MB. A part always holds at least one line.
 */
export function partBytesOf(search: string, element?: HTMLElement | null): number {
  const wanted = Number(new URLSearchParams(search).get("partSize") ?? element?.dataset.partSize ?? DEFAULT_PART_BYTES);
  return Number.isFinite(wanted) && wanted >= 256 ? Math.min(Math.round(wanted), 95 * 1024 * 1024) : DEFAULT_PART_BYTES;
}

export function loadPending(): PendingUpload | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null") as PendingUpload | null;
    return value && typeof value.version === "string" && Array.isArray(value.done) ? value : null;
  } catch {
    return null;
  }
}

export function savePending(pending: PendingUpload | null): void {
  if (pending) sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  else sessionStorage.removeItem(PENDING_KEY);
}

/** Reads the header (the first non-empty line) for the version the parts are sent under. */
export async function readHeader(file: Blob): Promise<{ version: string } | { error: LineError }> {
  const text = await file.slice(0, MAX_LINE_BYTES + 2).text();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "") continue;
    if (i === lines.length - 1 && file.size > MAX_LINE_BYTES + 2) return { error: { line: i + 1, path: `$[${i}]`, message: `the header line is longer than ${MAX_LINE_BYTES} bytes` } };
    let header: unknown;
    try {
      header = JSON.parse(line);
    } catch (error) {
      return { error: { line: i + 1, path: `$[${i}]`, message: `the header line is not valid JSON: ${(error as Error).message}` } };
    }
    const h = header as { type?: unknown; version?: unknown };
    if (!h || typeof h !== "object" || h.type !== "header") return { error: { line: i + 1, path: `$[${i}].type`, message: 'the first line must be the header: {"type":"header","version":…,"audiences":[…]}' } };
    if (typeof h.version !== "string" || h.version === "") return { error: { line: i + 1, path: `$[${i}].version`, message: "the header needs a version (a non-empty string)" } };
    return { version: h.version };
  }
  return { error: { line: 1, path: "$[0]", message: "the file is empty: the snapshot has no header line" } };
}

/**
 * Splits the file into parts of at most `partBytes` at line boundaries (a longer line is a part of
 * its own), reading it once as a stream; `onRead` reports the bytes read so far.
 */
export async function planParts(file: File, version: string, partBytes: number, onRead?: (bytes: number) => void): Promise<UploadPlan> {
  const parts: PartPlan[] = [];
  let part: PartPlan = { n: 1, start: 0, end: 0, firstLine: 1, lines: 0 };
  let offset = 0; // bytes before the current chunk
  let lineStart = 0;
  let line = 0;
  const addLine = (lineEnd: number) => {
    line++;
    if (part.lines > 0 && lineEnd - part.start > partBytes) {
      parts.push({ ...part, end: lineStart });
      part = { n: part.n + 1, start: lineStart, end: 0, firstLine: line, lines: 0 };
    }
    part.lines++;
    lineStart = lineEnd;
  };
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let at = value.indexOf(10);
    while (at >= 0) {
      addLine(offset + at + 1);
      at = value.indexOf(10, at + 1);
    }
    offset += value.length;
    onRead?.(offset);
  }
  if (lineStart < file.size) addLine(file.size);
  if (part.lines > 0) parts.push({ ...part, end: lineStart });
  return { version, name: file.name, size: file.size, lastModified: file.lastModified, partBytes, parts };
}

export interface Answer {
  status: number;
  body: Record<string, any>;
}

/** One part, with its upload progress; status 0 is a network failure (or an abort). */
export function sendPart(file: Blob, plan: UploadPlan, part: PartPlan, adminKey: string, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve) => {
    const query = new URLSearchParams({ parts: String(plan.parts.length), firstLine: String(part.firstLine) });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/v1/admin/snapshots/${encodeURIComponent(plan.version)}/parts/${part.n}?${query}`);
    xhr.setRequestHeader("authorization", `Bearer ${adminKey}`);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.upload.onprogress = (p) => onProgress(p.loaded);
    const network = (message: string) => () => resolve({ status: 0, body: { error: { code: "network", message } } });
    xhr.onerror = network("the connection failed");
    xhr.ontimeout = network("the request timed out");
    xhr.onabort = network("the upload was stopped");
    xhr.onload = () => {
      let body: Record<string, any> = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        body = { error: { code: "not_json", message: `HTTP ${xhr.status}` } };
      }
      resolve({ status: xhr.status, body });
    };
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file.slice(part.start, part.end));
  });
}

/** Whether a failed request is worth sending again as it is: the network, the edge busy or failing. */
export const retriable = (status: number) => status === 0 || status === 429 || status >= 500;

/** The line errors of a refused import: `errors` of the answer, else its one error with a line. */
export function lineErrors(body: Record<string, any>): LineError[] {
  const error = body?.error ?? {};
  const list = (error.errors ?? body?.errors) as LineError[] | undefined;
  if (Array.isArray(list) && list.length > 0) return list;
  if (typeof error.line === "number") return [{ line: error.line, path: error.path ?? "", message: error.message ?? "" }];
  return [];
}

const UNITS = ["bytes", "KB", "MB", "GB"];
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

// ---- one upload, run outside any component (it goes on while other views are shown) ----------

export type Phase = "reading" | "checking" | "sending" | "paused" | "committing" | "done" | "refused";

export interface PartStatus {
  state: "waiting" | "sending" | "done" | "failed";
  /** Bytes of the part sent so far. */
  loaded: number;
  attempts: number;
  /** The edge held it already when the upload started (resumed). */
  already?: boolean;
  error?: string;
}

export interface UploadState {
  name: string;
  size: number;
  version: string;
  activate: boolean;
  phase: Phase;
  /** Bytes read while planning the parts. */
  read: number;
  parts: PartStatus[];
  plan?: UploadPlan;
  /** The live status: what is happening now, one sentence. */
  message: string;
  /** A refused import: why, its first line errors, how many lines were invalid. */
  refusal?: string;
  errors: LineError[];
  invalidLines?: number;
  result?: Record<string, any>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sizeOf = (p: PartPlan) => p.end - p.start;

/** Bytes sent: whole parts done plus what the part in flight has sent. */
export function sentBytes(state: UploadState): number {
  if (!state.plan) return 0;
  return state.plan.parts.reduce((sum, part, i) => {
    const status = state.parts[i];
    return sum + (status?.state === "done" ? sizeOf(part) : status?.state === "sending" ? Math.min(status.loaded, sizeOf(part)) : 0);
  }, 0);
}

export class SnapshotUpload {
  state: UploadState;
  private readonly listeners = new Set<(state: UploadState) => void>();
  private controller = new AbortController();
  private running = false;
  private stopped = false;

  constructor(
    private readonly file: File,
    private readonly adminKey: string,
    private readonly partBytes: number,
    activate: boolean,
    private readonly hooks: { unauthorized: () => void; changed: () => void },
  ) {
    this.state = { name: file.name, size: file.size, version: "", activate, phase: "reading", read: 0, parts: [], message: `Reading ${file.name}…`, errors: [] };
  }

  subscribe(listener: (state: UploadState) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private set(patch: Partial<UploadState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private setPart(index: number, patch: Partial<PartStatus>): void {
    const parts = this.state.parts.slice();
    parts[index] = { ...parts[index]!, ...patch };
    this.set({ parts });
  }

  private remember(): void {
    const plan = this.state.plan!;
    savePending({
      version: plan.version, name: plan.name, size: plan.size, lastModified: plan.lastModified, partBytes: plan.partBytes,
      parts: plan.parts.length, done: this.state.parts.flatMap((p, i) => (p.state === "done" ? [i + 1] : [])), activate: this.state.activate,
    });
  }

  private async call(method: string, path: string, body?: unknown): Promise<Answer> {
    try {
      const response = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${this.adminKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.controller.signal,
      });
      const text = await response.text();
      let parsed: Record<string, any> = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { error: { code: "not_json", message: `HTTP ${response.status}` } };
      }
      if (response.status === 401) this.hooks.unauthorized();
      return { status: response.status, body: parsed };
    } catch (error) {
      return { status: 0, body: { error: { code: "network", message: (error as Error).message || "the connection failed" } } };
    }
  }

  /** Reads the file, plans its parts, asks the edge what it holds already, sends the rest, commits. */
  async start(): Promise<void> {
    const header = await readHeader(this.file);
    if ("error" in header) {
      this.set({ phase: "refused", refusal: `${this.file.name} cannot be uploaded: line ${header.error.line} is not a snapshot header.`, errors: [header.error], invalidLines: 1, message: "Nothing was uploaded." });
      return;
    }
    this.set({ version: header.version });
    const plan = await planParts(this.file, header.version, this.partBytes, (read) => this.set({ read }));
    this.set({ plan, parts: plan.parts.map(() => ({ state: "waiting", loaded: 0, attempts: 0 })), phase: "checking", message: `Asking the edge whether it holds parts of ${plan.version} already…` });
    if (!(await this.check())) return;
    this.remember();
    await this.run();
  }

  /** The edge's state of this version: already imported (nothing to send), or the parts it holds. */
  private async check(): Promise<boolean> {
    const plan = this.state.plan!;
    const listed = await this.call("GET", "/v1/admin/snapshots");
    if (listed.status !== 200) return this.pause(`The edge could not be asked about ${plan.version}: ${listed.body?.error?.message ?? `HTTP ${listed.status}`}.`);
    const existing = (listed.body.versions ?? []).find((v: { version: string }) => v.version === plan.version);
    if (existing?.state === "active" || existing?.state === "ready") {
      let message = `Snapshot ${plan.version} was imported before (${existing.profiles} profiles) and is ${existing.state === "active" ? "active" : "staged"}: nothing was sent.`;
      if (existing.state === "ready" && this.state.activate) {
        const activated = await this.call("POST", `/v1/admin/snapshots/${encodeURIComponent(plan.version)}/activate`);
        message = activated.status === 200 ? `Snapshot ${plan.version} was imported before: it is active now (nothing was sent).` : `Snapshot ${plan.version} was imported before, and activating it failed: ${activated.body?.error?.message}.`;
      }
      savePending(null);
      this.set({ phase: "done", parts: this.state.parts.map((p) => ({ ...p, state: "done", already: true })), message });
      this.hooks.changed();
      return false;
    }
    if (existing?.state === "importing") {
      const detail = await this.call("GET", `/v1/admin/snapshots/${encodeURIComponent(plan.version)}`);
      const held = new Set<number>();
      for (const part of (detail.body.parts ?? []) as { n: number; state: string; lines: number }[]) {
        if (part.state === "done" && plan.parts[part.n - 1]?.lines === part.lines) held.add(part.n);
      }
      if (held.size > 0) {
        this.set({
          parts: this.state.parts.map((p, i) => (held.has(i + 1) ? { ...p, state: "done", already: true } : p)),
          message: `Resuming: ${held.size} of ${plan.parts.length} parts are on the edge already.`,
        });
      }
    }
    return true;
  }

  private pause(message: string): false {
    this.set({ phase: "paused", message });
    return false;
  }

  /** Sends every part not done (in order, one at a time), then commits. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let round = 0; round < 2; round++) {
        if (!(await this.sendAll())) return;
        const missing = await this.commit();
        if (missing === null) return;
        // The edge misses parts (e.g. one cut off mid-way): send them again, once.
        this.set({ parts: this.state.parts.map((p, i) => (missing.includes(i + 1) ? { ...p, state: "waiting", loaded: 0, already: false } : p)) });
      }
      this.pause("The edge still misses parts after sending them again: retry the upload.");
    } finally {
      this.running = false;
    }
  }

  private async sendAll(): Promise<boolean> {
    const plan = this.state.plan!;
    const total = plan.parts.length;
    this.set({ phase: "sending", refusal: undefined, errors: [] });
    for (const part of plan.parts) {
      const index = part.n - 1;
      if (this.state.parts[index]!.state === "done") continue;
      for (let attempt = 1; ; attempt++) {
        this.setPart(index, { state: "sending", loaded: 0, attempts: attempt, error: undefined });
        this.set({ message: `Uploading part ${part.n} of ${total}${attempt > 1 ? ` (attempt ${attempt})` : ""}…` });
        const answer = await sendPart(this.file, plan, part, this.adminKey, (loaded) => this.setPart(index, { loaded }), this.controller.signal);
        if (answer.status === 200) {
          this.setPart(index, { state: "done", loaded: sizeOf(part) });
          this.remember();
          this.set({ message: `Part ${part.n} of ${total} uploaded.` });
          break;
        }
        const reason = answer.body?.error?.message ?? `HTTP ${answer.status}`;
        if (this.controller.signal.aborted) {
          this.setPart(index, { state: "failed", error: "stopped" });
          return this.pause(`Upload stopped at part ${part.n} of ${total}. The parts already uploaded are kept: resume it to send the rest.`);
        }
        if (answer.status === 401) {
          this.setPart(index, { state: "failed", error: reason });
          this.hooks.unauthorized();
          return this.pause("The admin key was refused.");
        }
        if (retriable(answer.status) && attempt < 3) {
          await sleep(500 * attempt);
          continue;
        }
        this.setPart(index, { state: "failed", error: lineErrors(answer.body).length > 0 ? "refused, its lines are invalid (see the errors above)" : reason });
        if (retriable(answer.status)) {
          return this.pause(`Part ${part.n} of ${total} failed: ${reason}. The parts already uploaded are kept: retry to continue from part ${part.n}.`);
        }
        return this.refuse(answer, part.n);
      }
    }
    return true;
  }

  /** A refused part: with line errors the version failed on the edge (nothing of it is kept). */
  private refuse(answer: Answer, n: number): false {
    const errors = lineErrors(answer.body);
    const code = answer.body?.error?.code;
    const message = answer.body?.error?.message ?? `HTTP ${answer.status}`;
    if (errors.length > 0 || code === "snapshot_failed" || code === "version_exists" || answer.status === 413) {
      savePending(null);
      this.hooks.changed();
    }
    const invalidLines = answer.body?.error?.invalidLines ?? (errors.length || undefined);
    const why =
      errors.length > 0
        ? `Snapshot ${this.state.version} was refused: ${invalidLines ?? errors.length} invalid line${(invalidLines ?? errors.length) === 1 ? "" : "s"}, nothing of it was imported.`
        : answer.status === 403
          ? `Part ${n} was refused: ${message}. This edge requires signed snapshots: upload with the CLI (edgewise snapshot upload --signing-secret).`
          : `Part ${n} was refused: ${message}.`;
    this.set({ phase: "refused", refusal: why, errors, invalidLines, message: "Upload refused." });
    return false;
  }

  /** Commits; answers the missing parts when the edge misses some, else null (done or stopped). */
  private async commit(): Promise<number[] | null> {
    const plan = this.state.plan!;
    this.set({ phase: "committing", message: `All ${plan.parts.length} parts uploaded: committing ${plan.version}…` });
    const answer = await this.call("POST", `/v1/admin/snapshots/${encodeURIComponent(plan.version)}/commit`, { parts: plan.parts.length, activate: this.state.activate });
    if (answer.status === 201) {
      savePending(null);
      const body = answer.body;
      this.set({ phase: "done", result: body, message: `Imported ${body.version}: ${body.profiles} profiles, ${body.state === "active" ? "now active" : "staged (not active)"}.` });
      this.hooks.changed();
      return null;
    }
    if (answer.status === 409 && answer.body?.error?.code === "parts_missing") {
      const detail = await this.call("GET", `/v1/admin/snapshots/${encodeURIComponent(plan.version)}`);
      const done = new Set(((detail.body.parts ?? []) as { n: number; state: string }[]).filter((p) => p.state === "done").map((p) => p.n));
      return plan.parts.map((p) => p.n).filter((n) => !done.has(n));
    }
    if (retriable(answer.status)) {
      this.pause(`Committing ${plan.version} failed: ${answer.body?.error?.message ?? `HTTP ${answer.status}`}. Every part is uploaded: retry to commit.`);
      return null;
    }
    this.refuse(answer, plan.parts.length);
    return null;
  }

  /** Retries after a failure: the failed part and the rest (the parts done are not sent again). */
  async retry(): Promise<void> {
    if (this.running || this.state.phase !== "paused" || !this.state.plan) return;
    this.stopped = false;
    this.controller = new AbortController();
    this.set({ parts: this.state.parts.map((p) => (p.state === "failed" ? { ...p, state: "waiting", loaded: 0, error: undefined } : p)) });
    await this.run();
  }

  /** Stops the part in flight; the parts done stay on the edge (and in this tab's memory). */
  stop(): void {
    this.stopped = true;
    this.controller.abort();
  }

  /** Paused by a failure (not stopped by the operator): worth retrying once the browser is online again. */
  get resumable(): boolean {
    return this.state.phase === "paused" && !this.stopped && !this.running;
  }

  get active(): boolean {
    return this.running || this.state.phase === "reading" || this.state.phase === "checking";
  }
}
