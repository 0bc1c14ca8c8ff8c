/** Per-mapping counters, monotonic since the mapping started. */
export interface MappingCounters {
  /** Records read from Kafka. */
  received: number;
  /** Records the filters dropped (committed, never invoked). */
  filtered: number;
  /** Batches closed by the batcher. */
  batches: number;
  /** Records handed to the function in successful invocations (the delivered records, retries not double-counted). */
  records: number;
  /** Invocations made (retries and bisected halves included). */
  invocations: number;
  /** Invocations that failed: function error, invalid partial response, or transport error. */
  errors: number;
  /** Invocations that reported some records as failed (ReportBatchItemFailures). */
  partialFailures: number;
  /** Retries scheduled. */
  retries: number;
  /** Batches split in two (BisectBatchOnFunctionError). */
  bisects: number;
  /** Records given up on (retries exhausted, too old, too large). */
  discarded: number;
  /** Records delivered to the on-failure destination. */
  sentToDestination: number;
  /** Failed deliveries to the on-failure destination (retried). */
  destinationErrors: number;
  /** Offset commits that failed (retried). */
  commitErrors: number;
  /** Times reading was paused because the partition queues were full. */
  pauses: number;
  /** Times the Kafka stream failed (e.g. the broker was away longer than the client's retries) and was reopened. */
  reconnects: number;
}

/**
 * All-zero counters.
 *
 * @example
 * const counters = newCounters(); counters.batches += 1;
 */
export function newCounters(): MappingCounters {
  return {
    received: 0,
    filtered: 0,
    batches: 0,
    records: 0,
    invocations: 0,
    errors: 0,
    partialFailures: 0,
    retries: 0,
    bisects: 0,
    discarded: 0,
    sentToDestination: 0,
    destinationErrors: 0,
    commitErrors: 0,
    pauses: 0,
    reconnects: 0,
  };
}
