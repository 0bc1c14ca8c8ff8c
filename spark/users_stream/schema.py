"""The explicit schema of a ``users.raw`` record (functions/ingest/record.ts: randomuser.me 1.4 user + ingest metadata)."""

from pyspark.sql.types import (
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

#: from_json puts the whole value here when it is not JSON at all.
CORRUPT_COLUMN = "_corrupt_record"


def _struct(**fields):
    return StructType([StructField(name, kind) for name, kind in fields.items()])


_DATED = _struct(date=StringType(), age=IntegerType())

USER_SCHEMA = _struct(
    gender=StringType(),
    name=_struct(title=StringType(), first=StringType(), last=StringType()),
    location=_struct(
        # number is an int upstream, but some nationalities' sources send strings: read both as text.
        street=_struct(number=StringType(), name=StringType()),
        city=StringType(),
        state=StringType(),
        country=StringType(),
        # postcode is a number for some nationalities and a string for others.
        postcode=StringType(),
        coordinates=_struct(latitude=StringType(), longitude=StringType()),
        timezone=_struct(offset=StringType(), description=StringType()),
    ),
    email=StringType(),
    login=_struct(uuid=StringType(), username=StringType()),
    dob=_DATED,
    registered=_DATED,
    phone=StringType(),
    cell=StringType(),
    picture=_struct(large=StringType(), medium=StringType(), thumbnail=StringType()),
    nat=StringType(),
)

RAW_SCHEMA = StructType(
    [
        StructField("user_id", StringType()),
        StructField("source", StringType()),
        StructField("seed", StringType()),
        StructField("page", LongType()),
        StructField("ingested_at", StringType()),
        StructField("user", USER_SCHEMA),
        StructField(CORRUPT_COLUMN, StringType()),
    ]
)
