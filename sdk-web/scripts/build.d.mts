export declare const TARGET: string[];
/** Builds dist/ and edge/public/v1/sdk.js; returns the script-tag build's sizes in bytes. */
export declare function buildAll(): Promise<{ minified: number; gzipped: number }>;
