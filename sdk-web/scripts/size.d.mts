export declare const BUDGETS: Record<string, { entry: string; target: number; ceiling: number }>;
export declare function measure(entry: string | { contents: string }): Promise<{ minified: number; gzipped: number; code: Uint8Array; metafile: unknown }>;
export declare function report(): Promise<{ name: string; minified: number; gzipped: number; budget?: number; overhead?: number; overheadBudget?: number }[]>;
export declare const OVERHEAD_BUDGETS: Record<string, number>;
export declare const ENGINE: { contents: string };
