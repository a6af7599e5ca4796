"""Routes whose models are made at run time (one per label, one per relationship type):
typed with a base class for the type checker, while FastAPI reads the real classes from
the signature set here."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["with_annotations"]

F = TypeVar("F", bound=Callable[..., Any])


def with_annotations(func: F, **annotations: Any) -> F:
    """``func`` with the given parameter annotations in its signature; register the route
    after this, since FastAPI reads a signature when it registers the route."""
    signature = inspect.signature(func)
    parameters = [
        p.replace(annotation=annotations[p.name]) if p.name in annotations else p for p in signature.parameters.values()
    ]
    setattr(func, "__signature__", signature.replace(parameters=parameters))  # noqa: B010  # not a plain attribute for mypy
    return func
