import { describe, expect, it } from "vitest";
import { HELP, parseRunOptions } from "../../../../infra/pipeline/options.ts";
import { UsageError } from "../../../../infra/stack/errors.ts";

describe("parseRunOptions", () => {
  it("gives the defaults: continuous, Airflow on, the stack stopped afterwards", () => {
    expect(parseRunOptions([])).toEqual({
      pageSize: 500,
      concurrency: 8,
      chunkUsers: 50_000,
      airflow: true,
      keepRunning: false,
      refreshMs: 1_000,
    });
  });

  it("reads every flag", () => {
    expect(
      parseRunOptions([
        "--users",
        "10000",
        "--page-size",
        "250",
        "--concurrency",
        "4",
        "--chunk-users",
        "2000",
        "--seed",
        "demo_1",
        "--no-airflow",
        "--keep-running",
        "--refresh-ms",
        "500",
      ]),
    ).toEqual({
      users: 10_000,
      pageSize: 250,
      concurrency: 4,
      chunkUsers: 2000,
      seed: "demo_1",
      airflow: false,
      keepRunning: true,
      refreshMs: 500,
    });
  });

  it("answers --help and -h with HELP", () => {
    expect(parseRunOptions(["--help"])).toBe(HELP);
    expect(parseRunOptions(["-h", "--users", "nope"])).toBe(HELP);
  });

  it("names every bad value by its flag", () => {
    expect(() => parseRunOptions(["--users", "0", "--page-size", "9000", "--seed", "a b"])).toThrow(
      /invalid options: --users: .*; --page-size: .*; --seed: 1 to 64 letters/,
    );
    expect(() => parseRunOptions(["--refresh-ms", "ten"])).toThrow(/--refresh-ms: /);
  });

  it("rejects unknown flags and positionals with the usage", () => {
    expect(() => parseRunOptions(["--user", "5"])).toThrow(UsageError);
    expect(() => parseRunOptions(["--user", "5"])).toThrow(/Unknown option '--user'[\s\S]*Usage: npm start/);
    expect(() => parseRunOptions(["now"])).toThrow(UsageError);
  });

  it("refuses --seed without --users", () => {
    expect(() => parseRunOptions(["--seed", "abc"])).toThrow(/--seed only applies with --users/);
  });
});
