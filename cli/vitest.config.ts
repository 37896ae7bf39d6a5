import { defineConfig } from "vitest/config";
import { fromSource } from "../vitest.source.ts";

export default defineConfig({ ...fromSource, test: { include: ["test/**/*.test.ts"], environment: "node" } });
