/**
 * The script tag's chunks: `sdk.js` renders placements decided at the edge on its own; the engine
 * (to decide on the device) and the message renderer are separate files beside it, named by their
 * content's hash (cached for a year), loaded with `<script>` (and the tag's CSP nonce) on first need.
 */
let base = "";
let nonce: string | undefined;
const loads = new Map<string, Promise<unknown>>();

/** Where the chunks are (the URL of `sdk.js`) and the nonce its tag carries. */
export function chunksBeside(scriptUrl: string, scriptNonce?: string): void {
  base = scriptUrl;
  nonce = scriptNonce || undefined;
}

/** Loads `file` once; resolves with what it registered under `Symbol.for(key)`. */
export function loadChunk<T>(file: string, key: string): Promise<T> {
  let load = loads.get(file) as Promise<T> | undefined;
  if (!load) {
    load = new Promise<T>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(file, base || location.href).href;
      script.async = true;
      if (nonce) script.nonce = nonce;
      script.onload = () => {
        const value = (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
        if (value) resolve(value as T);
        else reject(new Error(`${file} did not register ${key}`));
      };
      script.onerror = () => reject(new Error(`${file} could not be loaded`));
      document.head.append(script);
    }).catch((error: unknown) => {
      loads.delete(file);
      throw error;
    });
    loads.set(file, load);
  }
  return load;
}
