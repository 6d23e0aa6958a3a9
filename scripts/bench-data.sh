#!/usr/bin/env bash
# Make the benchmark databases, filled by bench/generate.py at scale SCALE:
#   $BENCH_DB_core  Odoo's sale and the generated core data (customers,
#                   salespeople, orders), without sales_followup;
#   $BENCH_DB       a copy of it with sales_followup installed and its data
#                   (plan steps, interactions, reminders).
# Both come from the cached template (scripts/newdb.sh --deps-only), so they
# hold the same data but for the add-on. Existing databases of those names
# are dropped first.
#
#   scripts/bench-data.sh [SCALE]   (or: make bench-data SCALE=small|medium|large|full)
# Variables: BENCH_DB (default sf_bench), SEED (default 42).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALE=${1:-${SCALE:-small}}
BENCH_DB=${BENCH_DB:-sf_bench}
SEED=${SEED:-42}
core=${BENCH_DB}_core
log=$VAR/log/bench-data-$BENCH_DB.log
: > "$log"

generate() {
    "$VENV/bin/click-odoo" -c "$ODOO_CONF" --addons-path "$ADDONS_PATH" -d "$1" \
        --log-level warn -- "$ROOT/bench/generate.py" --scale "$SCALE" --seed "$SEED" --part "$2" \
        2>> "$log" || die "bench/generate.py --part $2 failed on $1 (log: $log)"
}

t0=$SECONDS
drop_db "$BENCH_DB"
drop_db "$core"
bash "$ROOT/scripts/newdb.sh" --deps-only "$core"
generate "$core" core
psql -d postgres -qc "VACUUM" >/dev/null 2>&1 || true
createdb -T "$core" "$BENCH_DB"
echo "installing $MODULE on $BENCH_DB"
odoo_bin -d "$BENCH_DB" -i "$MODULE" --stop-after-init --no-http >> "$log" 2>&1 \
    || die "could not install $MODULE in $BENCH_DB (log: $log)"
generate "$BENCH_DB" followup
psql -d "$BENCH_DB" -qc "VACUUM ANALYZE" >/dev/null
echo "bench databases $core and $BENCH_DB ready at scale $SCALE in $((SECONDS - t0)) s"
