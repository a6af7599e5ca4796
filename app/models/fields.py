"""Field types shared by the models: ids, ISO dates, free text."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

__all__ = ["IsoDate", "NodeId", "Text"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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


IsoDate = Annotated[str, AfterValidator(_check_iso_date), Field(examples=["2026-03-25", "2021-09", "2020"])]
NodeId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,127}$"),
    Field(description="stable slug, unique within its label", examples=["nld-jfc", "iob-rsm-2023-1a"]),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
