import type { FaultKind } from "./faults.ts";

/** What `GET /_stats` returns. */
export interface StatsSnapshot {
  startedAt: string;
  /** Requests to the API paths (not to `/_faults` or `/_stats`). */
  requests: number;
  /** API responses by status code. */
  responses: Record<string, number>;
  /** Users sent in complete 200 bodies (truncated bodies not included). */
  users: number;
  /** Injected faults by kind; `latency` counts requests that were delayed. */
  faults: Record<FaultKind | "latency", number>;
}

/**
 * The server's counters, cumulative since start.
 *
 * @example
 * const stats = new Stats();
 * stats.response(200, 10);
 * stats.snapshot().users; // 10
 */
export class Stats {
  private readonly startedAt = new Date().toISOString();
  private requests = 0;
  private users = 0;
  private readonly responses = new Map<number, number>();
  private readonly faults: Record<FaultKind | "latency", number> = {
    latency: 0,
    rateLimit: 0,
    error: 0,
    truncate: 0,
  };

  request(): void {
    this.requests++;
  }

  /** An API response; `users` counts only when the body was sent whole. */
  response(status: number, users = 0): void {
    this.responses.set(status, (this.responses.get(status) ?? 0) + 1);
    this.users += users;
  }

  fault(kind: FaultKind | "latency"): void {
    this.faults[kind]++;
  }

  snapshot(): StatsSnapshot {
    return {
      startedAt: this.startedAt,
      requests: this.requests,
      responses: Object.fromEntries([...this.responses].sort(([a], [b]) => a - b)),
      users: this.users,
      faults: { ...this.faults },
    };
  }
}
