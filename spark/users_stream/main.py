"""spark-submit entry point: ``spark-submit ... spark/users_stream/main.py --bootstrap-servers ... --checkpoint-dir ...``."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pyspark.sql import SparkSession  # noqa: E402

from users_stream.config import JobConfigError, load_config  # noqa: E402
from users_stream.job import start  # noqa: E402


def main(argv: list[str]) -> int:
    try:
        config = load_config(argv)
    except JobConfigError as error:
        print(f"users_stream: {error}", file=sys.stderr)
        return 2
    spark = SparkSession.builder.appName("users-stream").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    queries = start(spark, config)
    print(f"users_stream: started {', '.join(q.name for q in queries)} from {config.raw_topic}", flush=True)
    if config.available_now:
        for query in queries:
            query.awaitTermination()
    else:
        spark.streams.awaitAnyTermination()
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
