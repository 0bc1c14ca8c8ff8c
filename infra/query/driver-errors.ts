import { errors, types } from "cassandra-driver";
import { CassandraLoginError, CassandraUnavailableError, SchemaMissingError } from "./errors.ts";

/**
 * A driver error as the query command's own, saying what to do: Cassandra not running, the login refused, or the
 * schema not applied. Any other error comes back as it is.
 *
 * @example
 * throw explainDriverError(error, "127.0.0.1:9042", "user_stream");
 */
export function explainDriverError(error: unknown, contactPoint: string, keyspace: string): unknown {
  if (error instanceof errors.NoHostAvailableError) {
    const inner = Object.values(error.innerErrors ?? {});
    return inner.some((cause) => cause instanceof errors.AuthenticationError)
      ? new CassandraLoginError(contactPoint, { cause: error })
      : new CassandraUnavailableError(contactPoint, { cause: error });
  }
  if (
    error instanceof errors.ResponseError &&
    error.code === types.responseErrorCodes.invalid &&
    /does not exist|unconfigured table/i.test(error.message)
  ) {
    return new SchemaMissingError(keyspace, { cause: error });
  }
  return error;
}
