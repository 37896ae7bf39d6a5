// The generated completion script, run by a real bash: what it offers at each position.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../src/core.ts";

async function completionScript(shell: string): Promise<string> {
  const out: string[] = [];
  const io: CliIo = { fetch: () => Promise.reject(new Error("offline")), readText: async () => "", readLines: async function* () {}, out: (t) => out.push(t), err: () => undefined, env: {} };
  expect(await runCli(["completion", shell], io)).toBe(0);
  return out.join("\n");
}

/** What bash completes for `words` (the last one being typed), with the script loaded. */
function complete(code: string, words: string[]): string[] {
  const line = `${code}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _edgewise; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", line], { encoding: "utf8", cwd: new URL(".", import.meta.url).pathname }).split("\n").filter(Boolean);
}

describe("edgewise completion", () => {
  it("completes commands, sub-commands and each command's own flags in bash", async () => {
    const code = await completionScript("bash");
    expect(complete(code, ["edgewise", ""])).toEqual(expect.arrayContaining(["catalog", "snapshot", "stats", "completion", "--version"]));
    expect(complete(code, ["edgewise", "snap"])).toEqual(["snapshot"]);
    expect(complete(code, ["edgewise", "snapshot", ""])).toEqual(expect.arrayContaining(["upload", "list", "status", "activate", "delete"]));
    expect(complete(code, ["edgewise", "snapshot", "upload", "--p"])).toEqual(["--part-size"]);
    expect(complete(code, ["edgewise", "catalog", "validate", "--"])).toEqual(expect.arrayContaining(["--offline", "--edge", "--admin-key", "--json", "--help"]));
    expect(complete(code, ["edgewise", "catalog", "validate", "--"])).not.toContain("--part-size");
    expect(complete(code, ["edgewise", "stats", "--o"])).toEqual(["--offer"]);
    expect(complete(code, ["edgewise", "completion", ""])).toEqual(["bash", "zsh"]);
    // Arguments are files.
    expect(complete(code, ["edgewise", "catalog", "validate", "completion.te"])).toEqual(["completion.test.ts"]);
  });

  it("prints a zsh script (bashcompinit) and refuses other shells", async () => {
    expect(await completionScript("zsh")).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n/);
    const err: string[] = [];
    const io: CliIo = { fetch: () => Promise.reject(new Error("offline")), readText: async () => "", readLines: async function* () {}, out: () => undefined, err: (t) => err.push(t), env: {} };
    expect(await runCli(["completion", "fish"], io)).toBe(2);
    expect(err.join("\n")).toContain('no completion for "fish"');
  });
});
