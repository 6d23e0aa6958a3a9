#!/usr/bin/env bash
# Create database NAME with demo data and sales_followup installed, quietly.
#
#   scripts/newdb.sh [--all | --addons LIST] [--deps-only] NAME
#
# --all: every add-on of the repository (sales_followup and its bridges) and
# what a real customer runs beside them (the Sales app, CRM, Inventory,
# Surveys: the bridges' dependencies), as `make run` shows them; without it,
# sales_followup alone on its own dependencies. --addons LIST: sales_followup
# and the bridges in LIST (comma-separated, e.g. sales_followup_crm) on their
# own dependencies only (CRM without Inventory or Surveys), from a template
# of their own.
#
# The add-on's dependencies (its manifest's 'depends') come from a cached
# template database managed by click-odoo-initdb: the first run installs them
# (~90 s), later runs copy the template (seconds). The template never holds
# sales_followup itself, whose code changes all the time; it is installed on
# the copy, unless --deps-only is given (the test run installs it itself, with
# its tests). Prints nothing on success; on failure, drops NAME and shows the
# end of the log kept in var/log/newdb-NAME.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

deps_only=0
addons=$MODULE
extra=
usage="usage: $0 [--all | --addons LIST] [--deps-only] NAME"
while [ $# -gt 1 ]; do
    case $1 in
        --deps-only) deps_only=1 ;;
        --all) addons=$ADDONS extra=$DEMO_EXTRA_MODULES ;;
        --addons)
            [ $# -gt 2 ] || die "$usage"
            addons="$MODULE ${2//,/ }"
            shift
            ;;
        *) die "unknown option $1 ($usage)" ;;
    esac
    shift
done
[ $# = 1 ] || die "$usage"
db=$1
[[ $db =~ ^[A-Za-z][A-Za-z0-9_]*$ ]] || die "invalid database name '$db': use letters, digits and underscores."
db_exists "$db" && die "database $db already exists: drop it first (scripts/dropdb.sh $db)."

log=$VAR/log/newdb-$db.log
: > "$log"

fail() {
    echo "newdb: $1 (log: $log):" >&2
    tail -n 40 "$log" >&2
    drop_db "$db"
    exit 1
}

# shellcheck disable=SC2086 # the add-ons are a list of words
# Append the output to the log; with NEWDB_PROGRESS=1 (make run), also say
# which module is being installed, on one line rewritten in a terminal.
to_log() {
    if [ "${NEWDB_PROGRESS:-0}" != 1 ]; then
        cat >> "$log"
        return
    fi
    local line
    while IFS= read -r line; do
        printf '%s\n' "$line" >> "$log"
        if [[ $line =~ Loading\ module\ ([a-z0-9_]+)\ \(([0-9]+)/([0-9]+)\) ]]; then
            if [ -t 2 ]; then
                printf '\r  installing %-50s' "${BASH_REMATCH[1]} (${BASH_REMATCH[2]}/${BASH_REMATCH[3]})" >&2
            else
                echo "  installing ${BASH_REMATCH[1]} (${BASH_REMATCH[2]}/${BASH_REMATCH[3]})" >&2
            fi
        fi
    done
    if [ -t 2 ]; then printf '\r%-70s\r' '' >&2; fi
}

deps=$(module_depends $addons)
for module in $extra; do
    [[ ",$deps," == *",$module,"* ]] || deps=$deps,$module
done
echo "+ click-odoo-initdb -n $db -m $deps --demo (cache prefix $CACHE_PREFIX)" >> "$log"
"$VENV/bin/click-odoo-initdb" -c "$ODOO_CONF" --addons-path "$ADDONS_PATH" \
    -n "$db" -m "$deps" --demo \
    --cache-prefix "$CACHE_PREFIX" --cache-max-size "$CACHE_MAX_SIZE" \
    --cache-max-age "$CACHE_MAX_AGE" --log-level info 2>&1 | to_log \
    || fail "could not create database $db with $deps"

if [ "$deps_only" = 1 ]; then
    exit 0
fi

modules=${addons// /,}
echo "+ odoo-bin -d $db -i $modules --stop-after-init" >> "$log"
odoo_bin -d "$db" -i "$modules" --stop-after-init --no-http 2>&1 | to_log \
    || fail "could not install $modules in $db"
for module in $addons; do
    state=$(psql -d "$db" -Atqc "select state from ir_module_module where name = '$module'")
    [ "$state" = installed ] || fail "$module is '$state' in $db, not installed"
done
