/**
 * Logic and control: `and`, `or` (short-circuit, returning the deciding value), `if` / `?:` (chains of
 * condition/branch pairs with an optional else), `!`, `!!`, `preserve` (its argument as data, never
 * evaluated) and `??` (the first argument that is neither null nor missing, else null). `and`, `or`
 * and `if` need an array of arguments.
 */
import type { Evaluator } from "../types.ts";
import { compileEach, constant, isBare, truthy, valueOperator, type Compile } from "./helpers.ts";

/** `a`, then `b` unless `truthy(a) === stop`: a step of `and` (`stop` false) and `or` (true). */
const both =
  (a: Evaluator, b: Evaluator, stop: boolean): Evaluator =>
  (s) => {
    const x = a(s);
    return truthy(x) === stop ? x : b(s);
  };

/**
 * The first value for which `truthy(value) === stop`, else the last: nested pairs, each with its
 * own call sites (faster than a loop); halved first when long, so evaluation never nests deeply.
 */
const junction = (all: Evaluator[], stop: boolean): Evaluator =>
  all.length > 16
    ? both(junction(all.splice(0, all.length >> 1), stop), junction(all, stop), stop)
    : all.length
      ? all.reduceRight((b, a) => both(a, b, stop))
      : constant(false);

const conditional =
  (parts: Evaluator[]): Evaluator =>
  (s) => {
    let i = 1;
    for (; i < parts.length; i += 2) if (truthy((parts[i - 1] as Evaluator)(s))) return (parts[i] as Evaluator)(s);
    return i == parts.length ? (parts[i - 1] as Evaluator)(s) : null;
  };

/** The first value that is neither null nor missing, else null. */
const coalesce =
  (all: Evaluator[]): Evaluator =>
  (s) => {
    for (const e of all) {
      const v = e(s);
      if (v != null) return v;
    }
    return null;
  };

/** `??` of a bare expression: the first item of its result that is neither null nor missing. */
const firstPresent = valueOperator((values) => values.find((v) => v != null) ?? null);

/**
 * `!` and `!!`: the (negated) truthiness of the first argument. A bare argument is that argument,
 * so `{"!": {"var": "xs"}}` is true exactly when `xs` is falsy (an empty array included).
 */
const truthiness =
  (first: Evaluator, negate: boolean): Evaluator =>
  (s) =>
    truthy(first(s)) !== negate;

const ifThen: Compile = (args, ctx) => conditional(compileEach(args, ctx, 0, true));

export const logicOperators: Record<string, Compile> = {
  and: (args, ctx) => junction(compileEach(args, ctx, 0, true), false),
  or: (args, ctx) => junction(compileEach(args, ctx, 0, true), true),
  if: ifThen,
  "?:": ifThen,
  "!": (args, ctx) => truthiness(ctx.compile(args.length ? args[0] : null, "[0]"), true),
  "!!": (args, ctx) => truthiness(ctx.compile(args.length ? args[0] : null, "[0]"), false),
  preserve: (args) => constant(isBare(args) ? args[0] : args),
  "??": (args, ctx) => (isBare(args) ? firstPresent(args, ctx) : coalesce(compileEach(args, ctx))),
};
