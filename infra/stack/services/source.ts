import { resolve } from "node:path";
import { apiResponseSchema } from "../../source/schema.ts";
import type { StackConfig } from "../config.ts";
import type { ServiceDefinition } from "../service.ts";

const MAIN = resolve(import.meta.dirname, "..", "..", "source", "main.ts");

/**
 * Base URL of the local Random User API (no trailing slash); the API itself is at `${url}/api/`.
 *
 * @example
 * await fetch(`${sourceUrlOf(config)}/api/?results=10&seed=abc`);
 */
export function sourceUrlOf(config: StackConfig): string {
  return `http://127.0.0.1:${config.source.port}`;
}

/** The local Random User API (randomuser.me 1.4 compatible, seeded, with fault injection), on the Node running us. */
export const source: ServiceDefinition = {
  name: "source",
  ports: (config) => [config.source.port],
  async prepare({ config }) {
    return {
      command: process.execPath,
      args: [MAIN, "--port", String(config.source.port), "--host", "127.0.0.1"],
    };
  },
  async probe({ config }) {
    const response = await fetch(`${sourceUrlOf(config)}/api/?results=1&seed=probe`, {
      signal: AbortSignal.timeout(2_000),
    });
    if (response.status !== 200) throw new Error(`GET /api/ answered ${response.status}`);
    const body = apiResponseSchema.parse(await response.json());
    if (body.results.length !== 1 || body.info.seed !== "probe") {
      throw new Error(`GET /api/ answered ${body.results.length} users for seed ${body.info.seed}`);
    }
  },
};
