import { PREVIEW_PARAMETER, PREVIEW_TOKEN_MAX_LENGTH, type CoreClient } from "@edgewise/sdk-core";

/**
 * The preview token of a link the app was opened with (`myshop://home?edgewise_preview=…`), if it
 * carries one. Read by hand rather than with `URL`: React Native's `URL` does not implement
 * `searchParams`. Nothing is judged here: the edge verifies the token's signature and expiry.
 *
 * @example previewToken("myshop://home?edgewise_preview=eyJv.x1") // "eyJv.x1"
 */
export function previewToken(url: string): string | undefined {
  const query = url.split("#")[0]!.split("?").slice(1).join("?");
  for (const pair of query.split("&")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at) !== PREVIEW_PARAMETER) continue;
    try {
      const token = decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      return token && token.length <= PREVIEW_TOKEN_MAX_LENGTH ? token : undefined;
    } catch {
      return undefined; // malformed percent-encoding
    }
  }
  return undefined;
}

/** The part of React Native's `Linking` that `watchPreviewLinks` uses. */
export interface LinkingLike {
  getInitialURL(): Promise<string | null>;
  addEventListener(type: "url", listener: (event: { url: string }) => void): { remove(): void };
}

/**
 * Starts a preview whenever the app is opened from a preview link, at launch or while it runs
 * (`Linking` of React Native, or its shape). Links without a preview token are left alone. The
 * preview lasts until `client.preview(null)` (the overlay's "Exit preview") or the app's process
 * ends: it is not stored. Returns the function that stops listening.
 *
 * @example watchPreviewLinks(edgewise, Linking)
 */
export function watchPreviewLinks(client: Pick<CoreClient, "preview">, linking: LinkingLike): () => void {
  const take = (url: string | null) => {
    const token = url ? previewToken(url) : undefined;
    if (token) client.preview(token);
  };
  linking.getInitialURL().then(take, () => undefined);
  const subscription = linking.addEventListener("url", ({ url }) => take(url));
  return () => subscription.remove();
}
