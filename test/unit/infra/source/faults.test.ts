import { describe, expect, it } from "vitest";
import { FaultConfigError } from "../../../../infra/source/errors.ts";
import { type FaultDecision, FaultInjector, parseFaultConfig } from "../../../../infra/source/faults.ts";

const draw = (injector: FaultInjector, n: number): FaultDecision[] =>
  Array.from({ length: n }, () => injector.next());

describe("parseFaultConfig", () => {
  it("turns every fault off by default", () => {
    expect(parseFaultConfig({})).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      rateLimitRate: 0,
      retryAfterSeconds: 1,
      truncateRate: 0,
      seed: "randomuser-faults",
    });
  });

  it("rejects unknown keys, naming them", () => {
    expect(() => parseFaultConfig({ errorRat: 0.1, latency: 5 })).toThrow(FaultConfigError);
    expect(() => parseFaultConfig({ errorRat: 0.1, latency: 5 })).toThrow(/"errorRat".*"latency"/);
  });

  it("rejects rates outside [0, 1], rates adding up past 1 and non-numbers", () => {
    expect(() => parseFaultConfig({ errorRate: 1.5 })).toThrow(/errorRate/);
    expect(() => parseFaultConfig({ truncateRate: -0.1 })).toThrow(/truncateRate/);
    expect(() => parseFaultConfig({ errorRate: 0.6, rateLimitRate: 0.5 })).toThrow(/must not exceed 1/);
    expect(() => parseFaultConfig({ latencyMs: "10" })).toThrow(/latencyMs/);
    expect(() => parseFaultConfig({ latencyMs: 1.5 })).toThrow(/latencyMs/);
    expect(() => parseFaultConfig([])).toThrow(FaultConfigError);
  });
});

describe("FaultInjector", () => {
  it("injects nothing when off", () => {
    const decisions = draw(new FaultInjector(), 1_000);
    expect(decisions.every((decision) => decision.kind === null && decision.delayMs === 0)).toBe(true);
  });

  it("is reproducible: the same seed gives the same decisions, another seed others", () => {
    const config = { errorRate: 0.2, rateLimitRate: 0.1, truncateRate: 0.1, jitterMs: 50, seed: "run-1" };
    const a = draw(new FaultInjector(parseFaultConfig(config)), 500);
    const b = draw(new FaultInjector(parseFaultConfig(config)), 500);
    expect(a).toEqual(b);
    const c = draw(new FaultInjector(parseFaultConfig({ ...config, seed: "run-2" })), 500);
    expect(c).not.toEqual(a);
  });

  it("starts the sequence over on configure", () => {
    const config = parseFaultConfig({ errorRate: 0.5, seed: "again" });
    const injector = new FaultInjector(config);
    const first = draw(injector, 100);
    injector.configure(config);
    expect(draw(injector, 100)).toEqual(first);
  });

  it("draws the same uniform numbers whatever the rates, so one seed lines up across configurations", () => {
    const low = draw(new FaultInjector(parseFaultConfig({ errorRate: 0.1, seed: "s" })), 1_000);
    const high = draw(new FaultInjector(parseFaultConfig({ errorRate: 0.3, seed: "s" })), 1_000);
    for (const [i, decision] of low.entries()) {
      if (decision.kind === "error") expect(high[i]?.kind).toBe("error");
    }
  });

  it("injects each kind at about its rate, at most one per request", () => {
    const injector = new FaultInjector(
      parseFaultConfig({ errorRate: 0.2, rateLimitRate: 0.1, truncateRate: 0.3, seed: "rates" }),
    );
    const decisions = draw(injector, 20_000);
    const share = (kind: FaultDecision["kind"]) =>
      decisions.filter((decision) => decision.kind === kind).length / decisions.length;
    expect(share("error")).toBeCloseTo(0.2, 1);
    expect(share("rateLimit")).toBeCloseTo(0.1, 1);
    expect(share("truncate")).toBeCloseTo(0.3, 1);
    expect(share(null)).toBeCloseTo(0.4, 1);
    for (const decision of decisions) {
      expect(decision.cutAt).toBeGreaterThanOrEqual(0.1);
      expect(decision.cutAt).toBeLessThan(0.9);
    }
  });

  it("adds latency plus a jitter of up to jitterMs", () => {
    const injector = new FaultInjector(parseFaultConfig({ latencyMs: 20, jitterMs: 10, seed: "latency" }));
    const delays = draw(injector, 2_000).map((decision) => decision.delayMs);
    expect(Math.min(...delays)).toBe(20);
    expect(Math.max(...delays)).toBe(30);
  });
});
