"""The analysis endpoints: the gap queries of DOMAIN.md, network analytics and stats."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from app.deps import Answers, GraphDb, Nodes
from app.models.analysis import (
    FeedbackItem,
    FeedbackPage,
    FollowUpPage,
    LineageAnswer,
    NetworkAnswer,
    OverduePage,
    PathAnswer,
    RecurringPage,
    ResponsibilityPage,
    StagePage,
    StatsAnswer,
)
from graph.analysis import feedback, lineage, network, recurring, stages, succession
from graph.analysis import stats as stats_module
from graph.domain import InterfaceKind
from graph.errors import InvalidInput, Problem
from graph.relationships import NodeRef

router = APIRouter(prefix="/api/v1", tags=["analysis"])

MaxHops = Annotated[
    int, Query(ge=1, le=feedback.MAX_HOPS, description="longest chain of interfaces considered (1 to 6)")
]
Limit = Annotated[int, Query(ge=1, le=10000, description="page size; total counts every item")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
ReturnKinds = Annotated[
    list[str] | None,
    Query(description="interface kinds the return chain may use; repeat or separate with commas (default: any)"),
]


def _page(items: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"items": items[offset : offset + limit], "total": len(items), "limit": limit, "offset": offset, **extra}


def _loops(
    db: GraphDb,
    answers: Answers,
    *,
    max_hops: int,
    return_kinds: list[str] | None = None,
    kind: str | None = None,
    formalised: bool | None = None,
    ll_body_only: bool = False,
) -> list[dict[str, Any]]:
    """Every matching interface with its feedback verdict, shared by the views on it."""
    return answers.get(
        db,
        ("feedback_loops", max_hops, tuple(return_kinds or ()), kind, formalised, ll_body_only),
        lambda: feedback.feedback_loops(
            db,
            max_hops=max_hops,
            return_kinds=return_kinds,
            kind=kind,
            formalised=formalised,
            ll_body_only=ll_body_only,
        ),
    )


def _stages(
    db: GraphDb,
    answers: Answers,
    evaluation: str | None = None,
    mission: str | None = None,
    addressee: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    """Every (matching) recommendation with its stage, shared by the views on it."""
    return answers.get(
        db,
        ("ll_stages", evaluation, mission, addressee, theme),
        lambda: stages.ll_stages(db, evaluation=evaluation, mission=mission, addressee=addressee, theme=theme),
    )


def _kinds(values: list[str] | None, location: str) -> list[str] | None:
    if not values:
        return None
    kinds = [k.strip() for value in values for k in value.split(",") if k.strip()]
    accepted = [k.value for k in InterfaceKind]
    bad = [k for k in kinds if k not in accepted]
    if bad:
        raise InvalidInput(
            f"unknown interface kind(s): {', '.join(bad)}",
            [Problem(location, f"unknown kind {k!r}", accepted) for k in bad],
        )
    return sorted(set(kinds)) or None


@router.get(
    "/analysis/interfaces-without-feedback",
    response_model=FeedbackPage,
    summary="Interfaces whose target has no chain of interfaces back to the source",
)
def interfaces_without_feedback(
    db: GraphDb,
    answers: Answers,
    max_hops: MaxHops = 3,
    return_kinds: ReturnKinds = None,
    ll_body_only: Annotated[bool, Query(description="only interfaces between two LL bodies")] = False,
    kind: Annotated[InterfaceKind | None, Query(description="only interfaces of this kind")] = None,
    formalised: Annotated[bool | None, Query(description="only (un)formalised interfaces")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    kinds = _kinds(return_kinds, "query.return_kinds")
    key = ("without_feedback", max_hops, tuple(kinds or ()), kind, formalised, ll_body_only)
    items = answers.get(
        db,
        key,
        lambda: [
            item
            for item in _loops(
                db,
                answers,
                max_hops=max_hops,
                return_kinds=kinds,
                kind=kind,
                formalised=formalised,
                ll_body_only=ll_body_only,
            )
            if not item["has_feedback"]
        ],
    )
    return _page(items, limit, offset, max_hops=max_hops, return_kinds=kinds)


@router.get(
    "/analysis/interfaces/{interface_id}/feedback",
    response_model=FeedbackItem,
    summary="Whether one interface has a feedback loop, with the shortest return chain",
)
def interface_feedback(db: GraphDb, interface_id: str, max_hops: MaxHops = 3, return_kinds: ReturnKinds = None) -> Any:
    return feedback.interface_feedback(
        db, interface_id, max_hops=max_hops, return_kinds=_kinds(return_kinds, "query.return_kinds")
    )


@router.get(
    "/analysis/path",
    response_model=PathAnswer,
    summary="The shortest chain of interfaces from one organisation to another",
    responses={404: {"description": "an unknown id, or no chain within max_hops"}},
)
def interface_path(
    db: GraphDb,
    from_: Annotated[str, Query(alias="from", description="organisation id")],
    to: Annotated[str, Query(description="organisation id")],
    max_hops: MaxHops = 6,
    kinds: ReturnKinds = None,
) -> Any:
    chain = feedback.interface_path(db, from_, to, max_hops=max_hops, kinds=_kinds(kinds, "query.kinds"))
    return {"from": from_, "to": to, "hops": len(chain), "chain": chain}


@router.get("/analysis/ll-stages", response_model=StagePage, summary="Every recommendation's LL stage, and the funnel")
def ll_stages(
    db: GraphDb,
    answers: Answers,
    nodes: Nodes,
    evaluation: Annotated[str | None, Query(description="evaluation id")] = None,
    mission: Annotated[str | None, Query(description="mission id (via the evaluations of it)")] = None,
    addressee: Annotated[str | None, Query(description="organisation id it is addressed to")] = None,
    theme: Annotated[str | None, Query(description="theme id")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    filters = (("Evaluation", evaluation), ("Mission", mission), ("Organisation", addressee), ("Theme", theme))
    nodes.require([NodeRef(label, node_id) for label, node_id in filters if node_id is not None])
    items = _stages(db, answers, evaluation, mission, addressee, theme)
    funnel = answers.get(db, ("funnel", evaluation, mission, addressee, theme), lambda: stages.funnel(items))
    return _page(items, limit, offset, funnel=funnel)


@router.get(
    "/analysis/recommendations-without-follow-up",
    response_model=FollowUpPage,
    summary="Endorsed or partially endorsed recommendations with no non-cancelled action",
)
def recommendations_without_follow_up(db: GraphDb, answers: Answers, limit: Limit = 100, offset: Offset = 0) -> Any:
    items = answers.get(db, "without_follow_up", lambda: stages.without_follow_up(_stages(db, answers)))
    return _page(items, limit, offset)


@router.get(
    "/analysis/recurring-lessons",
    response_model=RecurringPage,
    summary="Lessons drawn again across missions: shared themes and SIMILAR_TO links",
)
def recurring_lessons(
    db: GraphDb,
    answers: Answers,
    limit: Limit = 100,
    offset: Offset = 0,
    members: Annotated[
        int, Query(ge=1, le=10000, description="missions and recommendations listed per group; the counts are complete")
    ] = 20,
) -> Any:
    page = _page(answers.get(db, "recurring", lambda: recurring.recurring_lessons(db)), limit, offset)
    # A theme shared across decades of missions holds thousands of recommendations: list
    # the first few of each group, count them all. The cached groups are not modified.
    page["items"] = [
        {
            **group,
            "missions": group["missions"][:members],
            "recommendations": group["recommendations"][:members],
            "mission_count": len(group["missions"]),
            "recommendation_count": len(group["recommendations"]),
        }
        for group in page["items"]
    ]
    return page


@router.get("/analysis/overdue-actions", response_model=OverduePage, summary="Planned or in-progress actions past due")
def overdue_actions(
    db: GraphDb,
    answers: Answers,
    today: Annotated[date | None, Query(description="YYYY-MM-DD; default: the server's date")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Any:
    day = (today or date.today()).isoformat()
    items = answers.get(db, ("overdue", day), lambda: stages.overdue_actions(db, day))
    return _page(items, limit, offset, today=day)


@router.get(
    "/organisations/{organisation_id}/responsibilities",
    response_model=ResponsibilityPage,
    summary="Actions owned and recommendations addressed, directly or through predecessors; open first",
)
def responsibilities(db: GraphDb, organisation_id: str) -> Any:
    items = succession.responsibilities(db, organisation_id)
    return {"items": items, "total": len(items), "organisation": organisation_id}


@router.get(
    "/missions/{mission_id}/lineage",
    response_model=LineageAnswer | dict[str, Any],
    summary="Evaluations -> recommendations -> responses -> actions -> owners (format=graph: interchange)",
)
def mission_lineage(
    db: GraphDb, mission_id: str, format: Annotated[Literal["nested", "graph"], Query()] = "nested"
) -> Any:
    answer = lineage.mission_lineage(db, mission_id)
    return lineage.lineage_as_graph(answer) if format == "graph" else answer


@router.get("/analysis/network", response_model=NetworkAnswer, summary="The LL bodies' interface network (networkx)")
def network_analysis(db: GraphDb, answers: Answers) -> Any:
    return answers.get(db, "network", lambda: network.network_analysis(db))


@router.get("/stats", response_model=StatsAnswer, summary="Counts for dashboards")
def stats(
    db: GraphDb,
    answers: Answers,
    max_hops: MaxHops = 3,
    owners: Annotated[
        int, Query(ge=1, le=10000, description="owners listed in actions_by_owner (most actions first)")
    ] = 25,
) -> Any:
    answer = answers.get(
        db,
        ("stats", max_hops),
        lambda: stats_module.stats(
            db, stages=_stages(db, answers), interfaces=_loops(db, answers, max_hops=max_hops), max_hops=max_hops
        ),
    )
    by_owner = answer["actions_by_owner"]
    others = sum(row["count"] for row in by_owner[owners:])
    return {**answer, "actions_by_owner": by_owner[:owners], "actions_by_other_owners": others}
