import { describe, expect, it } from "vitest";
import { type KafkaMapping, loadKafkaMappings } from "../../../../infra/esm/config.ts";
import { MappingConfigError } from "../../../../infra/esm/errors.ts";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-credentials";

function kafka(overrides: Record<string, unknown> = {}) {
  return {
    kafka: {
      topic: "users.processed",
      bootstrapServers: ["127.0.0.1:9092"],
      accessConfigurations: { saslScram512Auth: [SECRET] },
      ...overrides,
    },
  };
}

function service(functions: Record<string, unknown>, custom?: Record<string, unknown>, provider = {}) {
  return {
    service: "realtime-data-streaming",
    provider: { name: "aws", stage: "local", region: "eu-west-1", ...provider },
    functions,
    ...(custom ? { custom: { kafkaEventSourceMappings: custom } } : {}),
  };
}

const sink = (...events: unknown[]) => ({
  sink: { handler: "functions/sink/handler.handler", name: "realtime-data-streaming-local-sink", events },
});

function problemsOf(input: unknown): readonly string[] {
  try {
    loadKafkaMappings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingConfigError);
    expect((error as MappingConfigError).name).toBe("MappingConfigError");
    return (error as MappingConfigError).problems;
  }
  throw new Error("expected a MappingConfigError");
}

const only = (input: unknown): KafkaMapping => {
  const mappings = loadKafkaMappings(input);
  expect(mappings).toHaveLength(1);
  return mappings[0] as KafkaMapping;
};

describe("loadKafkaMappings: the kafka event", () => {
  it("applies AWS's and osls's defaults", () => {
    const mapping = only(service(sink(kafka())));
    expect(mapping).toMatchObject({
      id: "sink/users.processed",
      functionKey: "sink",
      functionName: "realtime-data-streaming-local-sink",
      timeoutSeconds: 6,
      region: "eu-west-1",
      eventIndex: 0,
      topic: "users.processed",
      bootstrapServers: ["127.0.0.1:9092"],
      consumerGroupId: "realtime-data-streaming-local-sink-users.processed",
      startingPosition: "TRIM_HORIZON",
      startingPositionTimestamp: null,
      batchSize: 100,
      maximumBatchingWindowMs: 500,
      enabled: true,
      filterPatterns: [],
      provisionedPollerConfig: null,
      onFailure: null,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
      metrics: [],
    });
    expect(mapping.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("carries every osls field", () => {
    const mapping = only(
      service(
        sink(
          kafka({
            batchSize: 500,
            maximumBatchingWindow: 5,
            enabled: false,
            startingPosition: "AT_TIMESTAMP",
            startingPositionTimestamp: 1_700_000_000,
            consumerGroupId: "sink-group",
            filterPatterns: [{ value: { country: ["FR"] } }],
            provisionedPollerConfig: { minimumPollers: 2, maximumPollers: 4 },
            onFailureDestination: "arn:aws:sqs:eu-west-1:123456789012:sink-dlq",
            accessConfigurations: { vpcSubnet: ["subnet-0a1b"], vpcSecurityGroup: ["sg-0c1d"] },
          }),
        ),
      ),
    );
    expect(mapping).toMatchObject({
      batchSize: 500,
      maximumBatchingWindowMs: 5_000,
      enabled: false,
      startingPosition: "AT_TIMESTAMP",
      startingPositionTimestamp: 1_700_000_000,
      consumerGroupId: "sink-group",
      filterPatterns: ['{"value":{"country":["FR"]}}'],
      provisionedPollerConfig: { minimumPollers: 2, maximumPollers: 4 },
      onFailure: { type: "sqs", arn: "arn:aws:sqs:eu-west-1:123456789012:sink-dlq" },
      accessConfigurations: { vpcSubnet: ["subnet-0a1b"], vpcSecurityGroup: ["sg-0c1d"] },
    });
  });

  it("keeps the 500 ms default for maximumBatchingWindow: 0, as osls leaves it unset then", () => {
    expect(only(service(sink(kafka({ maximumBatchingWindow: 0 })))).maximumBatchingWindowMs).toBe(500);
  });

  it("defaults provisioned pollers to AWS's minimum 1 and maximum 200", () => {
    const mapping = only(service(sink(kafka({ provisionedPollerConfig: { maximumPollers: 3 } }))));
    expect(mapping.provisionedPollerConfig).toEqual({ minimumPollers: 1, maximumPollers: 3 });
  });

  it("takes the function's timeout, else the provider's, else 6 s", () => {
    const fn = (timeout?: number) => ({
      sink: { handler: "h.h", events: [kafka()], ...(timeout ? { timeout } : {}) },
    });
    expect(only(service(fn(30), undefined, { timeout: 300 })).timeoutSeconds).toBe(30);
    expect(only(service(fn(), undefined, { timeout: 300 })).timeoutSeconds).toBe(300);
    expect(only(service(fn())).timeoutSeconds).toBe(6);
    expect(only(service(fn())).functionName).toBe("realtime-data-streaming-local-sink");
  });

  it("ignores other events and functions without kafka events", () => {
    const mappings = loadKafkaMappings(
      service({
        ingest: { handler: "h.h", events: [{ schedule: { rate: ["rate(1 minute)"] } }] },
        idle: { handler: "h.h" },
        sink: { handler: "h.h", events: [{ http: { path: "/" } }, kafka(), kafka({ topic: "users.stats" })] },
      }),
    );
    expect(mappings.map((m) => [m.id, m.eventIndex])).toEqual([
      ["sink/users.processed", 1],
      ["sink/users.stats", 2],
    ]);
    expect(loadKafkaMappings(service({}))).toEqual([]);
    expect(loadKafkaMappings({ service: "s", provider: { stage: "dev" } })).toEqual([]);
  });

  it("gives each mapping its own stable consumer group and UUID", () => {
    const input = service(sink(kafka(), kafka({ topic: "users.stats" })));
    const [first, second] = loadKafkaMappings(input);
    const [again] = loadKafkaMappings(input);
    expect(first?.consumerGroupId).not.toBe(second?.consumerGroupId);
    expect(first?.uuid).not.toBe(second?.uuid);
    expect(again?.uuid).toBe(first?.uuid);
    expect(again?.consumerGroupId).toBe(first?.consumerGroupId);
  });

  it("names the function, the event index and the key of an unknown key", () => {
    expect(problemsOf(service(sink({ http: {} }, kafka({ topics: ["a"], batchsize: 10 }))))).toEqual([
      'functions.sink.events[1].kafka: unknown key "topics"',
      'functions.sink.events[1].kafka: unknown key "batchsize"',
    ]);
  });

  it.each([
    ["a missing topic", { topic: undefined }, /events\[0\]\.kafka\.topic: /],
    ["an invalid topic", { topic: "bad topic" }, /kafka\.topic: a Kafka topic name/],
    ["no bootstrap servers", { bootstrapServers: [] }, /kafka\.bootstrapServers: /],
    [
      "a bootstrap server without port",
      { bootstrapServers: ["localhost"] },
      /bootstrapServers\[0\]: .*host:port/,
    ],
    ["missing accessConfigurations", { accessConfigurations: undefined }, /kafka\.accessConfigurations: /],
    ["empty accessConfigurations", { accessConfigurations: {} }, /name at least one access configuration/],
    [
      "an unknown access configuration",
      { accessConfigurations: { saslOauth: [SECRET] } },
      /accessConfigurations: unknown key "saslOauth"/,
    ],
    [
      "a secret that is not an ARN",
      { accessConfigurations: { saslPlainAuth: ["my-secret"] } },
      /saslPlainAuth\[0\]: a Secrets Manager/,
    ],
    [
      "a subnet without a security group",
      { accessConfigurations: { vpcSubnet: ["subnet-1"] } },
      /vpcSubnet and vpcSecurityGroup go together/,
    ],
    ["batchSize 0", { batchSize: 0 }, /kafka\.batchSize: /],
    ["batchSize above 10,000", { batchSize: 10_001 }, /kafka\.batchSize: /],
    ["a fractional batchSize", { batchSize: 1.5 }, /kafka\.batchSize: /],
    ["a window above 300 s", { maximumBatchingWindow: 301 }, /kafka\.maximumBatchingWindow: /],
    ["a fractional window", { maximumBatchingWindow: 0.5 }, /maximumBatchingWindow: whole seconds/],
    ["an unknown starting position", { startingPosition: "EARLIEST" }, /kafka\.startingPosition: /],
    [
      "AT_TIMESTAMP without a timestamp",
      { startingPosition: "AT_TIMESTAMP" },
      /startingPositionTimestamp: required/,
    ],
    [
      "a timestamp without AT_TIMESTAMP",
      { startingPositionTimestamp: 1 },
      /startingPositionTimestamp: only applies/,
    ],
    ["a consumer group with spaces", { consumerGroupId: "my group" }, /consumerGroupId: a consumer group id/],
    ["a consumer group over 200 characters", { consumerGroupId: "g".repeat(201) }, /consumerGroupId: /],
    ["an empty filterPatterns", { filterPatterns: [] }, /kafka\.filterPatterns: /],
    [
      "more than 10 filter patterns",
      { filterPatterns: Array(11).fill({ value: ["a"] }) },
      /filterPatterns: /,
    ],
    [
      "a filter on the key",
      { filterPatterns: [{ value: ["a"] }, { key: ["k"] }] },
      /filterPatterns\[1\]: .*only support filtering on the "value" key/,
    ],
    [
      "an invalid filter operator",
      { filterPatterns: [{ value: [{ begins: "a" }] }] },
      /filterPatterns\[0\]: .*unknown operator "begins"/,
    ],
    [
      "minimumPollers above maximumPollers",
      { provisionedPollerConfig: { minimumPollers: 5, maximumPollers: 2 } },
      /minimumPollers cannot exceed maximumPollers/,
    ],
    ["maximumPollers above 2000", { provisionedPollerConfig: { maximumPollers: 2001 } }, /maximumPollers: /],
    ["an empty provisionedPollerConfig", { provisionedPollerConfig: {} }, /name minimumPollers and\/or/],
    [
      "a Lambda ARN as destination",
      { onFailureDestination: "arn:aws:lambda:us-east-1:123456789012:function:f" },
      /onFailureDestination: .*SQS queue, SNS topic, S3 bucket or kafka/,
    ],
    ["a destination that is no ARN", { onFailureDestination: "my-queue" }, /neither an ARN nor kafka/],
  ])("rejects %s", (_name, overrides, message) => {
    const problems = problemsOf(service(sink(kafka(overrides))));
    expect(problems.join("\n")).toMatch(message);
  });

  it("parses every kind of onFailureDestination", () => {
    const destination = (onFailureDestination: string) =>
      only(service(sink(kafka({ onFailureDestination, provisionedPollerConfig: { minimumPollers: 1 } }))))
        .onFailure;
    expect(destination("arn:aws:sns:eu-west-1:123456789012:alerts")).toEqual({
      type: "sns",
      arn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    });
    expect(destination("arn:aws:s3:::failed-batches")).toEqual({ type: "s3", bucket: "failed-batches" });
    expect(destination("kafka://users.failed")).toEqual({ type: "kafka", topic: "users.failed" });
  });

  it("needs provisioned mode for a Kafka destination, and refuses the source topic", () => {
    expect(problemsOf(service(sink(kafka({ onFailureDestination: "kafka://users.failed" }))))).toEqual([
      "functions.sink.events[0].kafka: a Kafka on-failure destination needs provisioned mode (provisionedPollerConfig)",
    ]);
    const problems = problemsOf(
      service(
        sink(
          kafka({
            onFailureDestination: "kafka://users.processed",
            provisionedPollerConfig: { minimumPollers: 1 },
          }),
        ),
      ),
    );
    expect(problems.join("\n")).toMatch(/cannot be the source topic users.processed/);
  });

  it("refuses two kafka events of one function on the same topic", () => {
    expect(problemsOf(service(sink(kafka(), kafka())))).toEqual([
      "functions.sink.events[1].kafka.topic: function sink already has a kafka event for users.processed",
    ]);
  });

  it("refuses functions that may run longer than 14 minutes", () => {
    const problems = problemsOf(service({ sink: { handler: "h.h", timeout: 900, events: [kafka()] } }));
    expect(problems).toEqual([
      "functions.sink.timeout: 900 s; Kafka event source mappings only support functions that time out within 14 minutes (840 s)",
    ]);
  });

  it("reports every problem of every function at once", () => {
    const problems = problemsOf(
      service({
        a: { handler: "h.h", events: [kafka({ batchSize: 0 })] },
        b: {
          handler: "h.h",
          events: [kafka({ bogus: true }), kafka({ topic: "x", maximumBatchingWindow: 999 })],
        },
      }),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^functions\.a\.events\[0\]\.kafka\.batchSize: /);
    expect(problems[1]).toBe('functions.b.events[0].kafka: unknown key "bogus"');
    expect(problems[2]).toMatch(/^functions\.b\.events\[1\]\.kafka\.maximumBatchingWindow: /);
  });

  it("rejects a service object without a stage", () => {
    expect(problemsOf({ service: "s", provider: {} }).join("\n")).toMatch(/service\.provider\.stage/);
  });
});

describe("loadKafkaMappings: custom.kafkaEventSourceMappings", () => {
  const provisioned = { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2 } };

  it("applies a function's settings to its kafka events", () => {
    const mapping = only(
      service(sink(kafka(provisioned)), {
        sink: {
          maximumRetryAttempts: 3,
          maximumRecordAgeInSeconds: 3_600,
          bisectBatchOnFunctionError: true,
          functionResponseTypes: ["ReportBatchItemFailures"],
          onFailure: { type: "s3", bucket: "failed-batches" },
          metricsConfig: { metrics: ["EventCount", "KafkaMetrics"] },
        },
      }),
    );
    expect(mapping).toMatchObject({
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3_600,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: true,
      onFailure: { type: "s3", bucket: "failed-batches" },
      metrics: ["EventCount", "KafkaMetrics"],
    });
  });

  it("overrides per topic for functions with several kafka events", () => {
    const [processed, stats] = loadKafkaMappings(
      service(sink(kafka(provisioned), kafka({ ...provisioned, topic: "users.stats" })), {
        sink: {
          maximumRetryAttempts: 3,
          bisectBatchOnFunctionError: true,
          topics: { "users.stats": { maximumRetryAttempts: 0 } },
        },
      }),
    );
    expect(processed).toMatchObject({ maximumRetryAttempts: 3, bisectBatchOnFunctionError: true });
    expect(stats).toMatchObject({ maximumRetryAttempts: 0, bisectBatchOnFunctionError: true });
  });

  it("accepts an SQS destination by URL, and SNS and Kafka destinations", () => {
    const destination = (onFailure: unknown) =>
      only(service(sink(kafka(provisioned)), { sink: { onFailure } })).onFailure;
    expect(destination({ type: "sqs", url: "http://127.0.0.1:4566/000000000000/dlq" })).toEqual({
      type: "sqs",
      url: "http://127.0.0.1:4566/000000000000/dlq",
    });
    expect(destination({ type: "sns", arn: "arn:aws:sns:us-east-1:123456789012:t" })).toMatchObject({
      type: "sns",
    });
    expect(destination({ type: "kafka", topic: "users.failed" })).toEqual({
      type: "kafka",
      topic: "users.failed",
    });
  });

  it.each([
    ["retries below -1", { maximumRetryAttempts: -2 }, /maximumRetryAttempts: -1 \(infinite\) or 0–10,000/],
    ["retries above 10,000", { maximumRetryAttempts: 10_001 }, /maximumRetryAttempts: /],
    [
      "a record age below 60 s",
      { maximumRecordAgeInSeconds: 59 },
      /maximumRecordAgeInSeconds: -1 \(infinite\) or 60/,
    ],
    ["a record age above a week", { maximumRecordAgeInSeconds: 604_801 }, /maximumRecordAgeInSeconds: /],
    ["an unknown response type", { functionResponseTypes: ["Partial"] }, /functionResponseTypes\[0\]: /],
    ["an unknown key", { maxRetries: 1 }, /custom\.kafkaEventSourceMappings\.sink: unknown key "maxRetries"/],
    ["an SQS destination without arn or url", { onFailure: { type: "sqs" } }, /needs an arn or a url/],
    ["an unknown destination type", { onFailure: { type: "lambda", arn: "x" } }, /onFailure\.type: /],
    ["an unknown metric", { metricsConfig: { metrics: ["Latency"] } }, /metricsConfig\.metrics\[0\]: /],
  ])("rejects %s", (_name, settings, message) => {
    const problems = problemsOf(service(sink(kafka(provisioned)), { sink: settings }));
    expect(problems.join("\n")).toMatch(message);
  });

  it("names settings for functions or topics that have no kafka event", () => {
    expect(
      problemsOf(
        service(sink(kafka(provisioned)), {
          ingest: { maximumRetryAttempts: 1 },
          sink: { topics: { "users.raw": { maximumRetryAttempts: 1 } } },
        }),
      ),
    ).toEqual([
      "custom.kafkaEventSourceMappings.ingest: function ingest has no kafka event",
      "custom.kafkaEventSourceMappings.sink.topics.users.raw: function sink has no kafka event for topic users.raw",
    ]);
  });

  it("needs provisioned mode for the error handling controls", () => {
    const problems = problemsOf(
      service(sink(kafka()), {
        sink: { maximumRetryAttempts: 1, functionResponseTypes: ["ReportBatchItemFailures"] },
      }),
    );
    expect(problems).toEqual([
      "custom.kafkaEventSourceMappings.sink.maximumRetryAttempts: Kafka error handling controls need provisioned mode; add provisionedPollerConfig to functions.sink.events[0].kafka",
      "custom.kafkaEventSourceMappings.sink.functionResponseTypes: Kafka error handling controls need provisioned mode; add provisionedPollerConfig to functions.sink.events[0].kafka",
    ]);
  });

  it("allows SQS, SNS and S3 destinations in on-demand mode", () => {
    expect(
      only(service(sink(kafka()), { sink: { onFailure: { type: "s3", bucket: "failed" } } })).onFailure,
    ).toEqual({
      type: "s3",
      bucket: "failed",
    });
  });

  it("refuses a destination set in both places", () => {
    const problems = problemsOf(
      service(sink(kafka({ onFailureDestination: "arn:aws:s3:::a-bucket" })), {
        sink: { onFailure: { type: "s3", bucket: "b-bucket" } },
      }),
    );
    expect(problems).toEqual([
      "custom.kafkaEventSourceMappings.sink.onFailure: the kafka event already sets onFailureDestination; keep one of them",
    ]);
  });

  it("rejects a custom section that is not a map of functions", () => {
    expect(problemsOf(service(sink(kafka()), ["sink"] as never)).join("\n")).toMatch(
      /^custom\.kafkaEventSourceMappings: /,
    );
  });
});
