/**
 * Base of every error of the deployment bundler; `name` is stable and safe to match on.
 *
 * @example
 * try { await bundleFunction(options); } catch (error) { if (error instanceof BundleError) console.error(error.message); }
 */
export class BundleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A function's `handler` names no module this bundler can build (no `<path>.<export>` form, or no source file).
 *
 * @example
 * new HandlerNotFoundError("ingest", "functions/ingest/handler.handler", "no file functions/ingest/handler.{ts,…}");
 */
export class HandlerNotFoundError extends BundleError {
  readonly functionName: string;
  readonly handler: string;
  constructor(functionName: string, handler: string, reason: string, options?: ErrorOptions) {
    super(`function ${functionName}: handler "${handler}": ${reason}`, options);
    this.functionName = functionName;
    this.handler = handler;
  }
}

/**
 * esbuild failed to bundle a handler; `cause` carries esbuild's own errors.
 *
 * @example
 * new BuildFailedError("sink", "functions/sink/handler.ts", { cause: esbuildFailure });
 */
export class BuildFailedError extends BundleError {
  readonly functionName: string;
  constructor(functionName: string, entry: string, options?: ErrorOptions) {
    super(`function ${functionName}: esbuild could not bundle ${entry}`, options);
    this.functionName = functionName;
  }
}
