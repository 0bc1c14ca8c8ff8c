import { setTimeout as sleep } from "node:timers/promises";
import type { DeadLetterEntry } from "../../support/dead-letters.ts";
import { deadLettersBetween } from "../../support/dead-letters.ts";
import { endOffsets } from "../../support/kafka.ts";
import { DEAD_LETTER_TOPIC } from "./scenario.ts";

/** A record written straight into a topic, and the dead letter it must turn into. */
export interface Poison {
  /** What is wrong with it, for the report and failure messages. */
  kind: string;
  value: string;
  /** The error name the stage must give it. */
  error: string;
}

/** Where a produced record landed. */
export interface Placed {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * Waits until every placed record has its dead letter in users.dlq (matched by origin topic, partition and offset),
 * reading from `from`; returns them in the order of `placed`.
 */
export async function awaitDeadLetters(
  brokers: string[],
  from: Map<number, bigint>,
  placed: readonly Placed[],
  timeoutMs = 120_000,
): Promise<(DeadLetterEntry | undefined)[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const letters = await deadLettersBetween(
      brokers,
      DEAD_LETTER_TOPIC,
      from,
      await endOffsets(brokers, DEAD_LETTER_TOPIC),
    );
    const found = placed.map((p) =>
      letters.find(
        (l) =>
          l.origin.topic === p.topic &&
          Number(l.origin.partition) === p.partition &&
          Number(l.origin.offset) === p.offset,
      ),
    );
    if (found.every((letter) => letter !== undefined) || Date.now() > deadline) return found;
    await sleep(500);
  }
}
