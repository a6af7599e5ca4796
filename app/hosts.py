"""Answer only requests addressed to this service: the ``Host`` header must be one of the
configured names, so that a web page cannot reach the service by DNS rebinding (a name it
controls, resolving to 127.0.0.1). Refusals take the one error shape."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import error_response

__all__ = ["TrustedHosts"]


class TrustedHosts:
    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {host.lower() for host in allowed}
        self.any = "*" in self.allowed

    def _host_allowed(self, scope: Scope) -> bool:
        host = Headers(scope=scope).get("host", "").lower()
        # The name without the port; an IPv6 literal keeps its brackets: "[::1]:8000".
        name = host[: host.find("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
        return name in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any or self._host_allowed(scope):
            await self.app(scope, receive, send)
            return
        message = "the Host header names a host this service does not answer for"
        details = [{"location": "header.host", "message": "set KG_ALLOWED_HOSTS to accept it"}]
        await error_response(400, "invalid_host", message, details)(scope, receive, send)
