import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { StackConfigError } from "../errors.ts";

/** A username and password, the shape of the secrets the stack writes to Secrets Manager. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

const credentialsSchema = z.strictObject({ username: z.string().min(1), password: z.string().min(16) });
const fileSchema = z.record(z.string(), credentialsSchema);

/**
 * A strong generated password: 32 random bytes in base64url (256 bits; letters, digits, `-` and `_`, so it needs no
 * quoting in CQL strings, JAAS or SCRAM).
 *
 * @example
 * generatePassword().length; // 43
 */
export function generatePassword(): string {
  return randomBytes(32).toString("base64url");
}

function readCredentialsFile(file: string): Record<string, Credentials> {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new StackConfigError(
      `${file} is not a valid credentials file; delete it together with the service's data ` +
        "(npm run stack -- down --purge <service>) to generate new credentials",
    );
  }
  return parsed.data;
}

/**
 * The stack's credentials for `roles` (role name → username), generated once and kept in `file` (mode 0600) as the
 * local source of truth: the AWS endpoint (moto) is in-memory, so the secrets are written to it again from here on
 * every `up`. Safe when several services ask at the same time: the file is created with one atomic link, and a
 * loser of that race reads the winner's file.
 *
 * @throws {StackConfigError} when the file exists but lacks a role or is not valid.
 * @example
 * const { app } = stackCredentials("/repo/.stack/cassandra/credentials.json", { app: "user_stream_app" });
 * app.username; // "user_stream_app"
 */
export function stackCredentials<Role extends string>(
  file: string,
  roles: Readonly<Record<Role, string>>,
): Record<Role, Credentials> {
  let stored: Record<string, Credentials>;
  try {
    stored = readCredentialsFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const fresh = Object.fromEntries(
      Object.entries<string>(roles).map(([role, username]) => [
        role,
        { username, password: generatePassword() },
      ]),
    );
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temporary, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(temporary, file);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== "EEXIST") throw linkError;
    } finally {
      rmSync(temporary, { force: true });
    }
    stored = readCredentialsFile(file);
  }
  const missing = Object.keys(roles).filter((role) => stored[role] === undefined);
  if (missing.length > 0) {
    throw new StackConfigError(
      `${file} has no credentials for ${missing.join(", ")}; delete it together with the service's data ` +
        "(npm run stack -- down --purge <service>) to generate new credentials",
    );
  }
  return stored as Record<Role, Credentials>;
}

/**
 * The stored credentials of `file` if it exists, else null (nothing generated).
 *
 * @example
 * existingCredentials("/repo/.stack/cassandra/credentials.json")?.admin?.username; // "stack_admin"
 */
export function existingCredentials(file: string): Record<string, Credentials> | null {
  try {
    return readCredentialsFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
