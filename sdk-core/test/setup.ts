import { beforeAll } from "vitest";

// The client loads the engine with `import()` when it first decides on the device. Loaded once here,
// so that tests which count on time (a manual clock) do not race the first, cold module load.
beforeAll(async () => {
  await import("@edgewise/decision-engine/device");
});
