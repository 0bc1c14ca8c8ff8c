"""Shared fixtures: one local SparkSession with the Kafka connector jars, and Kafka helpers built on Spark's own
Kafka source and sink (no other client needed).

Environment (set by test/integration/spark/job.test.ts, which also creates the topics):
  KAFKA_BOOTSTRAP_SERVERS  the broker
  SPARK_TEST_JARS          comma-separated connector jars
  SPARK_TEST_TOPIC_PREFIX  each test uses <prefix>.<case>.{raw,processed,stats,dlq}
  SPARK_TEST_WORK_DIR      checkpoints go below it
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from users_stream.config import JobConfig, load_config

CONTRACT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "contract"


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run the Spark tests through npm run test:integration", returncode=2)
    return value


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    session = (
        SparkSession.builder.master(os.environ.get("SPARK_TEST_MASTER", "local[2]"))
        .appName("users-stream-tests")
        .config("spark.jars", _env("SPARK_TEST_JARS"))
        .config("spark.driver.memory", "768m")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@dataclass(frozen=True)
class Topics:
    raw: str
    processed: str
    stats: str
    dlq: str


@pytest.fixture
def bootstrap() -> str:
    return _env("KAFKA_BOOTSTRAP_SERVERS")


def topics_for(case: str) -> Topics:
    prefix = f"{_env('SPARK_TEST_TOPIC_PREFIX')}.{case}"
    return Topics(f"{prefix}.raw", f"{prefix}.processed", f"{prefix}.stats", f"{prefix}.dlq")


def job_config(bootstrap: str, topics: Topics, case: str) -> JobConfig:
    work = Path(_env("SPARK_TEST_WORK_DIR")) / case
    return load_config(
        [
            "--bootstrap-servers", bootstrap,
            "--raw-topic", topics.raw,
            "--processed-topic", topics.processed,
            "--stats-topic", topics.stats,
            "--dlq-topic", topics.dlq,
            "--checkpoint-dir", str(work / "checkpoints"),
            "--progress-dir", str(work / "progress"),
            "--available-now",
        ],
        env={},
    )


def produce(spark: SparkSession, bootstrap: str, topic: str, rows: list[tuple[str | None, str | None]]) -> None:
    """Writes (key, value) rows to partition 0 of a topic, in order."""
    frame = spark.createDataFrame(rows, "key string, value string").coalesce(1)
    (
        frame.withColumn("partition", F.lit(0))
        .write.format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("topic", topic)
        .save()
    )


def consume(spark: SparkSession, bootstrap: str, topic: str) -> list[dict]:
    """Every record of a topic, oldest first per partition: key, value (parsed JSON), headers, partition, offset."""
    frame = (
        spark.read.format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .option("includeHeaders", "true")
        .load()
    )
    rows = frame.selectExpr(
        "CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value", "headers", "partition", "offset", "timestamp"
    ).orderBy("partition", "offset").collect()
    return [
        {
            "key": row.key,
            "value": json.loads(row.value) if row.value is not None else None,
            "headers": {h.key: bytes(h.value).decode() for h in (row.headers or [])},
            "partition": row.partition,
            "offset": row.offset,
            "timestamp": row.timestamp,
        }
        for row in rows
    ]


def read_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (CONTRACT / name).read_text().splitlines() if line]
