"""The vocabulary of ``DOMAIN.md`` as data: labels, enumerations, relationship patterns.

This is the allowlist. A label or relationship type reaches Cypher only after it has been
looked up here, never straight from request text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "LABELS",
    "PATTERNS",
    "RELATIONSHIP_PROPERTIES",
    "SINGLE_TARGET",
    "UNREADABLE_RANK",
    "ActionStatus",
    "Classification",
    "DocumentKind",
    "EvaluationKind",
    "InterfaceBasis",
    "InterfaceKind",
    "LabelSpec",
    "LedBy",
    "OrganisationKind",
    "RecommendationKind",
    "Stance",
    "allowed_patterns",
    "classification_rank",
    "pattern_allowed",
]


class Classification(StrEnum):
    """In rising order: a caller cleared for one level sees it and every level below."""

    ONGERUBRICEERD = "ONGERUBRICEERD"
    DEPARTEMENTAAL_VERTROUWELIJK = "DEPARTEMENTAAL_VERTROUWELIJK"
    STG_CONFIDENTIEEL = "STG_CONFIDENTIEEL"
    STG_GEHEIM = "STG_GEHEIM"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def visible(self) -> tuple[str, ...]:
        """The classifications a caller with this clearance sees, for Cypher's ``IN $visible``."""
        return tuple(level.value for level in Classification if level.rank <= self.rank)


_RANK = {level: i for i, level in enumerate(Classification)}
_RANK_OF_TEXT: dict[object, int] = {level.value: i for level, i in _RANK.items()}
# A node without a readable classification is seen by nobody (fail closed).
UNREADABLE_RANK = len(_RANK)


def classification_rank(value: object) -> int:
    """The rank of a stored classification; above every clearance when it is missing or
    unknown. (A dict lookup: the analysis reads call it for every node.)"""
    try:
        return _RANK_OF_TEXT.get(value, UNREADABLE_RANK)
    except TypeError:  # an unhashable value is no classification either
        return UNREADABLE_RANK


class OrganisationKind(StrEnum):
    command = "command"
    staff = "staff"
    unit = "unit"
    inspectorate = "inspectorate"
    evaluation_service = "evaluation_service"
    working_group = "working_group"
    ministry = "ministry"
    parliament = "parliament"
    international_organisation = "international_organisation"
    research_institute = "research_institute"
    centre = "centre"
    government = "government"


class LedBy(StrEnum):
    NATO = "NATO"
    UN = "UN"
    EU = "EU"
    coalition = "coalition"
    national = "national"


class EvaluationKind(StrEnum):
    final_evaluation = "final_evaluation"
    inspection = "inspection"
    post_mission_assessment = "post_mission_assessment"
    lessons_learned_exercise = "lessons_learned_exercise"
    historical_study = "historical_study"
    periodic_review = "periodic_review"


class RecommendationKind(StrEnum):
    lesson = "lesson"
    recommendation = "recommendation"
    motion = "motion"
    commitment = "commitment"


class Stance(StrEnum):
    endorsed = "endorsed"
    partially_endorsed = "partially_endorsed"
    not_endorsed = "not_endorsed"
    noted = "noted"


class ActionStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    implemented = "implemented"
    validated = "validated"
    cancelled = "cancelled"


class InterfaceKind(StrEnum):
    lessons = "lessons"
    information = "information"
    tasking = "tasking"
    reporting = "reporting"
    feedback = "feedback"
    coordination = "coordination"


class InterfaceBasis(StrEnum):
    """What the sources say about an interface (DOMAIN.md): a gap answer is traced to evidence."""

    stated = "stated"
    inferred = "inferred"
    planned = "planned"


class DocumentKind(StrEnum):
    kamerbrief = "kamerbrief"
    nota = "nota"
    rapport = "rapport"
    motie = "motie"
    toezegging = "toezegging"
    other = "other"


@dataclass(frozen=True)
class LabelSpec:
    label: str
    collection: str


LABELS: dict[str, LabelSpec] = {
    spec.label: spec
    for spec in (
        LabelSpec("Organisation", "organisations"),
        LabelSpec("Mission", "missions"),
        LabelSpec("Evaluation", "evaluations"),
        LabelSpec("Finding", "findings"),
        LabelSpec("Recommendation", "recommendations"),
        LabelSpec("Response", "responses"),
        LabelSpec("Action", "actions"),
        LabelSpec("Interface", "interfaces"),
        LabelSpec("Document", "documents"),
        LabelSpec("Theme", "themes"),
    )
}

_ANY = frozenset(LABELS)
_SUBJECTS = frozenset({"Mission", "Organisation", "Interface"})

# type -> allowed (from labels, to labels), exactly as DOMAIN.md's relationship table.
PATTERNS: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]] = {
    "PART_OF": ((frozenset({"Organisation"}), frozenset({"Organisation"})),),
    "SUCCEEDED_BY": ((frozenset({"Organisation"}), frozenset({"Organisation"})),),
    "PRECEDED_BY": ((frozenset({"Mission"}), frozenset({"Mission"})),),
    "CONTRIBUTED_TO": ((frozenset({"Organisation"}), frozenset({"Mission"})),),
    "EVALUATES": ((frozenset({"Evaluation"}), _SUBJECTS),),
    "CONDUCTED_BY": ((frozenset({"Evaluation"}), frozenset({"Organisation"})),),
    "RECORDS": ((frozenset({"Evaluation"}), frozenset({"Finding"})),),
    "RECOMMENDS": ((frozenset({"Evaluation", "Document"}), frozenset({"Recommendation"})),),
    "BASED_ON": ((frozenset({"Recommendation"}), frozenset({"Finding"})),),
    "ADDRESSED_TO": ((frozenset({"Recommendation"}), frozenset({"Organisation"})),),
    "CONCERNS": ((frozenset({"Recommendation"}), _SUBJECTS),),
    "TAGGED": ((frozenset({"Recommendation"}), frozenset({"Theme"})),),
    "SIMILAR_TO": ((frozenset({"Recommendation"}), frozenset({"Recommendation"})),),
    "RESPONDS_TO": ((frozenset({"Response"}), frozenset({"Recommendation"})),),
    "GIVEN_BY": ((frozenset({"Response"}), frozenset({"Organisation"})),),
    "ADDRESSES": ((frozenset({"Action"}), frozenset({"Recommendation"})),),
    "OWNED_BY": ((frozenset({"Action"}), frozenset({"Organisation"})),),
    "INVOLVES": ((frozenset({"Action"}), frozenset({"Organisation"})),),
    "APPLIED_IN": ((frozenset({"Action"}), frozenset({"Mission"})),),
    "VALIDATED_BY": ((frozenset({"Action"}), frozenset({"Evaluation"})),),
    "FROM": ((frozenset({"Interface"}), frozenset({"Organisation"})),),
    "TO": ((frozenset({"Interface"}), frozenset({"Organisation"})),),
    "SOURCED_FROM": ((_ANY, frozenset({"Document"})),),
}

# (from label, type) pairs whose source node may have only one such relationship.
SINGLE_TARGET: frozenset[tuple[str, str]] = frozenset(
    {("Action", "OWNED_BY"), ("Interface", "FROM"), ("Interface", "TO")}
)

# Properties a relationship may carry. Every relationship may cite its provenance
# (``source``: a Document id, ``quote``: the passage); SOURCED_FROM carries the quote itself.
RELATIONSHIP_PROPERTIES: dict[str, frozenset[str]] = {
    rel_type: frozenset({"source", "quote", "note"} | ({"date"} if rel_type == "SUCCEEDED_BY" else set()))
    for rel_type in PATTERNS
}


# Every allowed (from label, type, to label), for a set lookup per record of an import.
_TRIPLES: frozenset[tuple[str, str, str]] = frozenset(
    (source, rel_type, target)
    for rel_type, pairs in PATTERNS.items()
    for sources, targets in pairs
    for source in sources
    for target in targets
)


def pattern_allowed(from_label: str, rel_type: str, to_label: str) -> bool:
    return (from_label, rel_type, to_label) in _TRIPLES


def allowed_patterns(rel_type: str | None = None) -> list[str]:
    """Human-readable patterns, for error messages: ``(Action)-[:OWNED_BY]->(Organisation)``."""
    out = []
    for name, pairs in PATTERNS.items():
        if rel_type is not None and name != rel_type:
            continue
        for sources, targets in pairs:
            left = "any" if sources == _ANY else "|".join(sorted(sources))
            out.append(f"({left})-[:{name}]->({'|'.join(sorted(targets))})")
    return out
