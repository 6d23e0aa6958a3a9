#!/usr/bin/env bash
# Lint the add-ons and the e2e suite: ruff check, ruff format --check (both on
# sales_followup/, its bridges, tests/ and bench/) and pylint with pylint-odoo
# (.pylintrc) on the add-ons. Every tool runs even when an earlier one failed.
#
#   scripts/lint.sh        # expects scripts/setup.sh to have run
#
# Exit status: the number of tools that failed (0 = all clean).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

failed=0
check() {
    local name=$1
    shift
    echo "--- lint: $name"
    if "$@"; then
        echo "--- lint: $name passed"
    else
        echo "--- lint: $name FAILED"
        failed=$((failed + 1))
    fi
}

# shellcheck disable=SC2086 # the add-ons are a list of words
check "ruff check" "$VENV/bin/ruff" check --no-cache $ADDONS tests bench
# shellcheck disable=SC2086
check "ruff format" "$VENV/bin/ruff" format --no-cache --check $ADDONS tests bench
# shellcheck disable=SC2086
check "pylint-odoo" "$VENV/bin/pylint" --rcfile=.pylintrc $ADDONS
exit "$failed"
