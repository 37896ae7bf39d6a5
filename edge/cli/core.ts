import { CatalogError, compileCatalog } from "@edgewise/decision-engine";
import { Refusal } from "../src/domain/shared/refusal.ts";
import { linePath, parseHeader, parseLine, parseProfileLine } from "../src/domain/snapshots/lines.ts";
import { OFFER_EVENT_TYPES } from "../src/domain/events/kinds.ts";

/**
 * The `edgewise` command-line tool, independent of Node: everything it touches comes through
 * `CliIo`, so the same code runs from `bin/edgewise.mjs` and inside the Workers tests.
 */

export interface CliIo {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  readText(file: string): Promise<string>;
  /** The file's lines (without line ends), streamed. */
  readLines(file: string): AsyncIterable<string>;
  out(text: string): void;
  err(text: string): void;
  /** Upload progress (a progress bar on a terminal). */
  progress?(done: number, total: number, detail: string): void;
  env: Record<string, string | undefined>;
  sleep?(ms: number): Promise<void>;
}

export const USAGE = `edgewise — the Edgewise admin CLI

usage:
  edgewise catalog validate FILE          validate a catalog locally (errors with their JSON paths), then
                                          ask the edge which audiences it does not know (warnings;
                                          --offline skips that)
  edgewise catalog publish FILE           validate, then publish it (warnings are printed)
  edgewise catalog versions               the kept versions, newest first, and the active one
  edgewise catalog get [VERSION]          print a version's catalog (default: the active one)
  edgewise catalog rollback VERSION       make a kept version active again
  edgewise snapshot upload FILE           validate the NDJSON snapshot locally, then upload it in
                                          resumable parts and activate it
      --part-size MB    part size (default 8)    --no-activate   leave it ready, not active
      --shards N        shards of the version     --skip-invalid  import valid lines, skip the others
  edgewise snapshot list                  versions, their state, progress and counts
  edgewise snapshot activate VERSION      activate a ready version (or roll back to the previous one)
  edgewise stats [--offer ID]             per offer and placement: event counts

options:
  --edge URL             the edge (env EDGEWISE_EDGE; default http://127.0.0.1:8787)
  --admin-key KEY        the admin key (env EDGEWISE_ADMIN_KEY)
  --signing-secret S     sign snapshot parts with HMAC-SHA256 (env EDGEWISE_SIGNING_SECRET)
  --json                 print JSON answers as they come
`;

interface Options {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["edge", "admin-key", "signing-secret", "part-size", "shards", "offer"]);

export function parseArgs(argv: readonly string[]): Options {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (VALUE_FLAGS.has(name)) {
      const value = argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`);
      flags.set(name, value);
    } else flags.set(name, true);
  }
  return { positional, flags };
}

class CliError extends Error {}

const MAX_ERRORS = 100;

/** Runs one command; answers the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseArgs(argv);
    const [group, command, arg] = options.positional;
    if (!group || options.flags.has("help")) {
      io.out(USAGE);
      return group ? 0 : 2;
    }
    const cli = new Cli(io, options);
    if (group === "catalog" && command === "validate" && arg) return await cli.catalogValidate(arg);
    if (group === "catalog" && command === "publish" && arg) return await cli.catalogPublish(arg);
    if (group === "catalog" && command === "versions") return await cli.catalogVersions();
    if (group === "catalog" && command === "get") return await cli.catalogGet(arg);
    if (group === "catalog" && command === "rollback" && arg) return await cli.catalogRollback(arg);
    if (group === "snapshot" && command === "upload" && arg) return await cli.snapshotUpload(arg);
    if (group === "snapshot" && command === "list") return await cli.snapshotList();
    if (group === "snapshot" && command === "activate" && arg) return await cli.snapshotActivate(arg);
    if (group === "stats") return await cli.stats();
    io.err(`unknown command: ${options.positional.join(" ")}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

interface PartPlan {
  n: number;
  firstLine: number;
  lines: number;
  bytes: number;
}

class Cli {
  private readonly edge: string;

  constructor(
    private readonly io: CliIo,
    private readonly options: Options,
  ) {
    this.edge = (this.flag("edge") ?? io.env["EDGEWISE_EDGE"] ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  }

  private flag(name: string): string | undefined {
    const value = this.options.flags.get(name);
    return typeof value === "string" ? value : undefined;
  }

  private get json(): boolean {
    return this.options.flags.has("json");
  }

  private adminKey(): string {
    const key = this.flag("admin-key") ?? this.io.env["EDGEWISE_ADMIN_KEY"];
    if (!key) throw new CliError("an admin key is needed: --admin-key KEY or EDGEWISE_ADMIN_KEY");
    return key;
  }

  private async call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await this.io.fetch(`${this.edge}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminKey()}`, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  }

  private fail(what: string, answer: { status: number; body: any }): number {
    const error = answer.body?.error;
    this.io.err(`${what} failed (${answer.status}): ${error?.message ?? JSON.stringify(answer.body)}`);
    for (const item of error?.errors ?? []) {
      this.io.err(item.line !== undefined ? `  line ${item.line}: ${item.path}: ${item.message}` : `  ${item.path}: ${item.message}`);
    }
    return 1;
  }

  // ---- catalog ----------------------------------------------------------------------------

  private async loadCatalog(file: string): Promise<unknown | undefined> {
    const text = await this.io.readText(file);
    let catalog: unknown;
    try {
      catalog = JSON.parse(text);
    } catch (error) {
      this.io.err(`${file}: not valid JSON (${(error as Error).message})`);
      return undefined;
    }
    try {
      const compiled = compileCatalog(catalog);
      if (!this.json) {
        this.io.out(`${file}: valid — ${compiled.placements.size} placements, ${compiled.offers.size} offers, ${compiled.audiences?.length ?? 0} real-time audiences`);
      }
      return catalog;
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      this.io.err(`${file}: ${error.errors.length} error(s)`);
      for (const problem of error.errors) this.io.err(`  ${problem.path}: ${problem.message}`);
      return undefined;
    }
  }

  async catalogValidate(file: string): Promise<number> {
    const catalog = await this.loadCatalog(file);
    if (catalog === undefined) return 1;
    if (this.options.flags.has("offline")) return 0;
    // Audiences are known to the edge (its active snapshot): it says which ones the catalog misses.
    let answer: { status: number; body: any };
    try {
      answer = await this.call("POST", "/v1/admin/catalog/validate", JSON.stringify(catalog), { "content-type": "application/json" });
    } catch (error) {
      this.io.err(`audiences not checked: the edge at ${this.edge} is unreachable (${(error as Error).message}); --offline skips this check`);
      return 0;
    }
    if (answer.status !== 200) return this.fail("checking audiences", answer);
    this.printWarnings(answer.body.warnings);
    return 0;
  }

  async catalogPublish(file: string): Promise<number> {
    const catalog = await this.loadCatalog(file);
    if (catalog === undefined) return 1;
    const answer = await this.call("PUT", "/v1/admin/catalog", JSON.stringify(catalog), { "content-type": "application/json" });
    if (answer.status !== 200) return this.fail("publishing", answer);
    this.io.out(this.json ? JSON.stringify(answer.body) : `published catalog ${answer.body.version}`);
    if (!this.json) this.printWarnings(answer.body.warnings);
    return 0;
  }

  private printWarnings(warnings: { path: string; message: string }[] = []): void {
    for (const warning of warnings) this.io.err(`warning: ${warning.path}: ${warning.message}`);
  }

  async catalogVersions(): Promise<number> {
    const answer = await this.call("GET", "/v1/admin/catalog/versions");
    if (answer.status !== 200) return this.fail("listing versions", answer);
    if (this.json) {
      this.io.out(JSON.stringify(answer.body));
      return 0;
    }
    const active = answer.body.active?.version;
    const rows = (answer.body.versions as any[]).map((v) => [v.version, v.publishedAt, String(v.offers), String(v.placements), v.version === active ? "active" : ""]);
    this.io.out(table([["VERSION", "PUBLISHED", "OFFERS", "PLACEMENTS", ""], ...rows]));
    return 0;
  }

  async catalogGet(version: string | undefined): Promise<number> {
    const answer = await this.call("GET", `/v1/admin/catalog${version ? `?version=${encodeURIComponent(version)}` : ""}`);
    if (answer.status !== 200) return this.fail("reading the catalog", answer);
    this.io.out(JSON.stringify(this.json ? answer.body : answer.body.catalog, null, 2));
    return 0;
  }

  async catalogRollback(version: string): Promise<number> {
    const answer = await this.call("POST", `/v1/admin/catalog/versions/${encodeURIComponent(version)}/activate`);
    if (answer.status !== 200) return this.fail("activation", answer);
    this.io.out(this.json ? JSON.stringify(answer.body) : `active: catalog ${answer.body.version} (previous: ${answer.body.previous ?? "none"})`);
    return 0;
  }

  // ---- snapshots --------------------------------------------------------------------------

  /** Pass 1: validates every line locally and plans the parts. */
  private async plan(file: string, partBytes: number): Promise<{ version: string; parts: PartPlan[]; profiles: number; bytes: number } | undefined> {
    const encoder = new TextEncoder();
    const errors: { line: number; path: string; message: string }[] = [];
    let invalid = 0;
    let version: string | undefined;
    let profiles = 0;
    let bytes = 0;
    const parts: PartPlan[] = [];
    let current: PartPlan = { n: 1, firstLine: 1, lines: 0, bytes: 0 };
    let line = 0;
    for await (const text of this.io.readLines(file)) {
      line++;
      const size = encoder.encode(text).length + 1;
      if (current.lines > 0 && current.bytes + size > partBytes) {
        parts.push(current);
        current = { n: current.n + 1, firstLine: line, lines: 0, bytes: 0 };
      }
      current.lines++;
      current.bytes += size;
      bytes += size;
      if (text.trim() === "") continue;
      const path = linePath(line - 1);
      try {
        if (version === undefined) version = parseHeader(parseLine(text, path), path).version;
        else {
          parseProfileLine(parseLine(text, path), path);
          profiles++;
        }
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        if (version === undefined) version = "";
        invalid++;
        if (errors.length < MAX_ERRORS) errors.push({ line, path: error.path ?? path, message: error.message });
      }
    }
    if (current.lines > 0) parts.push(current);
    if (version === undefined) errors.push({ line: 1, path: "$[0]", message: "the snapshot has no header line" });
    if (errors.length > 0 && !this.options.flags.has("skip-invalid")) {
      this.io.err(`${file}: ${invalid || 1} invalid line(s)${invalid > MAX_ERRORS ? `; the first ${MAX_ERRORS}` : ""}:`);
      for (const e of errors) this.io.err(`  line ${e.line}: ${e.path}: ${e.message}`);
      return undefined;
    }
    return { version: version!, parts, profiles, bytes };
  }

  async snapshotUpload(file: string): Promise<number> {
    const partBytes = Math.max(1024, Math.round(Number(this.flag("part-size") ?? 8) * 1024 * 1024) || 0);
    const plan = await this.plan(file, partBytes);
    if (!plan) return 1;
    const { version, parts } = plan;
    this.io.err(`${file}: valid — version ${version}, ${plan.profiles} profiles, ${parts.length} part(s)`);

    // Resume: parts the edge already holds completely (same lines) are not sent again.
    const existing = await this.call("GET", `/v1/admin/snapshots/${encodeURIComponent(version)}`);
    const done = new Set<number>();
    if (existing.status === 200) {
      const state = existing.body.state;
      if (state === "ready" || state === "active") {
        this.io.err(`version ${version} is already imported (${state})`);
        return state === "active" || this.options.flags.has("no-activate") ? 0 : this.snapshotActivate(version);
      }
      if (state === "importing") {
        for (const part of existing.body.parts ?? []) {
          const planned = parts[part.n - 1];
          if (part.state === "done" && planned && planned.lines === part.lines) done.add(part.n);
        }
        if (done.size > 0) this.io.err(`resuming: ${done.size} of ${parts.length} part(s) already uploaded`);
      }
    }

    const secret = this.flag("signing-secret") ?? this.io.env["EDGEWISE_SIGNING_SECRET"];
    const key = secret
      ? await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      : undefined;
    const shards = this.flag("shards");
    const started = Date.now();
    let sentBytes = parts.filter((p) => done.has(p.n)).reduce((sum, p) => sum + p.bytes, 0);
    let sentProfiles = 0;
    this.io.progress?.(sentBytes, plan.bytes, `part ${done.size}/${parts.length}`);

    let index = 0;
    let buffer: string[] = [];
    const send = async (part: PartPlan, lines: string[]): Promise<number | undefined> => {
      const body = new TextEncoder().encode(lines.join("\n") + "\n");
      const query = new URLSearchParams({ parts: String(parts.length), firstLine: String(part.firstLine) });
      if (shards) query.set("shards", shards);
      if (this.options.flags.has("skip-invalid")) query.set("onInvalid", "skip");
      const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
      if (key) headers["x-edgewise-signature"] = `sha256=${hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)))}`;
      const path = `/v1/admin/snapshots/${encodeURIComponent(version)}/parts/${part.n}?${query}`;
      for (let attempt = 1; ; attempt++) {
        let answer: { status: number; body: any };
        try {
          answer = await this.call("POST", path, body, headers);
        } catch (error) {
          answer = { status: 0, body: { error: { message: (error as Error).message } } };
        }
        if (answer.status === 200) {
          sentProfiles += answer.body.profiles ?? 0;
          return undefined;
        }
        const retriable = answer.status === 0 || answer.status >= 500 || answer.status === 429;
        if (!retriable || attempt >= 3) {
          this.io.err("");
          this.fail(`part ${part.n}`, answer);
          if (retriable) this.io.err(`run the same command again to resume from part ${part.n}`);
          return 1;
        }
        await (this.io.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))))(500 * attempt);
      }
    };

    // Pass 2: the parts, read again from the file as planned (only one part is held at a time).
    let line = 0;
    for await (const text of this.io.readLines(file)) {
      line++;
      const part = parts[index]!;
      buffer.push(text);
      if (line === part.firstLine + part.lines - 1) {
        if (!done.has(part.n)) {
          const failed = await send(part, buffer);
          if (failed) return failed;
          sentBytes += part.bytes;
          const seconds = Math.max((Date.now() - started) / 1000, 0.001);
          this.io.progress?.(sentBytes, plan.bytes, `part ${part.n}/${parts.length} · ${Math.round(sentProfiles / seconds)} profiles/s`);
        }
        buffer = [];
        index++;
      }
    }
    const activate = !this.options.flags.has("no-activate");
    const commit = await this.call("POST", `/v1/admin/snapshots/${encodeURIComponent(version)}/commit`, JSON.stringify({ parts: parts.length, activate }), {
      "content-type": "application/json",
    });
    if (commit.status !== 201) return this.fail("commit", commit);
    const seconds = (Date.now() - started) / 1000;
    this.io.out(
      this.json
        ? JSON.stringify(commit.body)
        : `snapshot ${version}: ${commit.body.profiles} profiles, ${commit.body.state} (${seconds.toFixed(1)} s)`,
    );
    return 0;
  }

  async snapshotList(): Promise<number> {
    const answer = await this.call("GET", "/v1/admin/snapshots");
    if (answer.status !== 200) return this.fail("listing", answer);
    if (this.json) {
      this.io.out(JSON.stringify(answer.body));
      return 0;
    }
    const rows = (answer.body.versions as any[]).map((v) => [
      v.version,
      v.state + (v.progress ? ` ${v.progress.partsReceived}/${v.progress.partsExpected ?? "?"} parts` : ""),
      String(v.profiles),
      v.importedAt ?? "",
      v.activatedAt ?? "",
    ]);
    this.io.out(table([["VERSION", "STATE", "PROFILES", "IMPORTED", "ACTIVATED"], ...rows]));
    const active = answer.body.active;
    this.io.out(active ? `active: ${active.version} (previous: ${active.previous ?? "none"})` : "no active snapshot");
    return 0;
  }

  async snapshotActivate(version: string): Promise<number> {
    const answer = await this.call("POST", `/v1/admin/snapshots/${encodeURIComponent(version)}/activate`);
    if (answer.status !== 200) return this.fail("activation", answer);
    this.io.out(this.json ? JSON.stringify(answer.body) : `active: ${answer.body.active.version} (previous: ${answer.body.active.previous ?? "none"})`);
    return 0;
  }

  async stats(): Promise<number> {
    const offer = this.flag("offer");
    const answer = await this.call("GET", `/v1/admin/stats${offer ? `?offerId=${encodeURIComponent(offer)}` : ""}`);
    if (answer.status !== 200) return this.fail("stats", answer);
    if (this.json) {
      this.io.out(JSON.stringify(answer.body));
      return 0;
    }
    const names = OFFER_EVENT_TYPES;
    const rows = (answer.body.offers as any[]).map((o) => [o.offerId, o.placement ?? "", ...names.map((n) => String(o[n] ?? 0))]);
    this.io.out(table([["OFFER", "PLACEMENT", ...names.map((n) => n.toUpperCase())], ...rows]));
    return 0;
  }
}

function hex(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0");
  return text;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
