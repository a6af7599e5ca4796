"""The coordinators' map: the page at ``/`` and its static files under ``/static``.

The page is plain HTML, CSS and JavaScript from ``app/static`` (the graph library vendored
in ``app/static/vendor`` by ``scripts/vendor.sh``), served by the service itself, so there
is no second server and nothing is fetched from elsewhere. It holds no data: after sign-in
it asks the public API with the caller's credential, so a caller sees exactly their visible
graph. Serving it needs no credential (the page asks for one), and it is left out of the
OpenAPI document: it is not part of the API contract, the authorisation matrix or the
schema-driven tests.

Every answer carries a strict Content-Security-Policy: scripts, styles and connections from
this origin only, no inline script or style, no framing.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "install"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # cy.png() draws to a canvas and hands back a blob: or data: URL for the download.
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Revalidate every time (ETag / Last-Modified): a new release is picked up at once.
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers=_HEADERS)


class _WithHeaders:
    """The static files with the page's security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *((k.lower().encode(), v.encode()) for k, v in _HEADERS.items()),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Serve the page at ``/`` and its files at ``/static``."""
    app.include_router(router)
    app.mount("/static", _WithHeaders(StaticFiles(directory=STATIC_DIR)), name="static")
