/**
 * A counting semaphore: bounds how many partitions of a mapping invoke at the same time (its concurrency).
 *
 * @example
 * const slots = new Semaphore(2);
 * const release = await slots.acquire();
 * try { await invoke(); } finally { release(); }
 */
export class Semaphore {
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`semaphore size must be ≥ 1, got ${size}`);
    this.#free = size;
  }

  /** Slots free right now. */
  get free(): number {
    return this.#free;
  }

  /** Waits for a slot; call the returned function once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) {
      this.#free -= 1;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#free += 1;
    };
  }
}
