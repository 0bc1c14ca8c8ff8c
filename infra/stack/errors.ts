/** Base of every error the local stack raises; `name` is stable and safe to match on. */
export class StackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration (defaults plus `STACK_*` environment variables) is invalid. */
export class StackConfigError extends StackError {}

/** A pinned artifact could not be resolved into the cache (registry unreachable, unknown version, ...). */
export class ArtifactError extends StackError {}

/** A service did not become ready in time, or exited while starting; the message ends with its log tail. */
export class ServiceStartError extends StackError {}

/** A service did not stop, even after SIGKILL. */
export class ServiceStopError extends StackError {}

/** A command the stack ran exited non-zero or could not start; `output` holds the tail of what it printed. */
export class CommandError extends StackError {
  readonly command: string;
  readonly output: string;
  constructor(command: string, output: string, options?: ErrorOptions) {
    super(`\`${command}\` failed${output ? `:\n${output}` : ""}`, options);
    this.command = command;
    this.output = output;
  }
}

/** The command line is wrong; the message says how to call it. */
export class UsageError extends StackError {}
