/**
 * `@edgewise/decision-engine/device`: what a device needs to decide — compiling a client ruleset
 * (without the publish-time validation), deciding, and the one evaluation context. The SDKs load it
 * on first need with a dynamic import; a subpath of its own so that the import keeps only this.
 *
 * @example
 * const { compileDeviceRuleset, decide, profileInput } = await import("@edgewise/decision-engine/device");
 */
export { compileDeviceRuleset } from "./decide/compile-catalog.ts";
export { decide } from "./decide/decide.ts";
export { profileInput } from "./decide/profile-input.ts";
