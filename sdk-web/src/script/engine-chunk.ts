// The script tag's engine chunk (`sdk-engine.<hash>.js`): what the client needs to decide on the device.
import { compileDeviceRuleset, decide, profileInput } from "@edgewise/decision-engine/device";
import type { DeviceEngine } from "@edgewise/sdk-core";

(globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.engine")] = { compileDeviceRuleset, decide, profileInput } satisfies DeviceEngine;
