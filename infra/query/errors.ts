/**
 * Base of every error of the query command; `name` is stable and safe to match on, `exitCode` is what the command
 * exits with.
 *
 * @example
 * try { await runQuery(command, client); } catch (error) { if (error instanceof QueryError) process.exit(error.exitCode); }
 */
export class QueryError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The command line is not valid: an unknown command or option, or a value out of range. Exits 2.
 *
 * @example
 * new UsageError("--limit: must be at most 10000");
 */
export class UsageError extends QueryError {
  override readonly exitCode = 2;
}

/**
 * No Cassandra node answered at the configured contact point.
 *
 * @example
 * new CassandraUnavailableError("127.0.0.1:9042", { cause: noHostAvailable });
 */
export class CassandraUnavailableError extends QueryError {
  readonly contactPoint: string;
  constructor(contactPoint: string, options?: ErrorOptions) {
    super(
      `Cassandra is not reachable at ${contactPoint}: start it with \`npm run stack -- up cassandra\` (or set STACK_CASSANDRA_PORT to the port it listens on)`,
      options,
    );
    this.contactPoint = contactPoint;
  }
}

/**
 * The keyspace or one of its tables does not exist yet.
 *
 * @example
 * new SchemaMissingError("user_stream", { cause: invalidQuery });
 */
export class SchemaMissingError extends QueryError {
  constructor(keyspace: string, options?: ErrorOptions) {
    super(
      `the keyspace ${keyspace} or its tables do not exist: \`npm run stack -- up cassandra\` applies infra/cassandra/*.cql`,
      options,
    );
  }
}

/**
 * `users --id` named a user that is not stored.
 *
 * @example
 * new UserNotFoundError("7a0eed16-9430-4d68-901f-c0d4c1c3bf00");
 */
export class UserNotFoundError extends QueryError {
  constructor(id: string) {
    super(`no user ${id} is stored (has the pipeline run? \`npm run query -- count\` counts the users)`);
  }
}

/**
 * Cassandra answered but refused the login (authentication is on and the stack's credentials are missing or wrong).
 *
 * @example
 * new CassandraLoginError("127.0.0.1:9042", { cause: authenticationError });
 */
export class CassandraLoginError extends QueryError {
  constructor(contactPoint: string, options?: ErrorOptions) {
    super(
      `Cassandra at ${contactPoint} refused the login: the query logs in with the stack's credentials, which \`npm run stack -- up cassandra\` sets up`,
      options,
    );
  }
}
