import type { RandomUser } from "./random-user.ts";

/** Where a user came from: enough to fetch it again. */
export interface PageCoordinates {
  source: string;
  seed: string;
  page: number;
  results: number;
}

/** A record of `users.raw`: the user as the API gave it, keyed by its stable id, with ingest metadata. */
export interface RawUserRecord {
  user_id: string;
  source: string;
  seed: string;
  page: number;
  ingested_at: string;
  user: RandomUser;
}

/**
 * Maps a validated API user to our raw record; `user_id` is the API's stable `login.uuid`.
 *
 * @example
 * toRawRecord(user, { source, seed: "abc", page: 1, results: 500 }, new Date().toISOString()).user_id === user.login.uuid;
 */
export function toRawRecord(
  user: RandomUser,
  coordinates: PageCoordinates,
  ingestedAt: string,
): RawUserRecord {
  return {
    user_id: user.login.uuid,
    source: coordinates.source,
    seed: coordinates.seed,
    page: coordinates.page,
    ingested_at: ingestedAt,
    user,
  };
}
