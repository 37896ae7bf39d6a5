import type { OperatorTable } from "../types.ts";

/** Edgewise's extension operators (placeholder until they land). */
export const extensionOperators: OperatorTable = {};
