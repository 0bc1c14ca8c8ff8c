/**
 * Base of every error the Kafka event-source-mapping emulation raises; `name` is stable and safe to match on.
 *
 * @example
 * try { loadKafkaMappings(service); } catch (error) { if (error instanceof EsmError) console.error(error.message); }
 */
export class EsmError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The `kafka` events of serverless.yml, or the `custom.kafkaEventSourceMappings` section, are invalid. `problems`
 * lists every problem found (not only the first), each prefixed with the path to fix.
 *
 * @example
 * new MappingConfigError(["functions.sink.events[0].kafka: unknown key \"topics\""]).problems.length; // 1
 */
export class MappingConfigError extends EsmError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`invalid Kafka event source mapping configuration:\n  - ${problems.join("\n  - ")}`, options);
    this.problems = problems;
  }
}

/**
 * A filter pattern is not a valid Lambda event-filtering pattern, or uses a field Kafka mappings cannot filter on.
 *
 * @example
 * new FilterPatternError('pattern 0: "numeric" needs an array', 0).patternIndex; // 0
 */
export class FilterPatternError extends EsmError {
  /** Index of the offending pattern in `filterPatterns`. */
  readonly patternIndex: number;
  constructor(message: string, patternIndex: number, options?: ErrorOptions) {
    super(message, options);
    this.patternIndex = patternIndex;
  }
}

/**
 * A record cannot be represented in a Lambda Kafka event (e.g. an offset beyond JavaScript's safe integers).
 *
 * @example
 * new KafkaEventError("offset 9007199254740993 of users.raw-0 is not a safe integer");
 */
export class KafkaEventError extends EsmError {}

/**
 * Failed records could not be delivered to the mapping's on-failure destination (they stay uncommitted and the
 * delivery is retried), or the destination is not supported.
 *
 * @example
 * new DestinationError("sending the failure record to kafka://users.failed failed", { cause: error });
 */
export class DestinationError extends EsmError {}

/**
 * The engine's environment or options are invalid, or it could not start a mapping.
 *
 * @example
 * new EngineConfigError("LAMBDA_ENDPOINT: not a URL or \"aws\"");
 */
export class EngineConfigError extends EsmError {}
