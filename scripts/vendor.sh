#!/usr/bin/env bash
# Refresh the graph library the map page loads (app/static/vendor/) from npm, at the pinned
# versions below. The page never fetches anything from the internet: these files are
# committed, and this script is how they are renewed (change a version, run `make vendor`,
# look at the diff, run the browser tests, commit).
#
# All four packages are named with exact versions, so that npm cannot pick a newer
# cose-base or layout-base than the ones tested (cytoscape-fcose asks for ^ ranges).
# --ignore-scripts: nothing from the registry runs on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

CYTOSCAPE=3.34.4
FCOSE=2.2.0
COSE_BASE=2.2.0
LAYOUT_BASE=2.0.1

dest=app/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo '{"private": true}' > "$work/package.json"
npm install --prefix "$work" --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error \
    "cytoscape@$CYTOSCAPE" "cytoscape-fcose@$FCOSE" "cose-base@$COSE_BASE" "layout-base@$LAYOUT_BASE"

modules=$work/node_modules
# The one copy of each dependency: fcose and cose-base must not have nested copies of
# their own, or the globals the page relies on would come from files we did not vendor.
for nested in "$modules/cytoscape-fcose/node_modules" "$modules/cose-base/node_modules"; do
    if [ -d "$nested" ]; then
        echo "unexpected nested dependencies in $nested: the pins no longer agree" >&2
        exit 1
    fi
done

check_version() {  # package expected-version
    local found
    found=$(node -p "require('$modules/$1/package.json').version")
    if [ "$found" != "$2" ]; then
        echo "$1: npm installed $found, expected $2" >&2
        exit 1
    fi
}
check_version cytoscape "$CYTOSCAPE"
check_version cytoscape-fcose "$FCOSE"
check_version cose-base "$COSE_BASE"
check_version layout-base "$LAYOUT_BASE"

rm -rf "$dest"
mkdir -p "$dest"
# Cytoscape ships a minified UMD build; the three layout packages ship only their UMD file.
cp "$modules/cytoscape/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$modules/layout-base/layout-base.js" "$dest/layout-base.js"
cp "$modules/cose-base/cose-base.js" "$dest/cose-base.js"
cp "$modules/cytoscape-fcose/cytoscape-fcose.js" "$dest/cytoscape-fcose.js"
for package in cytoscape layout-base cose-base cytoscape-fcose; do
    cp "$modules/$package/LICENSE" "$dest/LICENSE.$package"
done

{
    echo "# Vendored by scripts/vendor.sh (make vendor); loaded by app/static/index.html in this order."
    echo "# package version file sha256"
    for entry in "cytoscape $CYTOSCAPE cytoscape.min.js" "layout-base $LAYOUT_BASE layout-base.js" \
                 "cose-base $COSE_BASE cose-base.js" "cytoscape-fcose $FCOSE cytoscape-fcose.js"; do
        set -- $entry
        echo "$1 $2 $3 $(sha256sum "$dest/$3" | cut -d' ' -f1)"
    done
} > "$dest/VERSIONS"
cat "$dest/VERSIONS"
