import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Client } from "cassandra-driver";
import { resolveMavenBundle } from "../artifacts/maven.ts";
import type { StackConfig } from "../config.ts";
import type { ServiceDefinition } from "../service.ts";

const SCHEMA_DIR = resolve(import.meta.dirname, "..", "..", "cassandra");

/** The data centre that SimpleSnitch reports; clients must name it as their local one. */
export const LOCAL_DATA_CENTER = "datacenter1";

function cassandraYaml(config: StackConfig): string {
  const { port, storagePort, concurrency } = config.cassandra;
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
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
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

/** A driver client for the local node. */
export function cassandraClient(config: StackConfig, keyspace?: string): Client {
  return new Client({
    contactPoints: [`127.0.0.1:${config.cassandra.port}`],
    localDataCenter: LOCAL_DATA_CENTER,
    ...(keyspace ? { keyspace } : {}),
    socketOptions: { connectTimeout: 2_000, readTimeout: 15_000 },
  });
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
    const client = cassandraClient(config);
    try {
      await client.execute("SELECT release_version FROM system.local");
    } finally {
      await client.shutdown();
    }
  },
  async provision({ config, report }) {
    const client = cassandraClient(config);
    try {
      report("cassandra", `applied ${await applySchema(client)} schema statement(s) from infra/cassandra`);
    } finally {
      await client.shutdown();
    }
  },
};
