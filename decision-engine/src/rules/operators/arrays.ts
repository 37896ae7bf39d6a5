/**
 * Arrays: `merge` (flattens one level) and the iterators `map`, `filter`, `reduce`, `all`, `some`,
 * `none`. An iterator runs its logic once per item in a child scope whose data is the item (for
 * `reduce`, `{current, accumulator}`) and whose index is the item's position; `{"val": [[1], "index"]}`
 * reads it and `{"val": [[2], …]}` reaches the data outside.
 *
 * `map`, `filter` and `reduce` treat a null source as empty; `all`, `some` and `none` need an array.
 * A source or logic that can never work (a literal number, a null mapper) is a compile error.
 */
import type { CompileContext, Evaluator, OperatorDefinition, OperatorTable, Scope } from "../types.ts";
import {
  applyTo,
  childScope,
  compileArguments,
  constant,
  invalidArguments,
  invalidArgumentsError,
  isOperatorExpression,
  requireArgumentArray,
  truthy,
} from "./helpers.ts";

function flatten(values: readonly unknown[]): unknown[] {
  const result: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Array.isArray(value)) for (let j = 0; j < value.length; j++) result.push(value[j]);
    else result.push(value);
  }
  return result;
}

const merge: OperatorDefinition = {
  compile: (args, ctx) => applyTo(compileArguments(args, ctx), flatten),
};

interface IteratorParts {
  readonly source: Evaluator;
  readonly logic: Evaluator;
}

function compileIterator(name: string, args: readonly unknown[], ctx: CompileContext, nullLogic: boolean): IteratorParts {
  requireArgumentArray(args, ctx, name);
  if (args.length < 2) invalidArguments(ctx, `"${name}" takes a source and logic`);
  const source = args[0];
  if (!Array.isArray(source) && !isOperatorExpression(source)) {
    invalidArguments(ctx, `the source of "${name}" must be an array or an expression`);
  }
  if (args[1] === null && !nullLogic) invalidArguments(ctx, `the logic of "${name}" is null`);
  return { source: ctx.compile(source, "[0]"), logic: ctx.compile(args[1], "[1]") };
}

/** The items an iterator runs over: an array, or `undefined` for null (only where that means empty). */
function items(value: unknown, nullIsEmpty: boolean): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (nullIsEmpty && (value === null || value === undefined)) return undefined;
  throw invalidArgumentsError();
}

const map: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("map", args, ctx, false);
    return (s) => {
      const list = items(source(s), true);
      const result: unknown[] = [];
      if (list) for (let i = 0; i < list.length; i++) result.push(logic(childScope(s, list[i], i)));
      return result;
    };
  },
};

const filter: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("filter", args, ctx, false);
    return (s) => {
      const list = items(source(s), true);
      const result: unknown[] = [];
      if (list) {
        for (let i = 0; i < list.length; i++) {
          const item = list[i];
          if (truthy(logic(childScope(s, item, i)))) result.push(item);
        }
      }
      return result;
    };
  },
};

const reduce: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("reduce", args, ctx, false);
    const initial = args.length > 2 ? ctx.compile(args[2], "[2]") : constant(null);
    return (s) => {
      const list = items(source(s), true);
      let accumulator = initial(s);
      if (list) {
        for (let i = 0; i < list.length; i++) {
          accumulator = logic(childScope(s, { current: list[i], accumulator }, i));
        }
      }
      return accumulator;
    };
  },
};

/** Whether `logic` is truthy for some item (`want` true) or falsy for some item (`want` false). */
function anyItem(list: readonly unknown[], logic: Evaluator, s: Scope, want: boolean): boolean {
  for (let i = 0; i < list.length; i++) {
    if (truthy(logic(childScope(s, list[i], i))) === want) return true;
  }
  return false;
}

const all: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("all", args, ctx, true);
    return (s) => {
      const list = items(source(s), false) as readonly unknown[];
      return list.length > 0 && !anyItem(list, logic, s, false);
    };
  },
};

const some: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("some", args, ctx, true);
    return (s) => anyItem(items(source(s), false) as readonly unknown[], logic, s, true);
  },
};

const none: OperatorDefinition = {
  compile(args, ctx) {
    const { source, logic } = compileIterator("none", args, ctx, true);
    return (s) => !anyItem(items(source(s), false) as readonly unknown[], logic, s, true);
  },
};

export const arrayOperators: OperatorTable = {
  merge,
  map,
  filter,
  reduce,
  all,
  some,
  none,
};
