"""The job's configuration: command-line arguments over ``SPARK_JOB_*`` environment variables, validated once."""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from typing import Sequence

_DURATION = re.compile(r"^\d+ (second|seconds|minute|minutes|hour|hours)$")


@dataclass(frozen=True)
class JobConfig:
    """Everything the job reads from outside; built by :func:`load_config` only."""

    bootstrap_servers: str
    raw_topic: str
    processed_topic: str
    stats_topic: str
    dlq_topic: str
    checkpoint_dir: str
    progress_dir: str | None
    trigger_interval_ms: int
    stats_trigger_interval_ms: int
    available_now: bool
    starting_offsets: str
    watermark_delay: str
    stats_window: str
    max_offsets_per_trigger: int | None


class JobConfigError(ValueError):
    """An invalid setting, named with the flag and environment variable that set it."""


def _parser(env: dict[str, str]) -> argparse.ArgumentParser:
    def default(name: str, fallback: str | None) -> str | None:
        return env.get(f"SPARK_JOB_{name.upper().replace('-', '_')}", fallback)

    parser = argparse.ArgumentParser(
        prog="users_stream",
        description="users.raw -> users.processed, users.dlq and users.stats (Spark Structured Streaming). "
        "Every flag can also be set by SPARK_JOB_<FLAG> (e.g. SPARK_JOB_BOOTSTRAP_SERVERS).",
    )
    parser.add_argument("--bootstrap-servers", default=default("bootstrap-servers", None))
    parser.add_argument("--raw-topic", default=default("raw-topic", "users.raw"))
    parser.add_argument("--processed-topic", default=default("processed-topic", "users.processed"))
    parser.add_argument("--stats-topic", default=default("stats-topic", "users.stats"))
    parser.add_argument("--dlq-topic", default=default("dlq-topic", "users.dlq"))
    parser.add_argument("--checkpoint-dir", default=default("checkpoint-dir", None))
    parser.add_argument("--progress-dir", default=default("progress-dir", None))
    parser.add_argument("--trigger-interval-ms", default=default("trigger-interval-ms", "1000"))
    parser.add_argument(
        "--stats-trigger-interval-ms",
        default=default("stats-trigger-interval-ms", "10000"),
        help="the stats query's trigger (per-minute windows need no second-by-second updates)",
    )
    parser.add_argument(
        "--available-now",
        action="store_true",
        default=default("available-now", "false") == "true",
        help="process what is in users.raw, then stop (tests, backfills)",
    )
    parser.add_argument("--starting-offsets", default=default("starting-offsets", "earliest"))
    parser.add_argument("--watermark-delay", default=default("watermark-delay", "10 minutes"))
    parser.add_argument("--stats-window", default=default("stats-window", "1 minute"))
    parser.add_argument("--max-offsets-per-trigger", default=default("max-offsets-per-trigger", None))
    return parser


def load_config(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> JobConfig:
    """Parses and validates the job's settings; raises :class:`JobConfigError` naming every bad one."""
    env = dict(os.environ if env is None else env)
    args = _parser(env).parse_args(argv)
    problems: list[str] = []
    if not args.bootstrap_servers:
        problems.append("--bootstrap-servers (SPARK_JOB_BOOTSTRAP_SERVERS) is required")
    if not args.checkpoint_dir:
        problems.append("--checkpoint-dir (SPARK_JOB_CHECKPOINT_DIR) is required")
    for flag in ("raw_topic", "processed_topic", "stats_topic", "dlq_topic"):
        if not getattr(args, flag):
            problems.append(f"--{flag.replace('_', '-')} must not be empty")
    triggers: dict[str, int] = {}
    for flag in ("trigger_interval_ms", "stats_trigger_interval_ms"):
        try:
            triggers[flag] = int(getattr(args, flag))
            if triggers[flag] < 0:
                raise ValueError
        except ValueError:
            problems.append(f"--{flag.replace('_', '-')} must be an integer >= 0, got {getattr(args, flag)!r}")
            triggers[flag] = 0
    max_offsets = None
    if args.max_offsets_per_trigger not in (None, ""):
        try:
            max_offsets = int(args.max_offsets_per_trigger)
            if max_offsets <= 0:
                raise ValueError
        except ValueError:
            problems.append(f"--max-offsets-per-trigger must be a positive integer, got {args.max_offsets_per_trigger!r}")
    if args.starting_offsets not in ("earliest", "latest"):
        problems.append(f"--starting-offsets must be earliest or latest, got {args.starting_offsets!r}")
    for flag in ("watermark_delay", "stats_window"):
        if not _DURATION.match(getattr(args, flag)):
            problems.append(f"--{flag.replace('_', '-')} must look like '10 minutes', got {getattr(args, flag)!r}")
    if problems:
        raise JobConfigError("; ".join(problems))
    return JobConfig(
        bootstrap_servers=args.bootstrap_servers,
        raw_topic=args.raw_topic,
        processed_topic=args.processed_topic,
        stats_topic=args.stats_topic,
        dlq_topic=args.dlq_topic,
        checkpoint_dir=args.checkpoint_dir,
        progress_dir=args.progress_dir or None,
        trigger_interval_ms=triggers["trigger_interval_ms"],
        stats_trigger_interval_ms=triggers["stats_trigger_interval_ms"],
        available_now=bool(args.available_now),
        starting_offsets=args.starting_offsets,
        watermark_delay=args.watermark_delay,
        stats_window=args.stats_window,
        max_offsets_per_trigger=max_offsets,
    )
