/**
 * AEP mobile rulesets ("Launch rules", as Adobe Journey Optimizer publishes them) for
 * `@edgewise/decision-engine/adobe`.
 */
export { createAepRulesEngine, MAX_RULES, type AepEngineOptions, type AepRulesEngine } from "./engine.ts";
export { AepRulesetError, MAX_CONDITION_DEPTH } from "./conditions.ts";
export { AEP } from "./types.ts";
export type {
  AepConsequence,
  AepEvent,
  AepEventData,
  AepEventHistory,
  AepHistoryResult,
  AepPortError,
  AepPorts,
  AepProcessResult,
} from "./types.ts";
