"""Deterministic synthetic lessons graphs, for load tests, benchmarks and demos.

``synthesize(scale, seed)`` returns an interchange document (``lessons-graph/1``) that
``app.interchange.parse_document`` accepts: about ``scale x 2,000`` nodes and five
relationships per node (scale 100: ~200k nodes, ~1M relationships, a few seconds). The
same ``(scale, seed)`` always gives the same document: the only source of chance is one
``random.Random(seed)``, and no clock is read. The graph is the state at the end of March
2026 (``AS_OF``): nothing is completed later, but due dates run on to 2029, so some open
actions are overdue and some are not. ``summarize`` counts what came out.

Distributions. Counts are per scale unit (multiplied by ``scale``; numbering runs over
the whole document and choices range over all of it, so units interlink). "a/b/c" with
"x/y/z%" means a with x%, b with y%, c with z%. Per unit, measured: ~180 organisations,
~225 interfaces, 31 missions, ~55 evaluations, ~300 findings, ~355 recommendations,
~370 responses, ~260 actions, ~230 documents; 20 themes in all.

Organisations. A government and a parliament (roots); 3 ministries PART_OF the
government; 5 commands PART_OF the defence ministry; 3 staffs per command; 6-10 units per
staff; an inspectorate and a working group under defence, an evaluation service under
foreign affairs, 2 centres under commands, a research institute and 2 international
organisations (roots). ``ll_body``: the inspectorate, evaluation service, working group,
centres, research institute and one international organisation; 40% of commands, 30% of
staffs, 8% of units (~18% overall). Reorganisation: 40% of commands, 20% of staffs, 10%
of units are SUCCEEDED_BY a chain of 1/2/3 new organisations (65/25/10%) in distinct years
1995-2025, with the same kind and parent; predecessors get ``active_until``, successors
``active_from``, the relationship ``date``. Work is given to the organisation active at
its date, so older work belongs to predecessors (~7% of actions). Organisations under a
command or ministry are SOURCED_FROM its TVB ``nota``.

Interfaces, between current organisations near each other (partner: parent 35%,
grandparent 15%, sibling 20%, an LL body 20%, anyone 10%). ``formalised`` 50%,
``frequency`` from a fixed list, 5% DEPARTEMENTAAL_VERTROUWELIJK, SOURCED_FROM the TVB
notas of both ends. Three kinds of flow:
- 45 loop motifs: A→B (lessons/reporting/information/tasking) and a return chain B→…→A
  of 1/2/3 hops (50/30/20%) whose closing hop is ``feedback`` 80%: all have a loop;
- one-way flows: 25% of units are "silent", sending 1/2/3 (50/30/20%) lessons/reporting/
  information interfaces and receiving none, so nothing can come back;
- 50 other flows of any kind between the rest, closing loops only by chance.
Measured: ~41% of interfaces have no return chain within 3 hops.

Missions (31). ``start`` uniform 1990-01..2025-06, duration triangular 6..144 months
(mode 24), ``end`` after ``start``; ``led_by`` NATO/UN/EU/coalition/national
35/25/20/10/10%; ``article100`` 75% (SOURCED_FROM the Article 100 letter); NATO/UN/EU
missions SOURCED_FROM the lead's mandate (kind ``other``) 30%. 30% are follow-ons:
PRECEDED_BY one of the previous 30 missions that has no follow-on yet, in its area,
whose end is cut to the follow-on's start, so chains form. CONTRIBUTED_TO by
10 + (duration in months) commands, staffs and units (as active at the start), plus an
international organisation 10%.

Evaluations, 1/2/3 per mission (45/35/20%). ``kind`` final_evaluation/
post_mission_assessment/inspection/periodic_review/lessons_learned_exercise/
historical_study 30/20/15/15/15/5%; the first two and the last are published after the
end (3-24, 2-12, 36-120 months), the others during the mission; none after 2025-09 (a
look-back kind that cannot be published by then is redrawn from the others).
CONDUCTED_BY an evaluator fitting the kind (evaluation service, inspectorate, command,
centre, international organisation or research institute), plus a second one 20%;
EVALUATES the mission, plus a contributor 30% and an interface 5%. Classified
DEPARTEMENTAAL_VERTROUWELIJK 10%, STG_CONFIDENTIEEL 3%, STG_GEHEIM 1%; its findings
inherit that. Documents: its report (``rapport``; ``other`` from an international
organisation), the government's ``kamerbrief`` 1-6 months later, a progress ``nota``
6-24 months after that (not after ``AS_OF``), and a ``motie``/``toezegging`` when a
motion/commitment needs one; the letter cites the report, the nota the letter.

Findings, 3-8 per evaluation: RECORDS; SOURCED_FROM the report, and the letter 30%.

Recommendations, 3-10 per evaluation. ``kind`` recommendation/lesson/motion/commitment
55/35/5/5%; motions and commitments are RECOMMENDS from the motie/toezegging, the rest
from the evaluation. BASED_ON 1/2/3 findings (50/35/15%); ADDRESSED_TO 1/2/3
organisations (35/40/25%; a contributor 60%, else a defence organisation); CONCERNS the
mission 80%, the first addressee 50%, an interface 20%; TAGGED 0/1/2 themes (20/50/30%),
Zipf-weighted (weight 1/rank^0.8) so some recur; SIMILAR_TO an earlier recommendation
of another mission on the same theme 10%. SOURCED_FROM the report (or the motie/
toezegging), and the letter 60%.

Responses, 0/1/2 per recommendation (15/65/20%). ``stance`` endorsed/partially_endorsed/
not_endorsed/noted 50/25/12/13%. The first has the letter's date, the second the nota's.
GIVEN_BY 1/2 (50/50%) of one cabinet's government and defence and foreign ministers;
SOURCED_FROM the letter or the nota.

Actions. By the latest stance, a recommendation gets actions with probability endorsed
85%, partially_endorsed 70%, no response 30%, noted 20%, not_endorsed 5%; 1/2 actions
(75/25%). ADDRESSES it, and another recommendation of the evaluation 30%; OWNED_BY its
first addressee 70% or another defence organisation, as active at the letter's date;
INVOLVES 0-4 others (10/25/35/20/10%). ``status``, for letters of the last 48 months /
older: planned 25/5, in_progress 40/15, implemented 20/45, validated 5/22, cancelled
10/13% (done becomes in_progress when the letter is under 2 months old). ``due`` 6-36
months after the letter (~70% of open actions are overdue); ``completed``, for implemented
and validated only, after the letter and by ``AS_OF``. Validated ones are VALIDATED_BY a
later evaluation 60% (of the same mission when there is one); done ones APPLIED_IN a
later mission 20%. SOURCED_FROM the letter, and the nota 70%.

Every SOURCED_FROM carries a synthetic ``quote``. Ids: ``org-00042``, ``if-001234``,
``m-0007``, ``e-0007-2``, ``f-0007-2-03``, ``r-0007-2-05``, ``s-0007-2-05-1`` (response),
``a-0007-2-05-1``, ``d-0007-2-rapport``, ``d-0007-art100``, ``d-tvb-org-00042``,
``t-logistics``.

The ``{"label", "id"}`` objects in relationships are shared by all relationships of a
node (a scale-100 document has a million of them): treat the document as read-only, or
copy it before changing a reference in place.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, NamedTuple

from graph.domain import LABELS, PATTERNS
from graph.transfer import FORMAT

__all__ = ["AS_OF", "THEMES", "summarize", "synthesize"]

Ref = dict[str, str]


def _month(year: int, month: int) -> int:
    """Dates are months counted from year 0, so they add and compare as integers."""
    return year * 12 + month - 1


def _ym(m: int) -> str:
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def _ymd(m: int, day: int) -> str:
    return f"{m // 12:04d}-{m % 12 + 1:02d}-{day:02d}"


AS_OF = "2026-03-31"  # the last day anything in the graph can be completed
_AS_OF = _month(2026, 3)
_LAST_PUBLISHED = _month(2025, 9)
_MISSION_FIRST, _MISSION_LAST = _month(1990, 1), _month(2025, 6)

# (id slug, name, scheme, recommendation text, finding text): {m} is the mission.
THEMES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "ambition-level",
        "Ambition level",
        "lessons",
        "Set goals for {m} that fit the means available",
        "Goals of {m} were over-ambitious",
    ),
    (
        "progress-reporting",
        "Progress reporting",
        "lessons",
        "Report progress of {m} against measurable indicators",
        "Progress in {m} was reported too positively",
    ),
    (
        "information-position",
        "Information position",
        "lessons",
        "Build an independent information position for {m}",
        "Monitoring in {m} relied on others",
    ),
    (
        "joint-evaluation",
        "Joint evaluation",
        "lessons",
        "Evaluate {m} jointly with all parties involved",
        "Each party evaluated {m} on its own",
    ),
    (
        "knowledge-retention",
        "Knowledge retention",
        "lessons",
        "Secure the knowledge gained in {m} beyond rotations",
        "Knowledge from {m} was lost at rotation",
    ),
    (
        "force-protection",
        "Force protection",
        "lessons",
        "Review force protection measures for {m}",
        "Force protection in {m} lagged the threat",
    ),
    (
        "medical-support",
        "Medical support",
        "lessons",
        "Guarantee medical support within the golden hour in {m}",
        "Medical evacuation in {m} was not assured",
    ),
    (
        "logistics",
        "Logistics",
        "lessons",
        "Plan the logistic chain of {m} before deployment",
        "Supplies for {m} arrived late",
    ),
    (
        "civil-military",
        "Civil-military cooperation",
        "lessons",
        "Coordinate with civil partners from the start of {m}",
        "Civil and military lines in {m} diverged",
    ),
    (
        "host-nation-capacity",
        "Host nation capacity",
        "lessons",
        "Align {m} with what the host nation can sustain",
        "Partners trained in {m} could not sustain results",
    ),
    (
        "personnel-rotation",
        "Personnel rotation",
        "lessons",
        "Lengthen key rotations in {m}",
        "Short rotations in {m} broke continuity",
    ),
    (
        "intelligence",
        "Intelligence",
        "lessons",
        "Share intelligence products of {m} with all contributors",
        "Intelligence in {m} stayed within units",
    ),
    (
        "cultural-awareness",
        "Cultural awareness",
        "lessons",
        "Train cultural awareness before {m}",
        "Personnel of {m} lacked cultural knowledge",
    ),
    (
        "exit-strategy",
        "Exit strategy",
        "lessons",
        "Define an exit strategy for {m} at the outset",
        "{m} had no exit strategy",
    ),
    (
        "interoperability",
        "Interoperability",
        "lessons",
        "Test interoperability with partners before {m}",
        "Systems in {m} did not connect with partners",
    ),
    (
        "pre-deployment-training",
        "Pre-deployment training",
        "lessons",
        "Adapt pre-deployment training to the conditions of {m}",
        "Training did not match conditions in {m}",
    ),
    (
        "mandate-clarity",
        "Mandate clarity",
        "lessons",
        "State the mandate of {m} in verifiable terms",
        "The mandate of {m} was open to interpretation",
    ),
    (
        "risk-management",
        "Risk management",
        "lessons",
        "Manage the risks of {m} across organisations",
        "Risks in {m} were managed per organisation only",
    ),
    (
        "ll-information-system",
        "LL information system",
        "tno-roadmap",
        "Record the lessons of {m} in the shared LL system",
        "Lessons of {m} were kept in separate systems",
    ),
    (
        "ll-network-governance",
        "LL network governance",
        "tno-roadmap",
        "Assign one owner to the follow-up of {m}",
        "No one owned the follow-up of {m}",
    ),
)
# Zipf-like weights: a few themes recur across many missions, as in the sources.
_THEME_CUM = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(THEMES))))

_FREQUENCIES = ("ad hoc", "weekly", "monthly", "quarterly", "yearly", "per rotation", "per mission")
_AREAS = (
    "Afghanistan",
    "Mali",
    "Iraq",
    "Bosnia and Herzegovina",
    "Kosovo",
    "Lebanon",
    "South Sudan",
    "Gulf of Aden",
    "Lithuania",
    "Eastern Mediterranean",
    "Somalia",
    "Chad",
    "Sinai",
    "Baltic Sea",
    "Red Sea",
    "Central African Republic",
    "Syria",
    "Cambodia",
    "Haiti",
    "Eritrea",
)
_WORDS = (
    "Amber",
    "Bastion",
    "Cedar",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbour",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lantern",
    "Meridian",
    "Northern",
    "Orion",
    "Pelican",
    "Quartz",
    "Rampart",
    "Sentinel",
    "Tidal",
    "Unity",
    "Vigilant",
    "Willow",
    "Zephyr",
)
_UNIT_TYPES = ("Battalion", "Squadron", "Company", "Wing", "Frigate", "Brigade", "Regiment", "Detachment")
_ACTION_VERBS = ("Revise", "Introduce", "Set up", "Update", "Train for", "Assign an owner to")
_SUMMARIES = {
    "endorsed": "The government endorses the recommendation and will follow it up.",
    "partially_endorsed": "The government endorses the recommendation in part.",
    "not_endorsed": "The government does not endorse the recommendation.",
    "noted": "The government takes note of the recommendation.",
}

_LED_BY = (("NATO", 35), ("UN", 25), ("EU", 20), ("coalition", 10), ("national", 10))
_EVAL_KINDS = (
    ("final_evaluation", 30),
    ("post_mission_assessment", 20),
    ("inspection", 15),
    ("periodic_review", 15),
    ("lessons_learned_exercise", 15),
    ("historical_study", 5),
)
_AFTER_END = {"final_evaluation": (3, 24), "post_mission_assessment": (2, 12), "historical_study": (36, 120)}
_REC_KINDS = (("recommendation", 55), ("lesson", 35), ("motion", 5), ("commitment", 5))
_STANCES = (("endorsed", 50), ("partially_endorsed", 25), ("not_endorsed", 12), ("noted", 13))
# Follow-up takes years: recent actions are mostly open, older ones mostly closed.
_RECENT_STATUSES = (("planned", 25), ("in_progress", 40), ("implemented", 20), ("validated", 5), ("cancelled", 10))
_OLDER_STATUSES = (("planned", 5), ("in_progress", 15), ("implemented", 45), ("validated", 22), ("cancelled", 13))
_RECENT = 48  # months before AS_OF
_ACTION_CHANCE = {"endorsed": 0.85, "partially_endorsed": 0.70, None: 0.30, "noted": 0.20, "not_endorsed": 0.05}
_EVAL_CLASSIFICATION = (
    ("ONGERUBRICEERD", 86),
    ("DEPARTEMENTAAL_VERTROUWELIJK", 10),
    ("STG_CONFIDENTIEEL", 3),
    ("STG_GEHEIM", 1),
)


def _cum(table: tuple[tuple[Any, int], ...]) -> tuple[tuple[Any, ...], list[int]]:
    values, cum, total = [], [], 0
    for value, weight in table:
        total += weight
        values.append(value)
        cum.append(total)
    return tuple(values), cum


# The tables above, cumulated for ``_Builder.pick``.
_LED_BY_CUM, _EVAL_KINDS_CUM, _REC_KINDS_CUM = _cum(_LED_BY), _cum(_EVAL_KINDS), _cum(_REC_KINDS)
_DURING_KINDS_CUM = _cum(tuple((k, w) for k, w in _EVAL_KINDS if k not in _AFTER_END))
_STANCES_CUM, _CLASSIFICATION_CUM = _cum(_STANCES), _cum(_EVAL_CLASSIFICATION)
_RECENT_STATUSES_CUM, _OLDER_STATUSES_CUM = _cum(_RECENT_STATUSES), _cum(_OLDER_STATUSES)
# Who conducts each kind of evaluation: pools of ``_evaluators``, weighted.
_EVALUATOR_FOR = {
    "final_evaluation": (("evaluation_service", 70), ("research_institute", 30)),
    "inspection": (("inspectorate", 100),),
    "post_mission_assessment": (("command", 80), ("centre", 20)),
    "lessons_learned_exercise": (("centre", 60), ("international_organisation", 40)),
    "historical_study": (("research_institute", 100),),
    "periodic_review": (("evaluation_service", 80), ("inspectorate", 20)),
}
_EVALUATOR_CUM = {kind: _cum(table) for kind, table in _EVALUATOR_FOR.items()}


class _Org:
    __slots__ = ("abbr", "anchor", "index", "kind", "name", "parent", "props", "ref", "since", "successor")

    def __init__(
        self, index: int, ref: Ref, kind: str, name: str, abbr: str, parent: _Org | None, props: dict[str, Any]
    ) -> None:
        self.index, self.ref, self.kind, self.name, self.abbr = index, ref, kind, name, abbr
        self.parent, self.props = parent, props
        self.successor: _Org | None = None
        self.since = 0  # month it became active; 0 = always
        self.anchor: Ref | None = None  # the TVB nota it is sourced from


class _Builder:
    def __init__(self, seed: int) -> None:
        # A deterministic generator for reproducible test data, not for anything secret.
        self.rnd = random.Random(seed)  # noqa: S311
        self.nodes: list[dict[str, Any]] = []
        self.rels: list[dict[str, Any]] = []

    def node(self, label: str, node_id: str, props: dict[str, Any]) -> Ref:
        ref = {"label": label, "id": node_id}
        self.nodes.append({"label": label, "id": node_id, "properties": props})
        return ref

    def rel(self, rel_type: str, start: Ref, end: Ref, props: dict[str, Any] | None = None) -> None:
        self.rels.append({"type": rel_type, "from": start, "to": end, "properties": props if props else {}})

    def pick(self, table: tuple[tuple[Any, ...], list[int]]) -> Any:
        values, cum = table
        return values[bisect_right(cum, self.rnd.random() * cum[-1])]

    def count(self, *weights: int) -> int:
        """0, 1, 2, ... with the given weights (per cent)."""
        x, total = self.rnd.random() * 100, 0
        for n, weight in enumerate(weights):
            total += weight
            if x < total:
                return n
        return len(weights) - 1

    def quote(self, start: Ref, doc: Ref, text: str) -> None:
        self.rel("SOURCED_FROM", start, doc, {"quote": f"p. {self.rnd.randint(1, 180)}: {text}."})

    def theme(self) -> int:
        """The index of a theme in ``THEMES``, Zipf-weighted."""
        return bisect_right(_THEME_CUM, self.rnd.random() * _THEME_CUM[-1])

    def document(self, node_id: str, title: str, kind: str, reference: str, date: str) -> Ref:
        """A Document node with a reference (every one but the TVB notas)."""
        return self.node("Document", node_id, {"title": title, "kind": kind, "reference": reference, "date": date})


def _active(org: _Org, m: int) -> _Org:
    """The member of ``org``'s lineage that was active in month ``m`` (org is its first member)."""
    while org.successor is not None and org.successor.since <= m:
        org = org.successor
    return org


def _current(org: _Org) -> _Org:
    while org.successor is not None:
        org = org.successor
    return org


class _World:
    """The organisations, indexed the ways the rest of the generator chooses them."""

    def __init__(self) -> None:
        self.all: list[_Org] = []
        self.by_kind: dict[str, list[_Org]] = {}
        self.children: dict[int, list[_Org]] = {}
        self.ll_bodies: list[_Org] = []
        self.governments: list[_Org] = []  # governments and the defence and foreign ministries
        self.defence: list[_Org] = []  # commands, staffs, units, working groups, ministries: owners
        self.contributors: list[_Org] = []  # commands, staffs, units


def _organisations(b: _Builder, scale: int) -> _World:
    rnd, w = b.rnd, _World()
    per_kind: Counter[str] = Counter()

    def org(
        kind: str, name: str, abbr: str, parent: _Org | None, ll: bool, anchor: bool = False, pooled: bool = True
    ) -> _Org:
        per_kind[kind] += 1
        n = per_kind[kind]
        name, abbr = f"{name} {n}", f"{abbr}-{n}"
        props: dict[str, Any] = {"name": name, "abbreviation": abbr, "kind": kind, "ll_body": ll}
        ref = b.node("Organisation", f"org-{len(w.all) + 1:05d}", props)
        o = _Org(len(w.all), ref, kind, name, abbr, parent, props)
        w.all.append(o)
        w.by_kind.setdefault(kind, []).append(o)
        if parent is not None:
            b.rel("PART_OF", ref, parent.ref)
            w.children.setdefault(parent.index, []).append(o)
            o.anchor = parent.anchor
        if anchor:  # commands and ministries describe their TVB in a nota
            o.anchor = b.node(
                "Document",
                f"d-tvb-{ref['id']}",
                {
                    "title": f"Tasks, responsibilities and authorities of {abbr}",
                    "kind": "nota",
                    "date": _ymd(rnd.randint(_month(2000, 1), _month(2025, 12)), rnd.randint(1, 28)),
                },
            )
        if o.anchor is not None:
            b.quote(ref, o.anchor, f"{abbr} is part of {parent.abbr}" if parent else f"{abbr} is established")
        if ll and pooled:
            w.ll_bodies.append(o)
        return o

    for _ in range(scale):
        gov = org("government", "Government", "GOV", None, False)
        org("parliament", "Parliament", "PARL", None, False)
        mod = org("ministry", "Ministry of Defence", "MOD", gov, False, anchor=True)
        mfa = org("ministry", "Ministry of Foreign Affairs", "MFA", gov, False, anchor=True)
        org("ministry", "Ministry of Justice", "MJ", gov, False, anchor=True)
        w.governments += [gov, mod, mfa]
        org("inspectorate", "Defence Safety Inspectorate", "IVD", mod, True)
        org("evaluation_service", "Evaluation Service", "IOB", mfa, True)
        wg = org("working_group", "Lessons Working Group", "WG-LL", mod, True)
        org("research_institute", "Research Institute", "RI", None, True)
        org("international_organisation", "Joint Analysis Centre", "JALC", None, True)
        org("international_organisation", "International Organisation", "IO", None, False)
        commands = [org("command", "Command", "CMD", mod, rnd.random() < 0.4, anchor=True) for _ in range(5)]
        for _ in range(2):
            org("centre", "Warfare Centre", "WFC", rnd.choice(commands), True)
        w.defence += [mod, wg, *commands]
        w.contributors += commands
        for command in commands:
            for _ in range(3):
                staff = org("staff", "Staff", "STF", command, rnd.random() < 0.3)
                w.defence.append(staff)
                w.contributors.append(staff)
                for _ in range(rnd.randint(6, 10)):
                    unit = org("unit", rnd.choice(_UNIT_TYPES), "U", staff, rnd.random() < 0.08)
                    w.defence.append(unit)
                    w.contributors.append(unit)

    # Reorganisations: successors are added after the whole structure, so ids stay grouped.
    # Choosing always starts from a lineage's first member (then ``_active``), so the pools
    # hold only the organisations that exist before any reorganisation.
    for o in list(w.all):
        chance = {"command": 0.40, "staff": 0.20, "unit": 0.10}.get(o.kind, 0.0)
        if rnd.random() >= chance:
            continue
        steps = 1 + b.count(65, 25, 10)
        prev = o
        for year in sorted(rnd.sample(range(1995, 2026), steps)):
            m = _month(year, rnd.randint(1, 12))
            nxt = org(
                o.kind,
                o.name.rsplit(" ", 1)[0],
                o.abbr.rsplit("-", 1)[0],
                o.parent,
                o.props["ll_body"] or rnd.random() < 0.2,
                pooled=False,
            )
            nxt.since = m
            nxt.props["active_from"] = prev.props["active_until"] = _ym(m)
            b.rel("SUCCEEDED_BY", prev.ref, nxt.ref, {"date": _ym(m)})
            prev.successor = nxt
            prev = nxt
    return w


def _interfaces(b: _Builder, w: _World, scale: int) -> list[Ref]:
    rnd = b.rnd
    # Interfaces connect current organisations: one per lineage.
    current = [o for o in w.all if o.successor is None]
    units = [o for o in current if o.kind == "unit"]
    silent = {o.index for o in rnd.sample(units, round(len(units) * 0.25))}
    talking = [o for o in current if o.index not in silent]
    ll_bodies = [_current(o) for o in w.ll_bodies if _current(o).index not in silent]
    refs: list[Ref] = []

    def partner(a: _Org) -> _Org:
        for _ in range(6):
            x = rnd.random()
            if x < 0.35 and a.parent is not None:
                c = _current(a.parent)
            elif x < 0.50 and a.parent is not None and a.parent.parent is not None:
                c = _current(a.parent.parent)
            elif x < 0.70 and a.parent is not None:
                c = _current(rnd.choice(w.children[a.parent.index]))
            elif x < 0.90:
                c = rnd.choice(ll_bodies)
            else:
                c = rnd.choice(talking)
            if c is not a and c.index not in silent:
                return c
        while True:  # a far-away partner, when the neighbourhood is all silent
            c = rnd.choice(talking)
            if c is not a:
                return c

    def interface(a: _Org, z: _Org, kind: str) -> None:
        props: dict[str, Any] = {
            "name": f"{a.abbr} to {z.abbr} ({kind})",
            "kind": kind,
            "formalised": rnd.random() < 0.5,
            "frequency": rnd.choice(_FREQUENCIES),
        }
        if rnd.random() < 0.05:
            props["classification"] = "DEPARTEMENTAAL_VERTROUWELIJK"
        ref = b.node("Interface", f"if-{len(refs) + 1:06d}", props)
        refs.append(ref)
        b.rel("FROM", ref, a.ref)
        b.rel("TO", ref, z.ref)
        # Both parties describe the interface in their own TVB nota, when they have one.
        for side in {id(a.anchor): a.anchor, id(z.anchor): z.anchor}.values():
            if side is not None:
                b.quote(ref, side, f"{a.abbr} provides {kind} to {z.abbr}")

    for _ in range(45 * scale):  # loop motifs
        a = rnd.choice(talking)
        z = partner(a)
        interface(a, z, rnd.choice(("lessons", "reporting", "information", "tasking")))
        chain, here = [z], z
        for _ in range(b.count(50, 30, 20)):  # intermediate stops of the return chain
            nxt = partner(here)
            if nxt is a or nxt in chain:
                break
            chain.append(nxt)
            interface(here, nxt, rnd.choice(("coordination", "information", "reporting")))
            here = nxt
        interface(here, a, "feedback" if rnd.random() < 0.8 else rnd.choice(("lessons", "information")))
    for index in sorted(silent):  # one-way flows from units that never hear back
        a = w.all[index]
        for _ in range(1 + b.count(50, 30, 20)):
            interface(a, partner(a), rnd.choice(("lessons", "lessons", "reporting", "reporting", "information")))
    for _ in range(50 * scale):  # other flows
        a = rnd.choice(talking)
        interface(
            a, partner(a), rnd.choice(("lessons", "information", "tasking", "reporting", "feedback", "coordination"))
        )
    return refs


@dataclass(slots=True)
class _Mission:
    """A mission and what later stages need of it."""

    index: int
    ref: Ref
    acronym: str
    start: int
    end: int
    contributors: list[_Org] = field(default_factory=list)  # as active at the start
    evaluations: list[tuple[int, Ref]] = field(default_factory=list)  # its own: (published month, ref)

    @property
    def number(self) -> str:
        """The mission's part of ids: ``0007``."""
        return f"{self.index + 1:04d}"


class _Done(NamedTuple):
    """A completed action, waiting for the evaluations and missions after it."""

    action: Ref
    mission: _Mission
    completed: int
    validated: bool


@dataclass(slots=True)
class _Context:
    """What the stages from evaluations on choose from, and what they add for later ones to look back at."""

    b: _Builder
    w: _World
    scale: int
    themes: list[Ref]
    interfaces: list[Ref]
    evaluators: dict[str, list[_Org]]  # by the pools ``_EVALUATOR_FOR`` names
    missions: list[_Mission]
    all_evaluators: list[_Org] = field(init=False)
    evaluations: list[tuple[int, Ref]] = field(default_factory=list)  # (published month, ref), all missions
    by_theme: list[list[tuple[int, Ref]]] = field(init=False)  # per theme: (mission index, recommendation)
    pending: list[_Done] = field(default_factory=list)  # completed actions, for validations and applications

    def __post_init__(self) -> None:
        """The evaluators in one list, and an empty index per theme."""
        self.all_evaluators = [o for pool in self.evaluators.values() for o in pool]
        self.by_theme = [[] for _ in self.themes]


def _evaluators(w: _World, scale: int) -> dict[str, list[_Org]]:
    """The organisations that conduct evaluations, in the pools ``_EVALUATOR_FOR`` names."""
    return {
        "evaluation_service": w.by_kind["evaluation_service"],
        "inspectorate": w.by_kind["inspectorate"],
        "command": w.by_kind["command"][: 5 * scale],
        "centre": w.by_kind["centre"],
        "research_institute": w.by_kind["research_institute"],
        "international_organisation": w.by_kind["international_organisation"],
    }


def _schedule(rnd: random.Random, n: int) -> tuple[list[int], list[int], list[str], list[int | None]]:
    """Starts (sorted), ends, areas and predecessors of n missions; a follow-on cuts its predecessor's end."""
    starts = sorted(rnd.randint(_MISSION_FIRST, _MISSION_LAST) for _ in range(n))
    ends = [s + int(rnd.triangular(6, 144, 24)) for s in starts]
    areas = [rnd.choice(_AREAS) for _ in starts]
    preceded: list[int | None] = [None] * n
    has_follow_on = [False] * n
    for i in range(1, n):
        if rnd.random() >= 0.30:
            continue
        for _ in range(3):
            j = rnd.randrange(max(0, i - 30), i)
            if not has_follow_on[j] and starts[j] < starts[i]:
                preceded[i], has_follow_on[j], areas[i] = j, True, areas[j]
                ends[j] = min(ends[j], starts[i])
                break
    return starts, ends, areas, preceded


def _mission(b: _Builder, i: int, start: int, end: int, area: str) -> _Mission:
    """Mission i with its lead and, when it has them, its Article 100 letter and the lead's mandate."""
    rnd = b.rnd
    word1, word2 = rnd.choice(_WORDS), rnd.choice(_WORDS)
    acronym = f"{word1[0]}{word2[0]}{area[0]}-{i + 1}"
    props: dict[str, Any] = {
        "name": f"Operation {word1} {word2}",
        "acronym": acronym,
        "led_by": b.pick(_LED_BY_CUM),
        "area": area,
        "start": _ym(start),
        "end": _ym(end),
        "article100": rnd.random() < 0.75,
    }
    ref = b.node("Mission", f"m-{i + 1:04d}", props)
    if props["article100"]:
        date = _ymd(start - rnd.randint(1, 4), rnd.randint(1, 28))
        title, reference = f"Article 100 letter on {acronym}", f"Kamerstuk {29000 + i}, nr. 1"
        letter = b.document(f"d-{i + 1:04d}-art100", title, "kamerbrief", reference, date)
        b.quote(ref, letter, f"The government intends to contribute to {acronym} in {area}")
    lead = props["led_by"]
    if lead in ("NATO", "UN", "EU") and rnd.random() < 0.3:
        # The lead organisation's own mandate: not a Dutch document kind, so ``other``.
        title, reference = f"{lead} mandate for {acronym}", f"{lead} decision {start // 12}/{i + 1}"
        mandate = b.document(f"d-{i + 1:04d}-mandate", title, "other", reference, _ymd(start - 1, rnd.randint(1, 28)))
        b.quote(ref, mandate, f"The mission {acronym} is mandated in {area}")
    return _Mission(i, ref, acronym, start, end)


def _missions(b: _Builder, scale: int) -> list[_Mission]:
    """31 missions per scale unit, by start, each follow-on PRECEDED_BY the mission it continues."""
    starts, ends, areas, preceded = _schedule(b.rnd, 31 * scale)
    missions: list[_Mission] = []
    for i, start in enumerate(starts):
        missions.append(_mission(b, i, start, ends[i], areas[i]))
        predecessor = preceded[i]
        if predecessor is not None:
            b.rel("PRECEDED_BY", missions[i].ref, missions[predecessor].ref)
    return missions


def _contributions(b: _Builder, w: _World, m: _Mission) -> None:
    """CONTRIBUTED_TO the mission: 10 + (months) commands, staffs and units as active at its start, an IO 10%."""
    rnd = b.rnd
    chosen = rnd.sample(w.contributors, min(len(w.contributors), 10 + m.end - m.start))
    if rnd.random() < 0.10:
        chosen.append(rnd.choice(w.by_kind["international_organisation"]))
    seen: dict[int, _Org] = {}
    for o in chosen:
        active = _active(o, m.start)
        seen.setdefault(active.index, active)
    m.contributors = list(seen.values())
    for o in m.contributors:
        b.rel("CONTRIBUTED_TO", o.ref, m.ref)


@dataclass(slots=True)
class _Evaluation:
    """An evaluation and what its findings, recommendations, responses and actions need of it."""

    mission: _Mission
    number: int  # 1, 2, 3 within the mission
    ref: Ref
    title: str
    published: int
    level: str  # classification
    leads: _Org  # the first evaluator

    @property
    def eid(self) -> str:
        """The evaluation's part of ids: ``0007-2``."""
        return f"{self.mission.number}-{self.number}"


@dataclass(slots=True)
class _Papers:
    """An evaluation's documents, and the months of the letter and the nota that date its follow-up."""

    dossier: str
    report: Ref
    letter: Ref
    progress: Ref
    letter_m: int
    letter_day: int
    progress_m: int
    parliament: dict[str, Ref] = field(default_factory=dict)  # motie / toezegging, made when first needed


@dataclass(slots=True)
class _Rec:
    """A recommendation and what its responses and actions need of it."""

    ref: Ref
    rid: str
    tagged: list[int]  # theme indexes
    first: _Org  # the first addressee


def _kind_and_month(b: _Builder, m: _Mission) -> tuple[str, int]:
    """An evaluation kind and its publication month: after the end for look-back kinds, else during the mission."""
    kind: str = b.pick(_EVAL_KINDS_CUM)
    lo_hi = _AFTER_END.get(kind)
    if lo_hi is not None and m.end + lo_hi[0] <= _LAST_PUBLISHED:
        return kind, b.rnd.randint(m.end + lo_hi[0], min(m.end + lo_hi[1], _LAST_PUBLISHED))
    if lo_hi is not None:  # the mission has not ended long enough ago: a kind done during it
        kind = b.pick(_DURING_KINDS_CUM)
    return kind, b.rnd.randint(m.start + 2, max(m.start + 2, min(m.end, _LAST_PUBLISHED)))


def _conductors(ctx: _Context, evaluation: Ref, kind: str, published: int) -> _Org:
    """CONDUCTED_BY an evaluator fitting the kind, and a second one 20%; returns the first."""
    b, rnd = ctx.b, ctx.b.rnd
    leads = _active(rnd.choice(ctx.evaluators[b.pick(_EVALUATOR_CUM[kind])]), published)
    b.rel("CONDUCTED_BY", evaluation, leads.ref)
    if rnd.random() < 0.20:
        other = _active(rnd.choice(ctx.all_evaluators), published)
        if other is not leads:
            b.rel("CONDUCTED_BY", evaluation, other.ref)
    return leads


def _evaluation(ctx: _Context, m: _Mission, e: int) -> _Evaluation:
    """Evaluation e of the mission: kind, date, classification, what it EVALUATES and who conducted it."""
    b, rnd = ctx.b, ctx.b.rnd
    kind, published = _kind_and_month(b, m)
    title = f"{kind.replace('_', ' ').capitalize()} of {m.acronym} ({published // 12})"
    props: dict[str, Any] = {"title": title, "kind": kind, "published": _ym(published)}
    level: str = b.pick(_CLASSIFICATION_CUM)
    if level != "ONGERUBRICEERD":
        props["classification"] = level
    ref = b.node("Evaluation", f"e-{m.number}-{e}", props)
    ctx.evaluations.append((published, ref))
    m.evaluations.append((published, ref))
    b.rel("EVALUATES", ref, m.ref)
    if rnd.random() < 0.30:
        b.rel("EVALUATES", ref, rnd.choice(m.contributors).ref)
    if rnd.random() < 0.05:
        b.rel("EVALUATES", ref, rnd.choice(ctx.interfaces))
    leads = _conductors(ctx, ref, kind, published)
    return _Evaluation(m, e, ref, title, published, level, leads)


def _documents(b: _Builder, ev: _Evaluation) -> _Papers:
    """The report, the government's letter on it and a later progress nota, citing each other."""
    rnd, e, eid, acronym = b.rnd, ev.number, ev.eid, ev.mission.acronym
    letter_m = min(ev.published + rnd.randint(1, 6), _AS_OF)
    letter_day = rnd.randint(1, 28)
    progress_m = min(letter_m + rnd.randint(6, 24), _AS_OF)
    dossier = f"Kamerstuk {29000 + ev.mission.index}"
    # An international organisation's report is not a Dutch ``rapport``.
    kind = "other" if ev.leads.kind == "international_organisation" else "rapport"
    date = _ymd(ev.published, rnd.randint(1, 28))
    report = b.document(f"d-{eid}-rapport", ev.title, kind, f"{dossier}, nr. {10 * e}", date)
    letter = b.document(
        f"d-{eid}-kamerbrief",
        f"Government response to {ev.title}",
        "kamerbrief",
        f"{dossier}, nr. {10 * e + 1}",
        _ymd(letter_m, letter_day),
    )
    progress = b.document(
        f"d-{eid}-nota", f"Progress on {ev.title}", "nota", f"{dossier}, nr. {10 * e + 2}", _ymd(progress_m, 1)
    )
    b.quote(ev.ref, report, f"This report evaluates {acronym}")
    if rnd.random() < 0.5:
        b.quote(ev.ref, letter, f"The government has taken note of the evaluation of {acronym}")
    # Documents cite each other: the letter answers the report, the nota the letter.
    b.quote(letter, report, f"In response to the report on {acronym}")
    b.quote(progress, letter, f"As announced in the letter on {acronym}")
    return _Papers(dossier, report, letter, progress, letter_m, letter_day, progress_m)


def _parliament(b: _Builder, ev: _Evaluation, docs: _Papers, kind: str) -> Ref:
    """The evaluation's motie or toezegging (``kind``), made and sourced from the letter when first needed."""
    if kind not in docs.parliament:
        docs.parliament[kind] = b.document(
            f"d-{ev.eid}-{kind}",
            f"{kind.capitalize()} on {ev.title}",
            kind,
            f"{docs.dossier}, nr. {10 * ev.number + (3 if kind == 'motie' else 4)}",
            _ymd(docs.letter_m, min(28, docs.letter_day + 1)),
        )
        b.quote(docs.parliament[kind], docs.letter, f"Following the letter on {ev.mission.acronym}")
    return docs.parliament[kind]


def _findings(b: _Builder, ev: _Evaluation, docs: _Papers) -> list[Ref]:
    """3-8 findings the evaluation RECORDS, SOURCED_FROM the report and, 30%, the letter."""
    rnd = b.rnd
    findings: list[Ref] = []
    fprops_class = {"classification": ev.level} if ev.level != "ONGERUBRICEERD" else {}
    for f in range(1, rnd.randint(3, 8) + 1):
        text = THEMES[b.theme()][4].format(m=ev.mission.acronym)
        finding = b.node("Finding", f"f-{ev.eid}-{f:02d}", {"text": text, **fprops_class})
        findings.append(finding)
        b.rel("RECORDS", ev.ref, finding)
        b.quote(finding, docs.report, text)
        if rnd.random() < 0.3:
            b.quote(finding, docs.letter, f"The government recognises that {text[0].lower()}{text[1:]}")
    return findings


def _recommended(b: _Builder, ev: _Evaluation, docs: _Papers, rec: Ref, kind: str, code: str, text: str) -> None:
    """Who RECOMMENDS it (the evaluation, or a motie/toezegging), SOURCED_FROM that and, 60%, the letter."""
    if kind in ("motion", "commitment"):
        motion = _parliament(b, ev, docs, "motie" if kind == "motion" else "toezegging")
        b.rel("RECOMMENDS", motion, rec)
        b.quote(rec, motion, text)
    else:
        b.rel("RECOMMENDS", ev.ref, rec)
        b.quote(rec, docs.report, text)
    if b.rnd.random() < 0.60:
        b.quote(rec, docs.letter, f"On recommendation {code}: {text}")


def _addressees(ctx: _Context, ev: _Evaluation, rec: Ref) -> _Org:
    """ADDRESSED_TO 1-3 contributors or defence organisations as active at publication; returns the first."""
    rnd = ctx.b.rnd
    to: dict[int, _Org] = {}
    for _ in range(1 + ctx.b.count(35, 40, 25)):
        pool = ev.mission.contributors if rnd.random() < 0.6 else ctx.w.defence
        o = _active(rnd.choice(pool), ev.published)
        to.setdefault(o.index, o)
    for o in to.values():
        ctx.b.rel("ADDRESSED_TO", rec, o.ref)
    return next(iter(to.values()))


def _recommendation(ctx: _Context, ev: _Evaluation, docs: _Papers, findings: list[Ref], r: int, code: str) -> _Rec:
    """Recommendation r: kind, themes and text, its source, the findings it is BASED_ON, its addressees."""
    b = ctx.b
    kind: str = b.pick(_REC_KINDS_CUM)
    tagged: list[int] = []
    for _ in range(b.count(20, 50, 30)):
        t = b.theme()
        if t not in tagged:
            tagged.append(t)
    text = (THEMES[tagged[0]][3] if tagged else "Improve the follow-up of lessons from {m}").format(
        m=ev.mission.acronym
    )
    rid = f"{ev.eid}-{r:02d}"
    ref = b.node("Recommendation", f"r-{rid}", {"code": code, "text": text, "kind": kind})
    _recommended(b, ev, docs, ref, kind, code, text)
    for finding in b.rnd.sample(findings, min(len(findings), 1 + b.count(50, 35, 15))):
        b.rel("BASED_ON", ref, finding)
    return _Rec(ref, rid, tagged, _addressees(ctx, ev, ref))


def _concerns(ctx: _Context, ev: _Evaluation, rec: _Rec) -> None:
    """What the recommendation CONCERNS, its TAGGED themes, and SIMILAR_TO 10% on its first theme."""
    b, rnd, i = ctx.b, ctx.b.rnd, ev.mission.index
    if rnd.random() < 0.8:
        b.rel("CONCERNS", rec.ref, ev.mission.ref)
    if rnd.random() < 0.5:
        b.rel("CONCERNS", rec.ref, rec.first.ref)
    if rnd.random() < 0.2:
        b.rel("CONCERNS", rec.ref, rnd.choice(ctx.interfaces))
    for t in rec.tagged:
        b.rel("TAGGED", rec.ref, ctx.themes[t])
    if rec.tagged and ctx.by_theme[rec.tagged[0]] and rnd.random() < 0.10:
        similar_mission, similar = rnd.choice(ctx.by_theme[rec.tagged[0]])
        if similar_mission != i:
            b.rel("SIMILAR_TO", rec.ref, similar)
    for t in rec.tagged:
        ctx.by_theme[t].append((i, rec.ref))


def _response(ctx: _Context, docs: _Papers, rec: _Rec, n: int, stance: str) -> None:
    """Response n, dated with the letter (1) or the nota (2), GIVEN_BY 1-2 of a cabinet's members."""
    b = ctx.b
    date = _ymd(docs.letter_m, docs.letter_day) if n == 1 else _ymd(docs.progress_m, 1)
    response = b.node("Response", f"s-{rec.rid}-{n}", {"stance": stance, "summary": _SUMMARIES[stance], "date": date})
    b.rel("RESPONDS_TO", response, rec.ref)
    # Letters are often co-signed: one of a cabinet's three members, or two of them.
    cabinet = 3 * b.rnd.randrange(ctx.scale)
    for giver in b.rnd.sample(ctx.w.governments[cabinet : cabinet + 3], 1 + b.count(50, 50)):
        b.rel("GIVEN_BY", response, giver.ref)
    b.quote(response, docs.letter if n == 1 else docs.progress, _SUMMARIES[stance])


def _responses(ctx: _Context, docs: _Papers, rec: _Rec) -> str | None:
    """0-2 responses: with the letter, and a later one with the nota; returns the latest stance."""
    latest: str | None = None
    for n in range(1, ctx.b.count(15, 65, 20) + 1):
        if n == 2 and docs.progress_m <= docs.letter_m:
            break
        latest = ctx.b.pick(_STANCES_CUM)
        _response(ctx, docs, rec, n, latest)
    return latest


def _status(b: _Builder, letter_m: int) -> str:
    """An action status, by the letter's age; nothing is done within 2 months of it."""
    status: str = b.pick(_RECENT_STATUSES_CUM if letter_m >= _AS_OF - _RECENT else _OLDER_STATUSES_CUM)
    if status in ("implemented", "validated") and letter_m + 2 > _AS_OF:
        status = "in_progress"  # nothing can have been completed yet
    return status


def _involves(ctx: _Context, ev: _Evaluation, action: Ref, owner: _Org, month: int) -> None:
    """INVOLVES 0-4 contributors or LL bodies other than the owner, as active in the month."""
    rnd = ctx.b.rnd
    involved = {owner.index}
    for _ in range(ctx.b.count(10, 25, 35, 20, 10)):
        pool = ev.mission.contributors if rnd.random() < 0.6 else ctx.w.ll_bodies
        o = _active(rnd.choice(pool), month)
        if o.index not in involved:
            involved.add(o.index)
            ctx.b.rel("INVOLVES", action, o.ref)


def _action(ctx: _Context, ev: _Evaluation, docs: _Papers, rec: _Rec, earlier: list[Ref], a: int) -> None:
    """Action a: status and dates, what it ADDRESSES, its owner and others involved, its sources."""
    b, rnd, letter_m = ctx.b, ctx.b.rnd, docs.letter_m
    status = _status(b, letter_m)
    due = letter_m + rnd.randint(6, 36)
    verb = rnd.choice(_ACTION_VERBS)
    subject = THEMES[rec.tagged[0]][1].lower() if rec.tagged else "lessons follow-up"
    title = f"{verb} {subject} for {ev.mission.acronym}"
    props: dict[str, Any] = {"title": title, "status": status, "due": _ymd(due, rnd.randint(1, 28))}
    completed = 0
    if status in ("implemented", "validated"):
        completed = rnd.randint(letter_m + 2, max(letter_m + 2, min(due + 12, _AS_OF)))
        props["completed"] = _ymd(completed, rnd.randint(1, 28))
    action = b.node("Action", f"a-{rec.rid}-{a}", props)
    b.rel("ADDRESSES", action, rec.ref)
    if earlier and rnd.random() < 0.30:
        b.rel("ADDRESSES", action, rnd.choice(earlier))
    owner = _active(rec.first if rnd.random() < 0.7 else rnd.choice(ctx.w.defence), letter_m)
    b.rel("OWNED_BY", action, owner.ref)
    _involves(ctx, ev, action, owner, letter_m)
    b.quote(action, docs.letter, title)
    if rnd.random() < 0.7:
        b.quote(action, docs.progress, f"Status of '{title}': {status.replace('_', ' ')}")
    if completed:
        ctx.pending.append(_Done(action, ev.mission, completed, status == "validated"))


def _actions(ctx: _Context, ev: _Evaluation, docs: _Papers, rec: _Rec, earlier: list[Ref]) -> None:
    """1-2 actions (75/25%) on the recommendation; ``earlier`` are the evaluation's recommendations before it."""
    for a in range(1, 2 + ctx.b.count(75, 25)):
        _action(ctx, ev, docs, rec, earlier, a)


def _recommendations(ctx: _Context, ev: _Evaluation, docs: _Papers, findings: list[Ref]) -> None:
    """3-10 recommendations, numbered 1, 2, 2a, ..., each with its responses and, by the latest stance, actions."""
    rnd = ctx.b.rnd
    recs: list[Ref] = []
    number, letter_code = 0, ""
    for r in range(1, rnd.randint(3, 10) + 1):
        if number == 0 or rnd.random() < 0.75:
            number, letter_code = number + 1, ""
        else:  # a sub-recommendation: 2a, 2b, ...
            letter_code = chr(ord(letter_code or "a") + (1 if letter_code else 0))
        rec = _recommendation(ctx, ev, docs, findings, r, f"{number}{letter_code}")
        _concerns(ctx, ev, rec)
        latest = _responses(ctx, docs, rec)
        if rnd.random() < _ACTION_CHANCE[latest]:
            _actions(ctx, ev, docs, rec, recs)
        recs.append(rec.ref)  # after its actions: they may address only earlier ones


def _mission_evaluations(ctx: _Context, m: _Mission) -> None:
    """1-3 evaluations of the mission, each with its documents, findings and recommendations."""
    for e in range(1, 2 + ctx.b.count(45, 35, 20)):
        ev = _evaluation(ctx, m, e)
        docs = _documents(ctx.b, ev)
        findings = _findings(ctx.b, ev, docs)
        _recommendations(ctx, ev, docs, findings)


def _validation(ctx: _Context, done: _Done, months: list[int]) -> None:
    """VALIDATED_BY a later evaluation: of the same mission when there is one."""
    rnd = ctx.b.rnd
    later = [ref for p, ref in done.mission.evaluations if p >= done.completed]
    if later:
        ctx.b.rel("VALIDATED_BY", done.action, rnd.choice(later))
        return
    k = bisect_right(months, done.completed - 1)
    if k < len(ctx.evaluations):
        ctx.b.rel("VALIDATED_BY", done.action, ctx.evaluations[rnd.randrange(k, len(ctx.evaluations))][1])


def _application(ctx: _Context, done: _Done, starts: list[int]) -> None:
    """APPLIED_IN a mission that starts after the action was completed, when there is one."""
    k = bisect_right(starts, done.completed)
    if k < len(starts):
        ctx.b.rel("APPLIED_IN", done.action, ctx.missions[ctx.b.rnd.randrange(k, len(starts))].ref)


def _validations(ctx: _Context) -> None:
    """Completed actions: VALIDATED_BY a later evaluation 60% (validated ones), APPLIED_IN a later mission 20%."""
    rnd = ctx.b.rnd
    ctx.evaluations.sort(key=lambda pair: (pair[0], pair[1]["id"]))
    months = [p for p, _ in ctx.evaluations]
    starts = [m.start for m in ctx.missions]
    for done in ctx.pending:
        if done.validated and rnd.random() < 0.60:
            _validation(ctx, done, months)
        if rnd.random() < 0.20:
            _application(ctx, done, starts)


def synthesize(scale: int, seed: int = 0) -> dict[str, Any]:
    """A synthetic graph of about ``scale x 2,000`` nodes; see the module docstring."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    b = _Builder(seed)
    themes = [b.node("Theme", f"t-{slug}", {"name": name, "scheme": scheme}) for slug, name, scheme, _, _ in THEMES]
    w = _organisations(b, scale)
    interfaces = _interfaces(b, w, scale)
    # Missions first, all of them, so follow-ons can shorten their predecessor before
    # anything is dated against its end.
    missions = _missions(b, scale)
    for m in missions:
        _contributions(b, w, m)
    ctx = _Context(b, w, scale, themes, interfaces, _evaluators(w, scale), missions)
    for m in missions:
        _mission_evaluations(ctx, m)
    # Validations and applications look forward in time, so they wait for all evaluations.
    _validations(ctx)
    return {"format": FORMAT, "nodes": b.nodes, "relationships": b.rels}


def summarize(document: dict[str, Any]) -> dict[str, int]:
    """Counts per label and per relationship type (every one of DOMAIN, zero when absent), in
    DOMAIN order, then the totals under ``nodes`` and ``relationships``."""
    labels = Counter(n["label"] for n in document.get("nodes", []))
    types = Counter(r["type"] for r in document.get("relationships", []))
    out = {label: labels.get(label, 0) for label in LABELS}
    out.update({rel_type: types.get(rel_type, 0) for rel_type in PATTERNS})
    out["nodes"] = sum(labels.values())
    out["relationships"] = sum(types.values())
    return out
