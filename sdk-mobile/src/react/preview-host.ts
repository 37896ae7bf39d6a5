import { watchPreview, type CoreClient, type PreviewWatch } from "@edgewise/sdk-core";

const watches = new WeakMap<CoreClient, PreviewWatch>();

/**
 * The client's preview watch, one per client: `createClient` of `/react-native` starts it at once,
 * so `<EdgewisePreview/>` mounted later still knows the decisions made under a preview before it.
 */
export function previewWatch(client: CoreClient): PreviewWatch {
  let watch = watches.get(client);
  if (!watch) watches.set(client, (watch = watchPreview(client)));
  return watch;
}
