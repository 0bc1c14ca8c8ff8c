"""The stage's DataFrame logic, pure and built-in functions only (no Python UDFs): parse, validate, flatten,
normalise, dedupe, and the per-country window statistics. Streaming and batch DataFrames alike."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from .schema import CORRUPT_COLUMN, RAW_SCHEMA

#: The fields of a users.processed record: exactly the columns of user_stream.users (infra/cassandra/002_users.cql).
PROCESSED_FIELDS = (
    "user_id",
    "gender",
    "title",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "email_domain",
    "username",
    "date_of_birth",
    "age",
    "registered_at",
    "phone",
    "phone_digits",
    "cell",
    "address_line",
    "city",
    "state",
    "country",
    "country_code",
    "postcode",
    "latitude",
    "longitude",
    "timezone_offset",
    "picture_url",
    "nat",
    "source",
    "seed",
    "page",
    "ingested_at",
    "processed_at",
)

_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
_JSON_OPTIONS = {"ignoreNullFields": "false"}


def iso(ts: Column) -> Column:
    """A timestamp as ISO-8601 UTC with milliseconds and Z (the session time zone is UTC)."""
    return F.date_format(ts, _ISO_INSTANT)


def _blank(c: Column) -> Column:
    return c.isNull() | (F.trim(c) == "")


def parse(raw: DataFrame) -> DataFrame:
    """Kafka rows -> one row per record: the raw value string, its origin, the parsed record and the first problem
    (null when the record is valid)."""
    value = F.col("value").cast("string")
    parsed = raw.select(
        value.alias("payload"),
        F.col("topic"),
        F.col("partition"),
        F.col("offset"),
        F.from_json(value, RAW_SCHEMA, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": CORRUPT_COLUMN}).alias(
            "r"
        ),
    ).withColumn("ingested_ts", F.try_to_timestamp(F.col("r.ingested_at")))
    r = F.col("r")
    checks: list[tuple[Column, str, str]] = [
        (
            F.col("payload").isNull() | r.isNull() | r[CORRUPT_COLUMN].isNotNull(),
            "MalformedJsonError",
            "value is not a JSON object",
        ),
        (_blank(r["user_id"]), "MissingFieldError", "user_id is missing"),
        (_blank(r["user"]["login"]["uuid"]), "MissingFieldError", "user.login.uuid is missing"),
        (~r["user_id"].rlike(_UUID), "InvalidFieldError", "user_id is not a UUID"),
        (r["user_id"] != r["user"]["login"]["uuid"], "InvalidFieldError", "user_id differs from user.login.uuid"),
        (F.col("ingested_ts").isNull(), "InvalidFieldError", "ingested_at is missing or not an ISO-8601 timestamp"),
        (_blank(r["user"]["nat"]), "MissingFieldError", "user.nat is missing (country_code is required)"),
    ]
    error = F.lit(None).cast("string")
    reason = F.lit(None).cast("string")
    for failed, name, why in reversed(checks):
        error = F.when(failed, F.lit(name)).otherwise(error)
        reason = F.when(failed, F.lit(why)).otherwise(reason)
    return parsed.withColumn("error", error).withColumn("reason", reason)


#: Characters of an oversized payload a dead letter keeps (functions/shared/dead-letter.ts: PAYLOAD_PREVIEW_CHARS).
PAYLOAD_PREVIEW_CHARS = 64 * 1024


def dead_letters(parsed: DataFrame, topic: str) -> DataFrame:
    """Invalid rows as Kafka rows of the dead-letter topic (functions/shared/dead-letter.ts), keyed by user_id when
    known, with ``stage`` and ``error`` headers."""
    fields = [
        F.lit("spark").alias("stage"),
        F.col("error"),
        F.col("reason"),
        F.struct(F.col("topic"), F.col("partition"), F.col("offset")).alias("origin"),
    ]
    failed_at = iso(F.current_timestamp()).alias("failedAt")
    # A payload too large for one Kafka message once escaped is cut, as the functions do: a poison record must never
    # stop the job (it would fail again on the same record after every restart from its checkpoint).
    too_large = F.length(F.col("payload")) > PAYLOAD_PREVIEW_CHARS
    whole = F.struct(*fields, F.col("payload"), failed_at)
    cut = F.struct(
        *fields,
        F.substring(F.col("payload"), 1, PAYLOAD_PREVIEW_CHARS).alias("payload"),
        failed_at,
        F.struct(F.length(F.col("payload")).alias("originalChars")).alias("payloadTruncated"),
    )
    return parsed.where(F.col("error").isNotNull()).select(
        F.lit(topic).alias("topic"),
        F.col("r.user_id").alias("key"),
        F.when(too_large, F.to_json(cut, _JSON_OPTIONS)).otherwise(F.to_json(whole, _JSON_OPTIONS)).alias("value"),
        F.array(
            F.struct(F.lit("stage").alias("key"), F.lit("spark").cast("binary").alias("value")),
            F.struct(F.lit("error").alias("key"), F.col("error").cast("binary").alias("value")),
        ).alias("headers"),
    )


def _nullif_blank(c: Column) -> Column:
    return F.when(_blank(c), F.lit(None)).otherwise(c)


def flatten(parsed: DataFrame) -> DataFrame:
    """Valid rows -> typed, normalised columns (timestamps as timestamps), plus ``ingested_ts`` for the watermark."""
    u = F.col("r.user")
    loc = u["location"]
    dob = F.try_to_timestamp(u["dob"]["date"])
    street = F.concat_ws(" ", _nullif_blank(F.trim(loc["street"]["number"])), _nullif_blank(F.trim(loc["street"]["name"])))
    email = F.trim(u["email"])
    domain = F.lower(F.regexp_extract(email, r"@([^@\s]+)$", 1))
    first = F.trim(u["name"]["first"])
    last = F.trim(u["name"]["last"])
    return parsed.where(F.col("error").isNull()).select(
        F.lower(F.col("r.user_id")).alias("user_id"),
        u["gender"].alias("gender"),
        u["name"]["title"].alias("title"),
        first.alias("first_name"),
        last.alias("last_name"),
        _nullif_blank(F.concat_ws(" ", first, last)).alias("full_name"),
        email.alias("email"),
        _nullif_blank(domain).alias("email_domain"),
        u["login"]["username"].alias("username"),
        dob.alias("date_of_birth"),
        F.coalesce(u["dob"]["age"], F.floor(F.months_between(F.col("ingested_ts"), dob) / 12).cast("int")).alias("age"),
        F.try_to_timestamp(u["registered"]["date"]).alias("registered_at"),
        u["phone"].alias("phone"),
        _nullif_blank(F.regexp_replace(u["phone"], r"[^0-9]", "")).alias("phone_digits"),
        u["cell"].alias("cell"),
        _nullif_blank(street).alias("address_line"),
        loc["city"].alias("city"),
        loc["state"].alias("state"),
        loc["country"].alias("country"),
        F.upper(F.trim(u["nat"])).alias("country_code"),
        loc["postcode"].alias("postcode"),
        loc["coordinates"]["latitude"].try_cast("double").alias("latitude"),
        loc["coordinates"]["longitude"].try_cast("double").alias("longitude"),
        loc["timezone"]["offset"].alias("timezone_offset"),
        u["picture"]["large"].alias("picture_url"),
        u["nat"].alias("nat"),
        F.col("r.source").alias("source"),
        F.col("r.seed").alias("seed"),
        F.col("r.page").try_cast("int").alias("page"),
        F.col("ingested_ts").alias("ingested_at"),
        F.current_timestamp().alias("processed_at"),
    )


def dedupe(users: DataFrame, watermark_delay: str) -> DataFrame:
    """One row per user_id among rows whose ingested_at lie within the watermark delay of each other."""
    return users.withWatermark("ingested_at", watermark_delay).dropDuplicatesWithinWatermark(["user_id"])


def processed_records(users: DataFrame, topic: str) -> DataFrame:
    """Flattened users as Kafka rows of users.processed: key user_id, value JSON with exactly the users columns
    (nulls kept, timestamps ISO-8601 with milliseconds and Z)."""
    timestamps = {"date_of_birth", "registered_at", "ingested_at", "processed_at"}
    fields = [iso(F.col(name)).alias(name) if name in timestamps else F.col(name) for name in PROCESSED_FIELDS]
    return users.select(
        F.lit(topic).alias("topic"),
        F.col("user_id").alias("key"),
        F.to_json(F.struct(*fields), _JSON_OPTIONS).alias("value"),
    )


#: The fields of a users.processed record that the statistics need.
_STATS_INPUT_SCHEMA = "country_code string, age int, ingested_at string"


def stats_input(processed: DataFrame) -> DataFrame:
    """users.processed Kafka rows back to the columns :func:`country_stats` needs: country_code, age and ingested_at
    (a timestamp). Only three fields of the value are parsed."""
    value = F.from_json(F.col("value").cast("string"), _STATS_INPUT_SCHEMA)
    return (
        processed.select(value.alias("u"))
        .select(
            F.col("u.country_code").alias("country_code"),
            F.col("u.age").alias("age"),
            F.col("u.ingested_at").cast("timestamp").alias("ingested_at"),
        )
        .where(F.col("ingested_at").isNotNull())
    )


def country_stats(users: DataFrame, window: str, topic: str) -> DataFrame:
    """Per country and event-time window on ingested_at: users and average age, as Kafka rows of users.stats keyed
    ``<country_code>|<window_start>``. Needs a watermark on ingested_at (see :func:`dedupe`)."""
    grouped = users.groupBy(F.col("country_code"), F.window("ingested_at", window).alias("w")).agg(
        F.count(F.lit(1)).alias("users"), F.avg("age").alias("average_age")
    )
    start = iso(F.col("w.start"))
    return grouped.select(
        F.lit(topic).alias("topic"),
        F.concat_ws("|", F.col("country_code"), start).alias("key"),
        F.to_json(
            F.struct(
                F.col("country_code"),
                start.alias("window_start"),
                iso(F.col("w.end")).alias("window_end"),
                F.col("users"),
                F.col("average_age"),
            ),
            _JSON_OPTIONS,
        ).alias("value"),
    )
