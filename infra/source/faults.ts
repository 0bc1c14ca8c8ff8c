import { z } from "zod";
import { describeIssues } from "../../functions/shared/zod-issues.ts";
import { FaultConfigError } from "./errors.ts";
import { Rng } from "./prng.ts";

const rate = z.number().min(0).max(1);
const milliseconds = z.int().min(0).max(600_000);

/**
 * The fault seed when none is given: faults are reproducible out of the box.
 *
 * @example
 * parseFaultConfig({}).seed === DEFAULT_FAULT_SEED; // true
 */
export const DEFAULT_FAULT_SEED = "randomuser-faults";

/**
 * What to inject into `/api` responses; every fault is off by default. A request gets at most one of a 429, a 500 or
 * a truncated body, so the three rates must add up to at most 1; latency applies to every request, on top.
 *
 * @example
 * faultConfigSchema.parse({ errorRate: 0.1 }).truncateRate; // 0
 */
export const faultConfigSchema = z
  .strictObject({
    /** Added to every API response. */
    latencyMs: milliseconds.default(0),
    /** Up to this much more, uniformly drawn per request. */
    jitterMs: milliseconds.default(0),
    /** Share of requests answered 500. */
    errorRate: rate.default(0),
    /** Share of requests answered 429 with `Retry-After`. */
    rateLimitRate: rate.default(0),
    /** The `Retry-After` of a 429, in seconds. */
    retryAfterSeconds: z.int().min(0).max(86_400).default(1),
    /** Share of requests whose body is cut mid-way before the connection is closed. */
    truncateRate: rate.default(0),
    /** Seeds the fault draws: the same seed and the same sequence of requests give the same faults. */
    seed: z.string().min(1).max(256).default(DEFAULT_FAULT_SEED),
  })
  .refine((config) => config.errorRate + config.rateLimitRate + config.truncateRate <= 1, {
    message:
      "errorRate + rateLimitRate + truncateRate must not exceed 1 (a request gets at most one of them)",
  });

export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultKind = "rateLimit" | "error" | "truncate";

/** What happens to one request. */
export interface FaultDecision {
  /** null: answered normally. */
  readonly kind: FaultKind | null;
  /** Delay before answering (latency plus jitter). */
  readonly delayMs: number;
  /** For a truncated body: the share of it sent before the connection is cut, in [0.1, 0.9). */
  readonly cutAt: number;
}

/**
 * Validates a fault configuration (absent keys take their defaults, so `{}` turns every fault off).
 *
 * @throws {FaultConfigError} naming unknown keys and invalid values.
 * @example
 * parseFaultConfig({ errorRate: 0.1, seed: "run-1" }); // { latencyMs: 0, ..., errorRate: 0.1, seed: "run-1" }
 * parseFaultConfig({ errorRat: 0.1 }); // throws FaultConfigError: Unrecognized key: "errorRat"
 */
export function parseFaultConfig(input: unknown): FaultConfig {
  const parsed = faultConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new FaultConfigError(`invalid fault configuration: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Decides, request by request, which fault to inject. Every decision takes exactly three draws from a generator
 * keyed by the configuration's seed, so a given seed and configuration give the same decisions in the same order,
 * whatever the rates; {@link FaultInjector.configure} starts the sequence over.
 *
 * @example
 * const faults = new FaultInjector(parseFaultConfig({ errorRate: 0.5 }));
 * faults.next(); // { kind: "error", delayMs: 0, cutAt: 0.42 } or { kind: null, ... }
 */
export class FaultInjector {
  private current: FaultConfig;
  private rng: Rng;

  constructor(config: FaultConfig = parseFaultConfig({})) {
    this.current = config;
    this.rng = Rng.fromString(config.seed);
  }

  get config(): FaultConfig {
    return this.current;
  }

  /** Replaces the configuration and restarts the sequence of draws from its seed. */
  configure(config: FaultConfig): void {
    this.current = config;
    this.rng = Rng.fromString(config.seed);
  }

  next(): FaultDecision {
    const { rateLimitRate, errorRate, truncateRate, latencyMs, jitterMs } = this.current;
    const which = this.rng.float();
    const jitter = this.rng.float();
    const cut = this.rng.float();
    let kind: FaultKind | null = null;
    if (which < rateLimitRate) kind = "rateLimit";
    else if (which < rateLimitRate + errorRate) kind = "error";
    else if (which < rateLimitRate + errorRate + truncateRate) kind = "truncate";
    return { kind, delayMs: latencyMs + Math.floor(jitter * (jitterMs + 1)), cutAt: 0.1 + cut * 0.8 };
  }
}
