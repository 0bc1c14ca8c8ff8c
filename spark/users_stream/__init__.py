"""The Spark Structured Streaming stage: users.raw -> users.processed (+ users.dlq, users.stats)."""
