/**
 * `npm run query -- <command> [options]`: looks at what the pipeline stored in the local stack's Cassandra
 * (`--help` lists the commands). Exits 0 with the result on stdout, 1 when the query fails, 2 on a usage error.
 */
import { loadStackConfig } from "../stack/config.ts";
import { StackConfigError } from "../stack/errors.ts";
import { cassandraClient } from "../stack/services/cassandra.ts";
import { parseQueryArgs, USAGE } from "./args.ts";
import { explainDriverError } from "./driver-errors.ts";
import { QueryError, UsageError } from "./errors.ts";
import { runQuery } from "./queries.ts";
import { renderResult } from "./render.ts";

async function main(argv: readonly string[]): Promise<number> {
  const command = parseQueryArgs(argv);
  if (command === null) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadStackConfig();
  const client = cassandraClient(config, command.keyspace);
  try {
    process.stdout.write(renderResult(await runQuery(client, command), command.json));
    return 0;
  } catch (error) {
    throw explainDriverError(error, `127.0.0.1:${config.cassandra.port}`, command.keyspace);
  } finally {
    await client.shutdown();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof QueryError || error instanceof StackConfigError) {
    process.stderr.write(`query: ${error.message}\n`);
    process.exitCode = error instanceof UsageError || error instanceof StackConfigError ? 2 : error.exitCode;
  } else {
    process.stderr.write(
      `query: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
