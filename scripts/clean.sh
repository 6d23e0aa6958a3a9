#!/usr/bin/env bash
# Drop the databases that interrupted test runs left behind
# (sales_followup_test_*, sales_followup_e2e_*) and the logs and reports in
# var/. Leaves alone the development database, its filestore, and the
# template cache (see clean-cache.sh). Do not run it while tests run.
#
#   scripts/clean.sh   (or: make clean)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

leftovers=$(psql -d postgres -Atqc \
    "select datname from pg_database where datname ~ '^${MODULE}_(test|e2e)_'")
for db in $leftovers; do
    echo "dropping leftover test database $db"
    drop_db "$db"
done
rm -rf "${VAR:?}/log" "$VAR"/*.xml "$VAR"/test-summary.txt
