#!/bin/sh
# CI check for the packaged app: builds the jpackage app-image (no installer, ~1.5 min on 2 cores),
# then starts it headless under Xvfb with --smoke-test (opens every workspace, exits 0).
# Run from anywhere; exits non-zero if the build or the smoke test fails.
set -eu
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
    sh packaging/linux/prereqs.sh
elif ! command -v xvfb-run >/dev/null 2>&1; then
    echo "ci-smoke: xvfb-run is missing; run packaging/linux/prereqs.sh as root first" >&2
    exit 1
fi

mvn -B -q -Ppackage -DskipTests -Dinstaller.type=none package

launcher=target/dist/kiln/bin/kiln
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Throw-away XDG folders: the smoke test must not touch (or depend on) the CI user's settings and logs.
# (Java takes user.home from the password database, not $HOME, so HOME alone would not do.)
output="$work/output.txt"
status=0
XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" timeout 120 \
    xvfb-run -a -s "-screen 0 1400x900x24" "$launcher" --smoke-test --db "$work/smoke.duckdb" >"$output" 2>&1 || status=$?
cat "$output"
if [ "$status" -ne 0 ]; then
    echo "ci-smoke: the packaged app's smoke test failed (exit $status); its log:" >&2
    cat "$work"/state/kiln/logs/kiln.log >&2 2>/dev/null || true
    exit 1
fi
if grep -q "Unsupported JavaFX configuration" "$output"; then
    echo "ci-smoke: JavaFX is not on the module path of the packaged runtime" >&2
    exit 1
fi
if [ ! -s "$work/state/kiln/logs/kiln.log" ]; then
    echo "ci-smoke: the packaged app wrote no log to \$XDG_STATE_HOME/kiln/logs" >&2
    exit 1
fi
echo "ci-smoke: packaged app passed ($(du -sh target/dist/kiln | cut -f1) app-image)"
