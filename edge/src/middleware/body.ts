import type { Context } from "hono";
import { ApiError } from "../errors.ts";
import { drainReader } from "../domain/shared/streams.ts";
import { checkDepth, JSON_DEPTH } from "../domain/shared/checks.ts";

/** Request body limits, in bytes. */
export const BODY_LIMITS = {
  decide: 64 * 1024,
  events: 1024 * 1024,
  catalog: 5 * 1024 * 1024,
} as const;

function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** 415 unless the request's content type is one of `accepted` (parameters such as charset are fine). */
export function requireContentType(c: Context, accepted: readonly string[]): void {
  const type = mediaType(c);
  if (!accepted.includes(type)) {
    throw new ApiError(415, "unsupported_media_type", `expected content-type ${accepted.join(" or ")}`);
  }
}

/** 413 early when the declared length is over the limit (the stream is checked as it is read too). */
function checkDeclaredLength(c: Context, limit: number): void {
  const declared = Number(c.req.header("content-length"));
  if (Number.isFinite(declared) && declared > limit) tooLarge(limit);
}

function tooLarge(limit: number): never {
  throw new ApiError(413, "payload_too_large", `request body is larger than ${limit} bytes`);
}

/** Reads at most `limit` bytes of the body; 413 past that, without keeping the rest. */
export async function readBodyBytes(c: Context, limit: number): Promise<Uint8Array> {
  checkDeclaredLength(c, limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  if (c.req.header("content-length") !== undefined) {
    // A declared length within the limit (checked above): the runtime holds the body to it.
    const bytes = new Uint8Array(await c.req.raw.arrayBuffer());
    if (bytes.byteLength > limit) tooLarge(limit);
    return bytes;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drainReader(reader);
      tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A JSON body: 415 for another content type, 413 past `limit`, 400 (path `$`) when not JSON or not
 * UTF-8, 400 `too_deep` past `maxDepth` levels of nesting.
 */
export async function readJsonBody(c: Context, limit: number, maxDepth: number = JSON_DEPTH.body): Promise<unknown> {
  requireContentType(c, ["application/json"]);
  const bytes = await readBodyBytes(c, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid UTF-8", "$");
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid JSON", "$");
  }
  checkDepth(value, maxDepth);
  return value;
}
