"""The read-only Cypher console (issue 13): an analyst's own query, answered once its plan
is known to only read the domain graph (never the audit trail, the API keys or other
bookkeeping nodes of the service).

For one query, in order:

1. clearance: the console cannot be filtered by clearance, so it is open only to a caller
   cleared for the highest classification present (DOMAIN.md, Security); otherwise 403,
   saying only that;
2. the text and the parameters (``console_checks``: length, Unicode, simple types);
3. ``EXPLAIN``: the plan must only read the service's domain graph (``console_checks.check_plan``,
   ``console_scope``);
4. the run, in a READ transaction with a timeout and a row cap (``console_runner``).

Every query is audited, answered or refused: its text, parameters, outcome, reason and row
count. The observer hears each outcome (``"answered"`` or a reason of
``console_checks.REASONS``), for the metrics.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from typing import Any

from graph import audit
from graph.actor import Actor
from graph.console_checks import MAX_CYPHER_LENGTH, MAX_PARAMETERS, check_parameters, check_plan, check_text
from graph.console_runner import explain, run_read
from graph.database import Database
from graph.domain import classification_rank
from graph.errors import Forbidden, QueryRefused

__all__ = ["Console", "ConsoleObserver"]

# Told the outcome of every console query: "answered", or the reason it was refused.
ConsoleObserver = Callable[[str], None]


def _printable(text: str) -> str:
    """Text as the audit trail can store it (a lone surrogate becomes its escape)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Console:
    """The console of one app: the database, the row cap and the timeout."""

    def __init__(
        self,
        db: Database,
        *,
        max_rows: int = 1000,
        timeout: float = 10.0,
        observer: ConsoleObserver | None = None,
    ) -> None:
        self.db = db
        self.max_rows = max_rows
        self.timeout = timeout
        self.observer = observer

    def observe(self, outcome: str) -> None:
        if self.observer is not None:
            self.observer(outcome)

    def answer(self, actor: Actor, cypher: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """``{columns, rows, row_count, truncated, elapsed_ms}``, or the refusal raised."""
        checked: dict[str, Any] | None = None
        try:
            self._require_clearance(actor)
            text = check_text(cypher)
            checked = check_parameters(parameters)
            plan = explain(self.db, text, checked, timeout=self.timeout)
            check_plan(plan.query_type, plan.plan, self.db.database)
            start = time.perf_counter()
            result = run_read(self.db, text, checked, timeout=self.timeout, max_rows=self.max_rows)
            elapsed_ms = round((time.perf_counter() - start) * 1000, 1)
        except (QueryRefused, Forbidden) as e:
            reason = e.reason if isinstance(e, QueryRefused) else "clearance"
            self._audit(actor, cypher, parameters, checked, {"outcome": "refused", "reason": reason})
            self.observe(reason)
            raise
        outcome = {"outcome": "answered", "rows": len(result.rows), "truncated": result.truncated}
        self._audit(actor, cypher, parameters, checked, outcome)
        self.observe("answered")
        return {
            "columns": result.columns,
            "rows": result.rows,
            "row_count": len(result.rows),
            "truncated": result.truncated,
            "elapsed_ms": elapsed_ms,
        }

    def _require_clearance(self, actor: Actor) -> None:
        present = [row["classification"] for row in self.db.read("console_classifications")]
        highest = max((classification_rank(level) for level in present), default=-1)
        if highest > actor.clearance.rank:
            raise Forbidden(
                "the console reads the graph unfiltered, so it is open only to callers cleared for "
                f"everything in it; your clearance ({actor.clearance.value}) is not enough"
            )

    def _audit(
        self,
        actor: Actor,
        cypher: str,
        parameters: Mapping[str, Any],
        checked: dict[str, Any] | None,
        outcome: dict[str, Any],
    ) -> None:
        """One record per query, in a transaction of its own, visible at the caller's
        clearance. Parameters are kept when they passed the checks (bounded in size);
        otherwise only their names."""
        after: dict[str, Any] = {"query": _printable(cypher[:MAX_CYPHER_LENGTH])}
        if len(cypher) > MAX_CYPHER_LENGTH:
            after["query_length"] = len(cypher)
        if checked is not None:
            after["parameters"] = checked
        else:
            after["parameter_names"] = [_printable(str(name))[:64] for name in list(parameters)[:MAX_PARAMETERS]]
        after.update(outcome)
        audit.record_read(
            self.db, actor, "console", target_label="Console", target_id=_fingerprint(cypher), after=after
        )
