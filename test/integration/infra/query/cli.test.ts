import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { promisify } from "node:util";
import type { Client } from "cassandra-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryStatsSchema } from "../../../../functions/sink/country-stats.ts";
import { processedUserSchema } from "../../../../functions/sink/processed-user.ts";
import { statementsFor } from "../../../../functions/sink/writer.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { cassandraClient, cqlStatements } from "../../../../infra/stack/services/cassandra.ts";

const run = promisify(execFile);
const config = loadStackConfig();
// A keyspace of its own, so rows the pipeline stored in user_stream do not change the figures.
const keyspace = `query_cli_${randomBytes(4).toString("hex")}`;

const jsonl = async (file: string) =>
  (await readFile(`test/fixtures/contract/${file}`, "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
const users = (await jsonl("users.processed.expected.jsonl")).map((user) => processedUserSchema.parse(user));
const stats = (await jsonl("users.stats.expected.jsonl")).map((window) => countryStatsSchema.parse(window));

let client: Client;

/** `npm run query -- <args>` as a user runs it, with this test's environment (the stack's ports). */
async function query(args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await run(
      "npm",
      ["run", "-s", "query", "--", ...args, "--keyspace", keyspace],
      {
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  client = cassandraClient(config);
  // The pipeline's schema, in this test's keyspace.
  for (const file of (await readdir("infra/cassandra")).filter((name) => name.endsWith(".cql")).sort()) {
    for (const statement of cqlStatements(await readFile(`infra/cassandra/${file}`, "utf8"))) {
      await client.execute(statement.replaceAll("user_stream", keyspace));
    }
  }
  // Rows exactly as the sink writes them.
  const rows = [
    ...users.map((user) => ({ kind: "user" as const, user })),
    ...stats.map((window) => ({ kind: "stats" as const, stats: window })),
  ];
  for (const statement of rows.flatMap(statementsFor)) {
    await client.execute(statement.query.replace(/INTO (\w+)/, `INTO ${keyspace}.$1`), statement.params, {
      prepare: true,
    });
  }
});

afterAll(async () => {
  await client?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  await client?.shutdown();
});

describe("npm run query", () => {
  it("counts the users, in all and of one country", async () => {
    expect(await query(["count"])).toMatchObject({ code: 0, stdout: `users  ${users.length}\n` });
    const nl = users.filter((user) => user.country_code === "NL").length;
    const { stdout } = await query(["count", "--country", "nl", "--json"]);
    expect(JSON.parse(stdout)).toEqual({ country_code: "NL", users: nl });
  });

  it("lists one country's users as a table, at most --limit", async () => {
    const br = users.filter((user) => user.country_code === "BR");
    const table = await query(["users", "--country", "BR"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^COUNTRY_CODE +USER_ID +FULL_NAME +EMAIL +AGE +CITY +REGISTERED_AT$/);
    expect(lines.at(-1)).toBe(`(${br.length} rows)`);
    for (const user of br) expect(table.stdout).toContain(`${user.user_id}  ${user.full_name}`);
    const limited = JSON.parse((await query(["users", "--country", "BR", "--limit", "2", "--json"])).stdout);
    expect(limited).toHaveLength(2);
    for (const row of limited) expect(br.map((user) => user.user_id)).toContain(row.user_id);
  });

  it("lists users of every country", async () => {
    const rows = JSON.parse((await query(["users", "--limit", "5", "--json"])).stdout) as {
      user_id: string;
    }[];
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(users.map((user) => user.user_id)).toContain(row.user_id);
  });

  it("shows every stored column of one user", async () => {
    const [user] = users;
    if (!user) throw new Error("no fixture user");
    const { stdout } = await query(["users", "--id", user.user_id, "--json"]);
    expect(JSON.parse(stdout)).toEqual(user);
    const record = await query(["users", "--id", user.user_id]);
    expect(record.stdout).toMatch(new RegExp(`^full_name +${user.full_name}$`, "m"));
    expect(record.stdout).toMatch(new RegExp(`^latitude +${user.latitude}$`, "m"));
  });

  it("says so when the user is not stored", async () => {
    const missing = await query(["users", "--id", "00000000-0000-4000-8000-000000000000"]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toContain("no user 00000000-0000-4000-8000-000000000000 is stored");
  });

  it("summarises the stats per country, and shows one country's windows", async () => {
    const summary = JSON.parse((await query(["stats", "--json"])).stdout);
    expect(summary).toHaveLength(new Set(stats.map((window) => window.country_code)).size);
    // BR and NL both have 3 users: the most users first, then by code.
    expect(summary[0]).toEqual({
      country_code: "BR",
      windows: 1,
      users: 3,
      average_age: 50.666666666666664,
      first_window: "2026-01-15T10:01:00.000Z",
      last_window: "2026-01-15T10:01:00.000Z",
    });
    const table = await query(["stats", "--country", "br"]);
    expect(table.stdout).toMatch(/^BR +2026-01-15T10:01:00.000Z +2026-01-15T10:02:00.000Z +3 +50.67 +\S+$/m);
    expect(table.stdout).toContain("(1 row)");
  });

  it("explains a usage error and points at --help", async () => {
    const wrong = await query(["users", "--country", "Germany"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--country: expected a two-letter country code such as DE; see --help");
    expect((await query(["--help"])).stdout).toContain("Usage: npm run query -- <command> [options]");
  });

  it("tells how to start Cassandra when it is not running", async () => {
    const port = String(await unusedPort());
    const down = await query(["count"], { ...process.env, STACK_CASSANDRA_PORT: port });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Cassandra is not reachable at 127.0.0.1:${port}`);
    expect(down.stderr).toContain("npm run stack -- up cassandra");
  });
});
