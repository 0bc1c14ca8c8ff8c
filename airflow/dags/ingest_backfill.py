"""One-off backfill, triggered by hand: ingests ``users`` users in invocations of at most ``chunkUsers`` each.

All invocations share one seed (the ``seed`` param, or ``backfill-<run id>`` with characters the function does not
accept made ``-``) and start at consecutive pages, so together they fetch users 1..``users`` of that seed's
sequence exactly once: a rerun with the same seed fetches the same users again. At most two invocations run at a
time. The last task logs and returns the summed summaries.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from airflow.sdk import Param, dag, get_current_context, task

from ingest_lambda import SEED_PATTERN, build_payload, invoke_ingest

log = logging.getLogger(__name__)

# Summary fields that add up across invocations.
SUMMED_FIELDS = (
    "requested",
    "fetched",
    "produced",
    "invalid",
    "retries",
    "requests",
    "failedRequests",
    "failedUsers",
    "skippedUsers",
    "missingUsers",
)


def plan_chunks(params: dict[str, Any], seed: str) -> list[dict[str, Any]]:
    """One payload per invocation; each chunk is a whole number of pages, so chunks never overlap."""
    users, per_page = params["users"], params["resultsPerRequest"]
    pages_per_chunk = max(1, params["chunkUsers"] // per_page)
    chunk = pages_per_chunk * per_page
    return [
        build_payload(
            {
                **params,
                "users": min(chunk, users - start),
                "seed": seed,
                "firstPage": 1 + (start // per_page),
            }
        )
        for start in range(0, users, chunk)
    ]


@dag(
    dag_id="ingest_backfill",
    description="Backfills N users through the ingest Lambda function, in chunks",
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    default_args={"retries": 0},
    tags=["ingest", "lambda", "backfill"],
    params={
        "users": Param(100_000, type="integer", minimum=1, maximum=100_000_000, description="users in all"),
        "chunkUsers": Param(
            50_000, type="integer", minimum=1, maximum=1_000_000, description="users per invocation"
        ),
        "resultsPerRequest": Param(500, type="integer", minimum=1, maximum=5000, description="users per page"),
        "concurrency": Param(8, type="integer", minimum=1, maximum=64, description="requests in flight"),
        "seed": Param(
            None, type=["null", "string"], pattern=SEED_PATTERN, description="API seed; backfill-<run id> if unset"
        ),
        "extra": Param({}, type="object", description="further payload fields, passed as they are"),
    },
    doc_md=__doc__,
)
def ingest_backfill() -> None:
    @task
    def plan() -> list[dict[str, Any]]:
        """The payloads of the backfill's invocations."""
        context = get_current_context()
        params = dict(context["params"])
        seed = params.get("seed") or re.sub(r"[^A-Za-z0-9_-]", "-", f"backfill-{context['run_id']}")[:64]
        payloads = plan_chunks(params, seed)
        log.info("backfilling %d users with seed %s in %d invocation(s)", params["users"], seed, len(payloads))
        return payloads

    @task(max_active_tis_per_dagrun=2, execution_timeout=timedelta(minutes=6))
    def invoke(payload: dict[str, Any]) -> dict[str, Any]:
        """One invocation of ingest; returns its summary."""
        return invoke_ingest(payload)

    @task
    def total(summaries: list[dict[str, Any]]) -> dict[str, Any]:
        """The summed summaries of all invocations."""
        summaries = list(summaries)
        result = {field: sum(s.get(field, 0) for s in summaries) for field in SUMMED_FIELDS}
        result["invocations"] = len(summaries)
        log.info("backfill total: %s", result)
        return result

    total(invoke.expand(payload=plan()))


ingest_backfill()
