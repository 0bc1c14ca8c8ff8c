import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadKafkaMappings } from "../../infra/esm/config.ts";
import { startEngine } from "../../infra/esm/engine.ts";
import { lambdaClientFor, lambdaInvoker } from "../../infra/esm/invoker.ts";
import { silentLogger } from "../../infra/esm/log.ts";
import { perSecond, round } from "../support/stats.ts";

/** One mapping run over the whole topic. */
export interface MappingResult {
  readonly batchSize: number;
  readonly records: number;
  readonly invocations: number;
  /** Connecting, pinning offsets and joining the group (included in `recordsPerSecond`). */
  readonly startSeconds: number;
  readonly recordsPerSecond: number;
  readonly recordsPerSecondAfterStart: number;
  /** CPU seconds of this process (engine and the no-op Invoke API) per 100k records. */
  readonly cpuSecondsPer100k: number;
  readonly ratioToKafkaConsumeCeiling: number;
}

/** An in-process Lambda Invoke API answering `{}` to every invocation. */
async function noopInvokeApi(): Promise<{ endpoint: string; invocations: () => number; close: () => void }> {
  let invocations = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      invocations += 1;
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations: () => invocations,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function mappingRun(
  brokers: string[],
  topic: string,
  records: number,
  batchSize: number,
  consumeCeiling: number,
): Promise<MappingResult> {
  const api = await noopInvokeApi();
  const mappings = loadKafkaMappings({
    service: "bench",
    provider: { stage: "bench", timeout: 30 },
    functions: {
      noop: {
        events: [
          {
            kafka: {
              topic,
              bootstrapServers: brokers,
              // A VPC access configuration: no SASL, the broker's plaintext listener (as the ceiling's consumer).
              accessConfigurations: { vpcSubnet: ["subnet-bench"], vpcSecurityGroup: ["sg-bench"] },
              consumerGroupId: `bench-mapping-${batchSize}-${randomUUID().slice(0, 8)}`,
              batchSize,
            },
          },
        ],
      },
    },
  });
  const client = lambdaClientFor({ endpoint: api.endpoint });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const engine = await startEngine({
    mappings,
    invoke: lambdaInvoker(client),
    log: silentLogger,
    statusIntervalMs: 0,
  });
  const startMs = performance.now() - started;
  try {
    const runner = engine.runners[0];
    while ((runner?.counters.records ?? 0) < records) await new Promise((resolve) => setTimeout(resolve, 2));
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const recordsPerSecond = perSecond(records, ms);
    return {
      batchSize,
      records,
      invocations: api.invocations(),
      startSeconds: round(startMs / 1000, 3),
      recordsPerSecond,
      recordsPerSecondAfterStart: perSecond(records, ms - startMs),
      cpuSecondsPer100k: round(((used.user + used.system) / 1e6) * (100_000 / records), 3),
      ratioToKafkaConsumeCeiling: round(recordsPerSecond / consumeCeiling, 3),
    };
  } finally {
    await engine.stop();
    client.destroy();
    api.close();
  }
}

/**
 * Kafka → mapping → no-op handler: the event-source-mapping engine (`infra/esm`) on one mapping reading the Kafka
 * ceiling's topic from the start and invoking a no-op function through an in-process Invoke API, at each batch
 * size; compared with the plain consumer's ceiling on the same topic.
 *
 * @example
 * const rows = await mappingStage({ brokers, topic, records: 100_000, batchSizes: [100, 1000], consumeCeiling });
 */
export async function mappingStage(options: {
  brokers: string[];
  topic: string;
  records: number;
  batchSizes: readonly number[];
  consumeCeiling: number;
}): Promise<MappingResult[]> {
  const results: MappingResult[] = [];
  for (const batchSize of options.batchSizes) {
    results.push(
      await mappingRun(options.brokers, options.topic, options.records, batchSize, options.consumeCeiling),
    );
  }
  return results;
}
