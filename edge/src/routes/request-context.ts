import type { JsonObject } from "../domain/shared/checks.ts";

/**
 * The evaluation context's `context` part: what the edge knows about the request (geo from
 * `request.cf`, the user agent, the locale from `accept-language`) under what the client sent —
 * the client wins field by field, `geo` merged one level deep.
 */
export function mergeRequestContext(request: Request, client: JsonObject): JsonObject {
  const edge = edgeContext(request);
  const merged: JsonObject = { ...edge, ...client };
  const edgeGeo = edge["geo"];
  const clientGeo = client["geo"];
  if (isRecord(edgeGeo) && isRecord(clientGeo)) merged["geo"] = { ...edgeGeo, ...clientGeo };
  return merged;
}

function edgeContext(request: Request): JsonObject {
  const context: JsonObject = {};
  const cf = (request as Request & { cf?: IncomingRequestCfProperties }).cf;
  const geo: JsonObject = {};
  if (typeof cf?.country === "string") geo["country"] = cf.country;
  if (typeof cf?.regionCode === "string") geo["region"] = cf.regionCode;
  else if (typeof cf?.region === "string") geo["region"] = cf.region;
  if (typeof cf?.city === "string") geo["city"] = cf.city;
  if (Object.keys(geo).length > 0) context["geo"] = geo;
  const userAgent = request.headers.get("user-agent");
  if (userAgent) context["userAgent"] = userAgent.slice(0, 512);
  const locale = preferredLocale(request.headers.get("accept-language"));
  if (locale) context["locale"] = locale;
  return context;
}

/** The first language tag of an `accept-language` header, by quality (`pt-BR,pt;q=0.9` → `pt-BR`). */
export function preferredLocale(header: string | null): string | undefined {
  if (!header) return undefined;
  let best: { tag: string; q: number } | undefined;
  for (const part of header.split(",")) {
    const [tagPart, ...params] = part.trim().split(";");
    const tag = tagPart?.trim() ?? "";
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best?.tag;
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
