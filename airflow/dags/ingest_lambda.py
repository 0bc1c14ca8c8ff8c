"""Invoking the `ingest` Lambda function from Airflow tasks, shared by the ingest DAGs.

The function is reached through the Lambda Invoke API with the Amazon provider's ``LambdaHook`` and the
``aws_default`` connection. Locally that connection (``AIRFLOW_CONN_AWS_DEFAULT``, set by the stack) points at
serverless-offline's Lambda port; on AWS it has no endpoint. Nothing here changes between the two.

Environment:
    INGEST_FUNCTION_NAME: the function to invoke (default ``realtime-data-streaming-local-ingest``).
    INGEST_AWS_CONN_ID: the Airflow connection to use (default ``aws_default``).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

DEFAULT_FUNCTION_NAME = "realtime-data-streaming-local-ingest"

# The seeds the function accepts.
SEED_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"

# The function may run for up to its 300 s timeout; an invocation is never retried by botocore, because a retry
# would ingest a second batch of users.
BOTOCORE_CONFIG = {
    "connect_timeout": 10,
    "read_timeout": 900,
    "retries": {"total_max_attempts": 1},
}

log = logging.getLogger(__name__)


class IngestFunctionError(RuntimeError):
    """The ingest function answered with a FunctionError (an exception in the handler, or a timeout)."""


def function_name() -> str:
    """The ingest function's name (``INGEST_FUNCTION_NAME``)."""
    return os.environ.get("INGEST_FUNCTION_NAME") or DEFAULT_FUNCTION_NAME


def build_payload(params: dict[str, Any]) -> dict[str, Any]:
    """The ingest payload from DAG params: the known fields that are set, then ``extra`` passed as it is."""
    payload = {
        key: params[key]
        for key in ("users", "resultsPerRequest", "concurrency", "seed", "firstPage")
        if params.get(key) is not None
    }
    payload.update(params.get("extra") or {})
    return payload


def invoke_ingest(payload: dict[str, Any]) -> dict[str, Any]:
    """Invokes ingest synchronously and returns its summary (the JSON it returns).

    Raises:
        IngestFunctionError: with the function's ``errorType`` and ``errorMessage`` when it fails.
    """
    from airflow.providers.amazon.aws.hooks.lambda_function import LambdaHook
    from botocore.config import Config

    name = function_name()
    hook = LambdaHook(
        aws_conn_id=os.environ.get("INGEST_AWS_CONN_ID") or "aws_default",
        config=Config(**BOTOCORE_CONFIG),
    )
    log.info("invoking %s with payload %s", name, json.dumps(payload))
    response = hook.invoke_lambda(
        function_name=name,
        invocation_type="RequestResponse",
        payload=json.dumps(payload),
    )
    body = response["Payload"].read().decode("utf-8")
    if response.get("FunctionError"):
        try:
            error = json.loads(body)
        except ValueError:
            error = {"errorMessage": body}
        message = (
            f"{name} failed ({response['FunctionError']}): "
            f"{error.get('errorType', 'Error')}: {error.get('errorMessage', body)}"
        )
        log.error("%s", message)
        for line in error.get("trace") or []:
            log.error("  %s", line)
        raise IngestFunctionError(message)
    summary = json.loads(body)
    log.info("ingest summary: %s", json.dumps(summary, sort_keys=True))
    return summary
