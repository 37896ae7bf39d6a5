/**
 * @edgewise/decision-engine — a portable, dependency-free rule and offer decision engine.
 *
 * @example
 * import { applyRule, compileRule, compileCatalog, decide } from "@edgewise/decision-engine";
 * applyRule({ ">": [{ var: "a" }, 1] }, { a: 2 }); // true
 */
export { applyRule, compileRule } from "./rules/compiler.ts";
export { RuleCompileError, EvaluationError } from "./rules/errors.ts";
export type { HistoryEvent, OperatorDefinition, OperatorTable, Scope, Evaluator, CompileContext } from "./rules/types.ts";
export { compileCatalog, compileDeviceRuleset, compileRuleset } from "./decide/compile-catalog.ts";
export { CatalogError, type CatalogProblem } from "./decide/errors.ts";
export { catalogWarnings } from "./decide/warnings.ts";
export { decide } from "./decide/decide.ts";
export type { DecideInput, DecideResult, Decision, Explanation, CandidateExplanation, Outcome } from "./decide/decide.ts";
export { clientRuleset } from "./decide/ruleset.ts";
export { withRealtimeAudiences, type AudienceInput } from "./decide/audiences.ts";
export type { CompiledCatalog } from "./decide/compiled.ts";
export type * from "./decide/catalog-types.ts";
export { isDeepLink, isDeepLinkScheme, isSafeUrl, parseUrl, safeUrl, type ParsedUrl } from "./decide/url.ts";
export { parseInstant } from "./time/instant.ts";
export { parseDuration, addDuration } from "./time/duration.ts";
export { JOURNEY_LIMITS, compileActionBody } from "./decide/journeys.ts";
export { compileContent, TemplateErrors, type ContentTemplate, type RenderOptions, type TemplateErrorEntry } from "./template/index.ts";
export { conditionReads, offerCondition, type ConditionRead } from "./decide/reads.ts";
export { channelOf, type Channel } from "./decide/channels.ts";
export { evaluationContext, type EvaluationContext } from "./decide/decide.ts";
export { profileInput, type ProfileInput, type ProfileParts } from "./decide/profile-input.ts";
