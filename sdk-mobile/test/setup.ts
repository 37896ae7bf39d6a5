import { afterEach, vi } from "vitest";

// @react-native-async-storage/async-storage/jest/async-storage-mock.js wraps its methods in `jest.fn`.
(globalThis as unknown as { jest: { fn: typeof vi.fn } }).jest = { fn: vi.fn };

afterEach(async () => {
  const { cleanUp } = await import("./helpers.ts");
  await cleanUp();
});
