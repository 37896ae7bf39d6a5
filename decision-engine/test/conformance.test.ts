/**
 * The JSON Logic community compatibility suites (json-logic/compat-tables), run through `compileRule`
 * with exact comparison: null is not false, 0 is not false; numbers may differ by less than 1e-10
 * (JSON cannot tell -0 from 0). The suites live beside the checkout in `../shared/conformance/`:
 * without them the suite is skipped with a notice, except in CI, where it fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileRule } from "../src/rules/compiler.ts";

const SUITES = fileURLToPath(new URL("../../../shared/conformance/jsonlogic/", import.meta.url));
const EXPECTED_FILES = 48;
const EXPECTED_CASES = 1138;

interface Case {
  readonly description: string;
  readonly rule: unknown;
  readonly data?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly type: unknown };
}

/** JSON equality with a tolerance for floating point, and without JavaScript's `-0`/`0` distinction. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) < 1e-10;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** Runs one case; returns why it failed, or undefined when it passed. */
function check(test: Case): string | undefined {
  let value: unknown;
  try {
    value = compileRule(test.rule)(test.data);
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    if (test.error && sameJson(type, test.error.type)) return undefined;
    const expected = test.error ? `an error of type ${JSON.stringify(test.error.type)}` : JSON.stringify(test.result);
    return `expected ${expected}, but it threw ${String(error)} (type ${JSON.stringify(type)})`;
  }
  if (test.error) return `expected an error of type ${JSON.stringify(test.error.type)}, got ${JSON.stringify(value)}`;
  return sameJson(value, test.result) ? undefined : `expected ${JSON.stringify(test.result)}, got ${JSON.stringify(value)}`;
}

const present = existsSync(SUITES);
const notice = `JSON Logic conformance suites not found at ${SUITES}`;

if (!present) {
  if (process.env.CI) {
    describe("JSON Logic conformance", () => {
      it("has the conformance suites", () => {
        throw new Error(`${notice}: they are required in CI (../shared/conformance beside the checkout)`);
      });
    });
  } else {
    console.warn(`\n⚠ ${notice} — SKIPPING the conformance suite (it is required in CI).\n`);
    describe.skip("JSON Logic conformance (suites not found)", () => {
      it("skipped", () => {});
    });
  }
} else {
  const files = JSON.parse(readFileSync(`${SUITES}index.json`, "utf8")) as string[];
  const suites = files.map((file) => ({
    file,
    cases: (JSON.parse(readFileSync(SUITES + file, "utf8")) as unknown[]).filter(
      (entry): entry is Case => typeof entry === "object" && entry !== null,
    ),
  }));
  const passed = new Map<string, number>();

  describe("JSON Logic conformance", () => {
    it(`lists ${EXPECTED_FILES} files with ${EXPECTED_CASES} cases`, () => {
      expect(suites).toHaveLength(EXPECTED_FILES);
      expect(suites.reduce((sum, suite) => sum + suite.cases.length, 0)).toBe(EXPECTED_CASES);
    });

    for (const { file, cases } of suites) {
      describe(file, () => {
        cases.forEach((test, i) => {
          it(`#${i + 1} ${test.description}`, () => {
            const failure = check(test);
            if (failure) expect.fail(`${JSON.stringify(test.rule)} on ${JSON.stringify(test.data)}: ${failure}`);
            passed.set(file, (passed.get(file) ?? 0) + 1);
          });
        });
      });
    }

    afterAll(() => {
      const width = Math.max(...files.map((file) => file.length));
      const rows = suites.map(({ file, cases }) => `  ${file.padEnd(width)}  ${passed.get(file) ?? 0}/${cases.length}`);
      const total = [...passed.values()].reduce((sum, n) => sum + n, 0);
      console.log(`JSON Logic conformance\n${rows.join("\n")}\n  ${"total".padEnd(width)}  ${total}/${EXPECTED_CASES}`);
    });

    it(`passes all ${EXPECTED_CASES} cases`, () => {
      // Runs after the cases above (vitest runs a file's tests in order).
      const total = [...passed.values()].reduce((sum, n) => sum + n, 0);
      expect(total).toBe(EXPECTED_CASES);
    });
  });
}
