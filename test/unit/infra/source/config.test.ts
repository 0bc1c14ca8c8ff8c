import { describe, expect, it } from "vitest";
import { loadSourceOptions } from "../../../../infra/source/config.ts";
import { SourceConfigError } from "../../../../infra/source/errors.ts";

describe("loadSourceOptions", () => {
  it("defaults to 127.0.0.1:3100, upstream's reference date and no faults", () => {
    const options = loadSourceOptions([], {});
    expect(options?.port).toBe(3100);
    expect(options?.host).toBe("127.0.0.1");
    expect(options?.referenceDate.toISOString()).toBe("2022-05-23T22:16:29.000Z");
    expect(options?.faults).toMatchObject({ errorRate: 0, rateLimitRate: 0, truncateRate: 0, latencyMs: 0 });
  });

  it("reads flags and RANDOMUSER_* variables, a flag winning", () => {
    const options = loadSourceOptions(["--port", "0", "--error-rate", "0.25", "--fault-seed", "x"], {
      RANDOMUSER_PORT: "4000",
      RANDOMUSER_LATENCY_MS: "15",
      RANDOMUSER_REFERENCE_DATE: "2025-01-01T00:00:00Z",
      PATH: "/usr/bin",
    });
    expect(options?.port).toBe(0);
    expect(options?.faults).toMatchObject({ errorRate: 0.25, latencyMs: 15, seed: "x" });
    expect(options?.referenceDate.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });

  it("returns null for --help", () => {
    expect(loadSourceOptions(["--help"], {})).toBeNull();
  });

  it("rejects unknown flags and unknown RANDOMUSER_* variables, naming them", () => {
    expect(() => loadSourceOptions(["--prot", "1"], {})).toThrow(SourceConfigError);
    expect(() => loadSourceOptions(["--prot", "1"], {})).toThrow(/--prot/);
    expect(() => loadSourceOptions([], { RANDOMUSER_PROT: "1" })).toThrow(/RANDOMUSER_PROT/);
    expect(() => loadSourceOptions(["extra"], {})).toThrow(SourceConfigError);
  });

  it("rejects invalid values, naming the flag and variable to fix", () => {
    expect(() => loadSourceOptions(["--port", "70000"], {})).toThrow(/--port \(RANDOMUSER_PORT\)/);
    expect(() => loadSourceOptions(["--error-rate", "lots"], {})).toThrow(/--error-rate/);
    expect(() => loadSourceOptions([], { RANDOMUSER_TRUNCATE_RATE: "1.5" })).toThrow(
      /RANDOMUSER_TRUNCATE_RATE/,
    );
    expect(() => loadSourceOptions(["--reference-date", "yesterday"], {})).toThrow(/--reference-date/);
  });
});
