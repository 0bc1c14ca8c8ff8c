import { resolve } from "node:path";
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import type { StackConfig } from "../config.ts";
import type { ServiceDefinition } from "../service.ts";
import { awaitKafkaTopics } from "./kafka.ts";
import { functionsSecurityEnv } from "./secrets.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
const SERVERLESS_BIN = resolve(REPO_ROOT, "node_modules", "serverless", "bin", "serverless.js");

/** The Lambda Invoke API endpoint of the local functions (serverless-offline's lambda port). */
export function lambdaEndpointOf(config: StackConfig): string {
  return `http://127.0.0.1:${config.functions.lambdaPort}`;
}

/** A Lambda client for the local functions; the same code reaches AWS Lambda without the endpoint. */
export function localLambdaClient(config: StackConfig): LambdaClient {
  return new LambdaClient({
    endpoint: lambdaEndpointOf(config),
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
}

/** The functions of serverless.yml under serverless-offline: Lambda Invoke API on `lambdaPort`, schedules running. */
export const functions: ServiceDefinition = {
  name: "functions",
  ports: (config) => [config.functions.lambdaPort, config.functions.httpPort],
  async prepare(context) {
    // The Kafka mappings start with serverless-offline and need their topics.
    await awaitKafkaTopics(context);
    const { config } = context;
    return {
      command: process.execPath,
      args: [SERVERLESS_BIN, "offline", "start"],
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CASSANDRA_CONTACT_POINTS: `127.0.0.1:${config.cassandra.port}`,
        SOURCE_URL: `http://127.0.0.1:${config.source.port}/api/`,
        LAMBDA_PORT: String(config.functions.lambdaPort),
        OFFLINE_HTTP_PORT: String(config.functions.httpPort),
        OFFLINE_WEBSOCKET_PORT: String(config.functions.websocketPort),
        INGEST_SCHEDULE_ENABLED: String(config.functions.scheduleEnabled),
        // Secured endpoints: the SCRAM listener and the secrets on the AWS endpoint (names only, no credentials).
        ...functionsSecurityEnv(config),
      },
    };
  },
  async probe({ config }) {
    const lambda = localLambdaClient(config);
    try {
      await lambda.send(new InvokeCommand({ FunctionName: "stack-probe-no-such-function" }), {
        abortSignal: AbortSignal.timeout(2_000),
      });
    } catch (error) {
      // An answer naming the missing function proves the Invoke API is up.
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    } finally {
      lambda.destroy();
    }
    throw new Error("the Invoke API answered for a function that does not exist");
  },
};
