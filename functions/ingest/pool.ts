/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight, in item order. Before starting each item it
 * asks `mayStart`; once that says no, the remaining items are left unstarted. The first error stops new starts, lets
 * the calls in flight finish, and is then thrown.
 *
 * @returns how many items were started.
 * @example
 * await runPool(pages, 8, fetchAndProduce, () => remainingMs() > 5_000);
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  mayStart: () => boolean = () => true,
): Promise<number> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && failure === undefined && mayStart()) {
      const item = items[next] as T;
      next += 1;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw failure.error;
  return next;
}
