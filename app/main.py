"""The FastAPI application: one driver per process, opened and closed by the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.answers import AnswerResponses, KeptAnswers
from app.auth.authenticator import Authenticator, verifier_for
from app.body_limit import BodyLimit
from app.connection import connection_info
from app.errors import install_error_handlers
from app.hosts import TrustedHosts
from app.metrics import Metrics
from app.openapi import install_openapi
from app.rate_limit import RateLimiter
from app.request_id import RequestId
from app.routes import access, analysis, collections, console, health, metrics, relationships, transfer, ui
from app.settings import Settings, get_settings
from graph.analysis.service import AnalysisService
from graph.console import Console
from graph.database import Database, OutageGuard, create_driver
from graph.errors import DatabaseUnavailable
from graph.readiness import GraphState
from graph.versions import GraphVersions

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    observed = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        info = connection_info(settings)
        driver = create_driver(info, retry_seconds=settings.db_retry_seconds, stall_seconds=settings.db_stall_seconds)
        db = Database(
            driver,
            info.database,
            timeout=settings.query_timeout,
            outage=OutageGuard(settings.db_outage_pause_seconds),
        )
        versions = GraphVersions(db.graph_version, interval=settings.version_poll_seconds)
        db.on_commit = versions.committed  # this process's writes are seen at once, with what they touched
        state = GraphState(db)
        app.state.graph = state
        observed.bind(db)
        app.state.analysis = AnalysisService(
            db, cache_enabled=settings.answer_cache, versions=versions, observer=observed.answer_observed
        )
        app.state.versions = versions
        app.state.answers = AnswerResponses(app.state.analysis, versions, state, cache_enabled=settings.answer_cache)
        app.state.console = Console(
            db,
            max_rows=settings.console_max_rows,
            timeout=settings.console_timeout,
            observer=observed.console_outcome,
        )
        app.state.auth = Authenticator(settings, verifier_for(settings), state.ensure_ready)
        try:
            state.ensure_ready()
        except DatabaseUnavailable:
            log.warning("Neo4j at %s is not reachable yet; /ready answers 503 until it is", info.redacted())
        versions.start()
        stop_metrics = None
        try:
            if settings.metrics_port:  # the metrics on a loopback port of their own
                stop_metrics = observed.serve(settings.metrics_port)
            yield
        finally:
            versions.stop()
            if stop_metrics is not None:
                stop_metrics()
            driver.close()

    app = FastAPI(
        title="Lessons-learned graph",
        version="0.1.0",
        description="Missions, evaluations, recommendations, responses, follow-up and the "
        "interfaces between lessons-learned bodies, as a queryable graph.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = observed
    app.state.console_limiter = RateLimiter(settings.console_per_minute)
    install_error_handlers(app, settings.retry_after_seconds)
    # Outermost last: every answer, refusals included, carries X-Request-ID. Innermost: kept
    # analysis answers, served before routing (app/answers.py), inside every check below.
    app.add_middleware(KeptAnswers)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,  # a bearer header, not cookies
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"],
            max_age=600,
        )
    # Inside the host check: requests for other hosts are not the service's traffic.
    observed.instrument(app)
    app.add_middleware(TrustedHosts, allowed=settings.allowed_hosts)
    app.add_middleware(RequestId)
    app.include_router(health.router)
    app.include_router(access.router)
    app.include_router(analysis.router)
    for router in collections.routers:
        app.include_router(router)
    app.include_router(relationships.router)
    app.include_router(transfer.router)
    app.include_router(console.router)
    if settings.metrics_token:  # otherwise /metrics is off here (404)
        app.include_router(metrics.router)
    ui.install(app)  # the coordinators' map at / (not part of the API document)
    install_openapi(app)
    return app
