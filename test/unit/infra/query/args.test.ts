import { describe, expect, it } from "vitest";
import { parseQueryArgs, USAGE } from "../../../../infra/query/args.ts";
import { UsageError } from "../../../../infra/query/errors.ts";

const ID = "7a0eed16-9430-4d68-901f-c0d4c1c3bf00";

describe("parseQueryArgs", () => {
  it("reads each command with its defaults", () => {
    expect(parseQueryArgs(["users", "--country", "de", "--limit", "10"])).toEqual({
      command: "users",
      country: "DE",
      limit: 10,
      json: false,
      keyspace: "user_stream",
    });
    expect(parseQueryArgs(["users", "--id", ID, "--json"])).toEqual({
      command: "user",
      id: ID,
      json: true,
      keyspace: "user_stream",
    });
    expect(parseQueryArgs(["stats"])).toEqual({
      command: "stats",
      limit: 20,
      json: false,
      keyspace: "user_stream",
    });
    expect(parseQueryArgs(["count", "--country", " nl ", "--keyspace", "other_ks"])).toEqual({
      command: "count",
      country: "NL",
      json: false,
      keyspace: "other_ks",
    });
  });

  it("means help for --help, -h or nothing", () => {
    expect(parseQueryArgs(["--help"])).toBeNull();
    expect(parseQueryArgs(["users", "-h"])).toBeNull();
    expect(parseQueryArgs([])).toBeNull();
    expect(USAGE).toContain("npm run query -- <command> [options]");
  });

  it.each([
    [["bogus"], 'unknown command "bogus": expected one of users, stats, count'],
    [["users", "extra"], 'unexpected argument "extra"'],
    [["users", "--nope"], "Unknown option '--nope'"],
    [["users", "--country", "Germany"], "--country: expected a two-letter country code such as DE"],
    [["users", "--id", "not-a-uuid"], "--id: expected a UUID"],
    [["users", "--limit", "0"], "--limit: must be at least 1"],
    [["users", "--limit", "10001"], "--limit: must be at most 10000"],
    [["users", "--limit", "ten"], "--limit: expected a whole number"],
    [["users", "--id", ID, "--limit", "3"], "users --id takes no --country or --limit"],
    [["stats", "--id", ID], "stats does not take --id"],
    [["count", "--limit", "3"], "count does not take --limit"],
    [["count", "--keyspace", "drop table"], "--keyspace: expected a CQL identifier"],
    [["count", "--json=yes"], "--json"],
  ])("rejects %j with a message naming the problem", (argv, message) => {
    expect(() => parseQueryArgs(argv)).toThrow(UsageError);
    expect(() => parseQueryArgs(argv)).toThrow(message);
    expect(() => parseQueryArgs(argv)).toThrow(/see --help$/);
  });
});
