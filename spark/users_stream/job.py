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

#: The queries' names; each reports to <progress-dir>/<name>.json.
USERS_QUERY = "users"
STATS_QUERY = "stats"
#: Each query's checkpoint, under <checkpoint-dir>. The stats query got a new one when it moved from users.raw to
#: users.processed (a checkpoint of the old query has other sources and state operators; it is left unused).
CHECKPOINTS = {USERS_QUERY: "users", STATS_QUERY: "stats-from-processed"}
_HEADERS = "array<struct<key:string,value:binary>>"


def read_topic(spark: SparkSession, config: JobConfig, topic: str) -> DataFrame:
    """A topic as a Kafka streaming source (earliest offsets on first start, data loss tolerated)."""
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrap_servers)
        .option("subscribe", topic)
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


def stats_output(processed: DataFrame, config: JobConfig) -> DataFrame:
    """Per-country one-minute window statistics of the deduplicated users, as Kafka rows of users.stats.

    They are computed from users.processed, which the users query has already parsed, validated and deduplicated:
    parsing users.raw a second time (and keeping a second deduplication state) cost as much again as the users query
    itself, on the same cores."""
    users = transform.stats_input(processed).withWatermark("ingested_at", config.watermark_delay)
    return transform.country_stats(users, config.stats_window, config.stats_topic)


def _start(frame: DataFrame, name: str, mode: str, config: JobConfig, trigger_ms: int) -> StreamingQuery:
    # Each query's jobs run in the scheduler pool of its name (spark/fairscheduler.xml, with spark.scheduler.mode
    # FAIR): the users query keeps most of the cores while a stats batch runs, instead of queueing behind it.
    frame.sparkSession.sparkContext.setLocalProperty("spark.scheduler.pool", name)
    writer = (
        frame.writeStream.queryName(name)
        .format("kafka")
        .option("kafka.bootstrap.servers", config.bootstrap_servers)
        .option("kafka.acks", "all")
        .option("kafka.linger.ms", "5")
        .option("checkpointLocation", os.path.join(config.checkpoint_dir, CHECKPOINTS[name]))
        .outputMode(mode)
    )
    if config.available_now:
        writer = writer.trigger(availableNow=True)
    else:
        writer = writer.trigger(processingTime=f"{trigger_ms} milliseconds")
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
    """Starts the users query (users.raw -> users.processed + users.dlq, append) and the stats query
    (users.processed -> users.stats, update, on its own slower trigger). With ``available_now``, the stats query
    starts once the users query has finished, so that it sees everything the users query wrote."""
    if config.progress_dir:
        spark.streams.addListener(ProgressFiles(config.progress_dir))
    users = _start(
        users_output(read_topic(spark, config, config.raw_topic), config),
        USERS_QUERY,
        "append",
        config,
        config.trigger_interval_ms,
    )
    if config.available_now:
        users.awaitTermination()
    stats = _start(
        stats_output(read_topic(spark, config, config.processed_topic), config),
        STATS_QUERY,
        "update",
        config,
        config.stats_trigger_interval_ms,
    )
    return [users, stats]
