import { Agent, request } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { EsmError } from "./errors.ts";

/**
 * Invokes functions through the **Lambda Invoke API** (`POST /2015-03-31/functions/<name>/invocations`,
 * `RequestResponse`), at a configured endpoint (serverless-offline's lambda port locally, LocalStack) or at AWS when
 * no endpoint is given.
 *
 * Why the Invoke API rather than calling handlers in-process: the same engine drives any Invoke API; the function
 * runs exactly as serverless-offline runs it (its own process/worker, its environment, its timeout, which
 * serverless-offline enforces and answers as `FunctionError: Unhandled`); and a handler that crashes or hangs
 * cannot take the engine down. A `FunctionError` or a transport error means the batch failed.
 *
 * Against a configured endpoint the engine speaks the protocol itself over a keep-alive agent, unsigned (local
 * Invoke APIs do not check signatures): the AWS SDK's middleware stack and SigV4 signing cost about 1 ms of CPU per
 * call, which dominated small batches. Against AWS it uses the SDK's `InvokeCommand`, signed.
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

/** A connection to an Invoke API: {@link lambdaInvoker} invokes through it; `destroy` closes its sockets. */
export interface LambdaConnection {
  readonly invoke: Invoker;
  destroy(): void;
}

/**
 * The Invoke API answered with an error status (no such function, throttled, 5xx…). `$metadata.httpStatusCode`
 * has the status, as on the SDK's errors; `errorType` the API's error type when it sent one.
 *
 * @example
 * new InvokeApiError(404, "ResourceNotFoundException", "Function not found").$metadata.httpStatusCode; // 404
 */
export class InvokeApiError extends EsmError {
  readonly $metadata: { readonly httpStatusCode: number };
  readonly errorType: string | undefined;
  constructor(statusCode: number, errorType: string | undefined, message: string, options?: ErrorOptions) {
    super(`Invoke API answered ${statusCode}${errorType ? ` ${errorType}` : ""}: ${message}`, options);
    this.$metadata = { httpStatusCode: statusCode };
    this.errorType = errorType;
  }
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

function resultOf(
  statusCode: number,
  executedVersion: string,
  functionError: string | undefined,
  body: unknown,
): InvokeResult {
  if (functionError !== undefined && functionError !== "") {
    return { kind: "function-error", statusCode, executedVersion, functionError, payload: body };
  }
  return { kind: "ok", statusCode, executedVersion, payload: body };
}

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** The Invoke API spoken directly over HTTP(S) with keep-alive sockets, unsigned. */
function httpConnection(endpoint: string): LambdaConnection {
  const base = new URL(endpoint);
  const secure = base.protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = secure ? httpsRequest : request;
  const prefix = base.pathname.replace(/\/$/, "");
  const invoke: Invoker = (functionName, payload, timeoutMs) =>
    new Promise<InvokeResult>((resolve) => {
      const body = Buffer.from(payload, "utf8");
      const failed = (error: Error) => resolve({ kind: "invocation-error", error });
      const outgoing = send(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          method: "POST",
          path: `${prefix}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
          agent,
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            "content-type": "application/json",
            "content-length": body.byteLength,
            "x-amz-invocation-type": "RequestResponse",
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", failed);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const decoded = decodePayload(Buffer.concat(chunks));
            if (status < 200 || status >= 300) {
              const detail = decoded as
                | { Type?: string; message?: string; Message?: string }
                | string
                | undefined;
              const type =
                header(response.headers["x-amzn-errortype"])?.split(":")[0] ??
                (typeof detail === "object" ? detail?.Type : undefined);
              const message =
                typeof detail === "object"
                  ? (detail?.message ?? detail?.Message ?? "")
                  : String(detail ?? "");
              failed(new InvokeApiError(status, type, message));
              return;
            }
            resolve(
              resultOf(
                status,
                header(response.headers["x-amz-executed-version"]) ?? "$LATEST",
                header(response.headers["x-amz-function-error"]),
                decoded,
              ),
            );
          });
        },
      );
      outgoing.on("error", failed);
      outgoing.end(body);
    });
  return { invoke, destroy: () => agent.destroy() };
}

/** The SDK's signed `InvokeCommand` (AWS itself). */
function sdkConnection(client: LambdaClient): LambdaConnection {
  const invoke: Invoker = async (functionName, payload, timeoutMs) => {
    try {
      const response = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "RequestResponse",
          Payload: Buffer.from(payload, "utf8"),
        }),
        { abortSignal: AbortSignal.timeout(timeoutMs) },
      );
      return resultOf(
        response.StatusCode ?? 200,
        response.ExecutedVersion ?? "$LATEST",
        response.FunctionError,
        decodePayload(response.Payload),
      );
    } catch (error) {
      return { kind: "invocation-error", error: error instanceof Error ? error : new Error(String(error)) };
    }
  };
  return { invoke, destroy: () => client.destroy() };
}

/**
 * A connection for the engine: one attempt per call (the mapping's retry policy decides about retries). With an
 * endpoint, plain HTTP to it; without, the AWS SDK (credentials and region from the environment).
 *
 * @example
 * const connection = lambdaClientFor({ endpoint: "http://127.0.0.1:3002", region: "us-east-1" });
 */
export function lambdaClientFor(options: LambdaInvokerOptions): LambdaConnection {
  if (options.endpoint !== undefined) return httpConnection(options.endpoint);
  return sdkConnection(
    new LambdaClient({ region: options.region ?? process.env.AWS_REGION ?? "us-east-1", maxAttempts: 1 }),
  );
}

/**
 * An {@link Invoker} over a connection. Never throws: failures come back as `invocation-error`.
 *
 * @example
 * const invoke = lambdaInvoker(lambdaClientFor({ endpoint: "http://127.0.0.1:3002" }));
 * const result = await invoke("svc-local-sink", JSON.stringify(event), 306_000);
 * if (result.kind === "ok") console.log(result.payload);
 */
export function lambdaInvoker(connection: LambdaConnection): Invoker {
  return connection.invoke;
}
