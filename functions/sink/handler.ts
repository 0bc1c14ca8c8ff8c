import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { closeCassandraClient, connectCassandra } from "../shared/cassandra.ts";
import { closeKafkaProducer, connectKafkaProducer } from "../shared/kafka.ts";
import { kafkaRecords } from "../shared/kafka-event.ts";
import { closeClientsOnLocalInvoke } from "../shared/local-invoke.ts";
import { loadSinkEnv } from "./config.ts";
import { type KafkaBatchResponse, sink } from "./sink.ts";
import { writeRows } from "./writer.ts";

const logger = new Logger({ serviceName: "sink" });
const metrics = new Metrics({ namespace: "realtime-data-streaming", serviceName: "sink" });
const env = loadSinkEnv();

async function run(event: unknown): Promise<KafkaBatchResponse> {
  const records = kafkaRecords(event);
  const { response, summary } = await sink(records, {
    topics: {
      users: env.USERS_PROCESSED_TOPIC,
      stats: env.USERS_STATS_TOPIC,
      deadLetter: env.DEAD_LETTER_TOPIC,
    },
    write: async (rows) => writeRows(await connectCassandra(), rows, env.SINK_WRITE_CONCURRENCY),
    sendDeadLetters: async (messages) => {
      await (await connectKafkaProducer()).send({ messages });
    },
  });
  metrics.addMetric("RecordsWritten", MetricUnit.Count, summary.written);
  metrics.addMetric("RecordsDeadLettered", MetricUnit.Count, summary.deadLettered);
  metrics.addMetric("RecordsFailed", MetricUnit.Count, summary.failed);
  if (summary.failed > 0 || summary.deadLettered > 0) logger.warn("sink batch had problems", { summary });
  else logger.debug("sink batch stored", { summary });
  return response;
}

/**
 * The `sink` Lambda: stores `users.processed` and `users.stats` records from a Kafka event-source mapping in
 * Cassandra. Configure the mapping with `ReportBatchItemFailures`: rows that could not be written are returned as
 * batch item failures and retried; invalid records go to the dead-letter topic.
 *
 * @example
 * // sls invoke local -f sink --path test/fixtures/sink/users-processed-event.json
 */
export const handler = middy<unknown, KafkaBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(closeClientsOnLocalInvoke([closeKafkaProducer, closeCassandraClient]))
  .handler(run);
