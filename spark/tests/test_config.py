"""The job's settings: flags over SPARK_JOB_* variables, validated once, every problem named."""

from __future__ import annotations

import pytest

from users_stream.config import JobConfigError, load_config

REQUIRED = ["--bootstrap-servers", "127.0.0.1:9092", "--checkpoint-dir", "/tmp/cp"]


def test_defaults_are_the_pipeline_topics_earliest_offsets_and_a_one_second_trigger():
    config = load_config(REQUIRED, env={})
    assert (config.raw_topic, config.processed_topic, config.stats_topic, config.dlq_topic) == (
        "users.raw",
        "users.processed",
        "users.stats",
        "users.dlq",
    )
    assert config.starting_offsets == "earliest"
    assert config.trigger_interval_ms == 1000
    assert config.stats_trigger_interval_ms == 10000
    assert config.available_now is False
    assert config.watermark_delay == "10 minutes"


def test_environment_fills_in_what_flags_do_not_say_and_flags_win():
    env = {"SPARK_JOB_BOOTSTRAP_SERVERS": "b:1", "SPARK_JOB_CHECKPOINT_DIR": "/cp", "SPARK_JOB_RAW_TOPIC": "x"}
    config = load_config(["--raw-topic", "y"], env=env)
    assert (config.bootstrap_servers, config.checkpoint_dir, config.raw_topic) == ("b:1", "/cp", "y")


def test_every_problem_is_named_at_once():
    with pytest.raises(JobConfigError) as error:
        load_config(
            ["--trigger-interval-ms", "-1", "--stats-trigger-interval-ms", "x", "--starting-offsets", "middle", "--stats-window", "1m"],
            env={},
        )
    message = str(error.value)
    for needle in (
        "--bootstrap-servers",
        "--checkpoint-dir",
        "--trigger-interval-ms",
        "--stats-trigger-interval-ms",
        "--starting-offsets",
        "--stats-window",
    ):
        assert needle in message
