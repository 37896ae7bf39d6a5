// What a catalog preview shows, in words: the text alternative under each (inert) preview frame.
// Shared by the web SDK's preview frame (catalog-preview-frame.ts) and the console's app previews.

/** The parts of a message the words name (a message decision's `message`, whatever it holds). */
export interface DescribedMessage {
  layout?: unknown;
  title?: unknown;
  body?: unknown;
  buttons?: unknown;
}

/**
 * A message in words: layout, title, body and buttons; `html` says where an html layout's HTML runs.
 *
 * @example describeMessage({ layout: "banner", title: "Hi", buttons: [{ label: "Go" }] }) // 'banner message titled "Hi" with buttons Go'
 */
export function describeMessage(message: DescribedMessage, html = "its HTML in the SDK's sandboxed frame"): string {
  const buttons = (Array.isArray(message.buttons) ? message.buttons : []).map((b: { label?: unknown } | null) => b?.label).filter(Boolean);
  const parts = [`${String(message.layout)} message`, message.title && `titled "${String(message.title)}"`, message.body && `saying "${String(message.body)}"`, buttons.length > 0 && `with buttons ${buttons.join(", ")}`, message.layout === "html" && `(${html})`];
  return parts.filter(Boolean).join(" ");
}
