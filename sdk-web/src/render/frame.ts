/** What an `html` message may ask of the page through its bridge. */
export type FrameRequest = { type: "dismiss" } | { type: "url"; url: string } | { type: "custom"; name: string };

/**
 * The document of an `html` message, with a bridge script prepended: `edgewise.close()`,
 * `edgewise.open(url)` and `edgewise.action(name)` post to the parent with the frame's random
 * channel id (the frame is sandboxed without `allow-same-origin`, so it has an opaque origin and
 * cannot touch the page itself).
 */
export function frameDocument(html: string, channel: string, nonce?: string): string {
  const bridge =
    `<script${nonce ? ` nonce="${nonce.replace(/[^\w+/=-]/g, "")}"` : ""}>(function(c){function s(t,v){parent.postMessage({edgewise:c,type:t,value:v},"*")}` +
    `window.edgewise={close:function(){s("dismiss")},open:function(u){s("url",String(u))},action:function(n){s("custom",String(n))}};` +
    `addEventListener("keydown",function(e){e.key==="Escape"&&s("dismiss")})})("${channel}")</script>`;
  const head = /<head[^>]*>/i.exec(html);
  return head ? html.slice(0, head.index + head[0].length) + bridge + html.slice(head.index + head[0].length) : bridge + html;
}

/**
 * Listens to one frame's bridge: accepts a message only when it comes from that frame's window
 * (source identity, opaque origin "null") and carries its channel id; returns the unsubscribe.
 * A URL is passed on as a string: the presenter judges it (`safeUrl`, with the declared deep-link schemes).
 */
export function listenToFrame(frame: HTMLIFrameElement, channel: string, onRequest: (request: FrameRequest) => void): () => void {
  const handler = (event: MessageEvent) => {
    const data = event.data as { edgewise?: unknown; type?: unknown; value?: unknown } | null;
    if (event.source !== frame.contentWindow || event.origin !== "null" || data?.edgewise !== channel) return;
    if (data.type === "dismiss") onRequest({ type: "dismiss" });
    else if (data.type === "url" && typeof data.value === "string") onRequest({ type: "url", url: data.value });
    else if (data.type === "custom" && typeof data.value === "string") onRequest({ type: "custom", name: data.value });
  };
  addEventListener("message", handler);
  return () => removeEventListener("message", handler);
}
