/**
 * Target's rule conditions are plain JSON Logic (`and`, `or`, `!`, `==`, `<`, `<=`, `>`, `>=`, `in`,
 * `var`). They are compiled once, with the engine's rule compiler restricted to the standard
 * operators (no Edgewise extensions: an artifact cannot reach `audiences`, `history`, …).
 */
import { compileRule, type CompiledRule } from "../../rules/compiler.ts";
import { builtinOperators } from "../../rules/operators/index.ts";
import type { TargetArtifact, TargetRule } from "./types.ts";

/** Most rules compiled from one artifact. */
export const MAX_RULES = 20_000;

/** The compiled conditions of an artifact, and the rules that failed to compile (never matched). */
export interface CompiledRules {
  /** Whether `rule`'s condition holds for `data`; false for a rule that failed to compile or threw. */
  evaluate(rule: TargetRule, data: unknown): boolean;
  readonly warnings: readonly string[];
}

/** Compiles every rule of `artifact`; throws a `RangeError` beyond `MAX_RULES` rules. */
export function compileArtifactRules(artifact: TargetArtifact): CompiledRules {
  const compiled = new Map<TargetRule, CompiledRule>();
  const warnings: string[] = [];
  const groups = [artifact.rules.mboxes, artifact.rules.views];
  for (const group of groups) {
    for (const name of group ? Object.keys(group) : []) {
      const rules = group?.[name] ?? [];
      for (const rule of rules) {
        if (compiled.size >= MAX_RULES) throw new RangeError(`Target artifact has more than ${MAX_RULES} rules`);
        try {
          compiled.set(rule, compileRule(rule.condition, { operators: builtinOperators, replaceOperators: true }));
        } catch (error) {
          warnings.push(`rule ${String(rule.ruleKey ?? "?")} of ${name}: ${(error as Error).message}`);
        }
      }
    }
  }
  return {
    warnings,
    evaluate(rule, data) {
      const condition = compiled.get(rule);
      if (!condition) return false;
      try {
        return Boolean(condition(data)); // JavaScript truthiness, as Target's SDKs test the result
      } catch {
        return false;
      }
    },
  };
}
