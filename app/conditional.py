"""Entity tags and conditional requests (RFC 9110, section 13).

A node's entity tag is its version, ``"7"``. ``If-Match`` names the versions a write may
go over: ``*`` (any), a list of tags, or a bare number (as older clients send it). A tag
that cannot be a version (weak, too large, not a number) matches nothing, so the write
answers 412 rather than failing on the value.
"""

from __future__ import annotations

import re

__all__ = ["IF_MATCH_PATTERN", "expected_versions", "node_etag"]

_TAG = re.compile(r'^(W/)?"([^"]*)"$|^([0-9]+)$')
# What If-Match may hold: *, entity tags (a version in quotes, weak or strong) or a bare number.
IF_MATCH_PATTERN = r'^ *(\*|((W/)?"[0-9]{1,19}"|[0-9]{1,19})( *, *((W/)?"[0-9]{1,19}"|[0-9]{1,19}))*) *$'
_MAX_VERSION = 2**63 - 1


def node_etag(version: int | None) -> str:
    return f'"{version or 0}"'


def expected_versions(if_match: str | None) -> list[int] | None:
    """The versions ``If-Match`` accepts; None when any is acceptable (absent or ``*``)."""
    if if_match is None or if_match.strip() == "*":
        return None
    versions = []
    for part in if_match.split(","):
        match = _TAG.match(part.strip())
        if match is None or match.group(1):  # weak tags never match in If-Match
            continue
        text = match.group(2) if match.group(2) is not None else match.group(3)
        if text and text.isdigit() and len(text) <= 19 and int(text) <= _MAX_VERSION:
            versions.append(int(text))
    return versions
