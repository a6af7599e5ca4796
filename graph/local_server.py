"""A local Neo4j Community server run from Maven Central artifacts.

Used when no ``NEO4J_URI`` is given and no Docker engine answers. Maven resolves the
runtime classpath of ``neo4j-server.pom.xml`` (the one place the Neo4j version is
pinned) into the user's Maven cache once; the classpath itself is cached beside it, so
later starts skip Maven entirely. The server is launched directly on
``org.neo4j.server.CommunityEntryPoint`` with the JVM flags the Neo4j launcher would add.

Everything the server writes lives under one home directory (``.neo4j/`` in the project,
git-ignored): ``conf/neo4j.conf``, ``data/``, ``logs/``, ``run/neo4j.pid`` and
``password``, the generated password of the ``neo4j`` user, readable only by its owner.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graph.errors import LocalServerError

__all__ = ["LocalNeo4j", "ServerConfig", "ServerStatus", "neo4j_version"]

_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
)
_PRIVATE_UMASK = 0o077
_INSTALL_HINT = "install a JDK 17+ and Maven, e.g. `apt-get install openjdk-17-jdk-headless maven`"


def _pom() -> Path:
    return Path(str(resources.files("graph").joinpath("neo4j-server.pom.xml")))


def neo4j_version() -> str:
    """The Neo4j version pinned in the pom."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(_pom()).getroot()  # noqa: S314  # our own pom, shipped with the package
    node = root.find("m:properties/m:neo4j.version", ns)
    if node is None or not node.text:
        raise LocalServerError("neo4j-server.pom.xml does not pin neo4j.version")
    return node.text.strip()


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    home: Path
    port: int = 7687
    # Sized for a 2-core, 24 GiB machine shared with the API and its tests.
    heap: str = "2g"
    pagecache: str = "2g"
    # The server tells each client to give up on a read after this long without a word
    # (keep-alive every half of it, two probes): a frozen server cannot hold a request.
    stall_seconds: float = 4.0
    # The default bound of a transaction whose client sets none (the service always sets
    # its own, which takes precedence, also upwards: an import may run for an hour).
    transaction_timeout: str = "15m"
    start_timeout: float = 240.0
    stop_timeout: float = 90.0


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path
    version: str

    def describe(self) -> str:
        state = f"running (pid {self.pid})" if self.running else "stopped"
        return f"Neo4j {self.version} {state} at {self.uri}, home {self.home}"


class LocalNeo4j:
    """Start, stop and inspect one local server living in ``config.home``."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.home = config.home.resolve()

    # -- paths -----------------------------------------------------------------------
    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.config.port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @staticmethod
    def pid_file_of(home: Path) -> Path:
        """Where the server living in ``home`` writes its pid (the bench reads its memory)."""
        return home.resolve() / "run" / "neo4j.pid"

    @property
    def _pid_file(self) -> Path:
        return self.pid_file_of(self.home)

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    # -- public operations -------------------------------------------------------------
    def status(self) -> ServerStatus:
        pid = self._live_pid()
        running = pid is not None and _port_open(self.config.port)
        return ServerStatus(running, pid, self.uri, self.home, neo4j_version())

    def password(self) -> str:
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError as e:
            raise LocalServerError(f"no password file at {self.password_file}; run `kg neo4j start` first") from e

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One start or stop at a time per home, across processes."""
        (self.home / "run").mkdir(parents=True, exist_ok=True)
        with (self.home / "run" / "lifecycle.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def start(self) -> ServerStatus:
        """Start the server, or find the one already running; return once Bolt answers."""
        with self._exclusive():
            return self._start()

    def _start(self) -> ServerStatus:
        pid = self._live_pid()
        if pid is not None:
            self._wait_for_bolt(pid)
            return self.status()
        if _port_open(self.config.port):
            raise LocalServerError(
                f"port {self.config.port} is taken by another process; choose another with KG_NEO4J_PORT"
            )
        java = _require("java")
        classpath = self._classpath()
        self._make_private_dirs()
        self._refuse_plugins()
        self._write_config()
        self._ensure_initial_password(java, classpath)
        command = [
            java,
            f"-Xms{self.config.heap}",
            f"-Xmx{self.config.heap}",
            *_JVM_FLAGS,
            "-cp",
            classpath,
            _ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
            "--console-mode",
        ]
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives the `kg` process; stopped by `kg neo4j stop`
                env=self._java_env(),
                umask=_PRIVATE_UMASK,  # the store, logs and auth files it writes: owner only
            )
        self._pid_file.write_text(str(process.pid), encoding="utf-8")
        self._wait_for_bolt(process.pid)
        return self.status()

    def stop(self) -> bool:
        """Stop the server; return whether one was running."""
        with self._exclusive():
            return self._stop()

    def _stop(self) -> bool:
        pid = self._live_pid()
        if pid is None:
            self._pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.config.stop_timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while _alive(pid):
                if time.monotonic() > deadline:
                    raise LocalServerError(f"Neo4j (pid {pid}) did not exit even after SIGKILL")
                time.sleep(0.1)
        self._pid_file.unlink(missing_ok=True)
        return True

    # -- internals ----------------------------------------------------------------------
    def _make_private_dirs(self) -> None:
        """The home and everything Neo4j keeps in it, readable by the owner only (0700),
        also for a home made before this rule."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o700)
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            path = self.home / sub
            path.mkdir(exist_ok=True)
            path.chmod(0o700)

    def _refuse_plugins(self) -> None:
        plugins = sorted(p.name for p in (self.home / "plugins").iterdir())
        if plugins:
            raise LocalServerError(
                f"{self.home / 'plugins'} holds {', '.join(plugins)}; this server runs without plugins "
                "(the read-only console relies on Neo4j's built-in procedures only)"
            )

    def _live_pid(self) -> int | None:
        try:
            pid = int(self._pid_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return None
        if not _alive(pid):
            return None
        # A recycled pid belonging to something else is not our server.
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return None
        if _ENTRY_POINT not in cmdline or str(self.home) not in cmdline:
            return None
        return pid

    def _wait_for_bolt(self, pid: int) -> None:
        deadline = time.monotonic() + self.config.start_timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise LocalServerError(
                    f"Neo4j exited during start-up; the end of {self.console_log}:\n" + self._log_tail()
                )
            if _port_open(self.config.port) and self._bolt_answers():
                return
            time.sleep(0.25)
        raise LocalServerError(
            f"Neo4j did not answer on {self.uri} within {self.config.start_timeout:.0f}s; "
            f"the end of {self.console_log}:\n" + self._log_tail()
        )

    def _bolt_answers(self) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", self.password())) as driver:
                driver.verify_connectivity()
            return True
        except (DriverError, Neo4jError, OSError):
            return False

    def _log_tail(self, lines: int = 40) -> str:
        try:
            text = self.console_log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log written)"
        return "\n".join(text.splitlines()[-lines:])

    def _write_config(self) -> None:
        c = self.config
        settings = {
            "server.directories.data": self.home / "data",
            "server.directories.logs": self.home / "logs",
            "server.directories.run": self.home / "run",
            "server.directories.plugins": self.home / "plugins",
            "server.directories.import": self.home / "import",
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{c.port}",
            "server.bolt.advertised_address": f"127.0.0.1:{c.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.initial_size": c.heap,
            "server.memory.heap.max_size": c.heap,
            "server.memory.pagecache.size": c.pagecache,
            "db.tx_log.rotation.retention_policy": "1G size",
            "server.bolt.connection_keep_alive": f"{max(1, round(c.stall_seconds / 2))}s",
            "server.bolt.connection_keep_alive_for_requests": "ALL",
            "server.bolt.connection_keep_alive_probes": "2",
            # Hardening for the read-only console (issue 13), which runs an analyst's text:
            # a transaction may use at most half the heap (an eager query fails alone with
            # MemoryPoolOutOfMemoryError instead of starving the others) and, without a
            # timeout of its client, runs at most transaction_timeout.
            "db.memory.transaction.max": _half(c.heap),
            "db.transaction.timeout": c.transaction_timeout,
            # LOAD CSV reads no local file ...
            "dbms.security.allow_csv_import_from_file_urls": "false",
            # ... and reaches no address over http, https or ftp. There is no public setting
            # for this in Community: this one is internal and undocumented (accepted by
            # 5.26; a start with an unknown key fails, so a change would show at once).
            # The console's plan check (no LoadCSV operator) is the main defence.
            "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
            # No plugin gets unrestricted access (and _start refuses a plugins directory
            # that holds any: the console's procedure allowlist assumes the built-ins only).
            "dbms.security.procedures.unrestricted": "",
        }
        text = "# Written by `kg neo4j start`; edits are overwritten.\n" + "".join(
            f"{key}={value}\n" for key, value in settings.items()
        )
        (self.home / "conf" / "neo4j.conf").write_text(text, encoding="utf-8")

    def _ensure_initial_password(self, java: str, classpath: str) -> None:
        # The initial password only takes effect before the first start, i.e. while the
        # system database does not exist yet; afterwards the password file is the truth.
        if (self.home / "data" / "databases" / "system").exists():
            self.password()  # a server without its password file cannot be used
            return
        if not self.password_file.exists():
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # Never a leading "-": the admin tool would read the password as an option.
                handle.write("kg" + secrets.token_urlsafe(24) + "\n")
        result = subprocess.run(
            # "@file": the admin tool reads its arguments from the owner-only password file,
            # so the password never shows in the process list.
            [java, "-cp", classpath, _ADMIN_TOOL, "dbms", "set-initial-password", f"@{self.password_file}"],
            env=self._java_env(),
            umask=_PRIVATE_UMASK,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LocalServerError("setting the initial password failed:\n" + result.stdout + result.stderr)

    def _java_env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}

    def _classpath(self) -> str:
        pom = _pom()
        digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:16]
        cache = _cache_dir() / f"neo4j-{neo4j_version()}-{digest}.classpath"
        if cache.exists():
            classpath = cache.read_text(encoding="utf-8").strip()
            if classpath and all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
                return classpath
        mvn = _require("mvn")
        cache.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(pom),
                "dependency:build-classpath",
                f"-Dmdep.outputFile={cache}",
                "-Dmdep.includeScope=runtime",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not cache.exists():
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
            raise LocalServerError(f"Maven could not resolve Neo4j {neo4j_version()}:\n{tail}")
        return cache.read_text(encoding="utf-8").strip()


_SIZE = re.compile(r"^\s*([0-9]+)\s*([kKmMgG]?)\s*$")
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _half(size: str) -> str:
    """Half of a Neo4j memory size (``2g`` -> ``1024m``)."""
    match = _SIZE.match(size)
    if match is None:
        raise LocalServerError(f"{size!r} is not a memory size such as 2g or 512m")
    half = int(match.group(1)) * _UNITS[match.group(2).lower()] // 2
    return f"{max(1, half // 1024**2)}m"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lessons-graph"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise LocalServerError(f"`{tool}` was not found on PATH; {_INSTALL_HINT}")
    if tool == "java":
        _check_java_version(path)
    return path


def _check_java_version(java: str) -> None:
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise LocalServerError(f"Neo4j {neo4j_version()} needs Java 17 or newer (found {found}); {_INSTALL_HINT}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (our own, not yet reaped) is dead for our purposes.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] == "Z":
        with suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
