/**
 * @edgewise/decision-engine/adobe — Adobe formats: AEP mobile rulesets (and Adobe Target).
 */
export * from "./aep/index.ts";
export * from "./target/index.ts";
