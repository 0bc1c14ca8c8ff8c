import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { auth, Client, errors } from "cassandra-driver";
import { resolveMavenBundle } from "../artifacts/maven.ts";
import type { StackConfig } from "../config.ts";
import { StackError } from "../errors.ts";
import { type ServiceDefinition, serviceDir } from "../service.ts";
import { type Credentials, existingCredentials, stackCredentials } from "./credentials.ts";

const SCHEMA_DIR = resolve(import.meta.dirname, "..", "..", "cassandra");

/** The data centre that SimpleSnitch reports; clients must name it as their local one. */
export const LOCAL_DATA_CENTER = "datacenter1";

/** The stack's superuser role (replaces the default `cassandra` superuser, which provisioning drops). */
export const CASSANDRA_ADMIN_ROLE = "stack_admin";

/** The application's role: MODIFY on keyspace user_stream and nothing else. */
export const CASSANDRA_APP_ROLE = "user_stream_app";

/** The keyspace the application role may write. */
const APP_KEYSPACE = "user_stream";

/** The superuser Cassandra creates on a first start with PasswordAuthenticator. */
const DEFAULT_SUPERUSER: Credentials = { username: "cassandra", password: "cassandra" };

function credentialsFileOf(config: StackConfig): string {
  return join(serviceDir(config, "cassandra"), "credentials.json");
}

/**
 * The stack's Cassandra credentials (`admin`: superuser, `app`: the application role), generated on first use and
 * kept in `<stateDir>/cassandra/credentials.json` (mode 0600) with the data they belong to.
 *
 * @example
 * const { app } = cassandraCredentials(loadStackConfig());
 * app.username; // "user_stream_app"
 */
export function cassandraCredentials(config: StackConfig): { admin: Credentials; app: Credentials } {
  return stackCredentials(credentialsFileOf(config), {
    admin: CASSANDRA_ADMIN_ROLE,
    app: CASSANDRA_APP_ROLE,
  });
}

/** Whether a driver error means the node rejected the credentials (on every host tried). */
export function isAuthenticationFailure(error: unknown): boolean {
  if (error instanceof errors.AuthenticationError) return true;
  if (!(error instanceof errors.NoHostAvailableError)) return false;
  const inner = Object.values(error.innerErrors ?? {});
  return inner.length > 0 && inner.every((cause) => cause instanceof errors.AuthenticationError);
}

function cassandraYaml(config: StackConfig): string {
  const { port, storagePort, concurrency } = config.cassandra;
  const authenticator = config.cassandra.auth ? "PasswordAuthenticator" : "AllowAllAuthenticator";
  const authorizer = config.cassandra.auth ? "CassandraAuthorizer" : "AllowAllAuthorizer";
  // Directories are derived from -Dcassandra.storagedir; everything binds to loopback.
  return `cluster_name: user-stream
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:${storagePort}"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: ${storagePort}
native_transport_port: ${port}
start_native_transport: true
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 32MiB
authenticator: ${authenticator}
authorizer: ${authorizer}
role_manager: CassandraRoleManager
network_authorizer: AllowAllNetworkAuthorizer
concurrent_reads: ${concurrency}
concurrent_writes: ${concurrency}
concurrent_counter_writes: ${concurrency}
concurrent_materialized_view_writes: 2
concurrent_compactors: 1
memtable_flush_writers: 1
native_transport_max_threads: 32
auto_snapshot: false
hinted_handoff_enabled: false
dynamic_snitch: false
storage_compatibility_mode: NONE
`;
}

// Logs go to stdout, which the stack appends to the service's log file.
const LOGBACK_XML = `<configuration scan="false">
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level %date{ISO8601} [%thread] %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT" /></root>
</configuration>
`;

/** JVM options from Cassandra 5.0's jvm-server.options and jvm17-server.options that matter on Java 17. */
const JAVA17_OPTIONS = [
  "-Xss256k",
  "-XX:+UseG1GC",
  "-XX:+ParallelRefProcEnabled",
  "-XX:MaxTenuringThreshold=1",
  "-XX:G1HeapRegionSize=16m",
  "-XX:G1RSetUpdatingPauseTimePercent=5",
  "-XX:MaxGCPauseMillis=300",
  "-XX:InitiatingHeapOccupancyPercent=70",
  "-XX:+UseThreadPriorities",
  "-XX:+CrashOnOutOfMemoryError",
  "-XX:+PerfDisableSharedMem",
  "-Djava.net.preferIPv4Stack=true",
  "-Djdk.attach.allowAttachSelf=true",
  ...[
    "java.base/jdk.internal.misc",
    "java.management.rmi/com.sun.jmx.remote.internal.rmi",
    "java.rmi/sun.rmi.registry",
    "java.rmi/sun.rmi.server",
    "java.sql/java.sql",
    "java.base/java.lang.ref",
    "jdk.unsupported/sun.misc",
    "jdk.compiler/com.sun.tools.javac.file",
    "jdk.attach/sun.tools.attach",
  ].flatMap((target) => ["--add-exports", `${target}=ALL-UNNAMED`]),
  ...[
    "java.base/java.lang.module",
    "java.base/jdk.internal.loader",
    "java.base/jdk.internal.ref",
    "java.base/jdk.internal.reflect",
    "java.base/jdk.internal.math",
    "java.base/jdk.internal.module",
    "java.base/jdk.internal.util.jar",
    "jdk.management/com.sun.management.internal",
    "java.base/sun.nio.ch",
    "java.base/java.io",
    "java.base/java.lang.reflect",
    "jdk.compiler/com.sun.tools.javac",
    "java.base/java.lang",
    "java.base/java.util",
    "java.base/java.nio",
  ].flatMap((target) => ["--add-opens", `${target}=ALL-UNNAMED`]),
  "-Dio.netty.tryReflectionSetAccessible=true",
  "-Dio.netty.allocator.useCacheForAllThreads=true",
  "-Dio.netty.allocator.maxOrder=11",
];

/**
 * A driver client for the local node. With authentication on, it logs in as the stack's superuser (from
 * `<stateDir>/cassandra/credentials.json`) unless `as` names other credentials, so schema provisioning, tests, the
 * query tool and the benchmarks need not know about authentication.
 *
 * @example
 * const client = cassandraClient(loadStackConfig(), "user_stream");
 * await client.execute("SELECT count(*) FROM users");
 */
export function cassandraClient(config: StackConfig, keyspace?: string, as?: Credentials): Client {
  const login =
    as ?? (config.cassandra.auth ? existingCredentials(credentialsFileOf(config))?.admin : undefined);
  return new Client({
    contactPoints: [`127.0.0.1:${config.cassandra.port}`],
    localDataCenter: LOCAL_DATA_CENTER,
    ...(keyspace ? { keyspace } : {}),
    ...(login ? { authProvider: new auth.PlainTextAuthProvider(login.username, login.password) } : {}),
    socketOptions: { connectTimeout: 2_000, readTimeout: 15_000 },
  });
}

async function withClient<T>(
  config: StackConfig,
  as: Credentials | undefined,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = cassandraClient(config, undefined, as);
  try {
    return await work(client);
  } finally {
    await client.shutdown();
  }
}

/**
 * Runs `work` as the stack's superuser, or, on a node whose roles are not set up yet, as the default `cassandra`
 * superuser; says which one worked.
 */
async function asSuperuser<T>(
  config: StackConfig,
  work: (client: Client, role: "admin" | "default") => Promise<T>,
): Promise<T> {
  const { admin } = cassandraCredentials(config);
  try {
    return await withClient(config, admin, (client) => work(client, "admin"));
  } catch (error) {
    if (!isAuthenticationFailure(error)) throw error;
  }
  try {
    return await withClient(config, DEFAULT_SUPERUSER, (client) => work(client, "default"));
  } catch (error) {
    if (!isAuthenticationFailure(error)) throw error;
    throw new StackError(
      `Cassandra on 127.0.0.1:${config.cassandra.port} rejects the stack's superuser ${admin.username} ` +
        `(${credentialsFileOf(config)}) and the default one: its data was made with other credentials; ` +
        "start over with npm run stack -- down --purge cassandra",
      { cause: error },
    );
  }
}

/** The node's authenticator class, as it runs (not as configured on disk). */
async function runningAuthenticator(client: Client): Promise<string> {
  const result = await client.execute("SELECT value FROM system_views.settings WHERE name = 'authenticator'");
  return String(result.first()?.get("value") ?? "");
}

async function roleExists(client: Client, role: string): Promise<boolean> {
  return (await client.execute("SELECT role FROM system_auth.roles WHERE role = ?", [role])).rowLength > 0;
}

async function canLogIn(config: StackConfig, credentials: Credentials): Promise<boolean> {
  try {
    await withClient(config, credentials, (client) => client.execute("SELECT key FROM system.local"));
    return true;
  } catch (error) {
    if (isAuthenticationFailure(error)) return false;
    throw error;
  }
}

/**
 * Sets up authentication on a node started with PasswordAuthenticator, idempotently: creates the stack's superuser
 * (as the default one on a first start), drops the default `cassandra` superuser, applies the schema, and creates the
 * application role with MODIFY on keyspace user_stream only. Passwords come from {@link cassandraCredentials}.
 */
async function provisionWithAuth(config: StackConfig): Promise<string[]> {
  const { admin, app } = cassandraCredentials(config);
  const done: string[] = [];
  await asSuperuser(config, async (client, role) => {
    const authenticator = await runningAuthenticator(client);
    if (!authenticator.includes("PasswordAuthenticator")) {
      throw new StackError(
        `Cassandra on 127.0.0.1:${config.cassandra.port} runs ${authenticator || "without authentication"}, but ` +
          "cassandra.auth is on: restart it (npm run stack -- down cassandra, then up) to turn authentication on",
      );
    }
    if (role === "default") {
      await client.execute(
        `CREATE ROLE IF NOT EXISTS ${admin.username} WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${admin.password}'`,
      );
      done.push(`created superuser ${admin.username}`);
    }
  });
  await withClient(config, admin, async (client) => {
    if (await roleExists(client, DEFAULT_SUPERUSER.username)) {
      await client.execute(`DROP ROLE IF EXISTS ${DEFAULT_SUPERUSER.username}`);
      done.push(`dropped the default superuser ${DEFAULT_SUPERUSER.username}`);
    }
    done.push(`applied ${await applySchema(client)} schema statement(s) from infra/cassandra`);
    if (!(await roleExists(client, app.username))) {
      await client.execute(
        `CREATE ROLE IF NOT EXISTS ${app.username} WITH LOGIN = true AND PASSWORD = '${app.password}'`,
      );
    } else if (!(await canLogIn(config, app))) {
      await client.execute(`ALTER ROLE ${app.username} WITH LOGIN = true AND PASSWORD = '${app.password}'`);
      done.push(`reset the password of ${app.username}`);
    }
    await client.execute(`GRANT MODIFY ON KEYSPACE ${APP_KEYSPACE} TO ${app.username}`);
    done.push(`role ${app.username} may modify keyspace ${APP_KEYSPACE}`);
  });
  return done;
}

/** Splits a CQL file into statements (semicolon-terminated; `--` comments dropped). */
export function cqlStatements(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** Applies `infra/cassandra/*.cql` in file-name order; every statement is idempotent (`IF NOT EXISTS`). */
export async function applySchema(client: Client): Promise<number> {
  const files = (await readdir(SCHEMA_DIR)).filter((file) => file.endsWith(".cql")).sort();
  let applied = 0;
  for (const file of files) {
    for (const statement of cqlStatements(await readFile(join(SCHEMA_DIR, file), "utf8"))) {
      await client.execute(statement);
      applied += 1;
    }
  }
  return applied;
}

/** Cassandra 5.0, single node on Java 17, from `cassandra-all` on Maven Central. */
export const cassandra: ServiceDefinition = {
  name: "cassandra",
  ports: (config) => [config.cassandra.port, config.cassandra.storagePort],
  async prepare({ config, dir, report }) {
    const { version, heapMb } = config.cassandra;
    const lib = await resolveMavenBundle(
      config.cacheDir,
      {
        name: `cassandra-${version}`,
        artifacts: [{ groupId: "org.apache.cassandra", artifactId: "cassandra-all", version }],
      },
      report,
    );
    const jamm = (await readdir(lib)).find((file) => /^jamm-.*\.jar$/.test(file));
    if (!jamm) throw new Error(`no jamm agent jar in ${lib}; delete that directory to resolve it again`);
    const conf = join(dir, "conf");
    await mkdir(conf, { recursive: true });
    await mkdir(join(dir, "triggers"), { recursive: true });
    await writeFile(join(conf, "cassandra.yaml"), cassandraYaml(config));
    await writeFile(join(conf, "logback.xml"), LOGBACK_XML);
    return {
      command: join(config.java17Home, "bin", "java"),
      args: [
        `-Xms${heapMb}m`,
        `-Xmx${heapMb}m`,
        ...JAVA17_OPTIONS,
        `-javaagent:${join(lib, jamm)}`,
        "-Dcassandra-foreground=yes",
        `-Dcassandra.config=file://${join(conf, "cassandra.yaml")}`,
        `-Dcassandra.storagedir=${join(dir, "data")}`,
        `-Dcassandra.logdir=${dir}`,
        `-Dcassandra.triggers_dir=${join(dir, "triggers")}`,
        `-Dlogback.configurationFile=file://${join(conf, "logback.xml")}`,
        // Fast single-node start: no waiting for gossip, a fixed token, no ring state to load.
        "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        "-Dcassandra.load_ring_state=false",
        "-Dcassandra.initial_token=0",
        "-Dcassandra.superuser_setup_delay_ms=0",
        "-Dcassandra.shutdown_announce_in_ms=0",
        "-cp",
        `${lib}/*`,
        "org.apache.cassandra.service.CassandraDaemon",
      ],
      env: { ...process.env, MALLOC_ARENA_MAX: "4" },
    };
  },
  async probe({ config }) {
    const query = (client: Client) => client.execute("SELECT release_version FROM system.local");
    if (config.cassandra.auth) await asSuperuser(config, query);
    else await withClient(config, undefined, query);
  },
  async provision({ config, report }) {
    if (config.cassandra.auth) {
      report("cassandra", (await provisionWithAuth(config)).join("; "));
      return;
    }
    await withClient(config, undefined, async (client) => {
      report("cassandra", `applied ${await applySchema(client)} schema statement(s) from infra/cassandra`);
    });
  },
};
