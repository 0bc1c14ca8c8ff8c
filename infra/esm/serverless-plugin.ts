import { setTimeout as sleep } from "node:timers/promises";
import { type KafkaMapping, loadKafkaMappings } from "./config.ts";
import { type EsmEngine, startEngine } from "./engine.ts";
import { offlineLambdaEndpoint } from "./engine-env.ts";
import { lambdaClientFor, lambdaInvoker } from "./invoker.ts";
import { type EsmLogger, jsonLogger } from "./log.ts";
import { type ServerlessLike, serviceOf } from "./resolved-service.ts";

type LambdaClient = ReturnType<typeof lambdaClientFor>;

/** Waits between attempts to start the engine: 1 s, doubling, at most 30 s. */
const startRetryDelayMs = (attempt: number) => Math.min(30_000, 1_000 * 2 ** (attempt - 1));

/**
 * A serverless plugin that runs the Kafka event-source-mapping engine inside `serverless offline start`: it starts
 * on `offline:start:init` (listed after serverless-offline, so its Lambda Invoke API is already listening) with the
 * already-resolved `serverless.service`, invoking through serverless-offline's lambda port (`host`/`lambdaPort` of
 * `custom.serverless-offline`), and stops on `before:offline:start:end`: serverless-offline's own
 * `offline:start:end` hook calls `process.exit`, and stopping first also lets in-flight invocations finish while
 * the Invoke API is still up. A mapping configuration error is reported once; a start that fails otherwise (the
 * broker or a topic not there yet) is retried in the background with backoff, as AWS keeps a mapping trying, until
 * it succeeds or serverless-offline stops.
 *
 * @example
 * # serverless.yml
 * plugins:
 *   - serverless-offline
 *   - ./infra/esm/serverless-plugin.ts
 */
export default class KafkaEventSourceMappingPlugin {
  readonly hooks: Record<string, () => Promise<void>>;
  readonly #serverless: ServerlessLike;
  #engine: EsmEngine | undefined;
  #client: LambdaClient | undefined;
  #retrying: Promise<void> | undefined;
  readonly #stopping = new AbortController();

  constructor(serverless: ServerlessLike) {
    this.#serverless = serverless;
    this.hooks = {
      "offline:start:init": () => this.#start(),
      "before:offline:start:end": () => this.#stop(),
    };
  }

  async #start(): Promise<void> {
    const log = jsonLogger();
    let mappings: KafkaMapping[];
    let endpoint: string;
    try {
      const service = serviceOf(this.#serverless);
      mappings = loadKafkaMappings(service);
      endpoint = offlineLambdaEndpoint(service);
    } catch (error) {
      // serverless-offline keeps serving the other events; the failure is reported, not fatal.
      log("error", "the kafka event source mappings are invalid; the engine does not start", { error });
      return;
    }
    if (mappings.length === 0) {
      log("info", "no kafka events in serverless.yml; the event source mapping engine is idle");
      return;
    }
    this.#client = lambdaClientFor({ endpoint });
    if (await this.#tryStart(mappings, endpoint, log, 1)) return;
    this.#retrying = this.#retryStart(mappings, endpoint, log);
  }

  async #tryStart(
    mappings: KafkaMapping[],
    endpoint: string,
    log: EsmLogger,
    attempt: number,
  ): Promise<boolean> {
    try {
      this.#engine = await startEngine({
        mappings,
        invoke: lambdaInvoker(this.#client as LambdaClient),
        log,
      });
      log("info", "kafka event source mappings running", {
        mappings: mappings.length,
        lambdaEndpoint: endpoint,
      });
      return true;
    } catch (error) {
      const retryInMs = startRetryDelayMs(attempt);
      log("warn", "the kafka event source mapping engine could not start; retrying", {
        attempt,
        retryInMs,
        error,
      });
      return false;
    }
  }

  async #retryStart(mappings: KafkaMapping[], endpoint: string, log: EsmLogger): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sleep(startRetryDelayMs(attempt), undefined, {
          signal: this.#stopping.signal,
        });
      } catch {
        return;
      }
      if (await this.#tryStart(mappings, endpoint, log, attempt + 1)) return;
    }
  }

  async #stop(): Promise<void> {
    this.#stopping.abort();
    await this.#retrying;
    await this.#engine?.stop();
    this.#client?.destroy();
    this.#engine = undefined;
  }
}
