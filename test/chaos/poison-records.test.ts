import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import type { RandomUser } from "../../functions/ingest/random-user.ts";
import { toRawRecord } from "../../functions/ingest/record.ts";
import { produce } from "../integration/infra/esm/support/harness.ts";
import { endOffsets } from "../support/kafka.ts";
import { storedCount, usersOfNewCountry } from "../support/processed-users.ts";
import { seedUsers, setSourceFaults, sourceApiUrl } from "../support/source-api.ts";
import { ledgerOf } from "./support/ledger.ts";
import { recordFigures } from "./support/report.ts";
import { chaosContext, DEAD_LETTER_TOPIC } from "./support/scenario.ts";
import { awaitDeadLetters, type Placed, type Poison } from "./support/topics.ts";

const ctx = chaosContext();

afterAll(() => ctx.close());

/**
 * An invalid value well above a normal record (about 1.5 KiB) that still fits, with its dead letter, under the
 * broker's 1 MiB limit. Values whose dead letter does not fit crash the Spark job: see the report.
 */
const OVERSIZED = "x".repeat(512 * 1024);

/** Produces `before`, the poison, then `after` to partition 0 of a topic; returns where each poison landed. */
async function sandwich(
  topic: string,
  before: { key: string; value: string }[],
  poison: readonly Poison[],
  after: { key: string; value: string }[],
): Promise<Placed[]> {
  const start = Number((await endOffsets(ctx.brokers, topic)).get(0) ?? 0n);
  const messages = [
    ...before,
    ...poison.map((p, i) => ({ key: `poison-${i}-${randomUUID()}`, value: p.value })),
    ...after,
  ].map((m) => ({ ...m, partition: 0 }));
  await produce(topic, messages);
  const placed = poison.map((_, i) => ({ topic, partition: 0, offset: start + before.length + i }));
  // Nothing else writes to partition 0 of the topic at once, or the offsets would not be ours.
  expect(Number((await endOffsets(ctx.brokers, topic)).get(0))).toBe(start + messages.length);
  return placed;
}

/** Checks each poison's dead letter: there, from `stage`, with the expected error and a reason. */
function expectLetters(
  poison: readonly Poison[],
  letters: Awaited<ReturnType<typeof awaitDeadLetters>>,
  stage: string,
): void {
  poison.forEach((p, i) => {
    const letter = letters[i];
    expect(letter, `no dead letter for ${p.kind}`).toBeDefined();
    expect({ kind: p.kind, stage: letter?.stage, error: letter?.error }).toEqual({
      kind: p.kind,
      stage,
      error: p.error,
    });
    expect(letter?.reason.length, `${p.kind}: reason`).toBeGreaterThan(0);
  });
}

describe("chaos: poison records written straight into each topic", () => {
  it("users.raw: Spark dead-letters invalid JSON, schema violations and an oversized value; the users around them are stored", async () => {
    await setSourceFaults(ctx.config, {});
    const seed = `chaos-poison-raw-${randomUUID().slice(0, 8)}`;
    const url = new URL(sourceApiUrl(ctx.config));
    url.search = `results=20&seed=${seed}&page=1`;
    const users = ((await (await fetch(url)).json()) as { results: RandomUser[] }).results;
    const coordinates = { source: sourceApiUrl(ctx.config), seed, page: 1, results: 20 };
    const good = users.map((user) => {
      const record = toRawRecord(user, coordinates, new Date().toISOString());
      return { key: record.user_id, value: JSON.stringify(record) };
    });
    const template = JSON.parse(good[0]?.value ?? "{}") as ReturnType<typeof toRawRecord>;
    const { nat: _nat, ...userWithoutNat } = template.user;
    const strangerId = randomUUID();
    const poison: Poison[] = [
      { kind: "invalid JSON", value: "{not json", error: "MalformedJsonError" },
      {
        kind: "user_id not a UUID",
        value: JSON.stringify({ ...template, user_id: "not-a-uuid" }),
        error: "InvalidFieldError",
      },
      {
        kind: "no user.nat",
        value: JSON.stringify({
          ...template,
          user_id: strangerId,
          user: { ...userWithoutNat, login: { ...template.user.login, uuid: strangerId } },
        }),
        error: "MissingFieldError",
      },
      { kind: "oversized (512 KiB, not JSON)", value: OVERSIZED, error: "MalformedJsonError" },
    ];
    const dlqBefore = await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC);
    const producedAt = Date.now();
    const placed = await sandwich("users.raw", good.slice(0, 10), poison, good.slice(10));
    const letters = await awaitDeadLetters(ctx.brokers, dlqBefore, placed);
    const expected = await seedUsers(ctx.config, seed, 20, 20);
    const deadline = Date.now() + 120_000;
    while ((await ledgerOf(ctx.cassandra(), seed, expected, [])).stored < 20 && Date.now() < deadline) {
      await sleep(500);
    }
    const recoveredAt = Date.now();
    const ledger = await ledgerOf(ctx.cassandra(), seed, expected, []);
    await recordFigures(ctx.config, {
      fault: "poison in users.raw",
      injected: `${poison.map((p) => p.kind).join(", ")}, between 10 + 10 valid users on partition 0`,
      seed,
      usersIn: 20 + poison.length,
      rowsStored: ledger.stored,
      deadLettered: letters.filter((l) => l !== undefined).length,
      lost: ledger.lost.length + letters.filter((l) => l === undefined).length,
      duplicated: ledger.duplicated.length + Math.max(0, ledger.extraRows),
      outageMs: null,
      recoveryMs: recoveredAt - producedAt,
      retriedInvocations: 0,
      notes: letters.map(
        (l, i) => `${poison[i]?.kind} → ${l ? `${l.stage} ${l.error}: ${l.reason}` : "missing"}`,
      ),
    });
    expectLetters(poison, letters, "spark");
    expect(ledger.stored).toBe(20);
    expect(ledger.duplicated).toEqual([]);
    expect(ledger.extraRows).toBe(0);
  });

  it("users.processed and users.stats: the sink dead-letters invalid JSON, schema violations and oversized values; the records around them are stored", async () => {
    const batch = usersOfNewCountry(20, "chaos-poison");
    const asMessages = batch.users.map((u) => ({ key: u.user_id, value: JSON.stringify(u) }));
    const userPoison: Poison[] = [
      { kind: "invalid JSON", value: "{not json", error: "UndecodableRecordError" },
      {
        kind: "user_id not a UUID",
        value: JSON.stringify({ ...batch.users[0], user_id: "not-a-uuid" }),
        error: "InvalidUserError",
      },
      { kind: "not a user", value: JSON.stringify({ hello: "world" }), error: "InvalidUserError" },
      { kind: "oversized (512 KiB, not JSON)", value: OVERSIZED, error: "UndecodableRecordError" },
    ];
    const window = (minute: number) => ({
      country_code: batch.country,
      window_start: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
      window_end: new Date(Date.UTC(2026, 0, 1, 0, minute + 1)).toISOString(),
      users: 3,
      average_age: 40.5,
    });
    const statsPoison: Poison[] = [
      { kind: "invalid JSON", value: "[1,", error: "UndecodableRecordError" },
      {
        kind: "negative users",
        value: JSON.stringify({ ...window(5), users: -1 }),
        error: "InvalidStatsError",
      },
      {
        kind: "unknown field",
        value: JSON.stringify({ ...window(6), extra: true }),
        error: "InvalidStatsError",
      },
      { kind: "oversized (512 KiB, not JSON)", value: OVERSIZED, error: "UndecodableRecordError" },
    ];
    const dlqBefore = await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC);
    const producedAt = Date.now();
    const placedUsers = await sandwich(
      "users.processed",
      asMessages.slice(0, 10),
      userPoison,
      asMessages.slice(10),
    );
    const goodStats = [window(1), window(2)].map((w) => ({
      key: `${w.country_code}|${w.window_start}`,
      value: JSON.stringify(w),
    }));
    const placedStats = await sandwich("users.stats", goodStats.slice(0, 1), statsPoison, goodStats.slice(1));
    const letters = await awaitDeadLetters(ctx.brokers, dlqBefore, [...placedUsers, ...placedStats]);
    const statsRows = async () =>
      (
        await ctx
          .cassandra()
          .execute("SELECT window_start FROM country_stats WHERE country_code = ?", [batch.country], {
            prepare: true,
          })
      ).rowLength;
    const deadline = Date.now() + 120_000;
    while (
      ((await storedCount(ctx.cassandra(), batch.country)) < 20 || (await statsRows()) < 2) &&
      Date.now() < deadline
    ) {
      await sleep(500);
    }
    const recoveredAt = Date.now();
    const ledger = await ledgerOf(
      ctx.cassandra(),
      "-",
      batch.users.map((u, index) => ({ userId: u.user_id, page: 1, index })),
      [],
    );
    const poison = [...userPoison, ...statsPoison];
    await recordFigures(ctx.config, {
      fault: "poison in users.processed and users.stats",
      injected:
        `users.processed: ${userPoison.map((p) => p.kind).join(", ")} between 10 + 10 valid users; ` +
        `users.stats: ${statsPoison.map((p) => p.kind).join(", ")} between 2 valid windows`,
      seed: batch.country,
      usersIn: 20 + 2 + poison.length,
      rowsStored: ledger.stored + (await statsRows()),
      deadLettered: letters.filter((l) => l !== undefined).length,
      lost: ledger.lost.length + letters.filter((l) => l === undefined).length,
      duplicated: ledger.duplicated.length,
      outageMs: null,
      recoveryMs: recoveredAt - producedAt,
      retriedInvocations: 0,
      notes: letters.map(
        (l, i) =>
          `${i < userPoison.length ? "users.processed" : "users.stats"} ${poison[i]?.kind} → ` +
          `${l ? `${l.stage} ${l.error}: ${l.reason.slice(0, 120)}` : "missing"}`,
      ),
    });
    expectLetters(userPoison, letters.slice(0, userPoison.length), "sink");
    expectLetters(statsPoison, letters.slice(userPoison.length), "sink");
    expect(ledger.stored).toBe(20);
    expect(ledger.duplicated).toEqual([]);
    expect(ledger.notInByCountry).toEqual([]);
    expect(await storedCount(ctx.cassandra(), batch.country)).toBe(20);
    expect(await statsRows()).toBe(2);
  });
});
