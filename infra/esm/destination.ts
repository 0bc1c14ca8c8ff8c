import { z } from "zod";

/**
 * On-failure destinations of a Kafka event source mapping. AWS names them by ARN (SQS queue, SNS topic, S3 bucket)
 * or as `kafka://<topic>` (https://docs.aws.amazon.com/lambda/latest/api/API_OnFailure.html); osls 4 passes the
 * kafka event's `onFailureDestination` string through unchanged, so both forms are accepted here, plus a structured
 * form for `custom.kafkaEventSourceMappings` that can also name an SQS queue by URL (handy against a local endpoint).
 */

/** Where failed records go. */
export type FailureDestination =
  | { readonly type: "sqs"; readonly arn?: string | undefined; readonly url?: string | undefined }
  | { readonly type: "sns"; readonly arn: string }
  | { readonly type: "s3"; readonly bucket: string }
  | { readonly type: "kafka"; readonly topic: string };

const ARN = /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const KAFKA_PREFIX = "kafka://";

/** A Kafka topic name as Kafka allows it (and Lambda's Topics parameter). */
export const kafkaTopicSchema = z
  .string()
  .regex(KAFKA_TOPIC, "a Kafka topic name is 1–249 characters of a-z, A-Z, 0-9, '.', '_' and '-'")
  .refine((topic) => topic !== "." && topic !== "..", "a Kafka topic cannot be named '.' or '..'");

/** The structured destination form accepted in `custom.kafkaEventSourceMappings`. */
export const destinationObjectSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("sqs"),
      arn: z
        .string()
        .regex(/^arn:aws[a-zA-Z0-9-]*:sqs:[a-z0-9-]+:\d{12}:.+$/, "an SQS queue ARN")
        .optional(),
      url: z.url().optional(),
    })
    .refine(
      (sqs) => sqs.arn !== undefined || sqs.url !== undefined,
      "an SQS destination needs an arn or a url",
    ),
  z.strictObject({
    type: z.literal("sns"),
    arn: z.string().regex(/^arn:aws[a-zA-Z0-9-]*:sns:[a-z0-9-]+:\d{12}:.+$/, "an SNS topic ARN"),
  }),
  z.strictObject({ type: z.literal("s3"), bucket: z.string().regex(S3_BUCKET, "an S3 bucket name") }),
  z.strictObject({ type: z.literal("kafka"), topic: kafkaTopicSchema }),
]);

/**
 * Parses AWS's destination string: an SQS, SNS or S3 ARN, or `kafka://<topic>`.
 *
 * @returns the destination, or a message saying what is wrong.
 * @example
 * parseDestination("arn:aws:sqs:us-east-1:123456789012:dlq"); // { type: "sqs", arn: "arn:aws:sqs:…:dlq" }
 * parseDestination("kafka://users.failed");                   // { type: "kafka", topic: "users.failed" }
 * parseDestination("arn:aws:s3:::my-bucket");                 // { type: "s3", bucket: "my-bucket" }
 */
export function parseDestination(text: string): FailureDestination | string {
  if (text.startsWith(KAFKA_PREFIX)) {
    const topic = text.slice(KAFKA_PREFIX.length);
    return kafkaTopicSchema.safeParse(topic).success
      ? { type: "kafka", topic }
      : `invalid Kafka topic in ${text}`;
  }
  const match = ARN.exec(text);
  if (!match) return `${JSON.stringify(text)} is neither an ARN nor kafka://<topic>`;
  const [, , service, region, account, resource] = match;
  switch (service) {
    case "sqs":
    case "sns":
      if (!region || !account || resource?.includes(":"))
        return `${text} is not an ${service.toUpperCase()} ARN`;
      return { type: service, arn: text };
    case "s3":
      if (region || account || !S3_BUCKET.test(resource ?? "")) return `${text} is not an S3 bucket ARN`;
      return { type: "s3", bucket: resource as string };
    default:
      return `${text}: a Kafka mapping's on-failure destination is an SQS queue, SNS topic, S3 bucket or kafka://<topic>`;
  }
}
