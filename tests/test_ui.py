"""The coordinators' map (issue #11) in a real browser: Playwright driving Debian's Chromium
against the real service (``live_url``) on the seed graph.

What is drawn is compared with what the API answers for the same caller and filters, read
from the page through ``window.kgMap`` (read-only views of the drawing, see
``app/static/map.js``), never by reaching into Cytoscape. Screenshots of every view go to
``test-artifacts/ui/`` (git-ignored), kept after the run.

Without a Chromium these tests fail and say how to install one (``make test`` installs it
first when the machine allows, see ``scripts/ensure-chromium.sh``); they never skip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from app.cli import SEED_FILE
from app.interchange import load_file, parse_document
from app.routes.ui import CONTENT_SECURITY_POLICY
from app.settings import Settings
from graph.actor import SYSTEM
from graph.database import Database
from graph.transfer import import_document
from tests.browser import HOW_TO_INSTALL, LAUNCH_ARGS, find_chromium
from tests.tokens import token_for

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "ui"

EDITOR = ("editor", "STG_GEHEIM")


# ---- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(session_db: Database) -> Iterator[None]:
    session_db.write("graph_clear")
    import_document(session_db, parse_document(load_file(SEED_FILE)), SYSTEM)
    yield
    session_db.write("graph_clear")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = find_chromium()
    if path is None:
        pytest.fail(HOW_TO_INSTALL, pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Caller:
    """The API as one caller, to compare the page with."""

    def __init__(self, base_url: str, token: str) -> None:
        self.token = token
        self.http = httpx.Client(base_url=f"{base_url}/api/v1", headers={"Authorization": f"Bearer {token}"})

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def interfaces(self, **params: Any) -> Any:
        return self.get("/analysis/interfaces", limit=10000, **params)

    def organisations(self) -> list[dict[str, Any]]:
        page = self.get("/organisations", limit=1000)
        assert page["total"] <= 1000
        return list(page["items"])


class MapPage:
    """One browser tab on the map, signed in as one caller."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []  # console errors and uncaught exceptions
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, token: str, query: str = "") -> MapPage:
        self.page.goto(f"{self.base_url}/{query}")
        self.page.get_by_label("Token", exact=True).fill(token)
        self.page.get_by_role("button", name="Sign in").click()
        self.settle()
        return self

    def hook(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(f"(arg) => kgMap.{expression}", arg)

    def settle(self, after: int = 0) -> None:
        """Wait until the page has drawn (a drawing newer than ``after``) and nothing is loading."""
        self.page.wait_for_function(
            "g => window.kgMap && kgMap.ready() && kgMap.generation() > g", arg=after, timeout=30000
        )

    def redraw(self, action: Callable[..., Any], *args: Any) -> None:
        """Do something that changes the filters, then wait for the new drawing."""
        before = self.hook("generation()")
        action(*args)
        self.settle(after=before)

    def reset(self) -> None:
        """Back to the default filters (a fresh load of the bare address; the tab stays signed in)."""
        self.page.goto(f"{self.base_url}/")
        self.settle()

    def click_element(self, element_id: str) -> None:
        """Click where the map draws an organisation, or an interface (its middle, or further
        along where another element lies across the middle), as a person would."""
        picked: list[str] = []
        for point in self.hook("pagePoints(arg)", element_id):
            self.page.mouse.click(point["x"], point["y"])
            self.page.wait_for_function("() => kgMap.ready()", timeout=15000)
            picked = self.hook("withClass('picked')")
            if picked == [element_id]:
                return
        raise AssertionError(f"no click on the map selected {element_id} (last: {picked})")

    def edges(self) -> set[str]:
        return set(self.hook("edgeIds()"))

    def nodes(self) -> set[str]:
        return set(self.hook("nodeIds()"))

    def with_class(self, cls: str) -> set[str]:
        return set(self.hook("withClass(arg)", cls))

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"{name}.png")


@pytest.fixture
def open_map(browser: Browser, live_url: str, seed_graph: None) -> Iterator[Callable[[], MapPage]]:
    """A fresh browser context (its own sessionStorage) per call."""
    contexts = []

    def new() -> MapPage:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        contexts.append(context)
        return MapPage(context.new_page(), live_url)

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def caller(live_url: str, settings: Settings) -> Callable[[str, str], Caller]:
    def make(role: str, clearance: str) -> Caller:
        return Caller(live_url, token_for(settings, role, clearance))

    return make


def expected_nodes(
    organisations: list[dict[str, Any]], items: list[dict[str, Any]], *, ll_only: bool = False, all_orgs: bool = False
) -> set[str]:
    """What the page promises to draw: every LL body, every end of a drawn interface, and
    with "organisations without interfaces" every other visible organisation too."""
    ids = {o["id"] for o in organisations if o["ll_body"] or (all_orgs and not ll_only)}
    return ids | {i["from"]["id"] for i in items} | {i["to"]["id"] for i in items}


def summary_of(answer: dict[str, Any]) -> str:
    total, without, hops = answer["total"], answer["without_feedback"], answer["max_hops"]
    return f"{total} interfaces, {without} without a feedback loop (max_hops {hops})"


# ---- the page itself ------------------------------------------------------------------


def test_the_page_is_open_strict_and_not_in_the_api_document(live_url: str, seed_graph: None) -> None:
    page = httpx.get(f"{live_url}/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "<script>" not in page.text
    assert " style=" not in page.text
    vendor = httpx.get(f"{live_url}/static/vendor/cytoscape.min.js")
    assert vendor.status_code == 200
    assert vendor.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert httpx.get(f"{live_url}/static/vendor/LICENSE.cytoscape-fcose").status_code == 200
    assert httpx.get(f"{live_url}/static/../main.py").status_code == 404
    paths = httpx.get(f"{live_url}/openapi.json").json()["paths"]
    assert "/" not in paths
    assert not any(p.startswith("/static") for p in paths)


def test_sign_in_shows_who_and_sign_out_forgets_the_credential(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller], live_url: str
) -> None:
    token = caller(*EDITOR).token
    tab = open_map()
    tab.page.goto(f"{live_url}/")
    tab.page.get_by_label("Token", exact=True).fill("not-a-credential")
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.get_by_text("does not accept this credential").wait_for()
    assert tab.page.locator("#workspace").is_hidden()
    assert tab.page.evaluate("() => sessionStorage.length") == 0

    tab.open(token)
    assert tab.page.locator("#who-role").inner_text() == "editor"
    assert tab.page.locator("#who-clearance").inner_text() == "STG GEHEIM"
    assert tab.page.locator("#who-subject").inner_text() == "test-editor-stg_geheim"
    # Kept for this tab's session only, and never in the address.
    assert tab.page.evaluate("() => Object.values(sessionStorage)") == [token]
    assert tab.page.evaluate("() => localStorage.length") == 0
    assert token not in tab.page.url
    tab.page.reload()
    tab.settle()  # the same tab signs itself in again
    tab.page.get_by_role("button", name="Sign out").click()
    assert tab.page.get_by_label("Token", exact=True).is_visible()
    assert tab.page.evaluate("() => sessionStorage.length") == 0
    assert tab.hook("edgeIds()") == []


def test_every_view_loads_without_console_errors_or_outside_requests(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller], live_url: str
) -> None:
    editor = caller(*EDITOR)
    tab = open_map().open(editor.token)
    tab.screenshot("map")
    with_loop = next(i for i in editor.interfaces()["items"] if i["has_feedback"])
    tab.click_element(with_loop["id"])
    tab.page.get_by_role("link", name="Table").click()
    tab.page.locator("#interface-table").wait_for()
    tab.page.get_by_role("link", name="Lessons").click()
    tab.page.locator("svg.funnel").wait_for()
    tab.page.wait_for_function("() => kgMap.ready()")
    tab.page.get_by_role("link", name="Map").click()
    tab.page.get_by_role("button", name="Add interface").click()
    tab.page.locator("form.editor").wait_for()
    assert tab.errors == []
    outside = [url for url in tab.requests if not url.startswith(f"{live_url}/") and not url.startswith("data:")]
    assert outside == []


# ---- what is drawn is what the API answers ----------------------------------------------


def test_drawn_nodes_and_arrows_are_the_apis(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    organisations = editor.organisations()
    tab = open_map().open(editor.token)

    answer = editor.interfaces()
    assert tab.edges() == {i["id"] for i in answer["items"]}
    assert tab.nodes() == expected_nodes(organisations, answer["items"])
    assert tab.page.locator("#summary").inner_text() == summary_of(answer)
    assert re.fullmatch(r"\d+ interfaces, \d+ without a feedback loop \(max_hops 3\)", tab.hook("summary()"))

    # Each filter, set through its control, against the API with the same parameter.
    label = tab.page.get_by_label
    controls: list[tuple[Callable[..., Any], tuple[str, ...], dict[str, str]]] = [
        (label("LL bodies only").check, (), {"ll_body_only": "true"}),
        (label("Interface kind").select_option, ("lessons",), {"kind": "lessons"}),
        (label("Formalised", exact=True).select_option, ("true",), {"formalised": "true"}),
        (label("Include planned interfaces").check, (), {"include_planned": "true"}),
    ]
    for action, args, params in controls:
        tab.redraw(action, *args)
        answer = editor.interfaces(**params)
        assert tab.edges() == {i["id"] for i in answer["items"]}, params
        ll_only = params.get("ll_body_only") == "true"
        assert tab.nodes() == expected_nodes(organisations, answer["items"], ll_only=ll_only), params
        assert tab.hook("summary()") == summary_of(answer)
        tab.reset()

    tab.redraw(label("Organisations without interfaces").check)
    answer = editor.interfaces()
    assert (
        tab.nodes() == expected_nodes(organisations, answer["items"], all_orgs=True) == {o["id"] for o in organisations}
    )


def test_weak_points_of_the_ll_network_are_marked_on_request(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    network = editor.get("/analysis/network")
    tab = open_map().open(editor.token, "?ll=1")
    assert tab.with_class("articulation") == set()
    tab.redraw(tab.page.get_by_label("Mark weak points of the LL network").check)
    assert tab.with_class("articulation") == set(network["articulation_points"])
    assert tab.with_class("isolated") == set(network["isolated"])
    assert tab.with_class("bridge") == {i for bridge in network["bridges"] for i in bridge["interfaces"]}
    assert network["articulation_points"]  # the seed has one (the IVD), so the marks are tested
    assert tab.page.get_by_text("isolated LL body", exact=True).is_visible()  # and the legend explains them
    tab.screenshot("weak-points")


def test_drawn_without_a_loop_is_the_apis_answer_for_max_hops_1_to_4(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    tab = open_map().open(editor.token)
    seen = []
    max_hops = tab.page.get_by_label("Max hops of a way back")
    for return_kinds in (None, "feedback"):
        if return_kinds:
            tab.redraw(tab.page.get_by_label(return_kinds, exact=True).check)
        for hops in (1, 2, 3, 4):
            tab.redraw(max_hops.select_option, str(hops))
            params = {"max_hops": hops, "limit": 10000} | ({"return_kinds": return_kinds} if return_kinds else {})
            without = {i["id"] for i in editor.get("/analysis/interfaces-without-feedback", **params)["items"]}
            drawn = tab.edges()
            assert tab.with_class("nofb") == without, (hops, return_kinds)
            assert tab.hook("summary()").endswith(f"{len(without)} without a feedback loop (max_hops {hops})")
            # Drawn distinctly: dashed in red, and the others not.
            for interface_id in drawn:
                dashed = tab.hook("style(arg[0], arg[1])", [interface_id, "line-style"]) == "dashed"
                assert dashed == (interface_id in without), interface_id
            seen.append(len(without))
    assert len(set(seen)) > 1, "the bound and the return kinds should change the answer on the seed"


def test_clicking_an_interface_highlights_the_chain_the_api_returns(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    tab = open_map().open(editor.token)
    items = editor.interfaces()["items"]
    longest = max((i for i in items if i["has_feedback"]), key=lambda i: len(i["return_chain"]))
    one_hop = next(i for i in items if i["has_feedback"] and len(i["return_chain"]) == 1)
    one_way = next(i for i in items if not i["has_feedback"])
    for interface in (longest, one_hop, one_way):
        tab.click_element(interface["id"])
        verdict = editor.get(f"/analysis/interfaces/{interface['id']}/feedback", max_hops=3)
        chain = [hop["id"] for hop in verdict["return_chain"] or []]
        assert tab.with_class("picked") == {interface["id"]}
        assert tab.with_class("chain") == set(chain)
        listed = tab.page.locator("#details ol.chain li").evaluate_all("els => els.map(e => e.dataset.interface)")
        assert listed == chain
        if not chain:
            assert tab.page.locator("#details").get_by_text("No way back within 3").is_visible()
        assert f"sel=if%3A{interface['id']}" in tab.page.url
    assert len(chain_of(editor, longest["id"])) >= 2
    tab.click_element(longest["id"])
    tab.screenshot("interface-details")


def chain_of(caller: Caller, interface_id: str) -> list[str]:
    verdict = caller.get(f"/analysis/interfaces/{interface_id}/feedback", max_hops=3)
    return [hop["id"] for hop in verdict["return_chain"] or []]


def test_clicking_an_organisation_shows_its_responsibilities_open_first(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    tab = open_map().open(editor.token)
    tab.click_element("nld-jfc")
    answer = editor.get("/organisations/nld-jfc/responsibilities")
    open_items = [i for i in answer["items"] if i["open"]]
    details = tab.page.locator("#details")
    assert details.get_by_role("heading", name=f"Responsibilities ({answer['total']})").is_visible()
    assert details.get_by_role("heading", name=f"Open ({len(open_items)})").is_visible()
    listed = details.locator("ul.responsibilities").first.locator("li").all_inner_texts()
    assert len(listed) == len(open_items) > 0
    for text, item in zip(listed, open_items, strict=True):
        assert (item["title"] or item["id"]) in text
    # Neighbours stay, the rest fades.
    assert "nld-jfc" not in tab.with_class("dim")
    assert tab.with_class("dim")
    tab.screenshot("organisation-details")


# ---- editing ----------------------------------------------------------------------------


def test_an_editor_adds_edits_and_deletes_an_interface_and_the_highlighting_follows(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    tab = open_map().open(editor.token)
    before = editor.interfaces()
    one_way = next(i for i in before["items"] if not i["has_feedback"])
    assert one_way["id"] in tab.with_class("nofb")

    # The way back that one-way interface lacks, drawn through the form.
    page = tab.page
    page.get_by_role("button", name="Add interface").click()
    label = page.get_by_label
    label("Name", exact=True).fill("Terugkoppeling (test)")
    label("Id", exact=True).fill("if-ui-test-terugkoppeling")
    label("From", exact=True).select_option(one_way["to"]["id"])
    label("To", exact=True).select_option(one_way["from"]["id"])
    label("Kind", exact=True).select_option("feedback")
    label("Basis", exact=True).select_option("inferred")
    label("Description", exact=True).fill("Added by the browser test.")
    tab.screenshot("editor-form")
    tab.redraw(page.locator("form.editor").get_by_role("button", name="Add interface").click)
    try:
        created = editor.get("/interfaces/if-ui-test-terugkoppeling")
        ends = {(r["type"], r["id"]) for r in created["relationships"]}
        assert {("FROM", one_way["to"]["id"]), ("TO", one_way["from"]["id"])} <= ends
        assert (created["kind"], created["basis"], created["formalised"]) == ("feedback", "inferred", False)

        after = editor.interfaces()
        assert after["total"] == before["total"] + 1
        assert tab.edges() == {i["id"] for i in after["items"]}
        assert tab.with_class("nofb") == {i["id"] for i in after["items"] if not i["has_feedback"]}
        assert one_way["id"] not in tab.with_class("nofb")  # the highlighting changed at once
        assert tab.with_class("picked") == {"if-ui-test-terugkoppeling"}
        assert tab.with_class("chain") == set(chain_of(editor, "if-ui-test-terugkoppeling")) == {one_way["id"]}
        assert tab.hook("summary()") == summary_of(after)

        # Edit: a change of kind reaches the API (If-Match from the ETag the form was filled from).
        page.get_by_role("button", name="Edit").click()
        label("Kind", exact=True).select_option("lessons")
        tab.redraw(page.get_by_role("button", name="Save changes").click)
        assert editor.get("/interfaces/if-ui-test-terugkoppeling")["kind"] == "lessons"
        assert tab.hook("style(arg[0], arg[1])", ["if-ui-test-terugkoppeling", "line-color"]) == "rgb(0,114,178)"

        # Delete, after a confirmation; the one-way interface is one-way again.
        page.get_by_role("button", name="Delete").click()
        tab.redraw(page.locator("#confirm-delete").click)
        assert (
            httpx.get(
                f"{tab.base_url}/api/v1/interfaces/if-ui-test-terugkoppeling",
                headers={"Authorization": f"Bearer {editor.token}"},
            ).status_code
            == 404
        )
        assert tab.edges() == {i["id"] for i in before["items"]}
        assert one_way["id"] in tab.with_class("nofb")
        assert tab.errors == []
    finally:
        editor.http.delete("/interfaces/if-ui-test-terugkoppeling")


def test_an_error_from_the_api_is_shown_in_the_form(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    existing = editor.interfaces()["items"][0]
    tab = open_map().open(editor.token)
    tab.page.get_by_role("button", name="Add interface").click()
    label = tab.page.get_by_label
    label("Name", exact=True).fill("Duplicate")
    label("Id", exact=True).fill(existing["id"])  # taken: the API answers 409
    label("From", exact=True).select_option(existing["from"]["id"])
    label("To", exact=True).select_option(existing["to"]["id"])
    tab.page.locator("form.editor").get_by_role("button", name="Add interface").click()
    alert = tab.page.locator("#if-error")
    alert.wait_for()
    assert existing["id"] in alert.inner_text()


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_readers_see_no_editing_controls(
    role: str, open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    reader = caller(role, "STG_GEHEIM")
    tab = open_map().open(reader.token, "?sel=new")  # even asked for, the form is not there
    assert tab.page.locator("form.editor").count() == 0
    assert tab.page.locator("#add-interface").count() == 0
    tab.click_element(reader.interfaces()["items"][0]["id"])
    assert tab.page.locator("#edit-interface, #delete-interface").count() == 0
    assert tab.page.get_by_role("button", name=re.compile("^(Add interface|Edit|Delete)$")).count() == 0
    assert tab.errors == []


def test_a_viewer_with_low_clearance_sees_no_classified_organisation(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    admin = caller("admin", "STG_GEHEIM")
    viewer = caller("viewer", "ONGERUBRICEERD")
    secret = {"id": "ui-test-geheime-cel", "name": "Geheime LL-cel", "abbreviation": "GLC", "kind": "unit"}
    created = admin.http.post("/organisations", json={**secret, "ll_body": True, "classification": "STG_GEHEIM"})
    assert created.status_code == 201, created.text
    link = {"id": "if-ui-test-geheim", "name": "Geheime lessen", "kind": "lessons", "from": secret["id"], "to": "ivd"}
    assert admin.http.post("/interfaces", json={**link, "classification": "STG_GEHEIM"}).status_code == 201
    try:
        cleared = open_map().open(admin.token)
        assert secret["id"] in cleared.nodes()
        assert link["id"] in cleared.edges()

        tab = open_map().open(viewer.token, "?all=1")
        answer = viewer.interfaces()
        assert secret["id"] not in tab.nodes()
        assert link["id"] not in tab.edges()
        assert tab.nodes() == {o["id"] for o in viewer.organisations()}
        assert tab.edges() == {i["id"] for i in answer["items"]}
        assert tab.hook("summary()") == summary_of(answer)
        tab.page.get_by_role("link", name="Table").click()
        text = tab.page.locator("body").inner_text()
        assert secret["name"] not in text
        assert secret["abbreviation"] not in text
        assert link["name"] not in text
        tab.screenshot("table-viewer-ongerubriceerd")
        assert tab.errors == []
    finally:
        admin.http.delete(f"/interfaces/{link['id']}")
        admin.http.delete(f"/organisations/{secret['id']}")


# ---- the URL, the export, the table, the lessons ------------------------------------------


def test_a_link_reproduces_the_view_and_the_layout_is_stable(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    first = open_map().open(editor.token)
    first.redraw(first.page.get_by_label("Max hops of a way back").select_option, "2")
    first.redraw(first.page.get_by_label("reporting", exact=True).check)
    first.redraw(first.page.get_by_label("Stated by the sources only").check)
    target = next(iter(sorted(first.with_class("nofb"))))
    first.click_element(target)
    link = first.page.url
    assert editor.token not in link
    assert "max_hops=2" in link
    assert "return_kinds=reporting" in link
    assert "stated=1" in link

    second = open_map().open(editor.token, link.split("/", 3)[3])  # a fresh tab: a credential first
    assert second.page.get_by_label("Max hops of a way back").input_value() == "2"
    assert second.page.get_by_label("reporting", exact=True).is_checked()
    assert second.page.get_by_label("Stated by the sources only").is_checked()
    assert second.with_class("picked") == {target}
    assert second.edges() == first.edges()
    assert second.with_class("nofb") == first.with_class("nofb")

    # The same graph, the same picture: fcose starts from deterministic positions.
    third, fourth = open_map().open(editor.token), open_map().open(editor.token)
    rounded = [
        {k: (round(p["x"], 1), round(p["y"], 1)) for k, p in t.hook("positions()").items()} for t in (third, fourth)
    ]
    assert rounded[0] == rounded[1]

    # Back undoes a selection.
    first.page.go_back()
    first.page.wait_for_function("() => kgMap.ready() && kgMap.withClass('picked').length === 0")


def test_the_map_exports_as_png(open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]) -> None:
    tab = open_map().open(caller(*EDITOR).token)
    with tab.page.expect_download() as download:
        tab.page.get_by_role("button", name="Export PNG").click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = ARTIFACTS / "export.png"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "ll-network-max_hops-3.png"
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert saved.stat().st_size > 10_000


def test_the_table_lists_the_same_interfaces_for_keyboard_users(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    answer = editor.interfaces()
    tab = open_map().open(editor.token, "?view=table")
    table = tab.page.locator("table#interface-table")
    assert table.locator("caption").inner_text().startswith(summary_of(answer))
    rows = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.interface)")
    assert sorted(rows) == sorted(i["id"] for i in answer["items"])
    one_way = {i["id"] for i in answer["items"] if not i["has_feedback"]}
    assert set(rows[: len(one_way)]) == one_way  # those without a loop first
    assert table.locator("thead th[scope=col]").count() == 7
    assert table.locator("tbody th[scope=row]").count() == len(rows)
    # The keyboard reaches a row's button and Enter opens its details.
    first_button = table.locator("tbody th button").first
    first_button.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function(f"() => kgMap.ready() && kgMap.withClass('picked').includes({rows[0]!r})")
    assert tab.page.locator("#details h2").first.inner_text() != ""
    assert table.locator("tbody tr").first.get_attribute("aria-current") == "true"
    tab.screenshot("table")


def test_the_lessons_view_shows_the_funnel_and_the_tables_with_their_evidence(
    open_map: Callable[[], MapPage], caller: Callable[[str, str], Caller]
) -> None:
    editor = caller(*EDITOR)
    stages = editor.get("/analysis/ll-stages", evaluation="iob-rsm-2023")
    overdue = editor.get("/analysis/overdue-actions")
    tab = open_map().open(editor.token, "?view=lessons&lessons=evaluation%3Aiob-rsm-2023")
    tab.page.locator("svg.funnel").wait_for()
    tab.page.wait_for_function("() => kgMap.ready()")
    tab.screenshot("lessons")
    order = ["identified", "actioned", "implemented", "learned"]
    for n, stage in enumerate(order):
        reached = sum(stages["funnel"][s] for s in order[n:])
        text = tab.page.locator(f"svg.funnel g[data-stage={stage}] text.count").text_content() or ""
        assert text.startswith(f"{reached} ({stages['funnel'][stage]} stopped here)"), stage
    assert tab.page.get_by_role("table", name=re.compile(r"^Recommendations \(9\)")).is_visible()
    assert (
        tab.page.get_by_role("table", name=re.compile(r"^Overdue actions")).locator("tbody tr").count()
        == overdue["total"]
    )
    assert overdue["total"] >= 1  # the seed has one
    # A row leads to its evidence: the action, and from there its source document.
    action = overdue["items"][0]
    tab.page.get_by_role("table", name=re.compile(r"^Overdue actions")).get_by_role(
        "button", name=action["title"]
    ).click()
    details = tab.page.locator("#details")
    details.get_by_role("heading", name=action["title"]).wait_for()
    assert details.locator("dt", has_text="Sources").count() == 1
    tab.page.wait_for_function("() => kgMap.ready()")
    tab.screenshot("lessons-evidence")
    assert tab.errors == []
