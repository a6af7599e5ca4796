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
from contextlib import suppress
from dataclasses import dataclass, field

import httpx

from graph.collector import collector_paused

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
        except Exception as e:  # noqa: BLE001  # a failed call is data (an error count), not a crash
            self.errors += 1
            self.last_error = f"{type(e).__name__}: {e}"[:300]
            return
        self.seconds.append(time.perf_counter() - start)


def check_status(response: httpx.Response) -> httpx.Response:
    """Raise unless the answer is a 200, so that an error is never timed as an answer."""
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
    return response


def _warm(fn: Callable[[], object], warmup: int, before: Callable[[], object] | None = None) -> None:
    for _ in range(warmup):
        with suppress(Exception):  # the timed runs will count it
            if before is not None:
                before()
            fn()


def time_repeated(
    fn: Callable[[], object], *, repeat: int, warmup: int, budget: float, min_samples: int = 3
) -> Samples:
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
    before: Callable[[], object] | None = None,
) -> tuple[Samples, Samples]:
    """Time two ways of doing the same thing, alternating, so drift on a shared machine
    (another process, a GC, a checkpoint) hits both rather than one of them. ``before``
    runs untimed before each call (an edit that makes the answer cold, say)."""
    _warm(first, warmup, before)
    _warm(second, warmup, before)
    a, b = Samples(), Samples()
    deadline = time.perf_counter() + budget
    for i in range(repeat):
        for fn, samples in ((first, a), (second, b)):
            if before is not None:
                before()
            samples.record(fn)
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


def load_test(
    host: str,
    port: int,
    path: str,
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    timeout: float = 120.0,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> LoadResult:
    """``concurrency`` clients on the loopback issue GETs of ``path`` until ``max_requests``
    were issued or ``max_seconds`` passed; in-flight requests are awaited and counted.

    Each client is one keep-alive HTTP/1.1 connection driven by asyncio streams, not httpx:
    at 32 connections ``httpx.AsyncClient`` spent a whole core of a 2-core machine on
    itself (about 400 /health req/s, the client saturated), where this loop costs almost
    nothing, so the numbers describe the server. Any status other than ``expect`` (200, or
    304 for a revalidation with If-None-Match in ``headers``) is an error.
    """
    request = _request(host, port, path, headers or {})
    # This process holds the exported graph and the references' inputs (millions of objects
    # at scale 100): a pass of its collector over them would stall all 32 clients at once,
    # a pause of the harness that the server's throughput would be blamed for.
    with collector_paused():
        return asyncio.run(_load(host, port, path, request, expect, concurrency, max_requests, max_seconds, timeout))


def _request(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class _Connection:
    """One keep-alive HTTP/1.1 connection that GETs one path and reads whole answers."""

    def __init__(self, host: str, port: int, request: bytes) -> None:
        self.host, self.port = host, port
        self.request = request
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self) -> int:
        """The status of one answer, its body read to the end."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.reader, self.writer
        writer.write(self.request)
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with suppress(OSError):
                await writer.wait_closed()


async def _load(
    host: str,
    port: int,
    path: str,
    request: bytes,
    expect: int,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    request_timeout: float,
) -> LoadResult:
    connections = [_Connection(host, port, request) for _ in range(concurrency)]
    # Warm-up: open every connection and run the request once on each.
    await asyncio.gather(*(asyncio.wait_for(c.get(), request_timeout) for c in connections), return_exceptions=True)
    issued = 0
    latencies: list[float] = []
    errors = 0
    last_error: str | None = None
    start = time.perf_counter()
    deadline = start + max_seconds

    async def client_loop(connection: _Connection) -> None:
        nonlocal issued, errors, last_error
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(), request_timeout)
                if status != expect:
                    raise RuntimeError(f"HTTP {status}")
            except Exception as e:  # noqa: BLE001  # counted; the connection starts afresh
                errors += 1
                last_error = f"{type(e).__name__}: {e}"[:300]
                await connection.close()
                continue
            latencies.append(time.perf_counter() - t0)

    try:
        await asyncio.gather(*(client_loop(c) for c in connections))
        elapsed = time.perf_counter() - start
    finally:
        await asyncio.gather(*(c.close() for c in connections))
    return LoadResult(path, concurrency, len(latencies), errors, elapsed, latencies, last_error)
