/**
 * Compiles the conditions of an AEP ruleset (`group`, `matcher`, `historical`) into predicates. As in
 * the SDK, a condition of an unknown type or a malformed one makes the whole ruleset invalid, while a
 * condition that is well-formed but unusable (unknown matcher or logic, empty group, non-integer
 * historical value) is left out of its group (and invalidates the rule when it is the rule's root).
 */
import { historicalValue } from "./historical.ts";
import { compareUnary, MATCHERS, matchValue, NEGATIVE_MATCHERS, compare } from "./matchers.ts";
import type { TokenFinder } from "./tokens.ts";
import { isRecord, type AepEventData, type AepPorts } from "./types.ts";

/** Deepest nesting of groups accepted (a bound on recursion over the ruleset). */
export const MAX_CONDITION_DEPTH = 64;

/** What a predicate reads while it evaluates one event. */
export interface ConditionContext {
  readonly find: TokenFinder;
  readonly ports: AepPorts;
  readonly caseInsensitive: boolean;
}

/** A compiled condition. */
export type Predicate = (context: ConditionContext) => boolean;

/** A ruleset that cannot be used (the SDK then has no rules at all). */
export class AepRulesetError extends Error {
  override readonly name = "AepRulesetError";
}

/** Conditions of a group; `null` entries (unusable conditions) are skipped by AND and OR alike. */
function logical(operands: readonly (Predicate | null)[], logic: "and" | "or"): Predicate {
  const used = operands.filter((operand): operand is Predicate => operand !== null);
  return logic === "and"
    ? (context) => used.every((operand) => operand(context))
    : (context) => used.some((operand) => operand(context));
}

function matcherOperand(key: string, matcher: string, value: unknown): Predicate | null {
  if (!MATCHERS.has(matcher)) return null;
  if (value === null || value === undefined) return (context) => compareUnary(matcher, context.find(key));
  return (context) => {
    const raw = context.find(key);
    return raw !== null && raw !== undefined && matchValue(raw, matcher, value, context.caseInsensitive);
  };
}

/** `matcher`: `{key, matcher, values}`; several values combine with OR (AND for `ne` and `nc`). */
function compileMatcher(definition: Record<string, unknown>): Predicate | null {
  const { key, matcher } = definition;
  if (typeof key !== "string" || typeof matcher !== "string") return null;
  const values: readonly unknown[] = Array.isArray(definition.values) ? definition.values : [];
  if (values.length <= 1) return matcherOperand(key, matcher, values[0]);
  const operands = values.map((value) => matcherOperand(key, matcher, value));
  return logical(operands, NEGATIVE_MATCHERS.has(matcher) ? "and" : "or");
}

const epochMs = (value: unknown): number => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0);

/** `historical`: `{events, matcher, value, from?, to?, searchType?}` compared as integers. */
function compileHistorical(definition: Record<string, unknown>, events: readonly AepEventData[] | null): Predicate | null {
  const { matcher, value } = definition;
  if (!events || typeof matcher !== "string" || !MATCHERS.has(matcher)) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > 2147483647) return null;
  const from = epochMs(definition.from);
  const to = epochMs(definition.to);
  const searchType = typeof definition.searchType === "string" ? definition.searchType : "any";
  return (context) => compare(historicalValue(context.ports, events, searchType, from, to), matcher, value + 0, context.caseInsensitive);
}

/** A condition of a malformed shape: invalidates the enclosing rule and so the ruleset. */
class MalformedCondition extends Error {}

/** The `conditions` and `events` lists of a definition, which the SDK parses for every condition type. */
function definitionLists(definition: Record<string, unknown>, depth: number) {
  const conditions = Array.isArray(definition.conditions) ? definition.conditions.map((c) => buildCondition(c, depth + 1)) : null;
  let events: AepEventData[] | null = null;
  if (Array.isArray(definition.events)) {
    events = definition.events.map((event) => {
      if (!isRecord(event)) throw new MalformedCondition("historical events must be objects");
      return event;
    });
  }
  return { conditions, events };
}

function buildCondition(json: unknown, depth: number): Predicate | null {
  if (depth > MAX_CONDITION_DEPTH) throw new MalformedCondition(`conditions nest deeper than ${MAX_CONDITION_DEPTH}`);
  if (!isRecord(json) || typeof json.type !== "string" || !isRecord(json.definition)) {
    throw new MalformedCondition("a condition needs a string `type` and an object `definition`");
  }
  const definition = json.definition;
  const { conditions, events } = definitionLists(definition, depth);
  switch (json.type) {
    case "group": {
      const logic = typeof definition.logic === "string" ? definition.logic.toLowerCase() : "";
      if (!conditions || conditions.length === 0 || (logic !== "and" && logic !== "or")) return null;
      return logical(conditions, logic);
    }
    case "matcher":
      return compileMatcher(definition);
    case "historical":
      return compileHistorical(definition, events);
    default:
      throw new MalformedCondition(`unsupported condition type ${JSON.stringify(json.type)}`);
  }
}

/** Compiles a rule's root condition; throws {@link AepRulesetError} when the rule is unusable. */
export function compileCondition(json: unknown, where: string): Predicate {
  let predicate: Predicate | null;
  try {
    predicate = buildCondition(json, 0);
  } catch (error) {
    if (error instanceof MalformedCondition) throw new AepRulesetError(`${where}: ${error.message}`);
    throw error;
  }
  if (!predicate) throw new AepRulesetError(`${where}: the condition cannot be evaluated`);
  return predicate;
}
