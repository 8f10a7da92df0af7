#!/usr/bin/env bash
# Try exlib on this machine: install what is missing, seed the sample library and course,
# and start the Dagster UI on http://127.0.0.1:3000 (Ctrl-C stops it).
#   scripts/run.sh          seed, then `dagster dev`
#   scripts/run.sh demo     seed and run the whole flow headless instead
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh

export EXLIB_HOME="${EXLIB_HOME:-$PWD/.exlib}"
export DAGSTER_HOME="${DAGSTER_HOME:-$EXLIB_HOME/dagster}"
mkdir -p "$DAGSTER_HOME"
cp dagster.yaml "$DAGSTER_HOME/dagster.yaml"

if [ "${1:-}" = "demo" ]; then
  exec .venv/bin/exlib demo
fi
.venv/bin/exlib sample seed
echo "Starting the Dagster UI on http://127.0.0.1:${DAGSTER_PORT:-3000} (state in $EXLIB_HOME)."
exec .venv/bin/dagster dev -h 127.0.0.1 -p "${DAGSTER_PORT:-3000}" -w workspace.yaml
