export interface BudgetRow {
  /** An esbuild entry, or… */
  entry?: string;
  /** …a file of the script-tag build (`sdk`, `engine`, `messages`) or all of them (`total`). */
  script?: "sdk" | "engine" | "messages" | "total";
  target: number;
  ceiling: number;
}
export declare const BUDGETS: Record<string, BudgetRow>;
export declare function measure(entry: string | { contents: string }): Promise<{ minified: number; gzipped: number; code: Uint8Array; metafile: unknown }>;
export declare function sizeOf(row: BudgetRow): Promise<{ minified: number; gzipped: number; code: Uint8Array }>;
export declare function report(): Promise<{ name: string; minified: number; gzipped: number; budget?: number; overhead?: number; overheadBudget?: number }[]>;
export declare const OVERHEAD_BUDGETS: Record<string, number>;
export declare const ENGINE: { contents: string };
