export declare const TARGET: string[];
export interface Built {
  name: string;
  code: Uint8Array;
}
export interface Size {
  minified: number;
  gzipped: number;
}
/** Builds the script tag's three files in memory. */
export declare function buildScriptTag(): Promise<{ sdk: Built; engine: Built; messages: Built }>;
/** Sizes in bytes (min+gzip) of each file and of all three. */
export declare function sizes(built: { sdk: Built; engine: Built; messages: Built }): { sdk: Size; engine: Size; messages: Size; total: Size };
/** Builds the script tag into dist/ and edge/public/v1/; returns its sizes in bytes. */
export declare function buildAll(): Promise<{ sdk: Size; engine: Size; messages: Size; total: Size }>;
