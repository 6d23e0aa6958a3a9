#!/usr/bin/env bash
# Start Odoo on http://localhost:$PORT (default 8069) with database $DB
# (default sales_followup), demo data and admin/admin: what a real customer
# runs (Sales, CRM, Inventory, Surveys) with sales_followup and its bridges.
# The first run creates the database from the cached template and installs
# the add-ons; later runs upgrade them (-u), installing any new one, before
# serving. Ctrl-C stops the server.
#
#   scripts/run.sh [extra odoo-bin options]   (or: make run)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$ROOT/scripts/setup.sh"
PORT=${PORT:-8069}
DB=${DB:-$MODULE}

"$PY" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))' "$PORT" 2>/dev/null \
    || die "port $PORT is in use (another Odoo still running?): stop it, or choose another port with PORT=8070 make run."

update=()
if ! db_exists "$DB"; then
    echo "Creating database $DB with demo data, Sales, CRM, Inventory, Surveys and $ADDONS (the first time this takes a few minutes)..."
    NEWDB_PROGRESS=1 bash "$ROOT/scripts/newdb.sh" --all "$DB"
else
    installed=() missing=()
    for module in $ADDONS $DEMO_EXTRA_MODULES; do
        state=$(psql -d "$DB" -Atqc "select state from ir_module_module where name = '$module'" 2>/dev/null || true)
        if [ "$state" = installed ]; then installed+=("$module"); else missing+=("$module"); fi
    done
    modules() { local IFS=,; echo "$*"; }
    [ ${#installed[@]} = 0 ] || update+=(-u "$(modules "${installed[@]}")")
    [ ${#missing[@]} = 0 ] || update+=(-i "$(modules "${missing[@]}")")
fi

echo "Odoo on http://localhost:$PORT (database $DB, login admin / admin); Ctrl-C stops it."
exec "$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" "${update[@]}" "$@"
