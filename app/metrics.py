"""The service's Prometheus metrics, in a registry of each app's own: the tests create
several apps in one process, and on the library's shared registry the second one would
record nothing.

- ``http_requests_total{handler,method,status}`` and
  ``http_request_duration_seconds{handler,method,status}`` (prometheus-fastapi-instrumentator):
  ``handler`` is the route template (``/api/v1/missions/{node_id}``), never an id; a path
  that matches no route is ``none``;
- ``kg_answer_cache_hits_total{answer}``, ``kg_answer_cache_misses_total{answer}`` and
  ``kg_answer_compute_seconds{answer}`` (a histogram of the misses' computation), told by
  the analysis service for every answer looked up;
- ``kg_graph_version``: read from Neo4j at scrape time (one indexed read);
- ``kg_db_calls_in_progress``: database calls running now, each holding one pooled
  connection (the driver has no public API for its pool; see ``graph.database``);
- ``kg_console_answered_total`` and ``kg_console_rejections_total{reason}``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from fastapi import FastAPI
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    start_http_server,
)
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator import metrics as http_metrics

from graph.console_checks import REASONS
from graph.database import Database
from graph.errors import GraphError

__all__ = ["Metrics"]

log = logging.getLogger(__name__)

_COMPUTE_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        # No `*_created` series beside every counter: Prometheus does not need them. (The
        # switch is the library's, for the process; this service is the process.)
        disable_created_metrics()  # type: ignore[no-untyped-call]  # the library leaves it unannotated
        self.registry = CollectorRegistry()
        self._db: Database | None = None
        r = self.registry
        self._hits = Counter("kg_answer_cache_hits", "Analysis answers served from the cache", ["answer"], registry=r)
        self._misses = Counter("kg_answer_cache_misses", "Analysis answers computed", ["answer"], registry=r)
        self._compute = Histogram(
            "kg_answer_compute_seconds",
            "Seconds an analysis answer took to compute (misses only)",
            ["answer"],
            buckets=_COMPUTE_BUCKETS,
            registry=r,
        )
        Gauge("kg_graph_version", "The graph version (changes to the domain graph)", registry=r).set_function(
            self._graph_version
        )
        Gauge(
            "kg_db_calls_in_progress", "Database calls running now, each holding one pooled connection", registry=r
        ).set_function(self._calls_in_progress)
        self._answered = Counter("kg_console_answered", "Console queries answered", registry=r)
        self._rejected = Counter("kg_console_rejections", "Console queries refused, by reason", ["reason"], registry=r)
        for reason in REASONS:  # every reason present from the start, at 0
            self._rejected.labels(reason=reason)

    def instrument(self, app: FastAPI) -> None:
        """Count and time every request by route template, method and status."""
        instrumentator = Instrumentator(
            should_group_status_codes=False, excluded_handlers=["^/metrics$"], registry=self.registry
        )
        for metric in (
            http_metrics.requests(registry=self.registry),
            http_metrics.latency(should_include_status=True, registry=self.registry),
        ):
            if metric is not None:
                instrumentator.add(metric)
        instrumentator.instrument(app)

    def bind(self, db: Database) -> None:
        """The database the scrape-time gauges read (set in the app's lifespan)."""
        self._db = db

    def answer_observed(self, answer: str, hit: bool, seconds: float) -> None:
        """The analysis service's observer (``graph.analysis.service.AnswerObserver``)."""
        if hit:
            self._hits.labels(answer=answer).inc()
        else:
            self._misses.labels(answer=answer).inc()
            self._compute.labels(answer=answer).observe(seconds)

    def console_outcome(self, outcome: str) -> None:
        """The console's observer: ``answered`` or the reason a query was refused."""
        if outcome == "answered":
            self._answered.inc()
        else:
            self._rejected.labels(reason=outcome if outcome in REASONS else "failed").inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def serve(self, port: int) -> Callable[[], None]:
        """Serve the metrics on ``127.0.0.1:port`` (no credential: loopback only) in a
        thread; returns the function that stops it."""
        server, thread = start_http_server(port, addr="127.0.0.1", registry=self.registry)

        def stop() -> None:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

        return stop

    def _graph_version(self) -> float:
        if self._db is None:
            return math.nan
        try:
            return float(self._db.graph_version())
        except GraphError:  # the database is away: the scrape still answers, without a version
            return math.nan

    def _calls_in_progress(self) -> float:
        return float(self._db.calls.count) if self._db is not None else 0.0
