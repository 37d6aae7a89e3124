"""The type of the times a client sends (a query's `since`, a reading's `at`, a command's
`issued_at`): what the OpenAPI document declares, `format: date-time`, and nothing else.

pydantic alone also reads a number, or a string of digits, as Unix seconds: `"at": 0` was
stored as 1970. Here a time is text with a date and a time (ISO 8601; without an offset it
is UTC), else 422; and one that leaves the years 1-9999 once in UTC is a 422, not a 500.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


def _date_and_time(value):
    if isinstance(value, datetime) or (isinstance(value, str) and _DATE_AND_TIME.match(value)):
        return value
    raise ValueError("expected an ISO 8601 date and time, e.g. 2026-11-22T08:01:02+08:00")


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(
            tzinfo=timezone.utc)
    except OverflowError:
        raise ValueError("the time is outside the years 1-9999 in UTC") from None


Timestamp = Annotated[datetime, BeforeValidator(_date_and_time), AfterValidator(_in_utc)]
