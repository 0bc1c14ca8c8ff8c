import { loadKafkaMappings } from "./config.ts";
import { type EsmEngine, startEngine } from "./engine.ts";
import { offlineLambdaEndpoint } from "./engine-env.ts";
import { lambdaClientFor, lambdaInvoker } from "./invoker.ts";
import { jsonLogger } from "./log.ts";
import { type ServerlessLike, serviceOf } from "./resolved-service.ts";

/**
 * A serverless plugin that runs the Kafka event-source-mapping engine inside `serverless offline start`: it starts
 * on `offline:start:init` (listed after serverless-offline, so its Lambda Invoke API is already listening) with the
 * already-resolved `serverless.service`, invoking through serverless-offline's lambda port (`host`/`lambdaPort` of
 * `custom.serverless-offline`), and stops on `before:offline:start:end`: serverless-offline's own
 * `offline:start:end` hook calls `process.exit`, and stopping first also lets in-flight invocations finish while
 * the Invoke API is still up.
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
  #client: ReturnType<typeof lambdaClientFor> | undefined;

  constructor(serverless: ServerlessLike) {
    this.#serverless = serverless;
    this.hooks = {
      "offline:start:init": () => this.#start(),
      "before:offline:start:end": () => this.#stop(),
    };
  }

  async #start(): Promise<void> {
    const log = jsonLogger();
    try {
      const service = serviceOf(this.#serverless);
      const mappings = loadKafkaMappings(service);
      if (mappings.length === 0) {
        log("info", "no kafka events in serverless.yml; the event source mapping engine is idle");
        return;
      }
      const endpoint = offlineLambdaEndpoint(service);
      this.#client = lambdaClientFor({ endpoint });
      this.#engine = await startEngine({ mappings, invoke: lambdaInvoker(this.#client), log });
      log("info", "kafka event source mappings running", {
        mappings: mappings.length,
        lambdaEndpoint: endpoint,
      });
    } catch (error) {
      // serverless-offline keeps serving the other events; the failure is reported, not fatal.
      log("error", "the kafka event source mapping engine could not start", { error });
    }
  }

  async #stop(): Promise<void> {
    await this.#engine?.stop();
    this.#client?.destroy();
    this.#engine = undefined;
  }
}
