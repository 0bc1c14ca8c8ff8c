import { describe, expect, it } from "vitest";
import { loadKafkaMappings } from "../../../../infra/esm/config.ts";
import { serviceOf } from "../../../../infra/esm/resolved-service.ts";

describe("serviceOf", () => {
  it("turns osls's in-memory service into what loadKafkaMappings reads, stage and region from the provider", () => {
    const service = serviceOf({
      service: {
        service: "svc",
        provider: { name: "aws", stage: "dev", region: "eu-west-1", timeout: 30 },
        functions: {
          sink: {
            handler: "h.handler",
            name: "svc-local-sink",
            events: [
              {
                kafka: {
                  topic: "t",
                  bootstrapServers: ["127.0.0.1:9092"],
                  accessConfigurations: { saslPlainAuth: ["arn:aws:secretsmanager:us-east-1:1:secret:s"] },
                },
              },
            ],
          },
        },
      },
      getProvider: () => ({ getStage: () => "local", getRegion: () => "us-east-1" }),
    });
    const [mapping] = loadKafkaMappings(service);
    expect(mapping).toMatchObject({ functionName: "svc-local-sink", region: "us-east-1", id: "sink/t" });
    expect(mapping?.consumerGroupId).toBe("svc-local-sink-t");
  });

  it("copes with a service without functions or custom", () => {
    expect(loadKafkaMappings(serviceOf({ service: { service: "svc", provider: { stage: "x" } } }))).toEqual(
      [],
    );
  });
});
