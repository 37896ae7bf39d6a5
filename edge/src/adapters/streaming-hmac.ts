import { fromHex } from "../domain/identity/crypto.ts";

const BLOCK = 64;

/**
 * HMAC-SHA256 over a body that streams through (RFC 2104 on top of workerd's streaming SHA-256,
 * `crypto.DigestStream`), so a signed snapshot is verified without buffering it.
 */
export class StreamingHmac {
  private constructor(
    private readonly stream: DigestStream,
    private readonly writer: WritableStreamDefaultWriter<ArrayBuffer | ArrayBufferView>,
    private readonly outerPad: Uint8Array,
  ) {}

  static async create(secret: string): Promise<StreamingHmac> {
    let key = new TextEncoder().encode(secret);
    if (key.length > BLOCK) key = new Uint8Array(await crypto.subtle.digest("SHA-256", key));
    const inner = new Uint8Array(BLOCK);
    const outer = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      inner[i] = (key[i] ?? 0) ^ 0x36;
      outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
    const stream = new crypto.DigestStream("SHA-256");
    const writer = stream.getWriter();
    await writer.write(inner);
    return new StreamingHmac(stream, writer, outer);
  }

  update(chunk: Uint8Array): Promise<void> {
    return this.writer.write(chunk.slice());
  }

  async digest(): Promise<Uint8Array> {
    await this.writer.close();
    const inner = new Uint8Array(await this.stream.digest);
    const message = new Uint8Array(BLOCK + inner.length);
    message.set(this.outerPad);
    message.set(inner, BLOCK);
    return new Uint8Array(await crypto.subtle.digest("SHA-256", message));
  }

  /** Constant-time comparison with a header value `sha256=<hex>` (or bare hex). */
  async matches(header: string): Promise<boolean> {
    const expected = fromHex(header.trim().replace(/^sha256=/i, ""));
    const actual = await this.digest();
    if (!expected || expected.length !== actual.length) return false;
    return crypto.subtle.timingSafeEqual(expected, actual);
  }
}

/** The header carrying a snapshot's (or a part's) signature. */
export const SIGNATURE_HEADER = "x-edgewise-signature";
