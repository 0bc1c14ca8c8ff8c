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

/** A credentials secret (Secrets Manager) is unusable; `secretId` names it, the message says what to do. */
export class SecretError extends PipelineError {
  readonly secretId: string;
  constructor(message: string, secretId: string, options?: ErrorOptions) {
    super(message, options);
    this.secretId = secretId;
  }
}

/** The secret could not be read: it does not exist, access is denied, or the AWS endpoint is unreachable. */
export class SecretUnavailableError extends SecretError {}

/** The secret's value is not a JSON object with a non-empty `username` and `password`. */
export class InvalidSecretError extends SecretError {}

/** The server rejected the credentials read from the secret: they do not match a role or user it knows. */
export class CredentialsRejectedError extends SecretError {
  /** What rejected them: `cassandra` or `kafka`. */
  readonly service: "cassandra" | "kafka";
  constructor(message: string, secretId: string, service: "cassandra" | "kafka", options?: ErrorOptions) {
    super(message, secretId, options);
    this.service = service;
  }
}
