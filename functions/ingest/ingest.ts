import { deadLetterMessage } from "../shared/dead-letter.ts";
import { SourceRequestError } from "../shared/errors.ts";
import { describeIssues } from "../shared/zod-issues.ts";
import { fetchPage } from "./fetch-page.ts";
import type { IngestPayload } from "./payload.ts";
import { runPool } from "./pool.ts";
import { type RandomUser, randomUserSchema } from "./random-user.ts";
import { type PageCoordinates, toRawRecord } from "./record.ts";
import { SendBatcher } from "./send-batcher.ts";

/** Time kept back from the invocation's remaining time, to finish producing and return the summary. */
const RESERVE_MS = 2_000;

/** At most this many value bytes per produce request, well under the broker's default 1 MiB `message.max.bytes`. */
const MAX_SEND_BYTES = 512 * 1024;
/** How long a produce request waits for more pages' messages before it goes. */
const LINGER_MS = 2;

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IngestDependencies {
  usersTopic: string;
  deadLetterTopic: string;
  /** Produces one request's messages; resolves once every one is acknowledged by all in-sync replicas. */
  send: (messages: OutgoingMessage[]) => Promise<void>;
  /** The invocation's remaining time in ms. */
  remainingMs: () => number;
  random: () => number;
  /** A fresh seed, when the payload has none. */
  newSeed: () => string;
  onRetry: (reason: string) => void;
  onFailedRequest: (error: SourceRequestError) => void;
}

/**
 * What an invocation did. Every requested user is accounted for:
 * `requested = fetched + failedUsers + skippedUsers + missingUsers` and `fetched = produced + invalid`.
 */
export interface IngestSummary {
  seed: string;
  source: string;
  requested: number;
  fetched: number;
  produced: number;
  invalid: number;
  retries: number;
  /** HTTP requests made: one per page started, plus retries. */
  requests: number;
  failedRequests: number;
  /** Users of pages that failed for good (each such page is in the dead-letter topic). */
  failedUsers: number;
  /** Users of pages not started because the invocation's time was running out. */
  skippedUsers: number;
  /** Users a page should have had but the source did not return. */
  missingUsers: number;
  durationMs: number;
  usersPerSecond: number;
}

/** A page to fetch, and how many of its users to keep (fewer than its size only on the last page). */
export interface PlannedPage extends PageCoordinates {
  take: number;
}

/**
 * The pages that make up `users` users. Every page has the same size, so that pages of one seed never overlap (the
 * API derives a page's users from seed, page and size); the last page keeps only the users still needed.
 */
export function planPages(payload: IngestPayload, seed: string): PlannedPage[] {
  const count = Math.ceil(payload.users / payload.resultsPerRequest);
  return Array.from({ length: count }, (_, i) => ({
    source: payload.sourceUrl,
    seed,
    page: payload.firstPage + i,
    results: payload.resultsPerRequest,
    take: Math.min(payload.resultsPerRequest, payload.users - i * payload.resultsPerRequest),
  }));
}

function userIdOf(result: unknown): string | undefined {
  const uuid = (result as { login?: { uuid?: unknown } } | null)?.login?.uuid;
  return typeof uuid === "string" ? uuid : undefined;
}

/**
 * Fetches `payload.users` users from the Random User API with at most `payload.concurrency` requests in flight,
 * validates each, and produces valid ones to the users topic keyed by `user_id`; invalid users and pages that failed
 * for good go to the dead-letter topic with the reason. Stops starting pages when the invocation's time runs short.
 *
 * @example
 * const summary = await ingest(parsePayload({ users: 1000 }, env), dependencies);
 */
export async function ingest(payload: IngestPayload, deps: IngestDependencies): Promise<IngestSummary> {
  const started = Date.now();
  const seed = payload.seed ?? deps.newSeed();
  const pages = planPages(payload, seed);
  const totals = {
    fetched: 0,
    produced: 0,
    invalid: 0,
    retries: 0,
    failedRequests: 0,
    failedUsers: 0,
    missing: 0,
  };
  const deadline = started + deps.remainingMs() - RESERVE_MS;
  const batcher = new SendBatcher(deps.send, { maxBytes: MAX_SEND_BYTES, lingerMs: LINGER_MS });

  const processPage = async ({ take, ...coordinates }: PlannedPage) => {
    const failedAt = () => new Date().toISOString();
    let results: unknown[];
    try {
      const page = await fetchPage(coordinates, {
        timeoutMs: payload.requestTimeoutMs,
        retry: { maxAttempts: payload.maxAttempts, baseDelayMs: 100, maxDelayMs: 5_000 },
        deadline,
        random: deps.random,
        onRetry: (reason) => {
          totals.retries += 1;
          deps.onRetry(reason);
        },
      });
      results = page.slice(0, take);
    } catch (error) {
      if (!(error instanceof SourceRequestError)) throw error;
      totals.failedRequests += 1;
      totals.failedUsers += take;
      deps.onFailedRequest(error);
      await batcher.add([
        deadLetterMessage(deps.deadLetterTopic, `${seed}:${coordinates.page}`, {
          stage: "ingest",
          error: error.name,
          reason: error.message,
          origin: { ...coordinates, take },
          payload: null,
          failedAt: failedAt(),
        }),
      ]);
      return;
    }
    const ingestedAt = new Date().toISOString();
    const messages: OutgoingMessage[] = [];
    let valid = 0;
    results.forEach((result, index) => {
      const user = randomUserSchema.safeParse(result);
      if (user.success) {
        const record = toRawRecord(user.data as RandomUser, coordinates, ingestedAt);
        messages.push({ topic: deps.usersTopic, key: record.user_id, value: JSON.stringify(record) });
        valid += 1;
        return;
      }
      messages.push(
        deadLetterMessage(deps.deadLetterTopic, userIdOf(result) ?? `${seed}:${coordinates.page}:${index}`, {
          stage: "ingest",
          error: "InvalidUserError",
          reason: describeIssues(user.error, "user"),
          origin: { ...coordinates, index },
          payload: result,
          failedAt: failedAt(),
        }),
      );
    });
    await batcher.add(messages);
    totals.fetched += results.length;
    totals.produced += valid;
    totals.invalid += results.length - valid;
    totals.missing += take - results.length;
  };

  const startedPages = await runPool(
    pages,
    payload.concurrency,
    processPage,
    () => Date.now() + payload.requestTimeoutMs < deadline,
  );
  const skippedUsers = pages.slice(startedPages).reduce((sum, page) => sum + page.take, 0);
  const durationMs = Date.now() - started;
  return {
    seed,
    source: payload.sourceUrl,
    requested: payload.users,
    fetched: totals.fetched,
    produced: totals.produced,
    invalid: totals.invalid,
    retries: totals.retries,
    requests: startedPages + totals.retries,
    failedRequests: totals.failedRequests,
    failedUsers: totals.failedUsers,
    skippedUsers,
    missingUsers: totals.missing,
    durationMs,
    usersPerSecond: Math.round((totals.fetched / Math.max(durationMs, 1)) * 1000),
  };
}
