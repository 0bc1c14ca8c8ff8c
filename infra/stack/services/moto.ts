import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { resolvePythonEnv } from "../artifacts/python.ts";
import type { StackConfig } from "../config.ts";
import type { ServiceDefinition } from "../service.ts";
import { publishStackSecrets } from "./secrets.ts";

/** How local code reaches the AWS endpoint; the same values go to `AWS_ENDPOINT_URL`, `AWS_REGION` and friends. */
export function awsEndpointOf(config: StackConfig) {
  return {
    endpoint: `http://127.0.0.1:${config.moto.port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  } as const;
}

/**
 * moto server: one local port answering S3, SQS, SSM, Secrets Manager and more, with in-memory state. Provisioning
 * writes the application's credentials (Cassandra role, Kafka SCRAM user) to Secrets Manager.
 */
export const moto: ServiceDefinition = {
  name: "moto",
  ports: (config) => [config.moto.port],
  async prepare({ config, report }) {
    const venv = await resolvePythonEnv(
      config.cacheDir,
      { name: `moto-${config.moto.version}`, requirements: [`moto[server]==${config.moto.version}`] },
      report,
    );
    return {
      command: `${venv}/bin/moto_server`,
      args: ["-H", "127.0.0.1", "-p", String(config.moto.port)],
    };
  },
  async probe({ config }) {
    const s3 = new S3Client({ ...awsEndpointOf(config), forcePathStyle: true, maxAttempts: 1 });
    try {
      await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
    } finally {
      s3.destroy();
    }
  },
  async provision({ config, report }) {
    report("moto", `wrote secret(s) ${(await publishStackSecrets(config)).join(", ")}`);
  },
};
