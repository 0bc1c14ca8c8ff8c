import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);

// The cloud path: a stage other than `local`, every cluster parameter given on the command line.
const params = {
  kafkaBootstrapServers: "b-1.kafka.example.com:9096",
  cassandraContactPoints: "10.0.1.10:9042,10.0.2.10:9042",
  kafkaSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka-sasl",
};

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface KafkaEvent {
  kafka?: { topic: string; batchSize: number };
}

const declared = parse(await readFile("serverless.yml", "utf8")) as {
  service: string;
  provider: { runtime: string };
  functions: Record<string, { handler: string; events?: KafkaEvent[] }>;
};
const functionNames = Object.keys(declared.functions);

let dir: string;
let resources: Resource[];

/** `python3 -m zipfile`'s reader, not ours: lists and extracts an archive, and fails on a bad CRC. */
async function unzip(archive: string, into: string): Promise<string[]> {
  await run("python3", ["-m", "zipfile", "-t", archive]);
  await run("python3", ["-m", "zipfile", "-e", archive, into]);
  const { stdout } = await run("python3", [
    "-c",
    "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
    archive,
  ]);
  return stdout.trim().split("\n");
}

function lambdaFunction(name: string): Resource {
  const found = resources.find(
    (r) =>
      r.Type === "AWS::Lambda::Function" && r.Properties.FunctionName === `${declared.service}-prod-${name}`,
  );
  if (!found) throw new Error(`no AWS::Lambda::Function for ${name}`);
  return found;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sls-package-"));
  const args = ["--no", "serverless", "package", "--stage", "prod", "--package", join(dir, "out")];
  for (const [name, value] of Object.entries(params)) args.push("--param", `${name}=${value}`);
  // No AWS account and no network: packaging must not need them.
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
    AWS_PROFILE: "no-such-profile",
  };
  await run("npx", args, { env, maxBuffer: 16 * 1024 * 1024 });
  const template = JSON.parse(
    await readFile(join(dir, "out", "cloudformation-template-update-stack.json"), "utf8"),
  ) as { Resources: Record<string, Resource> };
  resources = Object.values(template.Resources);
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("serverless package --stage prod", () => {
  it("declares every function with the provider's Node.js runtime and its handler", () => {
    expect(declared.provider.runtime).toBe("nodejs24.x");
    for (const name of functionNames) {
      const fn = lambdaFunction(name);
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.Handler).toBe(declared.functions[name]?.handler);
      expect(fn.Properties.Code).toMatchObject({
        S3Key: expect.stringMatching(new RegExp(`/${name}\\.zip$`)),
      });
    }
  });

  it("passes the stage parameters to the functions' environment", () => {
    for (const name of functionNames) {
      expect(lambdaFunction(name).Properties.Environment).toMatchObject({
        Variables: {
          KAFKA_BOOTSTRAP_SERVERS: params.kafkaBootstrapServers,
          CASSANDRA_CONTACT_POINTS: params.cassandraContactPoints,
          SOURCE_URL: "https://randomuser.me/api/",
        },
      });
    }
  });

  it("creates one self-managed Kafka mapping per kafka event, with its topic, batch size and partial failures", () => {
    const expected = functionNames.flatMap((name) =>
      (declared.functions[name]?.events ?? []).flatMap((event) =>
        event.kafka ? [{ topic: event.kafka.topic, batchSize: event.kafka.batchSize }] : [],
      ),
    );
    expect(expected.map((mapping) => mapping.topic).sort()).toEqual(["users.processed", "users.stats"]);
    const mappings = resources.filter((r) => r.Type === "AWS::Lambda::EventSourceMapping");
    expect(
      mappings.map((m) => ({
        topic: (m.Properties.Topics as string[])[0],
        batchSize: m.Properties.BatchSize,
      })),
    ).toEqual(expect.arrayContaining(expected));
    expect(mappings).toHaveLength(expected.length);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: [params.kafkaBootstrapServers] } },
        SourceAccessConfigurations: [{ Type: "SASL_SCRAM_512_AUTH", URI: params.kafkaSecretArn }],
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        StartingPosition: "TRIM_HORIZON",
      });
    }
  });

  it("zips each function as one bundled ES module at its handler's path, which Node 24 loads outside the repo", async () => {
    for (const name of functionNames) {
      const into = join(dir, "unzipped", name);
      const entries = await unzip(join(dir, "out", `${name}.zip`), into);
      const handler = declared.functions[name]?.handler ?? "";
      const module = `${handler.slice(0, handler.lastIndexOf("."))}.mjs`;
      expect(entries).toEqual([module]);
      // As Lambda would: the function's own environment, the module's directory tree only, no tsx loader.
      const { Variables } = lambdaFunction(name).Properties.Environment as {
        Variables: Record<string, string>;
      };
      const { stdout } = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(join(into, module))});
           console.log(JSON.stringify({ node: process.versions.node, handler: typeof m.handler }));`,
        ],
        { cwd: into, env: { PATH: process.env.PATH, ...Variables } },
      );
      expect(JSON.parse(stdout)).toEqual({ node: expect.stringMatching(/^24\./), handler: "function" });
    }
  });
});
