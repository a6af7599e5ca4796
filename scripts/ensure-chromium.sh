#!/usr/bin/env bash
# The browser tests (tests/test_ui.py) drive Debian's Chromium through Playwright; Playwright's
# own browser download is not used. `make test` runs this first: when no Chromium is found
# and this machine allows it (root, or password-less sudo, with apt-get), it installs
# Debian's `chromium` package. When it cannot, it says how and carries on, so the rest of
# the suite still runs and the browser tests fail with the same instructions.
#
# The candidates, in order, are the ones tests/test_ui.py looks for: $KG_CHROMIUM, Debian's
# binary, then chromium / chromium-browser on the PATH.
set -euo pipefail

find_chromium() {
    local candidate
    for candidate in "${KG_CHROMIUM:-}" /usr/lib/chromium/chromium /usr/bin/chromium \
                     "$(command -v chromium || true)" "$(command -v chromium-browser || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if found=$(find_chromium); then
    exit 0
fi

# Who may install: root itself, or a user with password-less sudo.
if [ "$(id -u)" = 0 ]; then
    how=root
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    how=sudo
else
    how=""
fi
as_root() {
    if [ "$how" = sudo ]; then sudo -n "$@"; else "$@"; fi
}

if [ -n "$how" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium for the browser tests is missing: installing Debian's chromium package (about 30 s) ..."
    if as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; then
        if found=$(find_chromium); then
            echo "Chromium installed: $found"
            exit 0
        fi
    fi
    echo "apt-get could not install chromium (see above)." >&2
fi

cat >&2 <<'MESSAGE'
No Chromium found for the browser tests (tests/test_ui.py), and it could not be installed here.
Install Debian's package as root:   apt-get install -y chromium
or point KG_CHROMIUM at a Chromium or Chrome binary:   KG_CHROMIUM=/path/to/chromium make test
The other tests run; the browser tests will fail until a Chromium is found.
MESSAGE
exit 0
