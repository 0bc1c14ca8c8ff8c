import { z } from "zod";
import { destinationObjectSchema, kafkaTopicSchema } from "./destination.ts";

/**
 * The schemas of what serverless.yml says about Kafka event source mappings: the osls 4 `kafka` event
 * (node_modules/serverless/lib/plugins/aws/package/compile/events/kafka.js, checked against the Lambda API limits of
 * CreateEventSourceMapping) and the `custom.kafkaEventSourceMappings` section for the AWS settings osls does not carry.
 * All objects are strict: an unknown key is an error.
 */

const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d+:secret:[A-Za-z0-9/_+=.@-]+$/;
const secretArns = z.array(z.string().regex(SECRET_ARN, "a Secrets Manager secret ARN")).min(1);
// Lambda's SelfManagedEventSource endpoint pattern (API_SelfManagedEventSource): host:port.
const BOOTSTRAP_SERVER =
  /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]):[0-9]{1,5}$/;
const CONSUMER_GROUP_ID = /^[a-zA-Z0-9\-/*:_+=.@]*$/;

/** osls's accessConfigurations: at least one, vpcSubnet and vpcSecurityGroup together. */
export const accessConfigurationsSchema = z
  .strictObject({
    vpcSubnet: z
      .array(z.string().regex(/^subnet-[a-z0-9]+$/, "a subnet id (subnet-…)"))
      .min(1)
      .optional(),
    vpcSecurityGroup: z
      .array(z.string().regex(/^sg-[a-z0-9]+$/, "a security group id (sg-…)"))
      .min(1)
      .optional(),
    saslPlainAuth: secretArns.optional(),
    saslScram256Auth: secretArns.optional(),
    saslScram512Auth: secretArns.optional(),
    clientCertificateTlsAuth: secretArns.optional(),
    serverRootCaCertificate: secretArns.optional(),
  })
  .refine((access) => Object.keys(access).length > 0, "name at least one access configuration")
  .refine(
    (access) => (access.vpcSubnet === undefined) === (access.vpcSecurityGroup === undefined),
    "vpcSubnet and vpcSecurityGroup go together (osls: FUNCTION_KAFKA_VPC_ACCESS_CONFIGURATION_INVALID)",
  );

/** The osls 4 `kafka` event, with AWS's value ranges. */
export const kafkaEventSchema = z
  .strictObject({
    topic: kafkaTopicSchema,
    bootstrapServers: z
      .array(z.string().max(300).regex(BOOTSTRAP_SERVER, "a bootstrap server is host:port"))
      .min(1)
      .max(10),
    accessConfigurations: accessConfigurationsSchema,
    batchSize: z.int().min(1).max(10_000).optional(),
    maximumBatchingWindow: z
      .int("whole seconds (MaximumBatchingWindowInSeconds is an integer)")
      .min(0)
      .max(300)
      .optional(),
    enabled: z.boolean().optional(),
    startingPosition: z.enum(["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]).optional(),
    startingPositionTimestamp: z.number().nonnegative().optional(),
    onFailureDestination: z.string().min(1).optional(),
    consumerGroupId: z
      .string()
      .min(1)
      .max(200)
      .regex(CONSUMER_GROUP_ID, "a consumer group id uses a-z, A-Z, 0-9 and -/*:_+=.@")
      .optional(),
    filterPatterns: z.array(z.record(z.string(), z.unknown())).min(1).max(10).optional(),
    provisionedPollerConfig: z
      .strictObject({
        minimumPollers: z.int().min(1).max(200).optional(),
        maximumPollers: z.int().min(1).max(2000).optional(),
      })
      .refine((config) => Object.keys(config).length > 0, "name minimumPollers and/or maximumPollers")
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.startingPosition === "AT_TIMESTAMP" && event.startingPositionTimestamp === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["startingPositionTimestamp"],
        message: "required when startingPosition is AT_TIMESTAMP",
      });
    }
    if (event.startingPositionTimestamp !== undefined && event.startingPosition !== "AT_TIMESTAMP") {
      ctx.addIssue({
        code: "custom",
        path: ["startingPositionTimestamp"],
        message: "only applies with startingPosition: AT_TIMESTAMP",
      });
    }
    const pollers = event.provisionedPollerConfig;
    if ((pollers?.minimumPollers ?? 1) > (pollers?.maximumPollers ?? 200)) {
      ctx.addIssue({
        code: "custom",
        path: ["provisionedPollerConfig"],
        message: "minimumPollers cannot exceed maximumPollers",
      });
    }
  });

export type KafkaEvent = z.infer<typeof kafkaEventSchema>;

/** AWS settings of a mapping that osls's kafka event does not carry. */
export const mappingSettingsSchema = z.strictObject({
  onFailure: destinationObjectSchema.optional(),
  maximumRetryAttempts: z
    .int()
    .refine((n) => n === -1 || (n >= 0 && n <= 10_000), "-1 (infinite) or 0–10,000")
    .optional(),
  maximumRecordAgeInSeconds: z
    .int()
    .refine((n) => n === -1 || (n >= 60 && n <= 604_800), "-1 (infinite) or 60–604,800")
    .optional(),
  bisectBatchOnFunctionError: z.boolean().optional(),
  functionResponseTypes: z.array(z.literal("ReportBatchItemFailures")).max(1).optional(),
  metricsConfig: z
    .strictObject({ metrics: z.array(z.enum(["EventCount", "ErrorCount", "KafkaMetrics"])).min(1) })
    .optional(),
});

export type MappingSettings = z.infer<typeof mappingSettingsSchema>;

/** One function's entry: settings for all its kafka events, optionally overridden per topic under `topics`. */
export const functionSettingsSchema = mappingSettingsSchema.extend({
  topics: z.record(z.string(), mappingSettingsSchema).optional(),
});

/** `custom.kafkaEventSourceMappings`: function key → settings. */
export const customSectionSchema = z.record(z.string(), functionSettingsSchema);

/** The parts of `sls print --format json` this emulation reads; everything else is let through. */
export const serviceSchema = z.looseObject({
  service: z.string().min(1),
  provider: z.looseObject({
    stage: z.string().min(1),
    region: z.string().min(1).optional(),
    timeout: z.number().positive().optional(),
  }),
  functions: z
    .record(
      z.string(),
      z.looseObject({
        name: z.string().min(1).optional(),
        timeout: z.number().positive().optional(),
        events: z.array(z.unknown()).optional(),
      }),
    )
    .optional(),
  custom: z.looseObject({ kafkaEventSourceMappings: z.unknown().optional() }).optional(),
});

export type ResolvedService = z.infer<typeof serviceSchema>;
