import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny Lambda Invoke API for tests: `POST /2015-03-31/functions/<name>/invocations` answers like Lambda —
 * 200 + the handler's JSON result, or 200 + `X-Amz-Function-Error: Unhandled` + `{ errorMessage, errorType }` when
 * the scripted handler throws. Every invocation is recorded with its decoded event.
 */

export interface KafkaEventRecordLike {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key?: string;
  value?: string;
  headers: Record<string, number[]>[];
}

export interface KafkaEventLike {
  eventSource: string;
  bootstrapServers: string;
  records: Record<string, KafkaEventRecordLike[]>;
}

export interface Invocation {
  readonly functionName: string;
  readonly event: KafkaEventLike;
  /** The event's records, in order. */
  readonly records: KafkaEventRecordLike[];
  readonly atMs: number;
  /** What was answered. */
  outcome: "ok" | "error";
}

export type ScriptedHandler = (event: KafkaEventLike, invocation: Invocation) => unknown;

export interface FakeLambda {
  readonly endpoint: string;
  readonly invocations: Invocation[];
  handler: ScriptedHandler;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Starts the server on an ephemeral port; `handler` may be replaced at any time. */
export async function startFakeLambda(handler: ScriptedHandler = () => ({})): Promise<FakeLambda> {
  const invocations: Invocation[] = [];
  const fake: FakeLambda = {
    endpoint: "",
    invocations,
    handler,
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = PATH.exec(request.url?.split("?")[0] ?? "");
      if (request.method !== "POST" || !match) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ Type: "User", message: "not found" }));
        return;
      }
      const text = await body(request);
      const event = (text === "" ? {} : JSON.parse(text)) as KafkaEventLike;
      const invocation: Invocation = {
        functionName: decodeURIComponent(match[1] ?? ""),
        event,
        records: Object.values(event.records ?? {}).flat(),
        atMs: Date.now(),
        outcome: "ok",
      };
      invocations.push(invocation);
      const headers = { "content-type": "application/json", "x-amz-executed-version": "$LATEST" };
      try {
        const result = await fake.handler(event, invocation);
        response.writeHead(200, headers);
        response.end(result === undefined ? "" : JSON.stringify(result));
      } catch (error) {
        invocation.outcome = "error";
        const err = error instanceof Error ? error : new Error(String(error));
        response.writeHead(200, { ...headers, "x-amz-function-error": "Unhandled" });
        response.end(JSON.stringify({ errorMessage: err.message, errorType: err.name }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return fake;
}
