import { compileRule } from "../rules/compiler.ts";
import type { CompiledCatalog } from "./compiled.ts";
import { evaluationContext, type DecideInput } from "./decide.ts";
import { isRecord } from "./paths.ts";

/** A value a rule read while it ran: a `var` path, `audiences`, or a `history` count. */
export interface ConditionRead {
  path: string;
  value: unknown;
}

/** Operators that read the evaluation context, and how each names what it read. */
const READERS: Readonly<Record<string, (args: unknown) => string | undefined>> = {
  var: (args) => {
    const path = Array.isArray(args) ? args[0] : args;
    return typeof path === "string" || typeof path === "number" ? String(path) : undefined;
  },
  audience: () => "audiences",
  history: (args) => `history ${JSON.stringify(Array.isArray(args) ? args[0] : args)}`,
  hour: () => "now",
  weekday: () => "now",
};

/**
 * What a condition read from the evaluation context: each literal `var` path with its value, the
 * profile's `audiences` for `audience`, the count behind each `history` query. For explaining a
 * failed condition ("eligibility.and[1] is false: profile.ltv was 40"); each read appears once.
 *
 * @example conditionReads({ ">=": [{ var: "profile.ltv" }, 100] }, { profile: { ltv: 40 } }) // [{ path: "profile.ltv", value: 40 }]
 */
export function conditionReads(rule: unknown, input: DecideInput, now = Number.isFinite(input.now) ? input.now! : Date.now()): ConditionRead[] {
  const data = evaluationContext(input, now);
  const reads = new Map<string, unknown>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(node)) return node.forEach((item) => visit(item, depth + 1));
    if (!isRecord(node)) return;
    for (const [operator, args] of Object.entries(node)) {
      const reader = Object.hasOwn(READERS, operator) ? READERS[operator] : undefined;
      const path = reader?.(args);
      if (path !== undefined && !reads.has(path)) reads.set(path, operator === "audience" ? data.audiences : valueOf({ [operator]: args }, data));
      visit(args, depth + 1);
    }
  };
  visit(rule, 0);
  return [...reads].map(([path, value]) => ({ path, value }));
}

/** The rule of an offer's condition at `condition` (`eligibility` or `eligibility.and[i]`), if any. */
export function offerCondition(catalog: CompiledCatalog, offerId: string, condition: string): unknown {
  const eligibility = catalog.offers.get(offerId)?.source.eligibility;
  const part = /^eligibility\.and\[(\d+)\]$/.exec(condition);
  if (!part) return condition === "eligibility" ? eligibility : undefined;
  return isRecord(eligibility) && Array.isArray(eligibility["and"]) ? eligibility["and"][Number(part[1])] : undefined;
}

function valueOf(expression: unknown, data: unknown): unknown {
  try {
    const value = compileRule(expression)(data);
    return value === undefined ? null : value;
  } catch {
    return null;
  }
}
