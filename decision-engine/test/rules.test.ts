import { describe, expect, it } from "vitest";
import { applyRule, compileRule, type CompileOptions } from "../src/rules/compiler.ts";
import { EvaluationError, RuleCompileError } from "../src/rules/errors.ts";
import type { OperatorDefinition } from "../src/rules/types.ts";

/** The RuleCompileError that compiling `rule` throws (fails the test if it compiles). */
function compileError(rule: unknown, options?: CompileOptions): RuleCompileError {
  try {
    compileRule(rule, options);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleCompileError);
    return error as RuleCompileError;
  }
  throw new Error(`expected ${JSON.stringify(rule)} to be rejected`);
}

/** The EvaluationError that running `rule` on `data` throws. */
function evaluationError(rule: unknown, data?: unknown): EvaluationError {
  const run = compileRule(rule);
  try {
    run(data);
  } catch (error) {
    expect(error).toBeInstanceOf(EvaluationError);
    return error as EvaluationError;
  }
  throw new Error(`expected ${JSON.stringify(rule)} to throw`);
}

/** `n` nested `{"!": [...]}` around `true`: two JSON levels per operator. */
function nestedNot(n: number): unknown {
  let rule: unknown = true;
  for (let i = 0; i < n; i++) rule = { "!": [rule] };
  return rule;
}

describe("compile errors name the JSON path of the offending part", () => {
  it.each([
    [{ nope: [1] }, "$", /Unknown operator "nope"/],
    [{ and: [true, { nope: 1 }] }, "$.and[1]", /Unknown operator "nope"/],
    [{ if: [true, 1, { var: { bad: 1 } }] }, "$.if[2].var", /Unknown operator "bad"/],
    [{ or: [{ "==": [1, { "?:": [true, { typo: [] }] }] }] }, "$.or[0].==[1].?:[1]", /Unknown operator "typo"/],
    [{ and: [], or: [] }, "$", /exactly one key.*"and", "or"/],
    [{ map: [[1], { a: 1, b: 2 }] }, "$.map[1]", /exactly one key/],
    [[1, { nope: 2 }], "$[1]", /Unknown operator/],
  ])("%j → %s", (rule, path, message) => {
    const error = compileError(rule);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(` at ${path}`);
  });

  it("rejects operator names that only exist on Object.prototype", () => {
    for (const name of ["toString", "constructor", "hasOwnProperty", "valueOf"]) {
      expect(compileError({ [name]: [] }).message).toContain(`Unknown operator "${name}"`);
    }
    expect(compileError(JSON.parse('{"__proto__": [1]}')).message).toContain('Unknown operator "__proto__"');
  });

  it("rejects var and val paths that are not paths", () => {
    const bad = compileError({ var: { bad: 1 } });
    expect(bad.path).toBe("$.var");
    expect(bad.message).toContain('Unknown operator "bad"');
    expect(compileError({ var: true }).path).toBe("$.var");
    expect(compileError({ var: [{}] }).path).toBe("$.var[0]");
    expect(compileError({ val: ["a", true] }).path).toBe("$.val[1]");
    expect(compileError({ val: [[2], "a", {}] }).path).toBe("$.val[2]");
  });

  it("rejects values that are not JSON", () => {
    expect(compileError(() => 1).path).toBe("$");
    expect(compileError({ "==": [1, undefined] }).path).toBe("$.==[1]");
    expect(compileError({ "+": [1n] }).path).toBe("$.+[0]");
  });

  it("marks argument errors known at compile time with the suites' type", () => {
    for (const [rule, path] of [
      [{ "-": [] }, "$.-"],
      [{ "%": [1] }, "$.%"],
      [{ ">": [1] }, "$.>"],
      [{ and: true }, "$.and"],
      [{ map: { var: "xs" } }, "$.map"],
      [{ map: [null, { var: "" }] }, "$.map"],
      [{ filter: [{ var: "xs" }, null] }, "$.filter"],
    ] as const) {
      const error = compileError(rule);
      expect(error.type).toBe("Invalid Arguments");
      expect(error.path).toBe(path);
    }
    expect(compileError({ nope: 1 }).type).toBeUndefined();
  });
});

describe("limits", () => {
  it("accepts rules up to the depth limit and rejects deeper ones at the deepest part", () => {
    expect(compileRule(nestedNot(31))()).toBe(false); // 62 levels
    const error = compileError(nestedNot(40));
    expect(error.message).toMatch(/nested too deeply \(more than 64 levels\)/);
    expect(error.path).toBe("$" + ".![0]".repeat(32));
  });

  it("stops bare nesting and cycles before the stack does", () => {
    let bare: unknown = 1;
    for (let i = 0; i < 10_000; i++) bare = { "!": bare };
    expect(compileError(bare).message).toMatch(/nested too deeply/);
    const cyclic: Record<string, unknown[]> = { and: [] };
    cyclic.and!.push(cyclic);
    expect(compileError(cyclic).message).toMatch(/nested too deeply/);
  });

  it("rejects rules with too many values", () => {
    const big = { in: [{ var: "x" }, Array.from({ length: 25_000 }, (_, i) => `v${i}`)] };
    const error = compileError(big);
    expect(error.message).toMatch(/too large \(more than 20000 values\)/);
    expect(error.path).toMatch(/^\$\.in\[1\]\[\d+\]$/);
  });

  it("takes both limits as options", () => {
    expect(compileError(nestedNot(3), { maxDepth: 4 }).message).toMatch(/more than 4 levels/);
    expect(compileRule(nestedNot(40), { maxDepth: 100 })()).toBe(true);
    expect(compileError({ and: [1, 2, 3] }, { maxNodes: 4 }).message).toMatch(/more than 4 values/);
    const big = { in: [{ var: "x" }, Array.from({ length: 25_000 }, (_, i) => i)] };
    expect(compileRule(big, { maxNodes: 30_000 })({ x: 24_999 })).toBe(true);
  });
});

describe("property access reads only own properties", () => {
  const polluted = "pollutedByTest";

  it.each([
    [{ var: "__proto__" }, {}],
    [{ var: "constructor" }, {}],
    [{ var: "toString" }, {}],
    [{ var: "a.constructor.name" }, { a: {} }],
    [{ var: "a.__proto__.constructor" }, { a: {} }],
    [{ var: "xs.map" }, { xs: [1, 2] }],
    [{ var: "s.length" }, { s: "text" }],
    [{ val: ["constructor", "name"] }, {}],
    [{ val: "__proto__" }, { a: 1 }],
    [{ var: "hasOwnProperty" }, Object.create(null)],
  ])("%j on %j is null", (rule, data) => {
    expect(compileRule(rule)(data)).toBeNull();
  });

  it("uses the default, and reports missing, for inherited names", () => {
    expect(compileRule({ var: ["constructor", "none"] })({})).toBe("none");
    expect(compileRule({ var: ["a.toString", 0] })({ a: {} })).toBe(0);
    expect(compileRule({ exists: "constructor" })({})).toBe(false);
    expect(compileRule({ exists: ["a", "__proto__"] })({ a: {} })).toBe(false);
    expect(compileRule({ missing: ["constructor", "a.valueOf", "b"] })({ a: {}, b: 1 })).toEqual([
      "constructor",
      "a.valueOf",
    ]);
    expect(compileRule({ "===": [{ var: "constructor" }, null] })({})).toBe(true);
    expect(compileRule({ in: [{ var: "toString" }, [null]] })({})).toBe(true);
  });

  it("reads own properties with prototype-like names, and array lengths", () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "constructor": "mine", "xs": [10, 20]}');
    expect(compileRule({ var: "__proto__.x" })(data)).toBe(1);
    expect(compileRule({ var: "constructor" })(data)).toBe("mine");
    expect(compileRule({ "==": [{ var: "constructor" }, "mine"] })(data)).toBe(true);
    expect(compileRule({ var: "xs.1" })(data)).toBe(20);
    expect(compileRule({ var: "xs.length" })(data)).toBe(2);
  });

  it("ignores values inherited from custom prototypes", () => {
    const data = Object.assign(Object.create({ tier: "gold", nested: { x: 1 } }), { own: 1 });
    expect(compileRule({ var: "tier" })(data)).toBeNull();
    expect(compileRule({ var: "nested.x" })(data)).toBeNull();
    expect(compileRule({ "==": [{ var: "tier" }, "gold"] })(data)).toBe(false);
    expect(compileRule({ var: "own" })(data)).toBe(1);
  });

  it("does not see a polluted Object.prototype", () => {
    const rules = [
      compileRule({ var: polluted }),
      compileRule({ var: `profile.${polluted}` }),
      compileRule({ "==": [{ var: `profile.${polluted}` }, "yes"] }),
      compileRule({ var: `a.b.c.d.${polluted}` }),
    ];
    const data = { profile: { tier: "gold" }, a: { b: { c: { d: {} } } } };
    const before = rules.map((rule) => rule(data));
    (Object.prototype as Record<string, unknown>)[polluted] = "yes";
    try {
      expect(rules.map((rule) => rule(data))).toEqual(before);
      expect(before).toEqual([null, null, false, null]);
      expect(compileRule({ var: polluted })(JSON.parse(`{"${polluted}": "own"}`))).toBe("own");
    } finally {
      delete (Object.prototype as Record<string, unknown>)[polluted];
    }
  });
});

describe("compiled rules", () => {
  const eligibility = compileRule({
    and: [
      { "==": [{ var: "profile.tier" }, "gold"] },
      { ">=": [{ var: "profile.ltv" }, 1000] },
      { in: [{ var: "context.channel" }, ["web", "ios", "android", "email"]] },
      { "!": { var: "profile.blocked" } },
      { "<=": [1_700_000_000_000, { var: "now" }, 1_800_000_000_000] },
    ],
  });

  it("are reusable across many data objects", () => {
    let eligible = 0;
    for (let i = 0; i < 2000; i++) {
      const data = {
        profile: { tier: i % 2 ? "gold" : "silver", ltv: i, blocked: i % 10 === 0 },
        context: { channel: ["web", "sms"][i % 3 === 0 ? 1 : 0] },
        now: 1_750_000_000_000,
      };
      const expected = i % 2 === 1 && i >= 1000 && i % 3 !== 0 && i % 10 !== 0;
      expect(eligibility(data)).toBe(expected);
      if (expected) eligible++;
    }
    expect(eligible).toBeGreaterThan(100);
    expect(eligibility(null)).toBe(false);
    expect(eligibility(undefined)).toBe(false);
    expect(eligibility("text")).toBe(false);
  });

  it("keep no state between runs", () => {
    const double = compileRule({ map: [{ var: "xs" }, { "*": [{ var: "" }, 2] }] });
    const first = double({ xs: [1, 2] });
    expect(double({ xs: [5] })).toEqual([10]);
    expect(first).toEqual([2, 4]);
    expect(double({ xs: [1, 2] })).not.toBe(first);
    const indexed = compileRule({ map: [{ var: "xs" }, { "+": [{ val: [[1], "index"] }, { val: [[2], "base"] }] }] });
    expect(indexed({ xs: ["a", "b", "c"], base: 10 })).toEqual([10, 11, 12]);
    expect(indexed({ xs: ["a"], base: 0 })).toEqual([0]);
  });

  it("can be run again after throwing", () => {
    const ratio = compileRule({ "/": [{ var: "a" }, { var: "b" }] });
    expect(() => ratio({ a: 1, b: 0 })).toThrow(EvaluationError);
    expect(ratio({ a: 1, b: 4 })).toBe(0.25);
  });

  it("do not compile source text", () => {
    const source = compileRule.toString() + eligibility.toString();
    expect(source).not.toMatch(/\beval\s*\(|new Function/);
  });
});

describe("semantics worth pinning", () => {
  it("compares a missing value with text as not equal, and a number with text as a NaN error", () => {
    expect(applyRule({ "==": [{ var: "tier" }, "gold"] }, {})).toBe(false);
    expect(applyRule({ "!=": [{ var: "tier" }, "gold"] }, {})).toBe(true);
    expect(applyRule({ "==": [{ var: "tier" }, ""] }, {})).toBe(true);
    expect(evaluationError({ "==": [{ var: "n" }, "gold"] }, { n: 3 }).type).toBe("NaN");
    expect(evaluationError({ "<": [{ var: "xs" }, 3] }, { xs: [1] }).type).toBe("NaN");
    expect(applyRule({ ">": [{ var: "missing" }, -1] }, {})).toBe(true);
  });

  it("gives the same answers on the fast paths as on the general ones", () => {
    const values = [null, 0, 1, -1, 2.5, "", "0", "1", "2.5", "a", "b", true, false, [], [1], {}];
    const outcome = (rule: unknown, data: unknown): unknown => {
      try {
        return compileRule(rule)(data);
      } catch (error) {
        return `throws ${String((error as EvaluationError).type)}`;
      }
    };
    for (const op of ["==", "!=", "===", "!==", "<", "<=", ">", ">="]) {
      for (const x of values) {
        for (const c of values) {
          if (typeof c === "object" && c !== null) continue;
          const fast = outcome({ [op]: [{ var: "x" }, c] }, { x });
          const flipped = outcome({ [op]: [c, { var: "x" }] }, { x });
          const general = outcome({ [op]: [{ var: "x" }, { var: "c" }] }, { x, c });
          const generalFlipped = outcome({ [op]: [{ var: "c" }, { var: "x" }] }, { x, c });
          expect([op, x, c, fast]).toEqual([op, x, c, general]);
          expect([op, c, x, flipped]).toEqual([op, c, x, generalFlipped]);
        }
      }
    }
    for (const x of values) {
      for (const list of [["a"], ["a", 1], ["a", 1, null], ["a", "b", 1, true, null, "0"]]) {
        expect(outcome({ in: [{ var: "x" }, list] }, { x })).toBe(outcome({ in: [{ var: "x" }, { var: "l" }] }, { x, l: list }));
      }
      const between = outcome({ "<=": [0, { var: "x" }, 2] }, { x });
      expect(between).toEqual(outcome({ "<=": [{ var: "lo" }, { var: "x" }, { var: "hi" }] }, { x, lo: 0, hi: 2 }));
    }
  });

  it("negates the value of a bare expression, not its first item", () => {
    expect(applyRule({ "!": { var: "xs" } }, { xs: [] })).toBe(true);
    expect(applyRule({ "!": { var: "xs" } }, { xs: [0] })).toBe(false);
    expect(applyRule({ "!!": { var: "xs" } }, { xs: [0] })).toBe(true);
    expect(applyRule({ "!": [false, { throw: "not evaluated" }] })).toBe(true);
  });

  it("spreads a bare expression into the arguments of value operators", () => {
    expect(applyRule({ "+": { var: "xs" } }, { xs: [1, 2, 3] })).toBe(6);
    expect(applyRule({ max: { var: "xs" } }, { xs: [4, 9, 2] })).toBe(9);
    expect(applyRule({ cat: { merge: [["a"], ["b", "c"]] } })).toBe("abc");
    expect(applyRule({ max: [] })).toBeNull();
  });

  it("reads iteration indexes and outer data through scope levels", () => {
    const rule = {
      map: [
        { var: "rows" },
        { map: [{ var: "" }, { cat: [{ val: [[3], "index"] }, ":", { val: [[1], "index"] }, ":", { val: [[4], "tag"] }] }] },
      ],
    };
    expect(applyRule(rule, { rows: [["a", "b"], ["c"]], tag: "t" })).toEqual([["0:0:t", "0:1:t"], ["1:0:t"]]);
    expect(applyRule({ filter: [{ var: "xs" }, { "==": [{ val: [] }, { val: [[2], "want"] }] }] }, { xs: [1, 2, 1], want: 1 })).toEqual([1, 1]);
  });

  it("keeps a var default for missing values only", () => {
    expect(applyRule({ var: ["a", 1] }, { a: null })).toBeNull();
    expect(applyRule({ var: ["a", 1] }, { a: 0 })).toBe(0);
    expect(applyRule({ var: ["a.b", { "+": [1, 1] }] }, { a: {} })).toBe(2);
  });

  it("throws the thrown value as the error type, and try hands it to the next branch", () => {
    expect(evaluationError({ throw: "Out of stock" }).type).toBe("Out of stock");
    expect(applyRule({ try: [{ throw: "Out of stock" }, { cat: ["caught: ", { var: "type" }] }] })).toBe(
      "caught: Out of stock",
    );
    expect(evaluationError({ "*": ["x", 2] }).type).toBe("NaN");
    expect(evaluationError({ all: [{ var: "missing" }, true] }, {}).type).toBe("Invalid Arguments");
  });
});

describe("options.operators", () => {
  const double: OperatorDefinition = {
    compile(args, ctx) {
      if (args.length !== 1) ctx.fail('"double" takes one argument');
      const value = ctx.compile(args[0], "[0]");
      return (scope) => Number(value(scope)) * 2;
    },
  };

  it("adds operators to the default table", () => {
    const rule = compileRule({ "+": [{ double: { var: "x" } }, 1] }, { operators: { double } });
    expect(rule({ x: 4 })).toBe(9);
    expect(compileError({ double: [1, 2] }, { operators: { double } }).path).toBe("$.double");
    expect(compileError({ if: [true, { double: { nope: 1 } }] }, { operators: { double } }).path).toBe("$.if[1].double");
  });

  it("can replace the whole table", () => {
    const only = { operators: { double }, replaceOperators: true };
    expect(compileRule({ double: 21 }, only)()).toBe(42);
    expect(compileError({ "+": [1, 2] }, only).message).toContain('Unknown operator "+"');
  });
});

describe("applyRule", () => {
  it("evaluates once, reusing the compiled rule for the same rule object", () => {
    const rule = { ">": [{ var: "a" }, 1] };
    expect(applyRule(rule, { a: 2 })).toBe(true);
    expect(applyRule(rule, { a: 0 })).toBe(false);
    expect(applyRule({ in: ["vip", { var: "audiences" }] }, { audiences: ["vip"] })).toBe(true);
    expect(applyRule("plain", {})).toBe("plain");
    expect(() => applyRule({ nope: 1 }, {})).toThrow(RuleCompileError);
  });
});
