#!/bin/sh
# Creates the pipeline's topics in the Compose stack (natively, `npm run stack -- up kafka` does this).
# The topic list must match infra/stack/services/kafka-topics.ts; a unit test checks that it does.
set -eu
create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}
create users.raw "$PARTITIONS_RAW"
create users.processed "$PARTITIONS_PROCESSED"
create users.stats "$PARTITIONS_STATS"
create users.dlq "$PARTITIONS_DLQ"
