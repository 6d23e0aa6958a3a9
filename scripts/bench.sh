#!/usr/bin/env bash
# Run the benchmark (bench/run.py) on the databases of scripts/bench-data.sh,
# making them first at scale SCALE when they do not exist. Prints the table
# of figures beside their references and keeps it in var/bench-results.md.
#
#   scripts/bench.sh   (or: make bench SCALE=small ITEMS=1,2,3,4,5,6,7)
# Variables: BENCH_DB (default sf_bench), SCALE (default small), ITEMS,
# ROUNDS (item 1, default 7), STEPS (item 2, default 50000), RPC_SECONDS (item 6:
# how long each kind of JSON-RPC call runs, for 4 and for 20 clients, default 60).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DB=${BENCH_DB:-sf_bench}
SCALE=${SCALE:-small}
ITEMS=${ITEMS:-1,2,3,4,5,6,7}
# Item 7 (the detector) alone needs no database.
if [ "$ITEMS" != 7 ] && { ! db_exists "$BENCH_DB" || ! db_exists "${BENCH_DB}_core"; }; then
    BENCH_DB=$BENCH_DB bash "$ROOT/scripts/bench-data.sh" "$SCALE"
fi
"$PY" "$ROOT/bench/run.py" -c "$ODOO_CONF" --addons-path "$ADDONS_PATH" \
    --db "$BENCH_DB" --core-db "${BENCH_DB}_core" --items "$ITEMS" \
    --rpc-seconds "${RPC_SECONDS:-60}" --rounds "${ROUNDS:-7}" --steps "${STEPS:-50000}" --output "$VAR/bench-results.md"
