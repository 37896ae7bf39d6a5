import { CatalogError, compileCatalog } from "@edgewise/decision-engine";
import { Refusal } from "../../edge/src/domain/shared/refusal.ts";
import { linePath, parseHeader, parseLine, parseProfileLine } from "../../edge/src/domain/snapshots/lines.ts";
import { OFFER_EVENT_TYPES } from "../../edge/src/domain/events/kinds.ts";
import { completionScript } from "./completion.ts";
import { convertAepRuleset } from "./aep-import.ts";

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
  /**
   * Progress of long work: validating a catalog (`unit` "steps") or a snapshot and uploading it
   * (bytes; a progress bar on a terminal).
   */
  progress?(done: number, total: number, detail: string, unit?: "bytes" | "steps"): void;
  /** A file's size in bytes (for progress while validating). */
  fileSize?(file: string): Promise<number>;
  env: Record<string, string | undefined>;
  sleep?(ms: number): Promise<void>;
  /** The CLI's version, for --version. */
  version?: string;
}

export interface CommandSpec {
  /** Positional arguments; a `?` suffix marks an optional one. */
  args: string[];
  /** The command's own flags (the global ones come on top). */
  flags: string[];
  summary: string;
}

/** Every command, with its arguments and flags: the one source of the parser, the help and the usage. */
export const COMMANDS: Record<string, CommandSpec> = {
  "catalog validate": { args: ["FILE"], flags: ["offline"], summary: "validate a catalog locally (errors with their JSON paths; JSON syntax errors with line and column), then ask the edge which audiences it does not know (--offline skips that)" },
  "catalog publish": { args: ["FILE"], flags: [], summary: "validate, then publish it (warnings are printed)" },
  "catalog versions": { args: [], flags: [], summary: "the kept versions, newest first, and the active one" },
  "catalog get": { args: ["VERSION?"], flags: [], summary: "print a version's catalog (default: the active one)" },
  "catalog rollback": { args: ["VERSION"], flags: [], summary: "make a kept version active again" },
  "snapshot upload": { args: ["FILE"], flags: ["part-size", "shards", "no-activate", "skip-invalid", "signing-secret"], summary: "validate the NDJSON snapshot locally, then upload it in resumable parts and activate it" },
  "snapshot list": { args: [], flags: [], summary: "versions, their state, progress and counts" },
  "snapshot status": { args: ["VERSION"], flags: [], summary: "one version: its state, parts, progress and counts" },
  "snapshot activate": { args: ["VERSION"], flags: [], summary: "activate a ready version (or roll back to the previous one)" },
  "snapshot delete": { args: ["VERSION"], flags: [], summary: "delete a version that is not active (a staged, failed or old one)" },
  stats: { args: [], flags: ["offer"], summary: "per offer and placement: event counts; journeys and campaigns with theirs; each experiment's report" },
  "import aep": { args: ["FILE"], flags: ["placement"], summary: "convert an AEP mobile ruleset (Journey Optimizer in-app messages) into catalog offers: the catalog part on stdout, what could not be converted on stderr" },
  completion: { args: ["SHELL"], flags: [], summary: 'print the completion script for bash or zsh: eval "$(edgewise completion bash)" in ~/.bashrc' },
};

interface FlagSpec {
  value?: string;
  help: string;
  /** Checks and normalises a value; throws a UsageError. */
  check?(value: string): string;
}

const GLOBAL_FLAGS = ["edge", "admin-key", "json", "help"];

/** A mistake in how the command was called: exit code 2, with the usage. */
export class UsageError extends Error {}
const usage = (message: string): never => {
  throw new UsageError(message);
};
const numberIn = (value: string, name: string, min: number, max: number): string => {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return n >= min && n <= max ? String(n) : usage(`${name} must be a number from ${min} to ${max}, not "${value}"`);
};
const integerIn = (value: string, name: string, min: number, max: number): string => {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  return n >= min && n <= max ? String(n) : usage(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
};

const FLAGS: Record<string, FlagSpec> = {
  edge: { value: "URL", help: "the edge (env EDGEWISE_EDGE; default http://127.0.0.1:8787)", check: (v) => (/^https?:\/\/[^\s/]+/i.test(v) ? v : usage(`--edge must be an http(s) URL, not "${v}"`)) },
  "admin-key": { value: "KEY", help: "the admin key (env EDGEWISE_ADMIN_KEY)" },
  json: { help: "print the edge's JSON answers" },
  help: { help: "this help" },
  offline: { help: "validate locally only" },
  "part-size": { value: "MB", help: "part size in MB, 0.001 to 95 (default 8)", check: (v) => numberIn(v, "--part-size", 0.001, 95) },
  shards: { value: "N", help: "shards of the version, 1 to 256 (default 16)", check: (v) => integerIn(v, "--shards", 1, 256) },
  "no-activate": { help: "leave the version ready, not active" },
  "skip-invalid": { help: "import the valid lines, skip the others" },
  "signing-secret": { value: "S", help: "sign parts with HMAC-SHA256 (env EDGEWISE_SIGNING_SECRET)" },
  offer: { value: "ID", help: "only this offer" },
  placement: { value: "ID", help: "the message placement of the imported offers (default aep-messages)", check: (v) => (/^[\w.:-]{1,200}$/.test(v) ? v : usage(`--placement must be a placement id (letters, digits, . : _ -), not "${v}"`)) },
};

const flagLine = (name: string) => {
  const spec = FLAGS[name]!;
  return `  --${name}${spec.value ? ` ${spec.value}` : ""}`.padEnd(26) + spec.help;
};
const argsOf = (spec: CommandSpec) => spec.args.map((a) => (a.endsWith("?") ? ` [${a.slice(0, -1)}]` : ` ${a}`)).join("");

export const USAGE = `edgewise — the Edgewise admin CLI

usage:
${Object.entries(COMMANDS)
  .map(([name, spec]) => `  edgewise ${name}${argsOf(spec)}`)
  .join("\n")}

options (every command):
${GLOBAL_FLAGS.map(flagLine).join("\n")}
  --version               the CLI's version

"edgewise COMMAND --help" shows what a command does and its own options.
`;

/** The help of one command. */
export function commandHelp(name: string): string {
  const spec = COMMANDS[name]!;
  const own = spec.flags.length ? `\noptions:\n${spec.flags.map(flagLine).join("\n")}\n` : "";
  return `edgewise ${name}${argsOf(spec)}\n\n${spec.summary}\n${own}\noptions (every command):\n${GLOBAL_FLAGS.map(flagLine).join("\n")}\n`;
}

export interface Options {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `argv` strictly: a known command, its arguments, and only its flags and the global ones,
 * each value checked. Anything else is a UsageError (exit 2).
 */
export function parseArgs(argv: readonly string[]): Options {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const raw: [string, string | undefined][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    if (arg === "-h") {
      raw.push(["help", undefined]);
      continue;
    }
    if (!arg.startsWith("--")) usage(`unknown option ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = FLAGS[name];
    if (!spec && name !== "version") usage(`unknown option --${name}`);
    if (spec?.value && inline === undefined) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) usage(`--${name} needs a value (${spec.value})`);
      raw.push([name, value]);
    } else {
      if (inline !== undefined && !spec?.value) usage(`--${name} takes no value`);
      raw.push([name, inline]);
    }
  }
  const two = positional.slice(0, 2).join(" ");
  const command = COMMANDS[two] ? two : COMMANDS[positional[0] ?? ""] ? positional[0]! : "";
  const args = command ? positional.slice(command.split(" ").length) : positional;
  for (const [name, value] of raw) {
    if (name === "version" || name === "help") {
      flags.set(name, true);
      continue;
    }
    if (command && !GLOBAL_FLAGS.includes(name) && !COMMANDS[command]!.flags.includes(name)) usage(`--${name} is not an option of "${command}"`);
    const spec = FLAGS[name]!;
    flags.set(name, value === undefined ? true : spec.check ? spec.check(value) : value);
  }
  if (command && !flags.has("help")) {
    const spec = COMMANDS[command]!;
    const required = spec.args.filter((a) => !a.endsWith("?"));
    if (args.length < required.length) usage(`"${command}" needs ${required.join(" ")}`);
    if (args.length > spec.args.length) usage(`"${command}" takes ${spec.args.length ? argsOf(spec).trim() : "no arguments"}, not "${args.slice(spec.args.length).join(" ")}"`);
  }
  return { command, positional: args, flags };
}

/** A failure the CLI explains itself (exit 1); `code` names it in `--json` output. */
class CliError extends Error {
  constructor(
    message: string,
    readonly code = "failed",
  ) {
    super(message);
  }
}

/** With `--json`, every error is one line of JSON on stderr: `{"error":{"code","message",…}}`. */
const jsonError = (error: Record<string, unknown>) => JSON.stringify({ error });

const MAX_ERRORS = 100;
/** What `parseJson` answers for text that is not JSON (it has said why). */
const NOT_JSON = Symbol("not JSON");

/** Runs one command; answers the exit code: 0 done, 1 failed, 2 called wrongly. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (argv.includes("--json")) io.err(jsonError({ code: "usage", message: error.message }));
    else io.err(`edgewise: ${error.message}\n(edgewise --help lists the commands; edgewise COMMAND --help, a command's options)`);
    return 2;
  }
  if (options.flags.has("version")) {
    io.out(io.version ?? "unknown");
    return 0;
  }
  if (!options.command) {
    if (options.flags.has("help") && options.positional.length === 0) {
      io.out(USAGE);
      return 0;
    }
    if (options.flags.has("json")) io.err(jsonError({ code: "usage", message: options.positional.length ? `unknown command "${options.positional.join(" ")}"` : "no command" }));
    else io.err(options.positional.length ? `edgewise: unknown command "${options.positional.join(" ")}"\n\n${USAGE}` : USAGE);
    return 2;
  }
  if (options.flags.has("help")) {
    io.out(commandHelp(options.command));
    return 0;
  }
  try {
    const cli = new Cli(io, options);
    const [arg] = options.positional;
    switch (options.command) {
      case "catalog validate": return await cli.catalogValidate(arg!);
      case "catalog publish": return await cli.catalogPublish(arg!);
      case "catalog versions": return await cli.catalogVersions();
      case "catalog get": return await cli.catalogGet(arg);
      case "catalog rollback": return await cli.catalogRollback(arg!);
      case "snapshot upload": return await cli.snapshotUpload(arg!);
      case "snapshot list": return await cli.snapshotList();
      case "snapshot status": return await cli.snapshotStatus(arg!);
      case "snapshot activate": return await cli.snapshotActivate(arg!);
      case "snapshot delete": return await cli.snapshotDelete(arg!);
      case "completion": return cli.completion(arg!);
      case "import aep": return await cli.importAep(arg!);
      default: return await cli.stats();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.err(options.flags.has("json") ? jsonError({ code: "usage", message }) : `edgewise: ${message}\n\n${commandHelp(options.command)}`);
      return 2;
    }
    if (options.flags.has("json")) io.err(jsonError({ code: error instanceof CliError ? error.code : "failed", message }));
    else io.err(`error: ${message}`);
    return 1;
  }
}

/**
 * Where the first JSON syntax error of `text` is, as "line L, column C" (1-based), found by a small
 * recursive-descent reader of RFC 8259's grammar: V8's own messages do not always say where.
 */
export function jsonErrorWhere(text: string): string {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail();
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ":") fail();
          i++;
        }
        value(depth + 1);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === "t") return void literal("true");
    if (c === "f") return void literal("false");
    if (c === "n") return void literal("null");
    number();
  };
  if (text.trim() === "") return "the file is empty";
  try {
    value(0);
    space();
    if (i < text.length) fail();
    return "";
  } catch (at) {
    const before = text.slice(0, Math.min(Number(at), text.length));
    return `line ${before.split("\n").length}, column ${before.length - before.lastIndexOf("\n")}`;
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

  /** A line for people on stderr; with `--json` stderr carries only JSON errors. */
  private info(text: string): void {
    if (!this.json) this.io.err(text);
  }

  /** Progress for people; none with `--json`. */
  private progress(done: number, total: number, detail: string, unit: "bytes" | "steps" = "bytes"): void {
    if (!this.json) this.io.progress?.(done, total, detail, unit);
  }

  private adminKey(): string {
    const key = this.flag("admin-key") ?? this.io.env["EDGEWISE_ADMIN_KEY"];
    if (!key) throw new CliError("an admin key is needed: --admin-key KEY or EDGEWISE_ADMIN_KEY", "no_admin_key");
    return key;
  }

  private async call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    let response: Response;
    try {
      response = await this.io.fetch(`${this.edge}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.adminKey()}`, ...headers },
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`the edge at ${this.edge} is unreachable (${(error as Error).message}); --edge URL or EDGEWISE_EDGE says where it is`, "unreachable");
    }
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
    if (this.json) {
      this.io.err(jsonError({ code: error?.code ?? "failed", message: `${what} failed: ${error?.message ?? JSON.stringify(answer.body)}`, status: answer.status, ...(error?.path ? { path: error.path } : {}), ...(error?.errors ? { errors: error.errors } : {}) }));
      return 1;
    }
    this.io.err(`${what} failed (${answer.status}): ${error?.message ?? JSON.stringify(answer.body)}`);
    if (answer.status === 401) this.io.err(`the admin key was refused: check --admin-key or EDGEWISE_ADMIN_KEY (the edge at ${this.edge})`);
    if (answer.status === 503 && error?.code === "misconfigured") this.io.err("the edge is not configured yet: see docs/deploy.md");
    for (const item of error?.errors ?? []) {
      this.io.err(item.line !== undefined ? `  line ${item.line}: ${item.path}: ${item.message}` : `  ${item.path}: ${item.message}`);
    }
    return 1;
  }

  /** `text` parsed as JSON, or NOT_JSON after saying where its first syntax error is (line and column). */
  private parseJson(file: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      const where = jsonErrorWhere(text) || "somewhere";
      if (this.json) this.io.err(jsonError({ code: "invalid_json", message: `${file}: not valid JSON, ${where}`, file, where }));
      else this.io.err(`${file}: not valid JSON, ${where}: ${(error as Error).message}`);
      return NOT_JSON;
    }
  }

  // ---- catalog ----------------------------------------------------------------------------

  /** Reads, parses and compiles a catalog file, with its steps as progress (`steps` of them in all). */
  private async loadCatalog(file: string, steps = 3): Promise<unknown | undefined> {
    this.progress(0, steps, `reading ${file}`, "steps");
    const text = await this.io.readText(file);
    this.progress(1, steps, `parsing ${(text.length / 1024).toFixed(0)} KB of JSON`, "steps");
    const catalog = this.parseJson(file, text);
    if (catalog === NOT_JSON) return undefined;
    try {
      this.progress(2, steps, "compiling (rules, templates, references)", "steps");
      const compiled = compileCatalog(catalog);
      this.progress(3, steps, "compiled", "steps");
      if (!this.json) {
        this.io.out(`${file}: valid — ${compiled.placements.size} placements, ${compiled.offers.size} offers, ${compiled.audiences?.length ?? 0} real-time audiences`);
      }
      return catalog;
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      if (this.json) {
        this.io.err(jsonError({ code: "invalid_catalog", message: `${file}: ${error.errors.length} error(s)`, file, errors: error.errors.map(({ path, message }) => ({ path, message })) }));
        return undefined;
      }
      this.io.err(`${file}: ${error.errors.length} error(s)`);
      for (const problem of error.errors) this.io.err(`  ${problem.path}: ${problem.message}`);
      return undefined;
    }
  }

  async catalogValidate(file: string): Promise<number> {
    const offline = this.options.flags.has("offline");
    const catalog = await this.loadCatalog(file, offline ? 3 : 4);
    if (catalog === undefined) return 1;
    if (offline) {
      if (this.json) this.io.out(JSON.stringify({ valid: true, warnings: [] }));
      return 0;
    }
    // Audiences are known to the edge (its active snapshot): it says which ones the catalog misses.
    this.progress(3, 4, "asking the edge which audiences it knows", "steps");
    let answer: { status: number; body: any };
    try {
      answer = await this.call("POST", "/v1/admin/catalog/validate", JSON.stringify(catalog), { "content-type": "application/json" });
    } catch (error) {
      if (this.json) this.io.out(JSON.stringify({ valid: true, warnings: [], audiencesChecked: false }));
      else this.io.err(`audiences not checked: ${(error as Error).message}; --offline skips this check`);
      return 0;
    }
    if (answer.status !== 200) return this.fail("checking audiences", answer);
    this.progress(4, 4, "audiences checked", "steps");
    if (this.json) this.io.out(JSON.stringify({ valid: true, warnings: answer.body.warnings ?? [] }));
    else this.printWarnings(answer.body.warnings);
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
    const total = (await this.io.fileSize?.(file)) ?? 0;
    for await (const text of this.io.readLines(file)) {
      line++;
      if (total && line % 20_000 === 0) this.progress(bytes, total, `validating · line ${line.toLocaleString("en")}`);
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
    if (total) this.progress(total, total, `validated ${line.toLocaleString("en")} lines`);
    if (version === undefined) errors.push({ line: 1, path: "$[0]", message: "the snapshot has no header line" });
    if (errors.length > 0 && !this.options.flags.has("skip-invalid")) {
      const message = `${file}: ${invalid || 1} invalid line(s)${invalid > MAX_ERRORS ? `; the first ${MAX_ERRORS}` : ""}`;
      if (this.json) {
        this.io.err(jsonError({ code: "invalid_snapshot", message, file, errors }));
        return undefined;
      }
      this.io.err(`${message}:`);
      for (const e of errors) this.io.err(`  line ${e.line}: ${e.path}: ${e.message}`);
      return undefined;
    }
    return { version: version!, parts, profiles, bytes };
  }

  async snapshotUpload(file: string): Promise<number> {
    const partBytes = Math.round(Number(this.flag("part-size") ?? 8) * 1024 * 1024);
    const plan = await this.plan(file, partBytes);
    if (!plan) return 1;
    const { version, parts } = plan;
    this.info(`${file}: valid — version ${version}, ${plan.profiles} profiles, ${parts.length} part(s)`);

    // Resume: parts the edge already holds completely (same lines) are not sent again.
    const existing = await this.call("GET", `/v1/admin/snapshots/${encodeURIComponent(version)}`);
    const done = new Set<number>();
    if (existing.status === 200) {
      const state = existing.body.state;
      if (state === "ready" || state === "active") {
        this.info(`version ${version} is already imported (${state})`);
        return state === "active" || this.options.flags.has("no-activate") ? 0 : this.snapshotActivate(version);
      }
      if (state === "importing") {
        for (const part of existing.body.parts ?? []) {
          const planned = parts[part.n - 1];
          if (part.state === "done" && planned && planned.lines === part.lines) done.add(part.n);
        }
        if (done.size > 0) this.info(`resuming: ${done.size} of ${parts.length} part(s) already uploaded`);
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
    this.progress(sentBytes, plan.bytes, `part ${done.size}/${parts.length}`);

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
          this.info("");
          this.fail(`part ${part.n}`, answer);
          if (retriable) this.info(`run the same command again to resume from part ${part.n}`);
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
          this.progress(sentBytes, plan.bytes, `part ${part.n}/${parts.length} · ${Math.round(sentProfiles / seconds)} profiles/s`);
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

  async snapshotStatus(version: string): Promise<number> {
    const answer = await this.call("GET", `/v1/admin/snapshots/${encodeURIComponent(version)}`);
    if (answer.status !== 200) return this.fail(`snapshot ${version}`, answer);
    if (this.json) {
      this.io.out(JSON.stringify(answer.body));
      return 0;
    }
    const v = answer.body;
    const progress = v.progress ? `, ${v.progress.partsReceived}/${v.progress.partsExpected ?? "?"} parts` : "";
    this.io.out(`snapshot ${v.version}: ${v.state}${progress}, ${v.profiles ?? 0} profiles${v.error ? ` — ${v.error.message ?? v.error}` : ""}`);
    return 0;
  }

  async snapshotDelete(version: string): Promise<number> {
    const answer = await this.call("DELETE", `/v1/admin/snapshots/${encodeURIComponent(version)}`);
    if (answer.status !== 200) return this.fail(`deleting snapshot ${version}`, answer);
    this.io.out(this.json ? JSON.stringify(answer.body) : `deleted: snapshot ${version}`);
    return 0;
  }

  async importAep(file: string): Promise<number> {
    const ruleset = this.parseJson(file, await this.io.readText(file));
    if (ruleset === NOT_JSON) return 1;
    const message = this.flag("placement") ?? "aep-messages";
    const result = convertAepRuleset(ruleset, { message, content: `${message}-content` });
    if (this.json) {
      this.io.out(JSON.stringify(result));
      return result.catalog.offers.length > 0 ? 0 : 1;
    }
    this.io.out(JSON.stringify(result.catalog, null, 2));
    this.io.err(`${file}: ${result.catalog.offers.length} offer(s) converted; ${result.unconverted.length} part(s) not converted`);
    for (const item of result.unconverted) this.io.err(`  not converted: ${item.path}: ${item.reason}`);
    for (const item of result.notes) this.io.err(`  note: ${item.path}: ${item.reason}`);
    return result.catalog.offers.length > 0 ? 0 : 1;
  }

  completion(shell: string): number {
    if (shell !== "bash" && shell !== "zsh") throw new UsageError(`no completion for "${shell}" (bash or zsh)`);
    this.io.out(completionScript(shell, COMMANDS, GLOBAL_FLAGS, (name) => FLAGS[name]?.value !== undefined));
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
    // Experiments: each with its per-variant report (an edge before experiments answers 404: none).
    const listed = await this.call("GET", "/v1/admin/experiments");
    const experiments = listed.status === 200 ? await Promise.all(((listed.body.experiments ?? []) as any[]).map(async (e) => {
      const report = await this.call("GET", `/v1/admin/experiments/${encodeURIComponent(e.id)}`);
      return report.status === 200 ? report.body : e;
    })) : [];
    if (this.json) {
      this.io.out(JSON.stringify({ ...answer.body, experiments }));
      return 0;
    }
    const names = OFFER_EVENT_TYPES;
    const rows = (answer.body.offers as any[]).map((o) => [o.offerId, o.placement ?? "", ...names.map((n) => String(o[n] ?? 0))]);
    this.io.out(table([["OFFER", "PLACEMENT", ...names.map((n) => n.toUpperCase())], ...rows]));
    const columns = (head: string[], items: any[], keys: string[]) => table([head, ...items.map((item) => keys.map((k) => String(item[k] ?? (k.endsWith("At") ? "" : 0))))]);
    const journeys = (answer.body.journeys ?? []) as any[];
    if (journeys.length) {
      const keys = ["journeyId", "entered", "waiting", "completed", "exited", "timed_out", "delivered", "displayed", "interacted", "dismissed"];
      this.io.out(`\n${columns(keys.map((k) => k.replace("Id", "").toUpperCase()), journeys, keys)}`);
    }
    const campaigns = (answer.body.campaigns ?? []) as any[];
    if (campaigns.length) {
      const keys = ["campaignId", "status", "reached", "delivered", "displayed", "interacted", "dismissed", "openedAt", "closedAt"];
      this.io.out(`\n${columns(keys.map((k) => k.replace("Id", "").toUpperCase()), campaigns, keys)}`);
    }
    for (const experiment of experiments) {
      const percent = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(2)} %`);
      const rows = ((experiment.variants ?? []) as any[]).map((v) => [
        v.id, String(v.exposures), String(v.conversions), percent(v.rate), v.lift === null ? "control" : `${v.lift >= 0 ? "+" : ""}${(v.lift * 100).toFixed(2)} pt`,
        v.interval ? `[${(v.interval[0] * 100).toFixed(2)}, ${(v.interval[1] * 100).toFixed(2)}] pt` : "", v.significant ? "yes" : "",
      ]);
      this.io.out(`\nexperiment ${experiment.id} (${experiment.status}, ${experiment.placement})${experiment.srm?.mismatch ? " — SAMPLE RATIO MISMATCH" : ""}`);
      this.io.out(table([["VARIANT", "EXPOSED", "CONVERTED", "RATE", "LIFT", "95 % ANYTIME INTERVAL", "SIGNIFICANT"], ...rows]));
    }
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
