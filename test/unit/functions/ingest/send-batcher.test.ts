import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../../../functions/ingest/ingest.ts";
import { chunkByBytes, SendBatcher } from "../../../../functions/ingest/send-batcher.ts";

describe("chunkByBytes", () => {
  const message = (bytes: number) => ({ topic: "t", key: "k", value: "x".repeat(bytes) });

  it("keeps each produce request under the byte limit, in order, losing nothing", () => {
    const messages = Array.from({ length: 10 }, (_, i) => message(100 + i));
    const chunks = chunkByBytes(messages, 300);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, m) => sum + m.value.length, 0)).toBeLessThanOrEqual(300);
    expect(chunks).toHaveLength(5);
  });

  it("sends an oversized message alone rather than dropping it", () => {
    expect(chunkByBytes([message(10), message(500), message(10)], 100).map((c) => c.length)).toEqual([
      1, 1, 1,
    ]);
  });
});

describe("SendBatcher", () => {
  const message = (value: string) => ({ topic: "t", key: value, value });

  it("gathers concurrent small adds into one request, resolving each add once it is sent", async () => {
    const requests: OutgoingMessage[][] = [];
    const batcher = new SendBatcher(
      async (messages) => {
        await sleep(1);
        requests.push(messages);
      },
      { maxBytes: 1_000, lingerMs: 5 },
    );
    await Promise.all(["a", "b", "c"].map((value) => batcher.add([message(value)])));
    expect(requests.map((request) => request.map((m) => m.value))).toEqual([["a", "b", "c"]]);
  });

  it("sends at once when the byte limit is reached, and splits what is too big for one request", async () => {
    const requests: number[] = [];
    const batcher = new SendBatcher(
      async (messages) => {
        requests.push(messages.length);
      },
      { maxBytes: 10, lingerMs: 60_000 },
    );
    await batcher.add(Array.from({ length: 5 }, () => message("xxxx")));
    expect(requests).toEqual([2, 2, 1]);
  });

  it("rejects every add of a failed request", async () => {
    const batcher = new SendBatcher(
      async () => {
        throw new Error("broker down");
      },
      { maxBytes: 1_000, lingerMs: 1 },
    );
    const adds = [batcher.add([message("a")]), batcher.add([message("b")])];
    for (const add of adds) await expect(add).rejects.toThrow("broker down");
  });
});
