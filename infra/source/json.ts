/**
 * A JSON writer that appends straight into a growing byte buffer: no intermediate string for the whole body, each
 * piece encoded by Node's native UTF-8 writer. Together with {@link isJsonSafe} tables, this lets the renderer write a
 * page of 5000 users in a few milliseconds, with the bytes `Buffer.from(JSON.stringify(value))` would give (the tests
 * compare them).
 */

/**
 * Whether a string can be written between quotes as is: no quote, backslash, control character or lone surrogate,
 * i.e. `JSON.stringify(text) === '"' + text + '"'`.
 *
 * @example
 * isJsonSafe("Zoë"); // true
 * isJsonSafe('say "hi"'); // false
 */
export function isJsonSafe(text: string): boolean {
  return JSON.stringify(text) === `"${text}"`;
}

/**
 * @example
 * const w = new JsonWriter(64);
 * w.json('{"name":"Zoë","seed":');
 * w.string(untrusted); // escaped as JSON.stringify would
 * w.json("}");
 * w.toBuffer();
 */
export class JsonWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 64));
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Appends text that is already valid JSON (punctuation, numbers, serialised values), UTF-8 encoded. */
  json(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, "utf8");
  }

  /** Appends any string as a JSON string literal, escaped as `JSON.stringify` escapes it. */
  string(value: string): void {
    this.json(JSON.stringify(value));
  }

  /** Appends a number as JSON writes it (`null` when not finite). */
  number(value: number): void {
    this.json(Number.isFinite(value) ? String(value) : "null");
  }

  /** The bytes written (a view, not a copy). */
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
