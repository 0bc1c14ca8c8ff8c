import { describe, expect, it } from "vitest";
import { InvalidSecretError } from "../../../../functions/shared/errors.ts";
import { parseCredentialsSecret } from "../../../../functions/shared/secrets.ts";

describe("parseCredentialsSecret", () => {
  it("reads username and password, ignoring other keys (AWS database secrets carry host, port…)", () => {
    expect(
      parseCredentialsSecret("db", JSON.stringify({ username: "app", password: "pw", engine: "cassandra" })),
    ).toEqual({ username: "app", password: "pw" });
  });

  it.each([
    ["no SecretString", undefined, /secret s has no SecretString/],
    ["not JSON", "username=app", /secret s is not JSON/],
    ["no password", JSON.stringify({ username: "app" }), /secret s lacks a valid password;/],
    ["empty username and password", JSON.stringify({ username: "", password: "" }), /username and password/],
    ["a JSON string", JSON.stringify("app:pw"), /lacks a valid \(value\)/],
  ])("rejects %s with InvalidSecretError naming the secret, never the value", (_, value, message) => {
    const error = (() => {
      try {
        parseCredentialsSecret("s", value);
      } catch (caught) {
        return caught;
      }
      throw new Error("expected an error");
    })();
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect(error).toMatchObject({ name: "InvalidSecretError", secretId: "s" });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("app:pw");
  });
});
