#!/usr/bin/env bash
# Lint the add-on and the e2e suite: ruff check, ruff format --check (both on
# sales_followup/, tests/ and bench/) and pylint with pylint-odoo (.pylintrc) on
# sales_followup/. Every tool runs even when an earlier one failed.
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

check "ruff check" "$VENV/bin/ruff" check --no-cache "$MODULE" tests bench
check "ruff format" "$VENV/bin/ruff" format --no-cache --check "$MODULE" tests bench
check "pylint-odoo" "$VENV/bin/pylint" --rcfile=.pylintrc "$MODULE"
exit "$failed"
