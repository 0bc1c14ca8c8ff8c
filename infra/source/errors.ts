/** Base of every error the Random User source raises; `name` is stable and safe to match on. */
export class SourceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server's start-up configuration (command-line flags and `RANDOMUSER_*` variables) is invalid. */
export class SourceConfigError extends SourceError {}

/** A request to the API cannot be answered as asked (e.g. a format other than JSON); the server answers 400. */
export class QueryError extends SourceError {}

/** A fault configuration is invalid (unknown keys, rates outside [0, 1], ...); the admin endpoint answers 400. */
export class FaultConfigError extends SourceError {}
