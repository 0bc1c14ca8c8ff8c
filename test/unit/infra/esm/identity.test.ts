import { describe, expect, it } from "vitest";
import { defaultConsumerGroupId, mappingUuid } from "../../../../infra/esm/identity.ts";

describe("defaultConsumerGroupId", () => {
  it("reads service-stage-function-topic", () => {
    expect(defaultConsumerGroupId("realtime-data-streaming", "local", "sink", "users.processed")).toBe(
      "realtime-data-streaming-local-sink-users.processed",
    );
  });

  it("replaces characters Lambda's ConsumerGroupId does not allow", () => {
    expect(defaultConsumerGroupId("svc", "dev", "my fn", "t#1")).toBe("svc-dev-my-fn-t-1");
  });

  it("stays within 200 characters, keeping long ids distinct and stable", () => {
    const long = "t".repeat(249);
    const a = defaultConsumerGroupId("svc", "dev", "a", long);
    const b = defaultConsumerGroupId("svc", "dev", "b", long);
    expect(a).toHaveLength(200);
    expect(a).not.toBe(b);
    expect(defaultConsumerGroupId("svc", "dev", "a", long)).toBe(a);
    expect(a).toMatch(/^[a-zA-Z0-9\-/*:_+=.@]+$/);
  });
});

describe("mappingUuid", () => {
  it("is a deterministic, UUID-shaped identity", () => {
    const uuid = mappingUuid("svc", "dev", "sink", "users.processed");
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mappingUuid("svc", "dev", "sink", "users.processed")).toBe(uuid);
  });

  it("differs when any part differs, including where the parts are cut", () => {
    const uuids = new Set([
      mappingUuid("svc", "dev", "sink", "t"),
      mappingUuid("svc", "prod", "sink", "t"),
      mappingUuid("svc", "dev", "sink", "u"),
      mappingUuid("svc", "dev", "sin", "kt"),
    ]);
    expect(uuids.size).toBe(4);
  });
});
