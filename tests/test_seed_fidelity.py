"""The seed graph says only what its Dutch sources say (issue #12). Reads the YAML; no database."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml

from app.cli import SEED_FILE
from graph.domain import InterfaceBasis

pytestmark = pytest.mark.unit

SOURCES = SEED_FILE.parent / "sources"

# Dutch forms the sources use for an organisation besides its `name` and `abbreviation`.
# Each entry says why the form denotes that organisation.
ALIASES: dict[str, dict[str, str]] = {
    "kabinet": {
        "kabinet": "the cabinet itself",
        "Nederland": "in the cabinet's letter (004) the Netherlands acting abroad is the government",
    },
    "tweede-kamer": {
        "Tweede Kamer": "the short name",
        "uw Kamer": "a letter's address to the House",
        "de Kamer": "the House",
        "parlement": "the WG note (000) cites the motion as showing attention 'in het parlement'",
    },
    "defensie": {
        "Defensieorganisatie": "the Defence organisation",
        "DGB": "Directeur-Generaal Beleid, the departmental top of Defence that approved the WG's note",
        "CDS": "Commandant der Strijdkrachten, with DGB the departmental top of Defence",
    },
    "staf-clas": {"staf van CLAS": "the IVD letter's first form"},
    "brigade-uitgezonden-eenheid": {
        "brigade": "the brigade of the deployed unit",
        "brigadeniveau": "'CLAS-eenheden van brigadeniveau' in IVD recommendation 1",
    },
    "wg-li-ll": {"WG": "the WG note's own short form", "werkgroep": "the working group"},
    "oekraine": {"Oekraïne": "the country"},
    "duitsland": {"Duitsland": "the country"},
    "navo-missiecommandanten": {
        "missie-commandanten": "'zesmaandelijkse briefings door missie-commandanten aan de NAVO-raad'",
        "NMI-missiecommandant": "the commander of NATO Mission Iraq, one of NATO's mission commanders",
    },
    "nato": {"NAVO": "the Dutch name"},
}
# 'De betreffende eenheden' (IVD letter): the units concerned by the inspection, which the
# letter names: the then DOPS, Staf CLAS and the brigade of the deployed unit.
for _unit in ("dops", "staf-clas", "brigade-uitgezonden-eenheid"):
    ALIASES.setdefault(_unit, {})["de betreffende eenheden"] = "the units the IVD inspection covered"

# Stated interfaces whose quotes do not name both ends, and why they are still stated.
EXCEPTIONS: dict[str, str] = {
    "if-tweede-kamer-kabinet": (
        "the motions of the members ('het lid') Jasper van Dijk and Van der Lee are motions of the House"
        " (Kamerstuk 27 925); the quote names the cabinet and the members, not the House"
    ),
}

# The rule for ll_body (seed/README.md): true exactly for the bodies DOMAIN.md names as those
# Dutch Defence learns from missions through; false for every other organisation.
LL_BODIES: dict[str, str] = {
    "nld-jfc": "operational command (NLD JFC)",
    "dops": "operational command, as NLD JFC was formerly named",
    "staf-clas": "army staff (Staf CLAS)",
    "brigade-uitgezonden-eenheid": "brigades",
    "ivd": "the safety inspectorate (IVD)",
    "iob": "the foreign ministry's evaluation service (IOB)",
    "nato-jallc": "NATO's Joint Analysis and Lessons Learned Centre (JALLC)",
    "warfare-centres": "Warfare Centres",
    "tno": "TNO",
    "wg-li-ll": "the department-wide working group (WG LI/LL)",
}

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@cache
def _seed() -> dict[str, Any]:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return _seed()


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _nodes(seed: dict[str, Any], label: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n.get("properties") or {} for n in seed["nodes"] if n["label"] == label}


def _rels(seed: dict[str, Any], rel_type: str, from_id: str | None = None) -> list[dict[str, Any]]:
    return [r for r in seed["relationships"] if r["type"] == rel_type and from_id in (None, r["from"]["id"])]


def _terms(seed: dict[str, Any]) -> dict[str, list[str]]:
    out = {}
    for org_id, props in _nodes(seed, "Organisation").items():
        names = [props["name"], *([props["abbreviation"]] if props.get("abbreviation") else [])]
        out[org_id] = names + list(ALIASES.get(org_id, {}))
    return out


def _mentions(quote: str, org_id: str, terms: dict[str, list[str]]) -> bool:
    """Whether the quote names the organisation as a whole word or phrase (case-insensitive).

    A longer name of another organisation that contains one of this one's terms is masked
    first, so "Inspectie Veiligheid Defensie" does not count as naming Defensie, nor
    "NAVO-raad" as naming NAVO.
    """
    mine = [t.casefold() for t in terms[org_id]]
    text = quote.casefold()
    for other, theirs in terms.items():
        for term in theirs:
            folded = term.casefold()
            if other != org_id and any(m in folded and m != folded for m in mine):
                text = text.replace(folded, " ")
    return any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text) for m in mine)


def test_every_interface_has_an_explicit_basis_and_a_note_when_not_stated(seed: dict[str, Any]) -> None:
    interfaces = _nodes(seed, "Interface")
    assert interfaces
    allowed = {b.value for b in InterfaceBasis}
    assert {i: p.get("basis") for i, p in interfaces.items() if p.get("basis") not in allowed} == {}
    unexplained = [i for i, p in interfaces.items() if p["basis"] != "stated" and not str(p.get("note") or "").strip()]
    assert unexplained == []


def test_every_stated_interface_quotes_a_passage_naming_both_ends(seed: dict[str, Any]) -> None:
    terms = _terms(seed)
    interfaces = _nodes(seed, "Interface")
    ends = {
        (r["type"], r["from"]["id"]): r["to"]["id"]
        for r in seed["relationships"]
        if r["type"] in ("FROM", "TO") and r["from"]["label"] == "Interface"
    }
    unnamed = []
    for iface_id, props in interfaces.items():
        if props["basis"] != "stated":
            continue
        a, b = ends[("FROM", iface_id)], ends[("TO", iface_id)]
        quotes = [
            r["properties"]["quote"]
            for rel_type in ("FROM", "TO", "SOURCED_FROM")
            for r in _rels(seed, rel_type, iface_id)
            if r["from"]["label"] == "Interface"
        ]
        named = any(_mentions(q, a, terms) and _mentions(q, b, terms) for q in quotes)
        if iface_id in EXCEPTIONS:
            assert not named, f"{iface_id} names both ends now: drop it from EXCEPTIONS"
        elif not named:
            unnamed.append((iface_id, a, b))
    assert unnamed == []
    assert all(interfaces[i]["basis"] == "stated" for i in EXCEPTIONS), "exceptions are for stated interfaces"


def test_the_name_check_is_strict_about_longer_names() -> None:
    terms = _terms(_seed())
    assert not _mentions("het rapport van de Inspectie Veiligheid Defensie (IVD)", "defensie", terms)
    assert _mentions("het rapport van de Inspectie Veiligheid Defensie (IVD)", "ivd", terms)
    assert not _mentions("briefings door missie-commandanten aan de NAVO-raad", "nato", terms)
    assert not _mentions("in de Kamerstukken", "tweede-kamer", terms)


def test_no_return_flow_the_sources_do_not_give_between_the_parties_the_ivd_criticised(
    seed: dict[str, Any],
) -> None:
    # The IVD finding ("het ontbreekt aan goede onderlinge samenwerking, communicatie en
    # gezamenlijke evaluatie") has no direction: the seed gives each pair of NLD JFC, Staf CLAS
    # and the brigade one flow, and any flow back is at most planned.
    parties = {"nld-jfc", "staf-clas", "brigade-uitgezonden-eenheid"}
    interfaces = _nodes(seed, "Interface")
    ends: dict[str, dict[str, str]] = {}
    for r in seed["relationships"]:
        if r["type"] in ("FROM", "TO") and r["from"]["label"] == "Interface":
            ends.setdefault(r["from"]["id"], {})[r["type"]] = r["to"]["id"]
    pairs: dict[frozenset[str], list[str]] = {}
    for iface_id, e in ends.items():
        if {e["FROM"], e["TO"]} <= parties and interfaces[iface_id]["basis"] != "planned":
            pairs.setdefault(frozenset((e["FROM"], e["TO"])), []).append(iface_id)
    assert len(pairs) == 3
    assert all(len(ids) == 1 for ids in pairs.values()), pairs


def test_the_minusma_recurrence_rests_on_the_minusma_finding(seed: dict[str, Any]) -> None:
    invented = "iob-minusma-2022-ambitieniveau"
    assert invented not in _nodes(seed, "Recommendation")
    assert not [r for r in seed["relationships"] if invented in (r["from"]["id"], r["to"]["id"])]

    finding = "iob-minusma-2022-f-ambitie"
    text = _nodes(seed, "Finding")[finding]["text"]
    records = [r for r in _rels(seed, "RECORDS", "iob-minusma-2022") if r["to"]["id"] == finding]
    assert len(records) == 1
    source_file = _nodes(seed, "Document")[records[0]["properties"]["source"]]["source_file"]
    assert _fold(text) in _fold((SOURCES / source_file).read_text(encoding="utf-8")), "verbatim source text"
    assert tuple(r["to"]["id"] for r in _rels(seed, "EVALUATES", "iob-minusma-2022")) == ("minusma",)
    based = {r["from"]["id"] for r in seed["relationships"] if r["type"] == "BASED_ON" and r["to"]["id"] == finding}
    tagged = {r["from"]["id"] for r in _rels(seed, "TAGGED") if r["to"]["id"] == "ambition-level"}
    assert based, "RSM lessons rest on the MINUSMA finding"
    assert based <= tagged, "the RSM lessons resting on it share the ambition-level theme"


def test_the_commitment_tz202510_033_has_its_deadline(seed: dict[str, Any]) -> None:
    actions = _nodes(seed, "Action")
    followed = [r["from"]["id"] for r in _rels(seed, "ADDRESSES") if r["to"]["id"] == "tz202510-033"]
    assert followed
    for action_id in followed:
        due = actions[action_id].get("due")
        assert due, action_id
        assert ISO_DATE.match(due), action_id
        assert "begrotingsbehandeling 2026" in actions[action_id]["description"], "says how the date was chosen"


def test_ll_body_follows_the_rule(seed: dict[str, Any]) -> None:
    organisations = _nodes(seed, "Organisation")
    assert set(LL_BODIES) <= set(organisations)
    wrong = {o: p.get("ll_body") for o, p in organisations.items() if bool(p.get("ll_body")) != (o in LL_BODIES)}
    assert wrong == {}
