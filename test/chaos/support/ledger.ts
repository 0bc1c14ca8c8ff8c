import type { Client } from "cassandra-driver";
import { expect } from "vitest";
import { seedRowCount, storedUsers, usersByCountryCounts } from "../../support/cassandra-users.ts";
import type { DeadLetterEntry } from "../../support/dead-letters.ts";
import type { SeedUser } from "../../support/source-api.ts";

/**
 * The chaos suite's invariant for one seed: every user the source serves for it is in Cassandra exactly once (in
 * `users` by primary key, and once in `users_by_country`), or is in the dead-letter topic with a reason.
 */
export interface Ledger {
  usersIn: number;
  /** Users with their row in `users` (and, unless listed in `notInByCountry`, in `users_by_country`). */
  stored: number;
  /** Users not stored but accounted for by a dead letter with a reason. */
  deadLettered: number;
  /** Users both stored and dead-lettered (a page that failed, then succeeded when its invocation was retried). */
  storedAndDeadLettered: number;
  /** Users neither stored nor dead-lettered. */
  lost: string[];
  /** Users found more than once in users_by_country (under two countries). */
  duplicated: string[];
  /** Stored users missing from users_by_country. */
  notInByCountry: string[];
  /** Rows of `users` with the seed beyond the expected users' rows (a duplicate under another id, or a stranger). */
  extraRows: number;
  /** The seed's dead letters, and those among them without a reason. */
  letters: number;
  lettersWithoutReason: DeadLetterEntry[];
}

/** The expected users a dead letter accounts for. */
function coveredBy(letter: DeadLetterEntry, expected: readonly SeedUser[], seed: string): string[] {
  if (letter.page) {
    const { page, results, take } = letter.page;
    if (letter.page.seed !== seed) return [];
    const first = (page - 1) * results;
    return expected.slice(first, first + take).map((user) => user.userId);
  }
  return letter.userIds;
}

/**
 * Checks the invariant for `seed` against Cassandra and the seed's dead letters.
 *
 * @example
 * const ledger = await ledgerOf(client, seed, expected, letters);
 * expect(ledger.lost).toEqual([]);
 */
export async function ledgerOf(
  client: Client,
  seed: string,
  expected: readonly SeedUser[],
  letters: readonly DeadLetterEntry[],
): Promise<Ledger> {
  const ids = expected.map((user) => user.userId);
  const wanted = new Set(ids);
  const stored = await storedUsers(client, ids);
  const byCountry = await usersByCountryCounts(client, stored.values(), ids);
  const seedLetters = letters.filter(
    (letter) => letter.seed === seed || letter.userIds.some((id) => wanted.has(id)),
  );
  const deadLettered = new Set(
    seedLetters.filter((letter) => letter.reason.length > 0).flatMap((l) => coveredBy(l, expected, seed)),
  );
  const rows = await seedRowCount(client, seed);
  return {
    usersIn: ids.length,
    stored: stored.size,
    deadLettered: ids.filter((id) => !stored.has(id) && deadLettered.has(id)).length,
    storedAndDeadLettered: ids.filter((id) => stored.has(id) && deadLettered.has(id)).length,
    lost: ids.filter((id) => !stored.has(id) && !deadLettered.has(id)),
    duplicated: ids.filter((id) => (byCountry.get(id) ?? 0) > 1),
    notInByCountry: [...stored.keys()].filter((id) => !byCountry.has(id)),
    extraRows: rows - stored.size,
    letters: seedLetters.length,
    lettersWithoutReason: seedLetters.filter((letter) => letter.reason.length === 0),
  };
}

/**
 * Asserts the invariant: nothing lost, nothing duplicated, every dead letter with a reason, and each user counted
 * once as stored or dead-lettered.
 */
export function expectInvariant(ledger: Ledger): void {
  const summary = JSON.stringify({
    ...ledger,
    lost: ledger.lost.slice(0, 10),
    lostCount: ledger.lost.length,
  });
  expect(ledger.lost.length, `users neither stored nor dead-lettered: ${summary}`).toBe(0);
  expect(ledger.duplicated, `users twice in users_by_country: ${summary}`).toEqual([]);
  expect(ledger.extraRows, `rows of the seed beyond its users: ${summary}`).toBe(0);
  expect(ledger.notInByCountry, `stored users missing from users_by_country: ${summary}`).toEqual([]);
  expect(ledger.lettersWithoutReason, "dead letters without a reason").toEqual([]);
  expect(ledger.stored + ledger.deadLettered).toBe(ledger.usersIn);
}
