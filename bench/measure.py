"""Timing helpers: repeated timings with warm-up, and a bounded concurrent load.

All clocks are ``time.perf_counter``; medians come from ``statistics``. A timed call that
fails (an exception, or an HTTP status other than 200) is counted as an error and left out
of the latencies, so a fast error can never pass for a fast answer.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

__all__ = ["LoadResult", "Samples", "check_status", "load_test", "percentile", "time_pair", "time_repeated"]


def percentile(values: list[float], q: int) -> float | None:
    """The q-th percentile (inclusive method: never beyond the observed range)."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class Samples:
    """Durations in seconds of one measured operation, and how many attempts failed."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    last_error: str | None = None

    @property
    def n(self) -> int:
        return len(self.seconds)

    @property
    def p50(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def p95(self) -> float | None:
        return percentile(self.seconds, 95)

    def record(self, fn: Callable[[], object]) -> None:
        start = time.perf_counter()
        try:
            fn()
        except Exception as e:  # a failed call is data (an error count), not a crash
            self.errors += 1
            self.last_error = f"{type(e).__name__}: {e}"[:300]
            return
        self.seconds.append(time.perf_counter() - start)


def check_status(response: httpx.Response) -> httpx.Response:
    """Raise unless the answer is a 200, so that an error is never timed as an answer."""
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
    return response


def _warm(fn: Callable[[], object], warmup: int) -> None:
    for _ in range(warmup):
        try:
            fn()
        except Exception:
            pass  # the timed runs will count it


def time_repeated(fn: Callable[[], object], *, repeat: int, warmup: int, budget: float, min_samples: int = 3) -> Samples:
    """Time ``fn`` up to ``repeat`` times after ``warmup`` untimed calls.

    Stops early once ``budget`` seconds are spent and ``min_samples`` runs are done, so a
    query that takes a minute at scale 100 cannot hold the run for hours; the row shows n.
    """
    _warm(fn, warmup)
    samples = Samples()
    deadline = time.perf_counter() + budget
    for i in range(repeat):
        samples.record(fn)
        if i + 1 >= min_samples and time.perf_counter() > deadline:
            break
    return samples


def time_pair(
    first: Callable[[], object],
    second: Callable[[], object],
    *,
    repeat: int,
    warmup: int,
    budget: float,
    min_samples: int = 3,
) -> tuple[Samples, Samples]:
    """Time two ways of doing the same thing, alternating, so drift on a shared machine
    (another process, a GC, a checkpoint) hits both rather than one of them."""
    _warm(first, warmup)
    _warm(second, warmup)
    a, b = Samples(), Samples()
    deadline = time.perf_counter() + budget
    for i in range(repeat):
        a.record(first)
        b.record(second)
        if i + 1 >= min_samples and time.perf_counter() > deadline:
            break
    return a, b


@dataclass
class LoadResult:
    """What ``concurrency`` clients achieved on one path."""

    path: str
    concurrency: int
    completed: int
    errors: int
    elapsed: float
    latencies: list[float]
    last_error: str | None = None

    @property
    def throughput(self) -> float:
        return self.completed / self.elapsed if self.elapsed > 0 else 0.0


def load_test(base_url: str, path: str, *, concurrency: int, max_requests: int, max_seconds: float, timeout: float = 120.0) -> LoadResult:
    """``concurrency`` clients on the loopback issue GETs of ``path`` until ``max_requests``
    were issued or ``max_seconds`` passed; in-flight requests are awaited and counted."""
    return asyncio.run(_load(base_url, path, concurrency, max_requests, max_seconds, timeout))


async def _load(base_url: str, path: str, concurrency: int, max_requests: int, max_seconds: float, timeout: float) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        # Warm-up: open the connections and run the query once per client.
        await asyncio.gather(*(client.get(path) for _ in range(concurrency)), return_exceptions=True)
        issued = 0
        latencies: list[float] = []
        errors = 0
        last_error: str | None = None
        start = time.perf_counter()
        deadline = start + max_seconds

        async def client_loop() -> None:
            nonlocal issued, errors, last_error
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                t0 = time.perf_counter()
                try:
                    check_status(await client.get(path))
                except Exception as e:
                    errors += 1
                    last_error = f"{type(e).__name__}: {e}"[:300]
                    continue
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(client_loop() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return LoadResult(path, concurrency, len(latencies), errors, elapsed, latencies, last_error)
