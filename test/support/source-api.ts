import type { StackConfig } from "../../infra/stack/config.ts";
import { sourceUrlOf } from "../../infra/stack/services/source.ts";

/** The local Random User API from the outside: its fault injection, and the users a seed stands for. */

/** The faults of infra/source (PUT /_faults); `{}` turns them all off. */
export interface SourceFaults {
  latencyMs?: number;
  jitterMs?: number;
  errorRate?: number;
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  truncateRate?: number;
  seed?: string;
}

function baseOf(config: StackConfig): string {
  return sourceUrlOf(config).replace(/\/$/, "");
}

/** The API's URL as ingest is given it (`SOURCE_URL`). */
export function sourceApiUrl(config: StackConfig): string {
  return `${baseOf(config)}/api/`;
}

/**
 * Replaces the source's faults (the whole configuration: absent keys are off).
 *
 * @example
 * await setSourceFaults(config, { errorRate: 0.2, seed: "chaos" });
 * await setSourceFaults(config, {}); // all off
 */
export async function setSourceFaults(config: StackConfig, faults: SourceFaults): Promise<void> {
  const response = await fetch(`${baseOf(config)}/_faults`, { method: "PUT", body: JSON.stringify(faults) });
  if (response.status !== 200) {
    throw new Error(`PUT /_faults answered ${response.status}: ${await response.text()}`);
  }
}

/** The source's counters (GET /_stats): requests, responses by status, users served, faults by kind. */
export async function sourceStats(config: StackConfig): Promise<Record<string, unknown>> {
  return (await (await fetch(`${baseOf(config)}/_stats`)).json()) as Record<string, unknown>;
}

/** A user of a seed's sequence: its id, and where ingest finds it (page of `results`, index in the page). */
export interface SeedUser {
  userId: string;
  page: number;
  index: number;
}

/**
 * Users 1..`users` of a seed's sequence, read from the source in pages of `pageSize` (as ingest reads them with
 * `resultsPerRequest: pageSize` from page 1). The source is deterministic, so this is exactly what ingest is served
 * for the same seed — call it while no faults are set.
 *
 * @example
 * const expected = await seedUsers(config, "chaos-1", 3000, 100); // 3000 users, pages 1..30
 */
export async function seedUsers(
  config: StackConfig,
  seed: string,
  users: number,
  pageSize: number,
): Promise<SeedUser[]> {
  const pages = Math.ceil(users / pageSize);
  const bodies = await Promise.all(
    Array.from({ length: pages }, async (_, i) => {
      const url = new URL(sourceApiUrl(config));
      url.search = new URLSearchParams({ results: String(pageSize), seed, page: String(i + 1) }).toString();
      const response = await fetch(url);
      if (response.status !== 200) throw new Error(`${url} answered ${response.status} (faults on?)`);
      return (await response.json()) as { results: { login: { uuid: string } }[] };
    }),
  );
  return bodies
    .flatMap((body, p) =>
      body.results.map((user, index) => ({ userId: user.login.uuid, page: p + 1, index })),
    )
    .slice(0, users);
}
