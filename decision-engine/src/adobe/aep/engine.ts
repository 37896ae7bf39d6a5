/**
 * `createAepRulesEngine`: reads an AEP mobile ruleset (`{version, rules: [{condition, consequences}]}`,
 * as Adobe Journey Optimizer publishes it) and evaluates events against it with the Android SDK's
 * semantics (case-insensitive string matchers).
 */
import { AepRulesetError, compileCondition, type Predicate } from "./conditions.ts";
import { processConsequences, type ChainState } from "./consequences.ts";
import { createTokenFinder, expandTokens } from "./tokens.ts";
import { isRecord, type AepConsequence, type AepEvent, type AepPorts, type AepProcessResult } from "./types.ts";

/** Most rules accepted in one ruleset. */
export const MAX_RULES = 10_000;

/** Options of {@link createAepRulesEngine}. */
export interface AepEngineOptions {
  /** Ids of the events the engine dispatches; default: a per-engine prefix and a counter. */
  readonly newEventId?: () => string;
  /**
   * Dispatch consequences are skipped when processing an event this many `dispatch` hops away from an
   * event the host raised. The SDK's value, 1, means a dispatched event never dispatches again.
   */
  readonly maxDispatchChain?: number;
  /** String matchers compare case-sensitively (the SDK's rules engine is case-insensitive). */
  readonly caseSensitive?: boolean;
}

/** A compiled AEP ruleset. */
export interface AepRulesEngine {
  /** Number of rules. */
  readonly size: number;
  /** The consequences of the rules the event matches, in rule order, with `{%…%}` tokens of their details expanded. */
  evaluate(event: AepEvent, ports?: AepPorts): AepConsequence[];
  /** Applies matched consequences (from `evaluate`) to the event: modified event, events to dispatch, events recorded. */
  process(event: AepEvent, matched: readonly AepConsequence[], ports?: AepPorts): AepProcessResult;
  /** `evaluate` then `process`. */
  processEvent(event: AepEvent, ports?: AepPorts): AepProcessResult & { readonly consequences: readonly AepConsequence[] };
}

interface CompiledRule {
  readonly condition: Predicate;
  readonly consequences: readonly AepConsequence[];
}

/** `optString`: strings, and numbers or booleans as text; anything else is empty. */
function optString(value: unknown): string {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function compileConsequence(json: unknown, where: string): AepConsequence {
  if (!isRecord(json)) throw new AepRulesetError(`${where}: a consequence must be an object`);
  const id = optString(json.id);
  const type = optString(json.type);
  const detail = json.detail;
  if (id === "" || type === "") throw new AepRulesetError(`${where}: a consequence needs an \`id\` and a \`type\``);
  if (!isRecord(detail) || Object.keys(detail).length === 0) throw new AepRulesetError(`${where}: a consequence needs a non-empty \`detail\``);
  return { id, type, detail };
}

function compileRules(ruleset: unknown): CompiledRule[] {
  const root = typeof ruleset === "string" ? (JSON.parse(ruleset) as unknown) : ruleset;
  if (!isRecord(root) || !Array.isArray(root.rules)) throw new AepRulesetError("a ruleset is an object with a `rules` array");
  if (root.rules.length > MAX_RULES) throw new AepRulesetError(`a ruleset has at most ${MAX_RULES} rules`);
  return root.rules.map((rule: unknown, i: number) => {
    const where = `rules[${i}]`;
    if (!isRecord(rule) || !isRecord(rule.condition) || !Array.isArray(rule.consequences)) {
      throw new AepRulesetError(`${where}: a rule needs an object \`condition\` and a \`consequences\` array`);
    }
    return {
      condition: compileCondition(rule.condition, `${where}.condition`),
      consequences: rule.consequences.map((c: unknown, j: number) => compileConsequence(c, `${where}.consequences[${j}]`)),
    };
  });
}

let engines = 0;

/**
 * Compiles an AEP ruleset (an object, or its JSON text). Like the SDK, it takes the ruleset whole or
 * not at all: a malformed rule, condition or consequence throws {@link AepRulesetError}.
 *
 * @example
 * const engine = createAepRulesEngine(ruleset);
 * const matched = engine.evaluate(event, { sharedState: (name) => states[name] ?? null });
 * const { event: modified, dispatched } = engine.process(event, matched, ports);
 */
export function createAepRulesEngine(ruleset: unknown, options: AepEngineOptions = {}): AepRulesEngine {
  const rules = compileRules(ruleset);
  const prefix = `aep-${(++engines).toString(36)}-${Math.floor(Math.random() * 0xffffffff).toString(36)}`;
  let counter = 0;
  const maxChain = options.maxDispatchChain ?? 1;
  if (!Number.isInteger(maxChain) || maxChain < 0 || maxChain > 16) throw new RangeError("maxDispatchChain is an integer from 0 to 16");
  const state: ChainState = {
    pending: new Map(),
    newId: options.newEventId ?? (() => `${prefix}-${(++counter).toString(36)}`),
    maxChain,
    maxPending: 4096,
  };
  const caseInsensitive = options.caseSensitive !== true;

  const evaluate = (event: AepEvent, ports: AepPorts = {}): AepConsequence[] => {
    const find = createTokenFinder(event, ports);
    const context = { find, ports, caseInsensitive };
    const matched: AepConsequence[] = [];
    for (const rule of rules) {
      if (!rule.condition(context)) continue;
      for (const { id, type, detail } of rule.consequences) {
        matched.push({ id, type, detail: expandTokens(detail, find) as Record<string, unknown> });
      }
    }
    return matched;
  };
  const process = (event: AepEvent, matched: readonly AepConsequence[], ports: AepPorts = {}): AepProcessResult =>
    processConsequences(event, matched, ports, state);

  return {
    size: rules.length,
    evaluate,
    process,
    processEvent(event, ports = {}) {
      const consequences = evaluate(event, ports);
      return { ...process(event, consequences, ports), consequences };
    },
  };
}
