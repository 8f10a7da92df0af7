#!/usr/bin/env bash
# Idempotent setup: system packages, .venv, and the project installed into it.
# Quiet when there is nothing to do; on failure, prints the failing command's output.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
STAMP="$VENV/.exlib-pyproject.sha256"

die() { echo "bootstrap: $*" >&2; exit 1; }

# Run a command with its output captured; show it only if the command fails.
quiet() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        echo "bootstrap: command failed: $*" >&2
        cat "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
}

# --- system packages ------------------------------------------------------

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
# chromium and its driver: the UI test drives the Dagster UI in a real headless browser.
for pkg in postgresql postgresql-contrib chromium chromium-driver; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        die "missing system packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
    fi
    command -v apt-get >/dev/null 2>&1 \
        || die "missing system packages: ${missing[*]}, and no apt-get here; install git, PostgreSQL (with contrib/ltree), chromium and chromium-driver by hand"
    quiet "${sudo[@]}" apt-get update
    quiet "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- virtualenv -----------------------------------------------------------

# pyproject.toml: requires-python = ">=3.11,<3.13"
supported() { "$1" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))' >/dev/null 2>&1; }

if ! supported "$VENV/bin/python"; then
    python=
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then
            python=$candidate
            break
        fi
    done
    [[ -n $python ]] || die "need Python 3.11 or 3.12 (python3.11 or python3); install python3.11 and python3.11-venv"
    rm -rf "$VENV"
    quiet "$python" -m venv "$VENV"
    rm -f "$STAMP"
fi

# --- project install, only when pyproject.toml changed -------------------

# Two commands started at once (say, the UI and the tests) must not run pip into one venv together.
exec 9>"$VENV/.exlib-install.lock"
flock 9
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
have=$(cat "$STAMP" 2>/dev/null || true)
if [[ $want != "$have" ]]; then
    quiet "$VENV/bin/python" -m pip install --quiet --upgrade pip
    quiet "$VENV/bin/python" -m pip install --quiet -e ".[test]"
    echo "$want" >"$STAMP"
fi
flock -u 9
