import { errors, types } from "cassandra-driver";
import { describe, expect, it } from "vitest";
import { explainDriverError } from "../../../../infra/query/driver-errors.ts";
import {
  CassandraLoginError,
  CassandraUnavailableError,
  SchemaMissingError,
} from "../../../../infra/query/errors.ts";

describe("explainDriverError", () => {
  it("tells how to start Cassandra when no host answered, and about the login when it was refused", () => {
    const down = explainDriverError(
      new errors.NoHostAvailableError({ "127.0.0.1:9042": new Error("ECONNREFUSED") }),
      "127.0.0.1:9042",
      "user_stream",
    );
    expect(down).toBeInstanceOf(CassandraUnavailableError);
    expect((down as Error).message).toContain("start it with `npm run stack -- up cassandra`");
    const refused = explainDriverError(
      new errors.NoHostAvailableError({
        "127.0.0.1:9042": new errors.AuthenticationError("bad credentials"),
      }),
      "127.0.0.1:9042",
      "user_stream",
    );
    expect(refused).toBeInstanceOf(CassandraLoginError);
    expect((refused as Error).message).toMatch(/^Cassandra at 127\.0\.0\.1:9042 refused the login/);
  });

  it("points at the schema for a missing keyspace or table, and leaves other errors alone", () => {
    const missing = new errors.ResponseError(
      types.responseErrorCodes.invalid,
      "Keyspace 'nope' does not exist",
    );
    expect(explainDriverError(missing, "127.0.0.1:9042", "nope")).toBeInstanceOf(SchemaMissingError);
    const other = new errors.ResponseError(types.responseErrorCodes.serverError, "boom");
    expect(explainDriverError(other, "127.0.0.1:9042", "nope")).toBe(other);
  });
});
