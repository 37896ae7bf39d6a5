/** A rule that cannot be compiled: unknown operator, malformed arguments, unsafe pattern, limits. */
export class RuleCompileError extends Error {
  override readonly name = "RuleCompileError";
  /** JSON path of the offending part of the rule, `$` being the rule itself. */
  readonly path: string;
  /**
   * Set for argument errors that the JSON Logic suites also know at run time (`"Invalid Arguments"`),
   * so a compile-time rejection reads like the evaluation error it replaces.
   */
  readonly type: string | undefined;
  constructor(message: string, path: string, type?: string) {
    super(`${message} at ${path}`);
    this.path = path;
    this.type = type;
  }
}

/**
 * A rule that failed while running: a `throw` operator, or arithmetic that produced NaN.
 * `type` is the thrown value (or `"NaN"`), as the JSON Logic conformance suites expect.
 */
export class EvaluationError extends Error {
  override readonly name = "EvaluationError";
  readonly type: unknown;
  constructor(type: unknown) {
    super(typeof type === "string" ? type : JSON.stringify(type) ?? String(type));
    this.type = type;
  }
}
