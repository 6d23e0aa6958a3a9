# Shared settings and helpers, sourced by the other scripts (not run directly).
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-/opt/odoo/18.0}
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
MODULE=sales_followup
# The bridge add-ons beside it (sales_followup_crm, _stock, _survey...), each
# auto-installed with its Odoo module: every sales_followup_* directory with a
# manifest.
BRIDGES=$(cd "$ROOT" && for manifest in "$MODULE"_*/__manifest__.py; do
    if [ -f "$manifest" ]; then echo "${manifest%/__manifest__.py}"; fi
done | sort | xargs)
ADDONS="$MODULE${BRIDGES:+ $BRIDGES}"
# What a real customer runs beside them (the Sales app), installed in the
# demo database of `make run`.
DEMO_EXTRA_MODULES=sale_management
VAR=$ROOT/var
# Everything Odoo writes (filestore, sessions) stays in the repo's var/.
DATA_DIR=$VAR/data
ADDONS_PATH=$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$ROOT
# Template databases of the cache are named "$CACHE_PREFIX-<date>-<hash>"
# (click-odoo-initdb drops any database named like that when trimming).
CACHE_PREFIX=${CACHE_PREFIX:-sfuptmpl}
CACHE_MAX_SIZE=${CACHE_MAX_SIZE:-4}
CACHE_MAX_AGE=${CACHE_MAX_AGE:-30}

mkdir -p "$VAR/log" "$DATA_DIR"

die() { echo "${0##*/}: $*" >&2; exit 1; }

odoo_bin() { "$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" "$@"; }

# The dependencies of the add-ons given (default: sales_followup), read from
# their manifests, without the project's own add-ons: "sale,mail,resource".
module_depends() {
    "$PY" -c 'import ast, os, sys
root, own = sys.argv[1], set(sys.argv[2].split())
deps = []
for module in sys.argv[3:]:
    manifest = ast.literal_eval(open(os.path.join(root, module, "__manifest__.py")).read())
    deps += [dep for dep in manifest.get("depends") or ["base"] if dep not in own and dep not in deps]
print(",".join(deps))' "$ROOT" "$ADDONS" "${@:-$MODULE}"
}

# A TCP port nobody listens on right now.
free_port() {
    "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

db_exists() {
    [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# Drop a database and its filestore; quiet, and fine if it does not exist.
drop_db() {
    dropdb --if-exists --force "$1" 2>/dev/null || dropdb --if-exists "$1" || true
    rm -rf "${DATA_DIR:?}/filestore/$1"
}

# click-odoo-initdb takes no --data-dir option: give it a config file.
write_odoo_conf() {
    local conf=$VAR/odoo.conf tmp
    tmp=$(mktemp "$VAR/odoo.conf.XXXXXX")
    printf '[options]\naddons_path = %s\ndata_dir = %s\n' "$ADDONS_PATH" "$DATA_DIR" > "$tmp"
    mv -f "$tmp" "$conf"
    echo "$conf"
}

# Options every Odoo command of the project gets. The config file keeps
# Odoo (and click-odoo) from reading a personal ~/.odoorc.
ODOO_CONF=$(write_odoo_conf)
ODOO_ARGS=(-c "$ODOO_CONF" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR")
