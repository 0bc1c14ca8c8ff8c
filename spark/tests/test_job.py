"""The job against a real Kafka broker, each test on its own topics, queries run with availableNow."""

from __future__ import annotations

import json
import re

from users_stream.job import start
from users_stream.transform import PAYLOAD_PREVIEW_CHARS, PROCESSED_FIELDS

from .conftest import CONTRACT, consume, job_config, produce, read_jsonl, topics_for

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SCHEMA = json.loads((CONTRACT / "users.processed.schema.json").read_text())
RAW_LINES = [line for line in (CONTRACT / "users.raw.jsonl").read_text().splitlines() if line]
MALFORMED = json.loads((CONTRACT / "malformed.raw.json").read_text())


def run_job(spark, config) -> None:
    for query in start(spark, config):
        query.awaitTermination()
        assert query.exception() is None, query.exception()


def raw_rows(lines: list[str]) -> list[tuple[str, str]]:
    return [(json.loads(line)["user_id"], line) for line in lines]


def matches_schema(record: dict) -> None:
    """The subset of JSON Schema the contract uses: required, additionalProperties false, type, format date-time."""
    assert set(record) == set(SCHEMA["properties"]), set(record) ^ set(SCHEMA["properties"])
    assert set(SCHEMA["required"]) <= set(record)
    kinds = {"string": str, "integer": int, "number": (int, float), "null": type(None)}
    for name, spec in SCHEMA["properties"].items():
        types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        value = record[name]
        assert any(isinstance(value, kinds[t]) and not isinstance(value, bool) for t in types), (name, value)
        if spec.get("format") == "date-time" and value is not None:
            assert ISO_MS.match(value), (name, value)


def without_clock(record: dict, field: str) -> dict:
    return {key: value for key, value in record.items() if key != field}


def test_golden_users_dead_letters_and_stats(spark, bootstrap):
    topics = topics_for("golden")
    config = job_config(bootstrap, topics, "golden")
    produce(spark, bootstrap, topics.raw, [(row["key"], row["value"]) for row in MALFORMED] + raw_rows(RAW_LINES))
    run_job(spark, config)

    processed = consume(spark, bootstrap, topics.processed)
    for record in processed:
        assert record["key"] == record["value"]["user_id"]
        assert list(record["value"]) == list(PROCESSED_FIELDS)
        assert ISO_MS.match(record["value"]["processed_at"])
        matches_schema(record["value"])
    expected = {r["user_id"]: without_clock(r, "processed_at") for r in read_jsonl("users.processed.expected.jsonl")}
    actual = {r["value"]["user_id"]: without_clock(r["value"], "processed_at") for r in processed}
    assert len(processed) == len(expected)
    assert actual == expected

    letters = consume(spark, bootstrap, topics.dlq)
    for letter in letters:
        assert ISO_MS.match(letter["value"]["failedAt"])
        assert letter["headers"] == {"stage": "spark", "error": letter["value"]["error"]}
    expected_letters = [
        {**without_clock(r, "failedAt"), "origin": {**r["origin"], "topic": topics.raw}}
        for r in read_jsonl("users.dlq.expected.jsonl")
    ]
    assert sorted((without_clock(l["value"], "failedAt") for l in letters), key=lambda l: l["origin"]["offset"]) == (
        expected_letters
    )

    latest: dict[str, dict] = {}
    for record in consume(spark, bootstrap, topics.stats):
        latest[record["key"]] = record["value"]
    expected_stats = read_jsonl("users.stats.expected.jsonl")
    assert latest == {f"{s['country_code']}|{s['window_start']}": s for s in expected_stats}


def test_duplicates_collapse(spark, bootstrap):
    topics = topics_for("dedupe")
    config = job_config(bootstrap, topics, "dedupe")
    rows = raw_rows(RAW_LINES)
    # Every user three times (the ingest retried, or two pages overlapped), interleaved.
    produce(spark, bootstrap, topics.raw, rows + rows[::-1] + rows)
    run_job(spark, config)
    processed = consume(spark, bootstrap, topics.processed)
    assert sorted(r["key"] for r in processed) == sorted(key for key, _ in rows)
    assert consume(spark, bootstrap, topics.dlq) == []


def test_oversized_poison_is_dead_lettered_with_a_cut_payload(spark, bootstrap):
    """A value that would not fit one Kafka message once escaped (quotes double in JSON) must not stop the job."""
    topics = topics_for("oversized")
    config = job_config(bootstrap, topics, "oversized")
    poison = '"' * 900_000
    produce(spark, bootstrap, topics.raw, [("poison", poison), *raw_rows(RAW_LINES[:3])])
    run_job(spark, config)
    assert len(consume(spark, bootstrap, topics.processed)) == 3
    [letter] = [r["value"] for r in consume(spark, bootstrap, topics.dlq)]
    assert letter["error"] == "MalformedJsonError"
    assert letter["payloadTruncated"] == {"originalChars": 900_000}
    assert letter["payload"] == poison[: PAYLOAD_PREVIEW_CHARS]


def test_restart_resumes_from_checkpoint_without_loss(spark, bootstrap):
    topics = topics_for("restart")
    config = job_config(bootstrap, topics, "restart")
    rows = raw_rows(RAW_LINES)
    first, second = rows[:5], rows[5:]
    produce(spark, bootstrap, topics.raw, first)
    run_job(spark, config)
    assert sorted(r["key"] for r in consume(spark, bootstrap, topics.processed)) == sorted(k for k, _ in first)

    # Meanwhile more users arrive, plus one already processed: the restarted job reads only what is new, and its
    # dedupe state (checkpointed) still knows the repeated user.
    produce(spark, bootstrap, topics.raw, second + first[:1])
    run_job(spark, config)
    processed = consume(spark, bootstrap, topics.processed)
    assert sorted(r["key"] for r in processed) == sorted(k for k, _ in rows)
    assert len(processed) == len(rows)
