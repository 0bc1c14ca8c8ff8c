import { channel } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultConfigError, QueryError } from "./errors.ts";
import {
  type FaultConfig,
  type FaultDecision,
  FaultInjector,
  type FaultKind,
  parseFaultConfig,
} from "./faults.ts";
import { DEFAULT_REFERENCE_DATE } from "./generate.ts";
import { jsonLog, type Log } from "./log.ts";
import { type ApiQuery, parseQuery } from "./query.ts";
import { renderPage } from "./render.ts";
import { Stats } from "./stats.ts";

/**
 * `node:diagnostics_channel` name on which every API response is published (only when someone subscribes), as a
 * {@link RequestEvent}: per-request hooks without logging in the hot path.
 *
 * @example
 * diagnostics_channel.subscribe(REQUEST_CHANNEL, (event) => console.log((event as RequestEvent).status));
 */
export const REQUEST_CHANNEL = "randomuser-source:request";

/** Published on {@link REQUEST_CHANNEL} once an API response is sent (or cut). */
export interface RequestEvent {
  readonly url: string;
  readonly status: number;
  /** Users in a complete 200 body; 0 otherwise. */
  readonly users: number;
  readonly fault: FaultKind | null;
  readonly delayMs: number;
}

export interface SourceServerOptions {
  /** Faults at start; all off by default. */
  faults?: FaultConfig;
  /** The date ages are counted to (default: upstream's fixed clock). */
  referenceDate?: Date;
  log?: Log;
}

export interface Listening {
  host: string;
  port: number;
  url: string;
}

/** A Random User API server, not yet listening. */
export interface SourceServer {
  readonly faults: FaultInjector;
  readonly stats: Stats;
  listen(port: number, host?: string): Promise<Listening>;
  /** Stops accepting, answers delayed requests now, and closes connections still open after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

const API_PATHS = new Set(["/api", "/api/", "/api/1.4", "/api/1.4/"]);
const MAX_ADMIN_BODY = 64 * 1024;
/** How long the render queue runs before it lets the event loop write and read sockets. */
const SLICE_MS = 4;
const requestChannel = channel(REQUEST_CHANNEL);

/** Upstream's messages, so that clients written against randomuser.me see what they expect. */
const SERVER_ERROR =
  "Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.";
const RATE_LIMITED =
  "Whoa, ease up there cowboy. Help us keep this service free and spare some bandwidth for other users please :)";

function send(
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  extra: readonly string[] = [],
): void {
  res.writeHead(status, [
    "content-type",
    "application/json; charset=utf-8",
    "content-length",
    String(Buffer.byteLength(body)),
    "cache-control",
    "no-cache",
    "access-control-allow-origin",
    "*",
    ...extra,
  ]);
  res.end(body);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: readonly string[] = [],
): void {
  send(res, status, JSON.stringify({ error: message }), extra);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ADMIN_BODY) {
        reject(new FaultConfigError(`request body over ${MAX_ADMIN_BODY} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Creates the server: `GET /api/` and `/api/1.4/` (randomuser.me 1.4), `GET|PUT /_faults` and `GET /_stats`.
 *
 * @example
 * const source = createSourceServer({ log: silentLog });
 * const { url } = await source.listen(0);
 * await fetch(`${url}/api/?results=10&seed=abc`);
 * await source.close();
 */
export function createSourceServer(options: SourceServerOptions = {}): SourceServer {
  const log = options.log ?? jsonLog;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const faults = new FaultInjector(options.faults);
  const stats = new Stats();
  const delayed = new Map<NodeJS.Timeout, () => void>();

  /** Sends the answer to one API request; returns its status and the number of users sent in a whole body. */
  function respond(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    decision: FaultDecision,
  ): [number, number] {
    if (decision.kind === "rateLimit") {
      stats.fault("rateLimit");
      sendError(res, 429, RATE_LIMITED, [
        "retry-after",
        String(faults.config.retryAfterSeconds),
        "x-injected-fault",
        "rate-limit",
      ]);
      return [429, 0];
    }
    if (decision.kind === "error") {
      stats.fault("error");
      sendError(res, 500, SERVER_ERROR, ["x-injected-fault", "error"]);
      return [500, 0];
    }
    const mark = url.indexOf("?");
    let query: ApiQuery;
    try {
      query = parseQuery(new URLSearchParams(mark === -1 ? "" : url.slice(mark + 1)));
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      sendError(res, 400, error.message);
      return [400, 0];
    }
    const body = renderPage(query, referenceDate);
    if (decision.kind === "truncate" && req.method !== "HEAD") {
      stats.fault("truncate");
      res.writeHead(200, [
        "content-type",
        "application/json; charset=utf-8",
        "content-length",
        String(body.length),
        "cache-control",
        "no-cache",
        "x-injected-fault",
        "truncate",
      ]);
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length * decision.cutAt))), () => res.destroy());
      return [200, 0];
    }
    send(res, 200, body);
    return [200, req.method === "HEAD" ? 0 : query.results];
  }

  function answer(req: IncomingMessage, res: ServerResponse, url: string, decision: FaultDecision): void {
    const [status, users] = respond(req, res, url, decision);
    stats.response(status, users);
    if (requestChannel.hasSubscribers) {
      const event: RequestEvent = { url, status, users, fault: decision.kind, delayMs: decision.delayMs };
      requestChannel.publish(event);
    }
  }

  // Answers are rendered from a FIFO queue in time slices, yielding to the event loop between slices: the bytes of
  // answers already rendered reach the network between renders (rendering everything that arrived in one poll
  // first would hold a page's tail back for several renders), and requests are answered in arrival order.
  const queue: (() => void)[] = [];
  let draining = false;
  function drain(): void {
    const deadline = performance.now() + SLICE_MS;
    let job = queue.shift();
    while (job !== undefined) {
      job();
      job = performance.now() < deadline ? queue.shift() : undefined;
    }
    if (queue.length > 0) setImmediate(drain);
    else draining = false;
  }
  function enqueue(req: IncomingMessage, res: ServerResponse, url: string, decision: FaultDecision): void {
    queue.push(() => {
      if (res.destroyed) return;
      try {
        answer(req, res, url, decision);
      } catch (error) {
        fail(res, error);
      }
    });
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  }

  function api(req: IncomingMessage, res: ServerResponse, url: string): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, 405, `method ${req.method} not allowed; use GET`, ["allow", "GET, HEAD"]);
      return;
    }
    stats.request();
    const decision = faults.next();
    if (decision.delayMs <= 0) {
      enqueue(req, res, url, decision);
      return;
    }
    stats.fault("latency");
    const run = () => {
      delayed.delete(timer);
      enqueue(req, res, url, decision);
    };
    const timer = setTimeout(run, decision.delayMs);
    delayed.set(timer, run);
  }

  async function faultsAdmin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET") {
      send(res, 200, JSON.stringify(faults.config));
      return;
    }
    if (req.method !== "PUT") {
      sendError(res, 405, `method ${req.method} not allowed; use GET or PUT`, ["allow", "GET, PUT"]);
      return;
    }
    try {
      const text = await readBody(req);
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        throw new FaultConfigError(
          `invalid fault configuration: the body is not JSON (${(error as Error).message})`,
        );
      }
      faults.configure(parseFaultConfig(input));
      log("info", "faults configured", { faults: faults.config });
      send(res, 200, JSON.stringify(faults.config));
    } catch (error) {
      if (!(error instanceof FaultConfigError)) throw error;
      if (!res.destroyed) sendError(res, 400, error.message);
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const path = mark === -1 ? url : url.slice(0, mark);
    if (API_PATHS.has(path)) api(req, res, url);
    else if (path === "/_faults") faultsAdmin(req, res).catch((error: unknown) => fail(res, error));
    else if (path !== "/_stats") {
      sendError(res, 404, `not found: ${path}; the API is at /api/ (e.g. /api/?results=10&seed=abc)`);
    } else if (req.method === "GET") send(res, 200, JSON.stringify(stats.snapshot()));
    else sendError(res, 405, `method ${req.method} not allowed; use GET`, ["allow", "GET"]);
  }

  function fail(res: ServerResponse, error: unknown): void {
    log("error", "request failed", { error });
    if (!res.headersSent) sendError(res, 500, SERVER_ERROR);
    else res.destroy();
  }

  const server = createServer({ keepAlive: true, keepAliveTimeout: 30_000, noDelay: true }, (req, res) => {
    try {
      route(req, res);
    } catch (error) {
      fail(res, error);
    }
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") log("error", "client error", { error });
    socket.destroy();
  });

  return {
    faults,
    stats,
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve({ host: address.address, port: address.port, url: `http://${shown}:${address.port}` });
        });
      });
    },
    close(graceMs = 5_000) {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        for (const [timer, run] of delayed) {
          clearTimeout(timer);
          run();
        }
        server.closeIdleConnections();
      });
    },
  };
}
