"""Parses the DAGs folder as the DAG processor does and prints, as JSON, its import errors and each DAG's shape.

Usage: python describe_dags.py [DAGS_FOLDER]   (default: $AIRFLOW__CORE__DAGS_FOLDER, else ../dags)

Output: {"importErrors": {file: traceback}, "dags": {dag_id: {"schedule", "catchup", "maxActiveRuns", "tasks",
"params": {name: default}}}}
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path


def main() -> int:
    default = os.environ.get("AIRFLOW__CORE__DAGS_FOLDER") or str(Path(__file__).resolve().parent.parent / "dags")
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else default).resolve()
    logging.disable(logging.WARNING)

    from airflow.dag_processing.dagbag import BundleDagBag

    bag = BundleDagBag(dag_folder=str(folder), bundle_path=folder)
    dags = {
        dag.dag_id: {
            "schedule": None if dag.schedule is None else str(dag.schedule),
            "catchup": dag.catchup,
            "maxActiveRuns": dag.max_active_runs,
            "tasks": sorted(dag.task_ids),
            "params": {name: dag.params.get_param(name).value for name in dag.params},
        }
        for dag in bag.dags.values()
    }
    print()
    print(json.dumps({"importErrors": bag.import_errors, "dags": dags}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
