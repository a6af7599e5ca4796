"""Which Chromium drives the map, and how: shared by the browser tests (``tests/test_ui.py``)
and the map's benchmark (``bench/ui.py``), so both measure the same browser.

Debian's Chromium, never Playwright's own download (it cannot work on these machines).
"""

from __future__ import annotations

import os
import shutil

__all__ = ["HOW_TO_INSTALL", "LAUNCH_ARGS", "find_chromium"]

# As researched for Debian's Chromium in a container: no sandbox (root), no GPU, and no
# background traffic of the browser's own.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_INSTALL = (
    "No Chromium found for the browser tests. `make test` installs Debian's package when it runs "
    "as root (or with password-less sudo) and apt-get is available; otherwise install it yourself: "
    "`apt-get install -y chromium` as root, or set KG_CHROMIUM to a Chromium or Chrome binary."
)


def find_chromium() -> str | None:
    """The first of: $KG_CHROMIUM, Debian's binary (not its shell wrapper), chromium on the PATH."""
    candidates = [
        os.environ.get("KG_CHROMIUM"),
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)
