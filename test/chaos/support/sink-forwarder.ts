import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { KafkaEventLike } from "../../integration/infra/esm/support/fake-lambda.ts";
import { invokeRaw } from "../../support/ingest-invoke.ts";

/** The sink as serverless-offline serves it. */
export const SINK_FUNCTION = "realtime-data-streaming-local-sink";

/**
 * Invokes the real sink with an event read from a throwaway topic, as its own mapping on users.processed would: the
 * records are re-labelled as users.processed (the sink picks the table by topic) and the batch item failures it
 * answers are labelled back. Throws when the sink fails, as the function itself would.
 *
 * @example
 * fake.handler = (event) => forwardToSink(lambda, event, topic);
 */
export async function forwardToSink(
  lambda: LambdaClient,
  event: KafkaEventLike,
  topic: string,
): Promise<{ batchItemFailures: { itemIdentifier: { partition: string; offset: number } }[] }> {
  const records = Object.fromEntries(
    Object.entries(event.records).map(([key, list]) => [
      key.replace(topic, "users.processed"),
      list.map((record) => ({ ...record, topic: "users.processed" })),
    ]),
  );
  const outcome = await invokeRaw(lambda, SINK_FUNCTION, JSON.stringify({ ...event, records }));
  if (outcome.kind !== "ok") throw new Error(`the sink failed: ${JSON.stringify(outcome).slice(0, 500)}`);
  const failures = (outcome.result.batchItemFailures ?? []) as {
    itemIdentifier: { partition: string; offset: number };
  }[];
  return {
    batchItemFailures: failures.map((f) => ({
      itemIdentifier: {
        ...f.itemIdentifier,
        partition: f.itemIdentifier.partition.replace("users.processed", topic),
      },
    })),
  };
}
