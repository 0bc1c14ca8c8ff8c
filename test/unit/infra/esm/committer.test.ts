import { describe, expect, it } from "vitest";
import { OffsetCommitter, type OffsetToCommit } from "../../../../infra/esm/committer.ts";
import { silentLogger } from "../../../../infra/esm/log.ts";

describe("OffsetCommitter", () => {
  it("coalesces marks into one request per flush, newest offset per partition, only forward", async () => {
    const sent: OffsetToCommit[][] = [];
    const committer = new OffsetCommitter("t", async (offsets) => void sent.push(offsets), silentLogger);
    committer.seed(1, 10n);
    committer.mark(0, 5n, 0);
    committer.mark(0, 9n, 1);
    committer.mark(0, 7n, 1); // behind what is marked: ignored
    committer.mark(1, 10n, 0); // not beyond what is committed: ignored
    committer.mark(1, 12n, 0);
    expect(await committer.flush()).toBe(true);
    expect(sent).toEqual([
      [
        { topic: "t", partition: 0, offset: 9n, leaderEpoch: 1 },
        { topic: "t", partition: 1, offset: 12n, leaderEpoch: 0 },
      ],
    ]);
    expect([...committer.committed]).toEqual([
      [1, 12n],
      [0, 9n],
    ]);
  });

  it("retries a failed commit, keeping newer marks", async () => {
    let calls = 0;
    const sent: OffsetToCommit[][] = [];
    const committer = new OffsetCommitter(
      "t",
      async (offsets) => {
        calls += 1;
        if (calls === 1) throw new Error("coordinator moved");
        sent.push(offsets);
      },
      silentLogger,
    );
    committer.mark(0, 5n, 0);
    expect(await committer.flush()).toBe(true);
    expect(sent).toEqual([[{ topic: "t", partition: 0, offset: 5n, leaderEpoch: 0 }]]);
    expect(committer.errors).toBe(1);
  });

  it("gives up flushing after the timeout, and ignores marks once closed", async () => {
    const committer = new OffsetCommitter(
      "t",
      async () => {
        throw new Error("down");
      },
      silentLogger,
    );
    committer.mark(0, 1n, 0);
    expect(await committer.flush(100)).toBe(false);
    committer.close();
    committer.mark(0, 2n, 0);
    expect(committer.committed.size).toBe(0);
  });
});
