import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StackConfigError } from "../../../../../infra/stack/errors.ts";
import { existingCredentials, stackCredentials } from "../../../../../infra/stack/services/credentials.ts";

const fresh = () => join(mkdtempSync(join(tmpdir(), "stack-credentials-")), "svc", "credentials.json");

describe("stackCredentials", () => {
  it("generates strong passwords once, in a 0600 file, and returns the same ones afterwards", () => {
    const file = fresh();
    expect(existingCredentials(file)).toBeNull();
    const first = stackCredentials(file, { admin: "stack_admin", app: "app" });
    expect(first.admin.username).toBe("stack_admin");
    expect(first.app.username).toBe("app");
    expect(first.admin.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.app.password).not.toBe(first.admin.password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stackCredentials(file, { admin: "stack_admin", app: "app" })).toEqual(first);
    expect(existingCredentials(file)).toEqual(first);
  });

  it("names the file and what to do when it lacks a role or is invalid", () => {
    const file = fresh();
    stackCredentials(file, { app: "app" });
    expect(() => stackCredentials(file, { app: "app", admin: "stack_admin" })).toThrow(StackConfigError);
    expect(() => stackCredentials(file, { app: "app", admin: "stack_admin" })).toThrow(
      /has no credentials for admin; delete it together with the service's data/,
    );
    writeFileSync(file, JSON.stringify({ app: { username: "app", password: "short" } }));
    expect(() => stackCredentials(file, { app: "app" })).toThrow(/is not a valid credentials file/);
    expect(readFileSync(file, "utf8")).not.toBe("");
  });
});
