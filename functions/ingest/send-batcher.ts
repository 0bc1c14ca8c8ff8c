import type { OutgoingMessage } from "./ingest.ts";

/** Splits messages into consecutive chunks whose values add up to at most `maxBytes` (one message at least). */
export function chunkByBytes(messages: OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface SendBatcherOptions {
  /** Flush once this many value bytes are pending. */
  maxBytes: number;
  /** Flush at the latest this long after the first pending message arrived. */
  lingerMs: number;
}

interface Pending {
  messages: OutgoingMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers messages from concurrent callers into produce requests of up to `maxBytes`, so that many small pages cost
 * one request rather than one each. `add` resolves once its messages are acknowledged, and rejects if their request
 * failed; nothing is acknowledged to a caller before the broker has it.
 *
 * @example
 * const batcher = new SendBatcher((messages) => producer.send({ messages }), { maxBytes: 512 * 1024, lingerMs: 5 });
 * await Promise.all(pages.map((page) => batcher.add(page.messages)));
 */
export class SendBatcher {
  readonly #send: (messages: OutgoingMessage[]) => Promise<void>;
  readonly #options: SendBatcherOptions;
  #pending: Pending[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(send: (messages: OutgoingMessage[]) => Promise<void>, options: SendBatcherOptions) {
    this.#send = send;
    this.#options = options;
  }

  add(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#pending.push({ messages, resolve, reject });
      this.#bytes += messages.reduce((sum, message) => sum + Buffer.byteLength(message.value), 0);
      if (this.#bytes >= this.#options.maxBytes) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#options.lingerMs);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    this.#bytes = 0;
    const send = async () => {
      for (const chunk of chunkByBytes(
        batch.flatMap((entry) => entry.messages),
        this.#options.maxBytes,
      )) {
        await this.#send(chunk);
      }
    };
    send().then(
      () => {
        for (const entry of batch) entry.resolve();
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }
}
