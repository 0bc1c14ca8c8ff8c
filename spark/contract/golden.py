"""Writes the contract's expected outputs (test/fixtures/contract/*.expected.jsonl) from its raw inputs with a plain
Python reference of the transform, independent of Spark: ``python -m contract.golden`` from spark/.

Run it only when the contract changes on purpose, and review the diff: the Spark job is tested against these files,
the sink against the JSON Schema they satisfy."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "contract"
#: processed_at and failedAt depend on the wall clock; the golden files hold this value and the tests ignore it.
NOW = "2000-01-01T00:00:00.000Z"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def iso(ts: datetime | None) -> str | None:
    if ts is None:
        return None
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def parse_ts(text: str | None) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def text(value) -> str | None:
    return None if value is None else str(value)


def problem(payload: str | None) -> tuple[str, str] | None:
    try:
        record = json.loads(payload) if payload is not None else None
    except json.JSONDecodeError:
        record = None
    if not isinstance(record, dict):
        return ("MalformedJsonError", "value is not a JSON object")
    user = record.get("user") or {}
    uuid = (user.get("login") or {}).get("uuid")
    if blank(record.get("user_id")):
        return ("MissingFieldError", "user_id is missing")
    if blank(uuid):
        return ("MissingFieldError", "user.login.uuid is missing")
    if not UUID.match(record["user_id"]):
        return ("InvalidFieldError", "user_id is not a UUID")
    if record["user_id"] != uuid:
        return ("InvalidFieldError", "user_id differs from user.login.uuid")
    if parse_ts(record.get("ingested_at")) is None:
        return ("InvalidFieldError", "ingested_at is missing or not an ISO-8601 timestamp")
    if blank(user.get("nat")):
        return ("MissingFieldError", "user.nat is missing (country_code is required)")
    return None


def processed(record: dict) -> dict:
    user = record["user"]
    name, loc = user.get("name") or {}, user.get("location") or {}
    street, coords = loc.get("street") or {}, loc.get("coordinates") or {}
    first, last = (name.get("first") or "").strip() or None, (name.get("last") or "").strip() or None
    email = (user.get("email") or "").strip() or None
    domain = email.rsplit("@", 1)[1].lower() if email and "@" in email else None
    phone = user.get("phone")
    digits = re.sub(r"[^0-9]", "", phone) if phone is not None else None
    address = " ".join(str(p).strip() for p in (street.get("number"), street.get("name")) if not blank(p))
    full = " ".join(p for p in (first, last) if p)
    return {
        "user_id": record["user_id"].lower(),
        "gender": user.get("gender"),
        "title": name.get("title"),
        "first_name": first,
        "last_name": last,
        "full_name": full or None,
        "email": email,
        "email_domain": domain or None,
        "username": (user.get("login") or {}).get("username"),
        "date_of_birth": iso(parse_ts((user.get("dob") or {}).get("date"))),
        "age": (user.get("dob") or {}).get("age"),
        "registered_at": iso(parse_ts((user.get("registered") or {}).get("date"))),
        "phone": phone,
        "phone_digits": digits or None,
        "cell": user.get("cell"),
        "address_line": address or None,
        "city": loc.get("city"),
        "state": loc.get("state"),
        "country": loc.get("country"),
        "country_code": user["nat"].strip().upper(),
        "postcode": text(loc.get("postcode")),
        "latitude": float(coords["latitude"]) if coords.get("latitude") is not None else None,
        "longitude": float(coords["longitude"]) if coords.get("longitude") is not None else None,
        "timezone_offset": (loc.get("timezone") or {}).get("offset"),
        "picture_url": (user.get("picture") or {}).get("large"),
        "nat": user.get("nat"),
        "source": record.get("source"),
        "seed": record.get("seed"),
        "page": record.get("page"),
        "ingested_at": iso(parse_ts(record["ingested_at"])),
        "processed_at": NOW,
    }


def stats(users: list[dict]) -> list[dict]:
    groups: dict[tuple[str, datetime], list[dict]] = defaultdict(list)
    for user in users:
        at = parse_ts(user["ingested_at"])
        groups[(user["country_code"], at.replace(second=0, microsecond=0))].append(user)
    rows = []
    for (country, start), members in sorted(groups.items()):
        ages = [u["age"] for u in members if u["age"] is not None]
        rows.append(
            {
                "country_code": country,
                "window_start": iso(start),
                "window_end": iso(start + timedelta(minutes=1)),
                "users": len(members),
                "average_age": sum(ages) / len(ages) if ages else None,
            }
        )
    return rows


def main() -> None:
    raw = [line for line in (FIXTURES / "users.raw.jsonl").read_text().splitlines() if line]
    malformed = json.loads((FIXTURES / "malformed.raw.json").read_text())
    # The test produces the malformed rows first, then the valid ones, to partition 0 of a one-partition topic.
    letters = []
    for offset, row in enumerate(malformed):
        error, reason = problem(row["value"])
        origin = {"topic": "users.raw", "partition": 0, "offset": offset}
        letters.append(
            {"stage": "spark", "error": error, "reason": reason, "origin": origin, "payload": row["value"], "failedAt": NOW}
        )
    users = []
    for line in raw:
        assert problem(line) is None, line
        users.append(processed(json.loads(line)))
    write = lambda name, rows: (FIXTURES / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))  # noqa: E731
    write("users.processed.expected.jsonl", users)
    write("users.dlq.expected.jsonl", letters)
    write("users.stats.expected.jsonl", stats(users))


if __name__ == "__main__":
    main()
