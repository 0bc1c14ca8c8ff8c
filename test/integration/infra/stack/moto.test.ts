import { randomUUID } from "node:crypto";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { awsEndpointOf } from "../../../../infra/stack/services/moto.ts";

const aws = awsEndpointOf(loadStackConfig());
const id = randomUUID();

describe("moto AWS endpoint", () => {
  it("stores and returns an S3 object", async () => {
    const s3 = new S3Client({ ...aws, forcePathStyle: true });
    const bucket = `it-${id}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "users/1.json", Body: '{"id":1}' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "users/1.json" }));
    expect(await object.Body?.transformToString()).toBe('{"id":1}');
    s3.destroy();
  });

  it("sends and receives an SQS message", async () => {
    const sqs = new SQSClient(aws);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `it-${id}` }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "hello" }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    expect(Messages?.map((message) => message.Body)).toEqual(["hello"]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle }));
    sqs.destroy();
  });

  it("keeps an SSM parameter and a Secrets Manager secret", async () => {
    const ssm = new SSMClient(aws);
    await ssm.send(new PutParameterCommand({ Name: `/it/${id}`, Value: "v1", Type: "SecureString" }));
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: `/it/${id}`, WithDecryption: true }),
    );
    expect(Parameter?.Value).toBe("v1");
    ssm.destroy();

    const secrets = new SecretsManagerClient(aws);
    await secrets.send(new CreateSecretCommand({ Name: `it/${id}`, SecretString: '{"password":"p"}' }));
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: `it/${id}` }));
    expect(JSON.parse(secret.SecretString ?? "{}")).toEqual({ password: "p" });
    secrets.destroy();
  });
});
