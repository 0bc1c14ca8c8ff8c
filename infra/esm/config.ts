import type { z } from "zod";
import {
  customSectionSchema,
  type KafkaEvent,
  kafkaEventSchema,
  type MappingSettings,
  type ResolvedService,
  serviceSchema,
} from "./config-schema.ts";
import { type FailureDestination, parseDestination } from "./destination.ts";
import { FilterPatternError, MappingConfigError } from "./errors.ts";
import { compileKafkaFilters } from "./filter.ts";
import { defaultConsumerGroupId, mappingUuid } from "./identity.ts";
import { type KafkaAuthentication, kafkaAuthenticationOf } from "./kafka-auth.ts";

/**
 * Turns a resolved serverless service (`sls print --format json`) into validated Kafka event-source-mapping
 * definitions, one per `kafka` event, with AWS's defaults applied. Knows no function by name.
 *
 * Settings osls 4's `kafka` event does not carry live in ONE custom section, keyed by function, with optional
 * per-topic overrides for functions that have several kafka events:
 *
 * ```yaml
 * custom:
 *   kafkaEventSourceMappings:
 *     sink:                                  # function key; applies to all of its kafka events
 *       maximumRetryAttempts: 3              # -1 (infinite, default) or 0–10,000
 *       maximumRecordAgeInSeconds: 3600      # -1 (infinite, default) or 60–604,800
 *       bisectBatchOnFunctionError: true     # default false
 *       functionResponseTypes: [ReportBatchItemFailures]
 *       onFailure: { type: sqs, arn: arn:aws:sqs:us-east-1:123456789012:sink-dlq }  # or sns/s3/kafka
 *       metricsConfig: { metrics: [EventCount] }
 *       topics:
 *         users.stats: { maximumRetryAttempts: 0 }   # overrides for the mapping of that topic only
 * ```
 *
 * Defaults, as AWS and osls apply them: batchSize 100; batching window 500 ms (also when osls is given 0, because
 * osls only sets MaximumBatchingWindowInSeconds when it is truthy); startingPosition TRIM_HORIZON (osls's default);
 * enabled true; retries and record age -1; bisect off; no destination. The consumer group id defaults to one that is
 * unique per mapping and stable across restarts (AWS uses the mapping's UUID). Retry controls, partial batch
 * responses and Kafka destinations need provisioned mode (provisionedPollerConfig), as on AWS
 * (https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure-destination.html).
 */

/** The custom section's key. */
export const CUSTOM_SECTION = "kafkaEventSourceMappings";

/** Serverless's default function timeout, in seconds, when neither the function nor the provider sets one. */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 6;

/** Kafka mappings only support functions that time out within 14 minutes. */
export const MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS = 840;

/** AWS's default batching window for Kafka event sources. */
export const DEFAULT_KAFKA_BATCHING_WINDOW_MS = 500;

/** A validated Kafka event source mapping, AWS defaults applied. */
export interface KafkaMapping {
  /** `<functionKey>/<topic>`: unique per service. */
  readonly id: string;
  /** Deterministic UUID of the mapping (stable across restarts), as AWS's ESM UUID would be. */
  readonly uuid: string;
  /** The function's key under `functions:`. */
  readonly functionKey: string;
  /** The deployed function name (`service-stage-key` unless `name:` says otherwise). */
  readonly functionName: string;
  /** The function timeout in seconds. */
  readonly timeoutSeconds: number;
  readonly region: string;
  /** Index of the kafka event among the function's events. */
  readonly eventIndex: number;
  readonly topic: string;
  readonly bootstrapServers: readonly string[];
  readonly accessConfigurations: KafkaEvent["accessConfigurations"];
  /** The SASL login the access configurations ask for (credentials from Secrets Manager); null: none. */
  readonly authentication: KafkaAuthentication | null;
  readonly consumerGroupId: string;
  readonly startingPosition: "LATEST" | "TRIM_HORIZON" | "AT_TIMESTAMP";
  /** Seconds since the epoch, with AT_TIMESTAMP; null otherwise. */
  readonly startingPositionTimestamp: number | null;
  readonly batchSize: number;
  readonly maximumBatchingWindowMs: number;
  readonly enabled: boolean;
  /** FilterCriteria patterns (each osls `filterPatterns` entry as JSON, as osls sends them); ORed. */
  readonly filterPatterns: readonly string[];
  /** Null in on-demand mode. */
  readonly provisionedPollerConfig: {
    readonly minimumPollers: number;
    readonly maximumPollers: number;
  } | null;
  readonly onFailure: FailureDestination | null;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly reportBatchItemFailures: boolean;
  readonly metrics: readonly string[];
}

type Problems = string[];

function report(issues: readonly z.core.$ZodIssue[], prefix: string, problems: Problems): void {
  for (const issue of issues) {
    const path = issue.path.reduce<string>(
      (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : `${text}.${String(segment)}`),
      prefix,
    );
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push(`${path}: unknown key ${JSON.stringify(key)}`);
    } else {
      problems.push(`${path}: ${issue.message}`);
    }
  }
}

interface KafkaEventRef {
  functionKey: string;
  functionName: string;
  timeoutSeconds: number;
  eventIndex: number;
  event: KafkaEvent;
}

function collectEvents(service: ResolvedService, problems: Problems): KafkaEventRef[] {
  const refs: KafkaEventRef[] = [];
  for (const [functionKey, fn] of Object.entries(service.functions ?? {})) {
    const timeoutSeconds = fn.timeout ?? service.provider.timeout ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS;
    const functionName = fn.name ?? `${service.service}-${service.provider.stage}-${functionKey}`;
    const topics = new Set<string>();
    for (const [eventIndex, entry] of (fn.events ?? []).entries()) {
      if (typeof entry !== "object" || entry === null || !("kafka" in entry)) continue;
      const prefix = `functions.${functionKey}.events[${eventIndex}].kafka`;
      const parsed = kafkaEventSchema.safeParse((entry as { kafka: unknown }).kafka);
      if (!parsed.success) {
        report(parsed.error.issues, prefix, problems);
        continue;
      }
      if (timeoutSeconds > MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS) {
        problems.push(
          `functions.${functionKey}.timeout: ${timeoutSeconds} s; Kafka event source mappings only support functions ` +
            `that time out within 14 minutes (${MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS} s)`,
        );
      }
      if (topics.has(parsed.data.topic)) {
        problems.push(
          `${prefix}.topic: function ${functionKey} already has a kafka event for ${parsed.data.topic}`,
        );
        continue;
      }
      topics.add(parsed.data.topic);
      refs.push({ functionKey, functionName, timeoutSeconds, eventIndex, event: parsed.data });
    }
  }
  return refs;
}

function settingsFor(
  service: ResolvedService,
  refs: readonly KafkaEventRef[],
  problems: Problems,
): Map<string, { settings: MappingSettings; path: string }> {
  const resolved = new Map<string, { settings: MappingSettings; path: string }>();
  const raw = service.custom?.kafkaEventSourceMappings;
  if (raw === undefined) return resolved;
  const parsed = customSectionSchema.safeParse(raw);
  if (!parsed.success) {
    report(parsed.error.issues, `custom.${CUSTOM_SECTION}`, problems);
    return resolved;
  }
  for (const [functionKey, { topics, ...functionSettings }] of Object.entries(parsed.data)) {
    const path = `custom.${CUSTOM_SECTION}.${functionKey}`;
    const mine = refs.filter((ref) => ref.functionKey === functionKey);
    if (mine.length === 0) {
      problems.push(`${path}: function ${functionKey} has no kafka event`);
      continue;
    }
    for (const topic of Object.keys(topics ?? {})) {
      if (!mine.some((ref) => ref.event.topic === topic)) {
        problems.push(
          `${path}.topics.${topic}: function ${functionKey} has no kafka event for topic ${topic}`,
        );
      }
    }
    for (const ref of mine) {
      const override = topics?.[ref.event.topic];
      resolved.set(`${functionKey}/${ref.event.topic}`, {
        settings: { ...functionSettings, ...override },
        path: override ? `${path}.topics.${ref.event.topic}` : path,
      });
    }
  }
  return resolved;
}

function toMapping(
  service: ResolvedService,
  ref: KafkaEventRef,
  custom: { settings: MappingSettings; path: string } | undefined,
  problems: Problems,
): KafkaMapping | null {
  const { event, functionKey } = ref;
  const eventPath = `functions.${functionKey}.events[${ref.eventIndex}].kafka`;
  const settings = custom?.settings ?? {};
  const customPath = custom?.path ?? `custom.${CUSTOM_SECTION}.${functionKey}`;
  const before = problems.length;

  const filterPatterns = (event.filterPatterns ?? []).map((pattern) => JSON.stringify(pattern));
  try {
    compileKafkaFilters(filterPatterns);
  } catch (error) {
    if (!(error instanceof FilterPatternError)) throw error;
    problems.push(`${eventPath}.filterPatterns[${error.patternIndex}]: ${error.message}`);
  }

  let onFailure: FailureDestination | null = settings.onFailure ?? null;
  if (event.onFailureDestination !== undefined) {
    const parsed = parseDestination(event.onFailureDestination);
    if (typeof parsed === "string") problems.push(`${eventPath}.onFailureDestination: ${parsed}`);
    else onFailure = parsed;
    if (settings.onFailure !== undefined) {
      problems.push(
        `${customPath}.onFailure: the kafka event already sets onFailureDestination; keep one of them`,
      );
    }
  }

  const authentication = kafkaAuthenticationOf(event.accessConfigurations, eventPath, problems);

  const provisioned = event.provisionedPollerConfig;
  if (provisioned === undefined) {
    const needProvisioned = [
      "maximumRetryAttempts",
      "maximumRecordAgeInSeconds",
      "bisectBatchOnFunctionError",
      "functionResponseTypes",
    ].filter((key) => settings[key as keyof MappingSettings] !== undefined);
    for (const key of needProvisioned) {
      problems.push(
        `${customPath}.${key}: Kafka error handling controls need provisioned mode; add provisionedPollerConfig to ${eventPath}`,
      );
    }
    if (onFailure?.type === "kafka") {
      problems.push(
        `${eventPath}: a Kafka on-failure destination needs provisioned mode (provisionedPollerConfig)`,
      );
    }
  }
  if (onFailure?.type === "kafka" && onFailure.topic === event.topic) {
    problems.push(`${eventPath}: the on-failure destination topic cannot be the source topic ${event.topic}`);
  }
  if (problems.length > before) return null;

  const stage = service.provider.stage;
  return {
    id: `${functionKey}/${event.topic}`,
    uuid: mappingUuid(service.service, stage, functionKey, event.topic),
    functionKey,
    functionName: ref.functionName,
    timeoutSeconds: ref.timeoutSeconds,
    region: service.provider.region ?? "us-east-1",
    eventIndex: ref.eventIndex,
    topic: event.topic,
    bootstrapServers: event.bootstrapServers,
    accessConfigurations: event.accessConfigurations,
    authentication,
    consumerGroupId:
      event.consumerGroupId ?? defaultConsumerGroupId(service.service, stage, functionKey, event.topic),
    startingPosition: event.startingPosition ?? "TRIM_HORIZON",
    startingPositionTimestamp: event.startingPositionTimestamp ?? null,
    batchSize: event.batchSize ?? 100,
    maximumBatchingWindowMs: event.maximumBatchingWindow
      ? event.maximumBatchingWindow * 1000
      : DEFAULT_KAFKA_BATCHING_WINDOW_MS,
    enabled: event.enabled ?? true,
    filterPatterns,
    provisionedPollerConfig: provisioned
      ? { minimumPollers: provisioned.minimumPollers ?? 1, maximumPollers: provisioned.maximumPollers ?? 200 }
      : null,
    onFailure,
    maximumRetryAttempts: settings.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: settings.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: settings.bisectBatchOnFunctionError ?? false,
    reportBatchItemFailures: (settings.functionResponseTypes ?? []).includes("ReportBatchItemFailures"),
    metrics: settings.metricsConfig?.metrics ?? [],
  };
}

/**
 * Reads every `kafka` event of the service into a mapping definition, in function then event order.
 *
 * @throws {MappingConfigError} listing every problem at once: unknown keys (naming the function, the event index and
 *   the key), out-of-range values, invalid filter patterns, custom settings for functions or topics without a kafka
 *   event, settings that need provisioned mode, and so on.
 * @example
 * const mappings = loadKafkaMappings(JSON.parse(execSync("sls print --format json").toString()));
 * mappings[0]?.batchSize; // 100 unless the event says otherwise
 */
export function loadKafkaMappings(service: unknown): KafkaMapping[] {
  const problems: Problems = [];
  const parsed = serviceSchema.safeParse(service);
  if (!parsed.success) {
    report(parsed.error.issues, "service", problems);
    throw new MappingConfigError(problems, { cause: parsed.error });
  }
  const refs = collectEvents(parsed.data, problems);
  const custom = settingsFor(parsed.data, refs, problems);
  const mappings = refs
    .map((ref) => toMapping(parsed.data, ref, custom.get(`${ref.functionKey}/${ref.event.topic}`), problems))
    .filter((mapping): mapping is KafkaMapping => mapping !== null);
  if (problems.length > 0) throw new MappingConfigError(problems);
  return mappings;
}
