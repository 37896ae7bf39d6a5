import { afterEach, beforeAll, vi } from "vitest";

// @react-native-async-storage/async-storage/jest/async-storage-mock.js wraps its methods in `jest.fn`.
(globalThis as unknown as { jest: { fn: typeof vi.fn } }).jest = { fn: vi.fn };

afterEach(async () => {
  const { cleanUp } = await import("./helpers.ts");
  await cleanUp();
});

// The client loads the engine with `import()` when it first decides on the device. Loaded once here,
// so that tests which count on time (a manual clock) do not race the first, cold module load.
beforeAll(async () => {
  await import("@edgewise/decision-engine/device");
});
