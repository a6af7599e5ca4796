"""The analysis endpoints: the gap queries of DOMAIN.md, network analytics and stats.
Each is one call to the analysis service (``graph/analysis/service.py``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from app.answers import ANSWER_ROLE
from app.deps import AnswersDep, CallerDep, require
from app.models.analysis import (
    FeedbackItem,
    FeedbackPage,
    FollowUpPage,
    InterfacesPage,
    LineageAnswer,
    NetworkAnswer,
    OverduePage,
    PathAnswer,
    RecurringPage,
    ResponsibilityPage,
    StagePage,
    StatsAnswer,
)
from app.models.collections import MAX_OFFSET
from app.models.fields import DAY_PATTERN
from graph.analysis.service import MAX_HOPS, ChainRules, FeedbackQuery, PageRequest, Reads, StageFilters
from graph.domain import InterfaceKind
from graph.errors import InvalidInput, Problem

# Every answer needs ANSWER_ROLE: the kept answers served before routing are held to it too.
router = APIRouter(prefix="/api/v1", tags=["analysis"], dependencies=[Depends(require(ANSWER_ROLE))])

MaxHops = Annotated[
    int, Query(ge=1, le=MAX_HOPS, description=f"longest chain of interfaces considered (1 to {MAX_HOPS})")
]
_KIND = "(" + "|".join(k.value for k in InterfaceKind) + ")"


def _known_kinds(value: str) -> str:
    bad = [k for k in value.split(",") if k not in InterfaceKind.__members__]
    if bad:
        accepted = ", ".join(repr(k.value) for k in InterfaceKind)
        raise PydanticCustomError(
            "enum", "unknown interface kind(s): {bad}", {"bad": ", ".join(bad), "expected": accepted}
        )
    return value


# Interface kinds, one or several separated by commas; the pattern says which for the
# OpenAPI document, the validator names the accepted ones in the error.
KindList = Annotated[
    str,
    AfterValidator(_known_kinds),
    WithJsonSchema({"type": "string", "pattern": f"^{_KIND}(,{_KIND})*$"}),
]
Kinds = Annotated[
    list[KindList] | None,
    Query(description="interface kinds a chain may use; repeat or separate with commas (default: any)"),
]
StatedOnly = Annotated[
    bool, Query(description="only interfaces the sources state (basis=stated), for the interface and its chain")
]


# The dependencies of the answers are async although they do no I/O: FastAPI runs a plain
# function in its thread pool, a hop a warm answer (a dictionary lookup) should not wait for.
async def _page(
    limit: Annotated[int, Query(ge=1, le=10000, description="page size; total counts every item")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


Page = Annotated[PageRequest, Depends(_page)]


def _kinds(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(k for value in values for k in value.split(",")) if values else None


async def _return_kinds(return_kinds: Kinds = None) -> frozenset[str] | None:
    return _kinds(return_kinds)


ReturnKinds = Annotated[frozenset[str] | None, Depends(_return_kinds)]


def _day(value: str | None) -> str:
    if value is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise InvalidInput(f"not a real date: {value}", [Problem("query.today", "not a real date")]) from e


@router.get(
    "/analysis/interfaces",
    response_model=InterfacesPage,
    summary="Every interface with its feedback verdict: the network a map draws",
)
async def interfaces(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    page: Page,
    return_kinds: ReturnKinds,
    max_hops: MaxHops = 3,
    ll_body_only: Annotated[bool, Query(description="only interfaces between two LL bodies")] = False,
    kind: Annotated[InterfaceKind | None, Query(description="only interfaces of this kind")] = None,
    formalised: Annotated[bool | None, Query(description="only (un)formalised interfaces")] = None,
    stated_only: StatedOnly = False,
    include_planned: Annotated[
        bool, Query(description="also examine planned interfaces (they never serve in a return chain)")
    ] = False,
) -> Any:
    rules = ChainRules(kinds=return_kinds, stated_only=stated_only, include_planned=include_planned)
    query = FeedbackQuery(max_hops=max_hops, rules=rules, kind=kind, formalised=formalised, ll_body_only=ll_body_only)
    return await answers.respond(
        request, caller, InterfacesPage, lambda a: a.interfaces(query, page), reads=Reads.INTERFACES, answer="feedback"
    )


@router.get(
    "/analysis/interfaces-without-feedback",
    response_model=FeedbackPage,
    summary="Interfaces whose target has no chain of interfaces back to the source",
)
async def interfaces_without_feedback(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    page: Page,
    return_kinds: ReturnKinds,
    max_hops: MaxHops = 3,
    ll_body_only: Annotated[bool, Query(description="only interfaces between two LL bodies")] = False,
    kind: Annotated[InterfaceKind | None, Query(description="only interfaces of this kind")] = None,
    formalised: Annotated[bool | None, Query(description="only (un)formalised interfaces")] = None,
    stated_only: StatedOnly = False,
    include_planned: Annotated[
        bool, Query(description="also examine planned interfaces (they never serve in a return chain)")
    ] = False,
) -> Any:
    rules = ChainRules(kinds=return_kinds, stated_only=stated_only, include_planned=include_planned)
    query = FeedbackQuery(max_hops=max_hops, rules=rules, kind=kind, formalised=formalised, ll_body_only=ll_body_only)
    return await answers.respond(
        request,
        caller,
        FeedbackPage,
        lambda a: a.interfaces_without_feedback(query, page),
        reads=Reads.INTERFACES,
        answer="without_feedback",
    )


@router.get(
    "/analysis/interfaces/{interface_id}/feedback",
    response_model=FeedbackItem,
    summary="Whether one interface has a feedback loop, with the shortest return chain",
)
async def interface_feedback(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    interface_id: str,
    return_kinds: ReturnKinds,
    max_hops: MaxHops = 3,
    stated_only: StatedOnly = False,
) -> Any:
    rules = ChainRules(kinds=return_kinds, stated_only=stated_only)
    return await answers.respond(
        request,
        caller,
        FeedbackItem,
        lambda a: a.interface_feedback(interface_id, max_hops=max_hops, rules=rules),
        reads=Reads.INTERFACES,
        answer="verdicts",
        list_answer=False,
    )


@router.get(
    "/analysis/path",
    response_model=PathAnswer,
    summary="The shortest chain of interfaces from one organisation to another",
    responses={404: {"description": "an unknown id, or no chain within max_hops"}},
)
async def interface_path(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    from_: Annotated[str, Query(alias="from", description="organisation id")],
    to: Annotated[str, Query(description="organisation id")],
    max_hops: MaxHops = MAX_HOPS,
    kinds: Kinds = None,
    stated_only: StatedOnly = False,
) -> Any:
    rules = ChainRules(kinds=_kinds(kinds), stated_only=stated_only)
    return await answers.respond(
        request,
        caller,
        PathAnswer,
        lambda a: a.path(from_, to, max_hops=max_hops, rules=rules),
        reads=Reads.INTERFACES,
        answer="path",
        list_answer=False,
    )


@router.get("/analysis/ll-stages", response_model=StagePage, summary="Every recommendation's LL stage, and the funnel")
async def ll_stages(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    page: Page,
    evaluation: Annotated[str | None, Query(description="evaluation id")] = None,
    mission: Annotated[str | None, Query(description="mission id (via the evaluations of it)")] = None,
    addressee: Annotated[str | None, Query(description="organisation id it is addressed to")] = None,
    theme: Annotated[str | None, Query(description="theme id")] = None,
) -> Any:
    filters = StageFilters(evaluation=evaluation, mission=mission, addressee=addressee, theme=theme)
    return await answers.respond(
        request,
        caller,
        StagePage,
        lambda a: a.ll_stages(filters, page),
        reads=Reads.STAGES | Reads.LINKS,
        answer="stages",
    )


@router.get(
    "/analysis/recommendations-without-follow-up",
    response_model=FollowUpPage,
    summary="Endorsed or partially endorsed recommendations with no non-cancelled action",
)
async def recommendations_without_follow_up(
    request: Request, answers: AnswersDep, caller: CallerDep, page: Page
) -> Any:
    return await answers.respond(
        request,
        caller,
        FollowUpPage,
        lambda a: a.without_follow_up(page),
        reads=Reads.STAGES,
        answer="without_follow_up",
    )


@router.get(
    "/analysis/recurring-lessons",
    response_model=RecurringPage,
    summary="Lessons drawn again across missions: shared themes and SIMILAR_TO links",
)
async def recurring_lessons(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    page: Page,
    members: Annotated[
        int,
        Query(ge=1, le=10000, description="missions and recommendations listed per group; the counts are complete"),
    ] = 20,
) -> Any:
    return await answers.respond(
        request,
        caller,
        RecurringPage,
        lambda a: a.recurring_lessons(page, members=members),
        reads=Reads.STAGES | Reads.LINKS,
        answer="recurring",
    )


@router.get("/analysis/overdue-actions", response_model=OverduePage, summary="Planned or in-progress actions past due")
async def overdue_actions(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    page: Page,
    today: Annotated[
        str | None,
        Query(pattern=DAY_PATTERN, description="YYYY-MM-DD; default: the server's date"),
    ] = None,
) -> Any:
    day = _day(today)
    return await answers.respond(
        request,
        caller,
        OverduePage,
        lambda a: a.overdue_actions(day, page),
        reads=Reads.ACTIONS,
        answer="overdue",
        day=None if today else day,
    )


@router.get(
    "/organisations/{organisation_id}/responsibilities",
    response_model=ResponsibilityPage,
    summary="Actions owned and recommendations addressed, directly or through predecessors; open first",
)
async def responsibilities(request: Request, answers: AnswersDep, caller: CallerDep, organisation_id: str) -> Any:
    return await answers.respond(
        request,
        caller,
        ResponsibilityPage,
        lambda a: a.responsibilities(organisation_id),
        reads=Reads.RESPONSIBILITIES,
        answer="responsibilities",
    )


@router.get(
    "/missions/{mission_id}/lineage",
    response_model=LineageAnswer | dict[str, Any],
    summary="Evaluations -> recommendations -> responses -> actions -> owners (format=graph: interchange)",
)
async def mission_lineage(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    mission_id: str,
    format: Annotated[Literal["nested", "graph"], Query()] = "nested",
) -> Any:
    # The graph format is an interchange document, passed on as the graph holds it.
    model = LineageAnswer if format == "nested" else None
    return await answers.respond(
        request,
        caller,
        model,
        lambda a: a.lineage(mission_id, format=format),
        reads=Reads.LINEAGE,
        answer="lineage",
        list_answer=False,
    )


@router.get("/analysis/network", response_model=NetworkAnswer, summary="The LL bodies' interface network (networkx)")
async def network_analysis(request: Request, answers: AnswersDep, caller: CallerDep) -> Any:
    return await answers.respond(
        request,
        caller,
        NetworkAnswer,
        lambda a: a.network(),
        reads=Reads.INTERFACES,
        answer="network",
        list_answer=False,
    )


@router.get("/stats", response_model=StatsAnswer, summary="Counts for dashboards")
async def stats(
    request: Request,
    answers: AnswersDep,
    caller: CallerDep,
    max_hops: MaxHops = 3,
    owners: Annotated[
        int, Query(ge=1, le=10000, description="owners listed in actions_by_owner (most actions first)")
    ] = 25,
) -> Any:
    return await answers.respond(
        request,
        caller,
        StatsAnswer,
        lambda a: a.stats(max_hops=max_hops, owners=owners),
        reads=Reads.STATS,
        answer="stats",
        list_answer=False,
    )
