"""Field types shared by the models: ids, ISO dates, free text.

Every string is bounded, and text must be valid Unicode (no lone surrogates): what the
model accepts, Neo4j and its driver accept too, so bad input is a 422 naming the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, Strict, StringConstraints

__all__ = ["DAY_PATTERN", "ID_PATTERN", "Flag", "IsoDate", "NodeId", "ShortText", "Text", "valid_unicode"]

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,127}$"
# The calendar as a pattern, so that the OpenAPI document says exactly which dates are
# accepted: a year (not 0000), a month, or a day that exists (29 February in leap years).
_YEAR = r"([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))"
DAY_PATTERN = rf"^({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
_ISO_PATTERN = rf"^({_YEAR}(-(0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
_ISO = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def valid_unicode(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("must be valid Unicode text (it holds a lone surrogate)") from e
    return value


def _check_iso_date(value: str) -> str:
    match = _ISO.match(value)
    if match is None:
        raise ValueError("must be an ISO 8601 date: YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no day")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as e:
        raise ValueError(f"not a real date: {e}") from e
    return value


IsoDate = Annotated[
    str,
    StringConstraints(pattern=_ISO_PATTERN),
    AfterValidator(_check_iso_date),
    Field(
        description="ISO 8601: YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no day",
        examples=["2026-03-25", "2021-09", "2020"],
    ),
]
NodeId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="stable slug, unique within its label", examples=["nld-jfc", "iob-rsm-2023-1a"]),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000), AfterValidator(valid_unicode)]
# Names and codes: short, and some of them indexed.
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(valid_unicode)]
# A JSON true or false, nothing else ("yes" or 1 is refused, as the schema says).
Flag = Annotated[bool, Strict()]
