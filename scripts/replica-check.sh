#!/usr/bin/env bash
# Prove that Odoo 18 serves the add-on's read-only routes from a PostgreSQL
# read replica (--db_replica_host) and its writes from the primary.
#
#   scripts/replica-check.sh   (or: make replica-check)
#
# 1. A scratch database (demo data, sales_followup installed) on the main
#    cluster, the primary.
# 2. A streaming standby of the whole primary cluster: pg_basebackup -R with a
#    replication slot into var/replica-check/, started as a hot standby by the
#    `postgres` OS user on a free port of 127.0.0.1, logging every statement.
# 3. Odoo with --workers=2 and --db_replica_host/--db_replica_port pointing at
#    the standby; bench/replica_check.py logs in, generates a monthly report,
#    downloads its workbook and reads the add-on's lists, and for each request
#    shows which server ran its SQL. It prints a table and a verdict and fails
#    when a read-only route touched the primary or a write missed it.
#
# Everything is undone on exit, even on failure: Odoo and the standby
# stopped, the slot dropped, the database and var/replica-check/ removed. The
# primary must accept a physical replication connection from this role
# (pg_basebackup and the standby's WAL receiver need one); when no line of its
# pg_hba.conf allows it (`all` does not match `replication`), the script
# appends `local replication ROLE trust` for the time of the check, says so,
# and puts the file back byte for byte at the end. pg_basebackup copies the
# whole cluster, benchmark databases included: it stops early when the disk
# lacks room for a copy.
# Variables: REPLICA_DB (default sf_replica_check).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${REPLICA_DB:-sf_replica_check}
WORK=$VAR/replica-check
SLOT=sf_replica_check
HBA_MARK="# sales_followup scripts/replica-check.sh: removed when the check ends"
ODOO_LOG=$VAR/log/replica-check-odoo.log

say() { echo "replica-check: $*"; }
# A query on the primary, as psql connects by default (PGHOST, PGPORT...).
primary() { psql -d postgres -XAtqc "$1"; }

# The standby must not run as root: PostgreSQL refuses to.
if [ "$(id -u)" = 0 ]; then
    id postgres > /dev/null 2>&1 || die "no 'postgres' OS user to run the standby as: run this as the user that owns PostgreSQL's data."
    as_pg() { runuser -u postgres -- "$@"; }
    own_by_pg() { chown postgres: "$@"; }
else
    as_pg() { "$@"; }
    own_by_pg() { :; }
fi

# One check at a time on the machine: the slot and pg_hba.conf are shared.
exec 9> "${TMPDIR:-/tmp}/sales_followup-replica-check.lock"
flock -n 9 || die "another replica-check is running on this machine: wait for it to end."

# ---------------------------------------------------------------- prerequisites
primary "select 1" > /dev/null 2>&1 || die "psql cannot reach the main PostgreSQL cluster: set PGHOST/PGPORT/PGUSER as for the other scripts."
major=$(primary "select current_setting('server_version_num')::int / 10000")
bindir=/usr/lib/postgresql/$major/bin
[ -x "$bindir/postgres" ] || bindir=$(dirname "$(command -v postgres || echo /nonexistent/postgres)")
for tool in pg_basebackup pg_ctl postgres; do
    [ -x "$bindir/$tool" ] || die "$tool of PostgreSQL $major is missing: install the server package (postgresql-$major) or put its bin/ first in PATH."
done
"$bindir/postgres" --version | grep -q " $major\." || die "$bindir/postgres is not PostgreSQL $major like the primary: put PostgreSQL $major's bin/ first in PATH."
role=$(primary "select current_user")
[ "$(primary "select rolsuper or rolreplication from pg_roles where rolname = current_user")" = t ] \
    || die "role $role may not replicate: as a superuser run ALTER ROLE \"$role\" REPLICATION, then retry."
[ "$(primary "select current_setting('wal_level') <> 'minimal'")" = t ] \
    || die "the primary runs with wal_level = minimal: set wal_level = replica and restart it, then retry."
[ "$(primary "select current_setting('max_wal_senders')::int - count(*) >= 2 from pg_stat_replication")" = t ] \
    || die "the primary has fewer than 2 free WAL senders (max_wal_senders): raise it and restart, then retry."
[ "$(primary "select current_setting('max_replication_slots')::int > count(*) from pg_replication_slots")" = t ] \
    || die "the primary has no free replication slot (max_replication_slots): raise it and restart, then retry."

# ---------------------------------------------------------------- clean-up
hba=$(primary "show hba_file")
odoo_pid=

# Back to how the machine was: also what a run killed before its end left.
# Never rewrites pg_hba.conf unless it holds the script's line, and then in
# place (same file, owner and mode) and reloaded.
restore() {
    if [ -n "$odoo_pid" ]; then
        kill "$odoo_pid" 2> /dev/null || true
        wait "$odoo_pid" 2> /dev/null || true
        odoo_pid=
    fi
    if [ -f "$WORK/data/postmaster.pid" ]; then
        as_pg "$bindir/pg_ctl" -D "$WORK/data" -m fast -w stop > /dev/null 2>&1 \
            || as_pg "$bindir/pg_ctl" -D "$WORK/data" -m immediate -w stop > /dev/null 2>&1 || true
    fi
    local tries=0
    while [ "$(primary "select count(*) from pg_replication_slots where slot_name = '$SLOT'")" != 0 ]; do
        # Inactive once the standby's WAL receiver is gone (a moment after it stops).
        primary "select pg_drop_replication_slot('$SLOT') from pg_replication_slots where slot_name = '$SLOT' and not active" > /dev/null 2>&1 || true
        tries=$((tries + 1))
        [ "$tries" -lt 30 ] || { echo "replica-check: could not drop replication slot $SLOT: drop it with SELECT pg_drop_replication_slot('$SLOT')" >&2; break; }
        sleep 0.5
    done
    if grep -qF "$HBA_MARK" "$hba" 2> /dev/null; then
        if [ -n "${hba_sum:-}" ]; then  # this run's copy, byte for byte
            cat "$WORK/pg_hba.conf.orig" > "$hba"
            touch -r "$WORK/pg_hba.conf.orig" "$hba"
        else
            local kept
            kept=$(grep -vF "$HBA_MARK" "$hba" || true)
            printf '%s\n' "$kept" > "$hba"
        fi
        primary "select pg_reload_conf()" > /dev/null
        say "removed the replication line from $hba and reloaded the primary"
    fi
    drop_db "$DB"
    rm -rf "${WORK:?}"
}

# shellcheck disable=SC2317 # run by the EXIT trap
finish() {
    local status=$?
    set +e
    restore
    if [ -n "${hba_sum:-}" ] && [ "$(md5sum < "$hba")" != "$hba_sum" ]; then
        echo "replica-check: $hba differs from before the check: compare it with your backup" >&2
        status=1
    fi
    exit "$status"
}

restore
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- primary side
t0=$SECONDS
say "scratch database $DB (demo data, $MODULE installed)"
bash "$ROOT/scripts/newdb.sh" "$DB"

mkdir -p "$WORK"
own_by_pg "$WORK"
hba_sum=$(md5sum < "$hba")
cp -p "$hba" "$WORK/pg_hba.conf.orig"
replication_works() {
    as_pg psql "dbname=replication replication=true user=$role" -XAtqc "IDENTIFY_SYSTEM" > /dev/null 2>&1
}
if replication_works; then
    say "the primary already accepts replication connections from $role: pg_hba.conf left alone"
else
    [ -w "$hba" ] || die "the primary refuses replication connections from $role and $hba is not writable: add 'local replication $role trust' to it, run SELECT pg_reload_conf(), then retry."
    say "NOTE: the primary refuses replication connections from $role (no 'replication' line in $hba):"
    say "      appending 'local replication $role trust' and reloading; removed again when the check ends"
    [ -z "$(tail -c 1 "$hba")" ] || echo >> "$hba"
    printf 'local replication %s trust %s\n' "$role" "$HBA_MARK" >> "$hba"
    primary "select pg_reload_conf()" > /dev/null
    for _ in $(seq 20); do replication_works && break; sleep 0.25; done
    replication_works || die "the primary still refuses replication connections from $role after the reload (see its log)."
fi

need_kb=$(primary "select (sum(pg_database_size(oid)) / 1024)::bigint from pg_database")
free_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
[ "$free_kb" -gt $((need_kb + need_kb / 10 + 512 * 1024)) ] \
    || die "pg_basebackup copies the whole cluster ($((need_kb / 1024)) MB) and $WORK has only $((free_kb / 1024)) MB free: drop big databases (e.g. benchmark ones) or free disk space."

# ---------------------------------------------------------------- standby
say "pg_basebackup of the primary cluster ($((need_kb / 1024)) MB), slot $SLOT"
t1=$SECONDS
as_pg "$bindir/pg_basebackup" -D "$WORK/data" -U "$role" -R -X stream -C -S "$SLOT" -c fast -N \
    || die "pg_basebackup failed (messages above)."
backup_s=$((SECONDS - t1))

standby_port=$(free_port)
# The settings a hot standby needs at least as high as the primary's.
{
    for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
        echo "$name = $(primary "show $name")"
    done
    cat << EOF
port = $standby_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
hot_standby = on
shared_buffers = 32MB
logging_collector = off
log_statement = 'all'
log_line_prefix = '%m [%p] db=%d app=%a '
EOF
} > "$WORK/data/postgresql.conf"
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$WORK/data/pg_hba.conf"
: > "$WORK/data/pg_ident.conf"
own_by_pg "$WORK/data/postgresql.conf" "$WORK/data/pg_hba.conf" "$WORK/data/pg_ident.conf"
t1=$SECONDS
as_pg "$bindir/pg_ctl" -D "$WORK/data" -l "$WORK/standby.log" -w -t 120 start > /dev/null \
    || { tail -n 20 "$WORK/standby.log" >&2; die "the standby did not start (log above)."; }
say "standby on 127.0.0.1:$standby_port started in $((SECONDS - t1)) s (base backup: $backup_s s)"

# ---------------------------------------------------------------- Odoo
odoo_port=$(free_port)
say "Odoo --workers=2 on 127.0.0.1:$odoo_port, --db_replica_host=127.0.0.1 --db_replica_port=$standby_port (log: $ODOO_LOG)"
bash "$ROOT/scripts/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-interface=127.0.0.1 \
    --http-port="$odoo_port" --workers=2 --max-cron-threads=0 --limit-time-real=600 \
    --db_replica_host=127.0.0.1 --db_replica_port="$standby_port" > "$ODOO_LOG" 2>&1 &
odoo_pid=$!

"$PY" "$ROOT/bench/replica_check.py" --url "http://127.0.0.1:$odoo_port" --db "$DB" \
    --standby-port "$standby_port" --standby-log "$WORK/standby.log" --odoo-log "$ODOO_LOG" \
    --slot "$SLOT" --odoo-pid "$odoo_pid" \
    --commit "$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown)"
say "done in $((SECONDS - t0)) s; cleaning up"
