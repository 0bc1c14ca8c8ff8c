import { randomBytes } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { closeKafkaProducer, connectKafkaProducer } from "../shared/kafka.ts";
import { closeClientsOnLocalInvoke } from "../shared/local-invoke.ts";
import { loadIngestEnv } from "./config.ts";
import { type IngestSummary, ingest } from "./ingest.ts";
import { parsePayload } from "./payload.ts";

const logger = new Logger({ serviceName: "ingest" });
const metrics = new Metrics({ namespace: "realtime-data-streaming", serviceName: "ingest" });
const env = loadIngestEnv();

async function run(event: unknown, context: Context): Promise<IngestSummary> {
  const payload = parsePayload(event, env);
  const producer = await connectKafkaProducer();
  const summary = await ingest(payload, {
    usersTopic: env.USERS_RAW_TOPIC,
    deadLetterTopic: env.DEAD_LETTER_TOPIC,
    send: async (messages) => {
      if (messages.length > 0) await producer.send({ messages });
    },
    remainingMs: () => context.getRemainingTimeInMillis(),
    random: Math.random,
    newSeed: () => randomBytes(8).toString("hex"),
    onRetry: (reason) => logger.debug("retrying a source request", { reason }),
    onFailedRequest: (error) => logger.warn("a source request failed for good", { error }),
  });
  metrics.addMetric("UsersFetched", MetricUnit.Count, summary.fetched);
  metrics.addMetric("UsersProduced", MetricUnit.Count, summary.produced);
  metrics.addMetric("UsersInvalid", MetricUnit.Count, summary.invalid);
  metrics.addMetric("SourceRetries", MetricUnit.Count, summary.retries);
  metrics.addMetric("SourceFailedRequests", MetricUnit.Count, summary.failedRequests);
  metrics.addMetric("UsersPerSecond", MetricUnit.CountPerSecond, summary.usersPerSecond);
  logger.info("ingest finished", { summary });
  return summary;
}

/**
 * The `ingest` Lambda: fetches users from the Random User API and produces them to `users.raw`.
 *
 * @example
 * // payload (every field optional; defaults from the environment)
 * { "users": 10000, "resultsPerRequest": 500, "concurrency": 8, "sourceUrl": "https://randomuser.me/api/", "seed": "demo" }
 */
export const handler = middy<unknown, IngestSummary, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(closeClientsOnLocalInvoke([closeKafkaProducer]))
  .handler(run);
