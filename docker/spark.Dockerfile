# The Spark stage of docker-compose.yml: the official Apache Spark image of the native stack's version (Scala 2.13,
# Java 17, Python 3) plus the Kafka connector jars that `npm run stack -- up spark` resolves from Maven Central and
# passes with --jars: the same four jars, pinned by version and SHA-256. Jars in /opt/spark/jars are on the driver's
# classpath, so spark-submit needs no --jars and downloads nothing when the job starts.
FROM apache/spark:4.2.0-scala2.13-java17-python3-ubuntu

USER root

RUN set -eu; \
    cd /opt/spark/jars; \
    maven=https://repo1.maven.org/maven2; \
    fetch() { wget -q -O "$2" "$maven/$1/$2"; echo "$3  $2" | sha256sum -c -; }; \
    fetch org/apache/spark/spark-sql-kafka-0-10_2.13/4.2.0 spark-sql-kafka-0-10_2.13-4.2.0.jar \
      64539c45e5d39f7ddb747312c239f38f5208d08c1a0ddf7d70beb2fbd9373705; \
    fetch org/apache/spark/spark-token-provider-kafka-0-10_2.13/4.2.0 spark-token-provider-kafka-0-10_2.13-4.2.0.jar \
      641c7947afc8aa1189e433b7c2d305293993c8691bc1c2062d6d4f513b12518c; \
    fetch org/apache/kafka/kafka-clients/3.9.2 kafka-clients-3.9.2.jar \
      014b4ef36884478a932641818b080c36a8f8e2e92dc771e800c9d2694f4f83d8; \
    fetch org/apache/commons/commons-pool2/2.13.1 commons-pool2-2.13.1.jar \
      f77a5060d6936a9144023584232f9de3f2248f1abfe156e9d31795f18770674f; \
    chmod 644 ./*.jar; \
    mkdir -p /data; \
    chown spark:spark /data

USER spark
