import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

/**
 * Invokes functions through the **Lambda Invoke API** (`InvokeCommand`, `RequestResponse`), at a configured endpoint
 * (serverless-offline's lambda port locally, LocalStack) or at AWS when no endpoint is given.
 *
 * Why the Invoke API rather than calling handlers in-process: the same engine drives any Invoke API; the function
 * runs exactly as serverless-offline runs it (its own process/worker, its environment, its timeout, which
 * serverless-offline enforces and answers as `FunctionError: Unhandled`); and a handler that crashes or hangs
 * cannot take the engine down. A `FunctionError` or a transport error means the batch failed.
 */

/** What one invocation gave. */
export type InvokeResult =
  /** The function returned; `payload` is its JSON response (undefined when empty, a string when not JSON). */
  | {
      readonly kind: "ok";
      readonly statusCode: number;
      readonly executedVersion: string;
      readonly payload: unknown;
    }
  /** The function ran and failed (threw, timed out): `X-Amz-Function-Error`. */
  | {
      readonly kind: "function-error";
      readonly statusCode: number;
      readonly executedVersion: string;
      readonly functionError: string;
      readonly payload: unknown;
    }
  /** The invocation itself failed (connection refused, throttled, 5xx, no such function…). */
  | { readonly kind: "invocation-error"; readonly error: Error };

/** Invokes `functionName` synchronously with a serialized event. */
export type Invoker = (functionName: string, payload: string, timeoutMs: number) => Promise<InvokeResult>;

/** Where and how to reach the Invoke API. */
export interface LambdaInvokerOptions {
  /** e.g. `http://127.0.0.1:3002`; undefined: the SDK's own resolution (AWS, or `AWS_ENDPOINT_URL`). */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
}

function decodePayload(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined || bytes.byteLength === 0) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A Lambda client for the engine: one attempt per call (the mapping's retry policy decides about retries), static
 * `test` credentials against a local endpoint when none are configured.
 *
 * @example
 * const client = lambdaClientFor({ endpoint: "http://127.0.0.1:3002", region: "us-east-1" });
 */
export function lambdaClientFor(options: LambdaInvokerOptions): LambdaClient {
  const local = options.endpoint !== undefined && process.env.AWS_ACCESS_KEY_ID === undefined;
  return new LambdaClient({
    region: options.region ?? process.env.AWS_REGION ?? "us-east-1",
    maxAttempts: 1,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(local ? { credentials: { accessKeyId: "test", secretAccessKey: "test" } } : {}),
  });
}

/**
 * An {@link Invoker} over a Lambda client. Never throws: failures come back as `invocation-error`.
 *
 * @example
 * const invoke = lambdaInvoker(lambdaClientFor({ endpoint: "http://127.0.0.1:3002" }));
 * const result = await invoke("svc-local-sink", JSON.stringify(event), 306_000);
 * if (result.kind === "ok") console.log(result.payload);
 */
export function lambdaInvoker(client: LambdaClient): Invoker {
  return async (functionName, payload, timeoutMs) => {
    try {
      const response = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "RequestResponse",
          Payload: Buffer.from(payload, "utf8"),
        }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
      const statusCode = response.StatusCode ?? 200;
      const executedVersion = response.ExecutedVersion ?? "$LATEST";
      const body = decodePayload(response.Payload);
      if (response.FunctionError !== undefined && response.FunctionError !== "") {
        return {
          kind: "function-error",
          statusCode,
          executedVersion,
          functionError: response.FunctionError,
          payload: body,
        };
      }
      return { kind: "ok", statusCode, executedVersion, payload: body };
    } catch (error) {
      return { kind: "invocation-error", error: error instanceof Error ? error : new Error(String(error)) };
    }
  };
}
