"""Progress lines on stderr, so that stdout carries only the report."""

from __future__ import annotations

import sys
import time

__all__ = ["log"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
