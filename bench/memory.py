"""Resident memory of a process, from ``/proc`` (Linux): what the growth table reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Memory", "memory_of"]


@dataclass(frozen=True)
class Memory:
    """One process's resident memory now and its high-water mark, in MiB (None: unknown)."""

    rss_mib: float | None = None
    peak_mib: float | None = None


def memory_of(pid: int | None) -> Memory:
    if pid is None:
        return Memory()
    values: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(value.split()[0]) / 1024
    except (OSError, ValueError, IndexError):
        return Memory()  # gone, or not Linux: the table shows "-"
    return Memory(values.get("VmRSS"), values.get("VmHWM"))
