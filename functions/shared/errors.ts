/** Base of every error the pipeline's functions raise; `name` is stable and is what Lambda reports as errorType. */
export class PipelineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The function's environment is invalid: a deployment problem, not a data problem. */
export class ConfigurationError extends PipelineError {}

/** The invoke payload does not match the function's input schema; the message names each offending field. */
export class InvalidPayloadError extends PipelineError {}

/** A Random User API request failed for good (retries exhausted, or a non-retryable answer). */
export class SourceRequestError extends PipelineError {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}
