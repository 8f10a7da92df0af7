#!/usr/bin/env bash
# Run the test suite (default: all of it, quietly); arguments go straight to pytest.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/bootstrap.sh

if (($# == 0)); then
    # The whole suite on two workers, each with its own PostgreSQL, S3 server and git daemons; a
    # module's tests stay on one worker, so its module-scoped set-up starts once.
    set -- -q -n 2 --dist loadfile
fi
# The cache provider would write .pytest_cache into the checkout; CI runs on a clean clone anyway.
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
