/**
 * The standard JSON Logic operators, by family. The compiler merges them with Edgewise's extension
 * operators (`../extensions/index.ts`); `compileRule`'s `operators` option can replace any of them.
 */
import type { OperatorTable } from "../types.ts";
import { arithmeticOperators } from "./arithmetic.ts";
import { arrayOperators } from "./arrays.ts";
import { comparisonOperators } from "./comparison.ts";
import { dataOperators } from "./data.ts";
import { errorOperators } from "./errors.ts";
import { logicOperators } from "./logic.ts";
import { stringOperators } from "./strings.ts";

/** Every standard operator: `var`, `val`, `if`, `==`, `+`, `map`, `try`, `??`, … */
export const builtinOperators: OperatorTable = Object.fromEntries(
  Object.entries({
    ...dataOperators,
    ...logicOperators,
    ...comparisonOperators,
    ...arithmeticOperators,
    ...stringOperators,
    ...arrayOperators,
    ...errorOperators,
  }).map(([name, compile]) => [name, { compile }]),
);
