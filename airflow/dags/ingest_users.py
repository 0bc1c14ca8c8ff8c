"""Scheduled ingest: invokes the ``ingest`` Lambda function on a schedule, every minute by default.

The schedule comes from ``INGEST_DAG_SCHEDULE`` (a cron expression or preset such as ``@hourly``; ``none`` for
manual runs only). Runs never catch up and never overlap. Each run's payload comes from its params; the function's
summary is logged and pushed to XCom, and a FunctionError fails the task with the function's error message.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any

from airflow.sdk import Param, dag, get_current_context, task

from ingest_lambda import SEED_PATTERN, build_payload, invoke_ingest


def schedule_from_env() -> str | None:
    """``INGEST_DAG_SCHEDULE``, ``* * * * *`` when unset; ``none`` (any case) or an empty value: no schedule."""
    value = os.environ.get("INGEST_DAG_SCHEDULE", "* * * * *").strip()
    return None if value.lower() in ("", "none") else value


@dag(
    dag_id="ingest_users",
    description="Invokes the ingest Lambda function on a schedule",
    schedule=schedule_from_env(),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=10),
    default_args={"retries": 0},
    tags=["ingest", "lambda"],
    params={
        "users": Param(1000, type="integer", minimum=1, maximum=1_000_000, description="users to fetch"),
        "resultsPerRequest": Param(500, type="integer", minimum=1, maximum=5000, description="users per page"),
        "concurrency": Param(8, type="integer", minimum=1, maximum=64, description="requests in flight"),
        "seed": Param(
            None,
            type=["null", "string"],
            pattern=SEED_PATTERN,
            description="API seed; a fresh one per invocation if unset",
        ),
        "extra": Param({}, type="object", description="further payload fields, passed as they are"),
    },
    doc_md=__doc__,
)
def ingest_users() -> None:
    @task(execution_timeout=timedelta(minutes=6))
    def invoke() -> dict[str, Any]:
        """Invokes ingest with the run's params; returns its summary (XCom ``return_value``)."""
        return invoke_ingest(build_payload(get_current_context()["params"]))

    invoke()


ingest_users()
