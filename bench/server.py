"""The service under test: the real FastAPI app under uvicorn, in a subprocess.

A subprocess (not a thread) so that the server has its own interpreter and GIL: the
load-generating clients of the concurrency measurement would otherwise compete with the
server for one GIL and the numbers would measure the harness. The connection reaches the
child through its environment (never its command line, where ``ps`` would show the
password); the child builds ``Settings`` from it explicitly and calls ``create_app``.

Run as ``python -m bench.server --port N`` only by ``ApiServer``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

from graph.database import ConnectionInfo

__all__ = ["ApiServer"]

_ENV_KEYS = (
    "BENCH_NEO4J_URI",
    "BENCH_NEO4J_USER",
    "BENCH_NEO4J_PASSWORD",
    "BENCH_NEO4J_DATABASE",
    "BENCH_AUTH_KEY_FILE",
    "BENCH_ANSWER_CACHE",
)


class ApiServer:
    """Start the API on 127.0.0.1:<port> in a child process; stop it on exit."""

    def __init__(
        self,
        info: ConnectionInfo,
        port: int,
        *,
        key_file: Path,
        answer_cache: bool = True,
        start_timeout: float = 120.0,
    ) -> None:
        self.info = info
        self.port = port
        self.key_file = key_file
        self.answer_cache = answer_cache
        self.start_timeout = start_timeout
        self.base_url = f"http://127.0.0.1:{port}"
        self._process: subprocess.Popen[bytes] | None = None
        fd, name = tempfile.mkstemp(prefix="kg-bench-api-", suffix=".log")
        os.close(fd)
        self._log = Path(name)

    def __enter__(self) -> ApiServer:
        env = {
            **os.environ,
            "BENCH_NEO4J_URI": self.info.uri,
            "BENCH_NEO4J_USER": self.info.user,
            "BENCH_NEO4J_PASSWORD": self.info.password,
            "BENCH_NEO4J_DATABASE": self.info.database,
            "BENCH_AUTH_KEY_FILE": str(self.key_file),
            "BENCH_ANSWER_CACHE": "true" if self.answer_cache else "false",
        }
        # The service must not pick up a NEO4J_* of the caller's shell instead of ours.
        for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            env.pop(key, None)
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603  # this interpreter, our own module
                [sys.executable, "-m", "bench.server", "--port", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=Path(__file__).resolve().parent.parent,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        if exc_type is None:
            self._log.unlink(missing_ok=True)  # kept after a failure, for its traceback

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the API exited during start-up (log {self._log}):\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/ready", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the API was not ready within {self.start_timeout:.0f}s:\n{self.log_tail()}")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self._log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _serve(port: int) -> None:
    import uvicorn
    from pydantic import SecretStr

    from app.main import create_app
    from app.settings import Settings

    settings = Settings(
        neo4j_uri=os.environ["BENCH_NEO4J_URI"],
        neo4j_user=os.environ["BENCH_NEO4J_USER"],
        neo4j_password=SecretStr(os.environ["BENCH_NEO4J_PASSWORD"]),
        neo4j_database=os.environ["BENCH_NEO4J_DATABASE"],
        auth_key_file=Path(os.environ["BENCH_AUTH_KEY_FILE"]),
        answer_cache=os.environ["BENCH_ANSWER_CACHE"] == "true",
        allowed_hosts=["127.0.0.1"],
        host="127.0.0.1",
        port=port,
    )
    for key in _ENV_KEYS:
        os.environ.pop(key, None)
    # No access log: writing one line per request would be part of every measured latency.
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    _serve(parser.parse_args().port)
