"""Wires the transform to Kafka: the streaming queries, their checkpoints, triggers and progress reports."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery, StreamingQueryListener

from . import transform
from .config import JobConfig

#: The queries' names; each checkpoints under <checkpoint-dir>/<name> and reports to <progress-dir>/<name>.json.
USERS_QUERY = "users"
STATS_QUERY = "stats"
_HEADERS = "array<struct<key:string,value:binary>>"


def read_raw(spark: SparkSession, config: JobConfig) -> DataFrame:
    """users.raw as a Kafka streaming source (earliest offsets on first start, data loss tolerated)."""
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrap_servers)
        .option("subscribe", config.raw_topic)
        .option("startingOffsets", config.starting_offsets)
        .option("failOnDataLoss", "false")
    )
    if config.max_offsets_per_trigger:
        reader = reader.option("maxOffsetsPerTrigger", str(config.max_offsets_per_trigger))
    return reader.load()


def users_output(raw: DataFrame, config: JobConfig) -> DataFrame:
    """Processed users (deduplicated) and dead letters, as Kafka rows carrying their own topic."""
    parsed = transform.parse(raw)
    users = transform.dedupe(transform.flatten(parsed), config.watermark_delay)
    processed = transform.processed_records(users, config.processed_topic).withColumn(
        "headers", F.lit(None).cast(_HEADERS)
    )
    return processed.unionByName(transform.dead_letters(parsed, config.dlq_topic))


def stats_output(raw: DataFrame, config: JobConfig) -> DataFrame:
    """Per-country one-minute window statistics of the deduplicated users, as Kafka rows of users.stats."""
    users = transform.dedupe(transform.flatten(transform.parse(raw)), config.watermark_delay)
    return transform.country_stats(users, config.stats_window, config.stats_topic)


def _start(frame: DataFrame, name: str, mode: str, config: JobConfig) -> StreamingQuery:
    writer = (
        frame.writeStream.queryName(name)
        .format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrap_servers)
        .option("kafka.acks", "all")
        .option("kafka.linger.ms", "5")
        .option("checkpointLocation", os.path.join(config.checkpoint_dir, name))
        .outputMode(mode)
    )
    if config.available_now:
        writer = writer.trigger(availableNow=True)
    else:
        writer = writer.trigger(processingTime=f"{config.trigger_interval_ms} milliseconds")
    return writer.start()


class ProgressFiles(StreamingQueryListener):
    """Writes each query's last progress (and its end) to ``<dir>/<name>.json``, atomically, for the stack's probe
    and status."""

    def __init__(self, directory: str) -> None:
        self._dir = Path(directory)
        self._dir.mkdir(parents=True, exist_ok=True)
        for stale in self._dir.glob("*.json"):
            stale.unlink()
        self._names: dict[str, str] = {}
        self._last: dict[str, dict] = {}

    def _write(self, name: str, document: dict) -> None:
        fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w") as out:
            json.dump(document, out)
        os.replace(tmp, self._dir / f"{name}.json")

    def onQueryStarted(self, event) -> None:  # noqa: N802 (Spark's API)
        self._names[str(event.id)] = event.name or str(event.id)
        self._write(self._names[str(event.id)], {"state": "started", "progress": None})

    def onQueryProgress(self, event) -> None:  # noqa: N802
        progress = event.progress
        name = progress.name or str(progress.id)
        self._last[name] = json.loads(progress.json)
        self._write(name, {"state": "active", "progress": self._last[name], "idleSince": None})

    def onQueryIdle(self, event) -> None:  # noqa: N802
        # An idle query (caught up, e.g. after a restart with nothing new) reports idle events instead of progress:
        # it is active all the same. Refresh the file and keep the last progress, if any.
        name = self._names.get(str(event.id), str(event.id))
        last = self._last.get(name)
        self._write(name, {"state": "active", "progress": last, "idleSince": event.timestamp})

    def onQueryTerminated(self, event) -> None:  # noqa: N802
        name = self._names.get(str(event.id), str(event.id))
        self._write(name, {"state": "terminated", "exception": event.exception, "progress": None})


def start(spark: SparkSession, config: JobConfig) -> list[StreamingQuery]:
    """Starts the users query (users.processed + users.dlq, append) and the stats query (users.stats, update)."""
    if config.progress_dir:
        spark.streams.addListener(ProgressFiles(config.progress_dir))
    return [
        _start(users_output(read_raw(spark, config), config), USERS_QUERY, "append", config),
        _start(stats_output(read_raw(spark, config), config), STATS_QUERY, "update", config),
    ]
