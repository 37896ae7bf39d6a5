import type { compileDeviceRuleset, decide, profileInput } from "@edgewise/decision-engine";

/**
 * What the client needs of the decision engine to decide on the device: compiling a ruleset,
 * deciding, and the one evaluation context. A page that only asks the edge never loads it.
 */
export interface DeviceEngine {
  compileDeviceRuleset: typeof compileDeviceRuleset;
  decide: typeof decide;
  profileInput: typeof profileInput;
}

/**
 * Loads the engine when the client first decides on the device (local or hybrid mode, a `track`
 * with trigger offers, or the edge out of reach). A dynamic import: bundlers that split code put the
 * engine in its own chunk. The web SDK's script tag replaces this module at build time with one
 * that loads its engine chunk (`sdk-web/src/script/`).
 */
export const loadEngine = (): Promise<DeviceEngine> => import("@edgewise/decision-engine/device");
