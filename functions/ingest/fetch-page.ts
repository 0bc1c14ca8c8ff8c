import { setTimeout as sleep } from "node:timers/promises";
import { SourceRequestError } from "../shared/errors.ts";
import { randomUserPageSchema } from "./random-user.ts";
import type { PageCoordinates } from "./record.ts";
import { backoffDelayMs, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry.ts";

export interface FetchPageOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  /** Epoch ms after which no new attempt starts and no backoff sleeps past. */
  deadline: number;
  random: () => number;
  /** Called before each retry, with the reason; for counting and logging. */
  onRetry: (reason: string) => void;
}

/** The URL of one page: `?results=&page=&seed=` on the source's base URL. */
export function pageUrl(coordinates: PageCoordinates): string {
  const url = new URL(coordinates.source);
  url.searchParams.set("results", String(coordinates.results));
  url.searchParams.set("page", String(coordinates.page));
  url.searchParams.set("seed", coordinates.seed);
  return url.toString();
}

class RetryableFailure extends Error {
  readonly retryAfterMs: number | null;
  readonly status: number | null;
  constructor(message: string, status: number | null, retryAfterMs: number | null = null) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

async function attempt(url: string, timeoutMs: number): Promise<unknown[]> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    const what =
      name === "TimeoutError" ? `no complete answer within ${timeoutMs} ms` : (error as Error).message;
    throw new RetryableFailure(`network: ${what}`, null);
  }
  if (!response.ok) {
    const message = `HTTP ${response.status}: ${text.slice(0, 200)}`;
    if (!isRetryableStatus(response.status)) throw new SourceRequestError(message, response.status);
    throw new RetryableFailure(
      message,
      response.status,
      parseRetryAfter(response.headers.get("retry-after"), Date.now()),
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RetryableFailure(`truncated or malformed JSON body (${text.length} bytes)`, response.status);
  }
  const page = randomUserPageSchema.safeParse(body);
  if (!page.success)
    throw new SourceRequestError(`answer has no results array: ${text.slice(0, 200)}`, response.status);
  return page.data.results;
}

/**
 * Fetches one page of users with a per-request timeout and bounded retries (backoff with jitter, honouring
 * Retry-After) on network errors, timeouts, truncated bodies, 408, 429 and 5xx.
 *
 * @returns the page's raw results, each still to be validated.
 * @throws {SourceRequestError} when the answer is final (4xx) or retries or time ran out.
 */
export async function fetchPage(coordinates: PageCoordinates, options: FetchPageOptions): Promise<unknown[]> {
  const url = pageUrl(coordinates);
  for (let attemptNo = 1; ; attemptNo += 1) {
    try {
      return await attempt(url, options.timeoutMs);
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      const delay = backoffDelayMs(attemptNo, options.retry, options.random, error.retryAfterMs);
      const outOfTime = Date.now() + delay + options.timeoutMs > options.deadline;
      if (attemptNo >= options.retry.maxAttempts || outOfTime) {
        const why = outOfTime ? "the invocation's time would run out" : `${attemptNo} attempts`;
        throw new SourceRequestError(`${url} failed after ${why}: ${error.message}`, error.status, {
          cause: error,
        });
      }
      options.onRetry(error.message);
      await sleep(delay);
    }
  }
}
