import { pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Admin,
  alterUserScramCredentialsV0,
  Connection,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  ScramMechanisms,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { resolveMavenBundle } from "../artifacts/maven.ts";
import type { StackConfig } from "../config.ts";
import { run } from "../exec.ts";
import { type ServiceContext, type ServiceDefinition, serviceDir } from "../service.ts";
import { type Credentials, stackCredentials } from "./credentials.ts";
import { pipelineTopics } from "./kafka-topics.ts";

const HEALTH_TOPIC = "stack.health";
const LOG4J_VERSION = "2.25.5";

/** The SCRAM user the stack creates for the application (the functions and their mappings). */
export const KAFKA_APP_USER = "user-stream-app";

/** Iterations of the stored SCRAM-SHA-512 credential (Kafka's minimum is 4096). */
const SCRAM_ITERATIONS = 8192;

/** The PLAINTEXT listener: the stack's own tools, Spark and the tests. */
export function bootstrapServersOf(config: StackConfig): string[] {
  return [`127.0.0.1:${config.kafka.port}`];
}

/** The SASL_PLAINTEXT listener (SCRAM-SHA-512): the functions and their mappings, with {@link kafkaCredentials}. */
export function saslBootstrapServersOf(config: StackConfig): string[] {
  return [`127.0.0.1:${config.kafka.saslPort}`];
}

/**
 * The application's SCRAM credentials, generated on first use and kept in `<stateDir>/kafka/credentials.json`
 * (mode 0600); provisioning (re)creates the SCRAM user from them.
 *
 * @example
 * kafkaCredentials(loadStackConfig()).username; // "user-stream-app"
 */
export function kafkaCredentials(config: StackConfig): Credentials {
  return stackCredentials(join(serviceDir(config, "kafka"), "credentials.json"), { app: KAFKA_APP_USER }).app;
}

/**
 * Creates or updates the application's SCRAM-SHA-512 credential (AlterUserScramCredentials through the PLAINTEXT
 * listener; the salted password is computed here, so the password itself never goes over the wire or into a command
 * line).
 */
export async function ensureScramUser(config: StackConfig): Promise<string> {
  const { username, password } = kafkaCredentials(config);
  const salt = randomBytes(32);
  const connection = new Connection("stack-provision");
  const [host = "127.0.0.1", port = ""] = (bootstrapServersOf(config)[0] ?? "").split(":");
  try {
    await connection.connect(host, Number(port));
    await alterUserScramCredentialsV0.api.async(
      connection,
      [],
      [
        {
          name: username,
          mechanism: ScramMechanisms.SCRAM_SHA_512,
          iterations: SCRAM_ITERATIONS,
          salt,
          saltedPassword: pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 64, "sha512"),
        },
      ],
    );
  } finally {
    await connection.close();
  }
  return username;
}

function serverProperties(config: StackConfig, dataDir: string): string {
  const { port, controllerPort, saslPort } = config.kafka;
  const listeners = `PLAINTEXT://127.0.0.1:${port},SASL_PLAINTEXT://127.0.0.1:${saslPort},CONTROLLER://127.0.0.1:${controllerPort}`;
  return `process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}
listeners=${listeners}
advertised.listeners=${listeners}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=${dataDir}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
default.replication.factor=1
min.insync.replicas=1
num.partitions=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
`;
}

// Logs go to stdout, which the stack appends to the service's log file.
const LOG4J2_PROPERTIES = `appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.out.ref=out
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.state.name=state.change.logger
logger.state.level=WARN
`;

/** A KRaft cluster id: 16 random bytes, base64url; never starting with "-" (the CLI would read it as a flag). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** Creates the topics that do not exist yet (another client creating them at the same time is fine). */
export async function ensureTopics(
  admin: Admin,
  topics: { name: string; partitions: number }[],
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return [];
  try {
    const created = await admin.createTopics({
      topics: missing.map((topic) => ({ topic: topic.name, partitions: topic.partitions })),
      replicas: 1,
    });
    return created.map((topic) => topic.name);
  } catch (error) {
    const now = new Set(await admin.listTopics());
    if (missing.every((topic) => now.has(topic.name))) return [];
    throw error;
  }
}

async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Produces one record to the health topic and reads that same record back. */
async function roundTrip(config: StackConfig): Promise<void> {
  const bootstrapBrokers = bootstrapServersOf(config);
  const common = { bootstrapBrokers, retries: 0, clientId: "stack-probe" };
  const admin = new Admin(common);
  const producer = new Producer({ ...common, acks: ProduceAcks.ALL, serializers: stringSerializers });
  const consumer = new Consumer({
    ...common,
    groupId: "stack-probe",
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: 200,
  });
  try {
    await ensureTopics(admin, [{ name: HEALTH_TOPIC, partitions: 1 }]);
    const value = randomUUID();
    const sent = await producer.send({
      messages: [{ topic: HEALTH_TOPIC, key: "probe", value, partition: 0 }],
    });
    const offset = sent.offsets?.[0]?.offset;
    if (offset === undefined) throw new Error("the broker acknowledged no offset");
    const stream = await consumer.consume({
      topics: [HEALTH_TOPIC],
      mode: MessagesStreamModes.MANUAL,
      offsets: [{ topic: HEALTH_TOPIC, partition: 0, offset }],
    });
    try {
      for await (const message of stream) {
        if (message.value === value) return;
        throw new Error(`read back ${message.value} at offset ${message.offset}, expected ${value}`);
      }
    } finally {
      await stream.close();
    }
  } finally {
    await Promise.allSettled([consumer.close(true), producer.close(), admin.close()]);
  }
}

/** Kafka 4 in KRaft combined mode (broker and controller in one process), from Maven Central jars. */
export const kafka: ServiceDefinition = {
  name: "kafka",
  ports: (config) => [config.kafka.port, config.kafka.controllerPort, config.kafka.saslPort],
  async prepare({ config, dir, report }) {
    const { version, heapMb } = config.kafka;
    const lib = await resolveMavenBundle(
      config.cacheDir,
      {
        name: `kafka-${version}`,
        artifacts: [
          { groupId: "org.apache.kafka", artifactId: "kafka_2.13", version },
          { groupId: "org.apache.logging.log4j", artifactId: "log4j-slf4j-impl", version: LOG4J_VERSION },
        ],
      },
      report,
    );
    const conf = join(dir, "conf");
    const data = join(dir, "data");
    await mkdir(conf, { recursive: true });
    await writeFile(join(conf, "server.properties"), serverProperties(config, data));
    await writeFile(join(conf, "log4j2.properties"), LOG4J2_PROPERTIES);
    const java = join(config.java17Home, "bin", "java");
    const logging = `-Dlog4j2.configurationFile=${join(conf, "log4j2.properties")}`;
    if (!existsSync(join(data, "meta.properties"))) {
      const clusterId = newClusterId();
      report("kafka", `formatting storage in ${data} (cluster id ${clusterId})`);
      await run(java, [
        logging,
        "-cp",
        `${lib}/*`,
        "kafka.tools.StorageTool",
        "format",
        "--standalone",
        "-t",
        clusterId,
        "-c",
        join(conf, "server.properties"),
      ]);
    }
    return {
      command: java,
      args: [
        `-Xms${heapMb}m`,
        `-Xmx${heapMb}m`,
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-Djava.awt.headless=true",
        logging,
        "-cp",
        `${lib}/*`,
        "kafka.Kafka",
        join(conf, "server.properties"),
      ],
    };
  },
  probe: ({ config }) => withTimeout("a Kafka produce/consume round trip", 10_000, roundTrip(config)),
  async provision({ config, report }) {
    const admin = new Admin({ clientId: "stack-provision", bootstrapBrokers: bootstrapServersOf(config) });
    try {
      const created = await ensureTopics(admin, pipelineTopics(config));
      report("kafka", created.length > 0 ? `created topics ${created.join(", ")}` : "topics already exist");
      report("kafka", `SCRAM-SHA-512 user ${await ensureScramUser(config)} set`);
    } finally {
      await admin.close();
    }
  },
};

/**
 * Waits until Kafka answers (the stack starts services concurrently) and creates the pipeline's topics and the SCRAM
 * user: for the services that use them (the Spark job, the functions' Kafka mappings), so that they start against a
 * broker, topics and credentials that exist.
 */
export async function awaitKafkaTopics(context: ServiceContext): Promise<void> {
  const deadline = Date.now() + context.config.startTimeoutMs;
  for (;;) {
    try {
      await kafka.probe(context);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `Kafka is not ready on ${bootstrapServersOf(context.config).join(",")}: start it first`,
          {
            cause: error,
          },
        );
      }
      await sleep(1_000);
    }
  }
  const admin = new Admin({ clientId: "stack-await", bootstrapBrokers: bootstrapServersOf(context.config) });
  try {
    await ensureTopics(admin, pipelineTopics(context.config));
    await ensureScramUser(context.config);
  } finally {
    await admin.close();
  }
}
