import { randomUUID } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ProduceAcks, Producer, type SASLOptions, stringSerializers } from "@platformatic/kafka";
import type { FailureDestination } from "./destination.ts";
import { DestinationError } from "./errors.ts";
import type { KafkaInputRecord } from "./event.ts";
import { buildFailureRecord, buildKafkaDestinationMessages, type FailureContext } from "./failure-record.ts";

/**
 * Delivers failure records to a mapping's on-failure destination: SQS `SendMessage`, S3 `PutObject`, or a Kafka
 * topic (`kafka://<topic>`, produced to the mapping's own cluster, with the mapping's SASL login). SQS and S3 go to the AWS endpoint the SDK
 * resolves by itself (`AWS_ENDPOINT_URL` locally, e.g. moto; AWS otherwise). SNS needs `@aws-sdk/client-sns`, which
 * this project does not install: such a mapping is refused at start.
 */

/** Sends one failed batch (or its expired prefix) to the destination; throws {@link DestinationError} on failure. */
export interface FailureSender {
  send(context: FailureContext, records: readonly KafkaInputRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** What a sender needs to know about the mapping. */
export interface FailureSenderOptions {
  readonly destination: FailureDestination;
  readonly bootstrapServers: readonly string[];
  readonly region: string;
  /** The mapping's UUID: S3 object keys start with `aws/lambda/<uuid>/`. */
  readonly mappingUuid: string;
  readonly clientId?: string;
  /** The mapping's SASL login, used by a Kafka destination's producer (the mapping's own cluster). */
  readonly sasl?: SASLOptions | undefined;
}

/** The queue name and owner account of an SQS ARN. */
function queueOfArn(arn: string): { name: string; account: string } {
  const [, , , , account = "", name = ""] = arn.split(":");
  return { name, account };
}

/**
 * The S3 object key AWS uses for a failed Kafka batch:
 * `aws/lambda/<ESM-UUID>/<topic-partition>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random>`.
 *
 * @example
 * s3ObjectKey("uuid", "users.raw-0", new Date("2026-01-02T03:04:05Z"), "r");
 * // "aws/lambda/uuid/users.raw-0/2026/01/02/2026-01-02T03.04.05-r"
 */
export function s3ObjectKey(uuid: string, partitionKey: string, at: Date, random: string): string {
  const iso = at.toISOString();
  const [date = "", time = ""] = iso.split("T");
  const [y, m, d] = date.split("-");
  return `aws/lambda/${uuid}/${partitionKey}/${y}/${m}/${d}/${date}T${time.slice(0, 8).replaceAll(":", ".")}-${random}`;
}

/**
 * Creates the sender for a destination.
 *
 * @throws {DestinationError} for an SNS destination (no SNS client installed).
 * @example
 * const sender = createFailureSender({ destination: { type: "kafka", topic: "users.failed" },
 *   bootstrapServers: ["127.0.0.1:9092"], region: "us-east-1", mappingUuid: mapping.uuid });
 * await sender.send(context, records);
 */
export function createFailureSender(options: FailureSenderOptions): FailureSender {
  const { destination } = options;
  switch (destination.type) {
    case "sqs":
      return sqsSender(options, destination);
    case "s3":
      return s3Sender(options, destination.bucket);
    case "kafka":
      return kafkaSender(options, destination.topic);
    case "sns":
      throw new DestinationError(
        `SNS on-failure destinations (${destination.arn}) need @aws-sdk/client-sns, which is not installed`,
      );
  }
}

function wrap(what: string, error: unknown): DestinationError {
  return new DestinationError(`sending the failure record to ${what} failed`, { cause: error });
}

function sqsSender(
  options: FailureSenderOptions,
  destination: { arn?: string | undefined; url?: string | undefined },
): FailureSender {
  const client = new SQSClient({ region: options.region });
  let queueUrl: string | undefined = destination.url;
  const what = destination.url ?? destination.arn ?? "sqs";
  return {
    async send(context, records) {
      try {
        if (queueUrl === undefined) {
          const { name, account } = queueOfArn(destination.arn ?? "");
          const found = await client.send(
            new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
          );
          queueUrl = found.QueueUrl;
        }
        await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify(buildFailureRecord(context, records, "sqs")),
          }),
        );
      } catch (error) {
        throw wrap(what, error);
      }
    },
    async close() {
      client.destroy();
    },
  };
}

function s3Sender(options: FailureSenderOptions, bucket: string): FailureSender {
  const client = new S3Client({ region: options.region, forcePathStyle: true });
  return {
    async send(context, records) {
      const first = records[0];
      const partitionKey = first ? `${first.topic}-${first.partition}` : "unknown";
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: s3ObjectKey(options.mappingUuid, partitionKey, new Date(context.timestampMs), randomUUID()),
            Body: JSON.stringify(buildFailureRecord(context, records, "s3")),
            ContentType: "application/json",
          }),
        );
      } catch (error) {
        throw wrap(`s3://${bucket}`, error);
      }
    },
    async close() {
      client.destroy();
    },
  };
}

function kafkaSender(options: FailureSenderOptions, topic: string): FailureSender {
  let producer: Producer<Buffer, string, string, string> | undefined;
  return {
    async send(context, records) {
      producer ??= new Producer<Buffer, string, string, string>({
        clientId: options.clientId ?? "esm-failure-destination",
        bootstrapBrokers: [...options.bootstrapServers],
        retries: 5,
        retryDelay: 100,
        acks: ProduceAcks.ALL,
        serializers: { ...stringSerializers, key: (key?: Buffer) => key },
        ...(options.sasl ? { sasl: options.sasl } : {}),
      });
      try {
        await producer.send({
          messages: buildKafkaDestinationMessages(context, records).map((message) => ({
            topic,
            ...(message.key === null ? {} : { key: message.key }),
            value: JSON.stringify(message.value),
          })),
        });
      } catch (error) {
        throw wrap(`kafka://${topic}`, error);
      }
    },
    async close() {
      await producer?.close();
    },
  };
}
