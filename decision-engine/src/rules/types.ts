/**
 * The contract between the rule compiler and its operators.
 *
 * A rule is compiled once into a tree of closures (`Evaluator`s). Every operator, built in or an
 * extension, is an `OperatorDefinition` that receives its raw arguments at compile time and returns
 * an evaluator; nothing is ever turned into source text.
 */

/** The data visible while a rule runs. Iterators (`map`, `filter`, `reduce`, …) push a child scope. */
export interface Scope {
  /** The current data: the rule's input at the top, the current item inside an iterator. */
  readonly data: unknown;
  /** The enclosing scope, or `undefined` at the top. */
  readonly parent: Scope | undefined;
  /** The key or index of `data` in the collection being iterated (`undefined` at the top). */
  readonly index: unknown;
  /** The data the rule was called with; extension operators read `audiences`, `history`, `now` here. */
  readonly root: unknown;
}

/** A compiled rule fragment. May throw an `EvaluationError`. */
export type Evaluator = (scope: Scope) => unknown;

/** What an operator sees while it is being compiled. */
export interface CompileContext {
  /** JSON path of the operator's arguments, e.g. `$.and[1].>`. */
  readonly path: string;
  /** Compile a sub-expression; `at` is appended to the path (`"[0]"`, `".then"`). */
  compile(expr: unknown, at: string): Evaluator;
  /** Throw a `RuleCompileError` at this operator's path (plus `at`). */
  fail(message: string, at?: string): never;
}

/** An operator: compiled once per occurrence, from its raw (unevaluated) arguments. */
export interface OperatorDefinition {
  compile(args: readonly unknown[], ctx: CompileContext): Evaluator;
}

/** A table of operators by name, e.g. the built-ins merged with the extensions. */
export type OperatorTable = Readonly<Record<string, OperatorDefinition>>;

/** One event of a profile's history, as the caller passes it in (for caps and `history`). */
export interface HistoryEvent {
  /** `display`, `interact`, … or a `track` event's own name. */
  readonly name: string;
  readonly offerId?: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}
