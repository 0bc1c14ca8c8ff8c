import { randomBytes } from "node:crypto";
import { loadIngestEnv } from "../../functions/ingest/config.ts";
import { ingest } from "../../functions/ingest/ingest.ts";
import { parsePayload } from "../../functions/ingest/payload.ts";
import { benchProducer, freshTopic } from "../support/kafka.ts";
import { perSecond, round } from "../support/stats.ts";

/** One ingest run: `users` users in pages of `resultsPerRequest`, `concurrency` requests in flight. */
export interface IngestScenario {
  readonly resultsPerRequest: number;
  readonly concurrency: number;
  readonly users: number;
}

export interface IngestResult extends IngestScenario {
  readonly usersPerSecond: number;
  readonly requestsPerSecond: number;
  /** Requests per minute, to set beside the seed project's claim (50,000 API requests per minute). */
  readonly requestsPerMinute: number;
  readonly ratioToKafkaProduceCeiling: number;
  readonly produced: number;
  readonly failedRequests: number;
  readonly durationMs: number;
}

/**
 * source → ingest → Kafka: the ingest function's own code (in this process, as serverless-offline would run it)
 * fetching from the local source and producing to a fresh topic of `partitions` partitions, per scenario; compared
 * with the Kafka produce ceiling measured in the same run.
 *
 * @example
 * const rows = await ingestStage({ brokers, sourceUrl, partitions: 6, produceCeiling: 140_000, scenarios });
 */
export async function ingestStage(options: {
  brokers: string[];
  sourceUrl: string;
  partitions: number;
  produceCeiling: number;
  scenarios: readonly IngestScenario[];
}): Promise<IngestResult[]> {
  const topic = await freshTopic(options.brokers, "ingest", options.partitions);
  const deadLetters = await freshTopic(options.brokers, "ingest-dlq", 1);
  const env = loadIngestEnv({ SOURCE_URL: options.sourceUrl });
  const producer = benchProducer(options.brokers);
  const results: IngestResult[] = [];
  try {
    for (const scenario of options.scenarios) {
      const summary = await ingest(parsePayload({ ...scenario, seed: randomBytes(6).toString("hex") }, env), {
        usersTopic: topic,
        deadLetterTopic: deadLetters,
        send: async (messages) => {
          await producer.send({ messages });
        },
        remainingMs: () => 900_000,
        random: Math.random,
        newSeed: () => "unused",
        onRetry: () => {},
        onFailedRequest: (error) => process.stderr.write(`failed request: ${error.message}\n`),
      });
      const requestsPerSecond = perSecond(summary.requests, summary.durationMs);
      results.push({
        ...scenario,
        usersPerSecond: summary.usersPerSecond,
        requestsPerSecond,
        requestsPerMinute: requestsPerSecond * 60,
        ratioToKafkaProduceCeiling: round(summary.usersPerSecond / options.produceCeiling, 3),
        produced: summary.produced,
        failedRequests: summary.failedRequests,
        durationMs: summary.durationMs,
      });
    }
  } finally {
    await producer.close();
  }
  return results;
}
