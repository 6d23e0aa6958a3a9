#!/usr/bin/env bash
# Retake the README's screenshots (docs/screenshots/*.png): a fresh demo
# database with Simplified and Traditional Chinese loaded and the reminder
# action run once (so late steps show as overdue), a server on a free port,
# then scripts/screenshots.py drives headless Chromium through the screens.
#
#   scripts/screenshots.sh          (or: make screenshots)
# Variables: DB (default sales_followup_shots, dropped at the end unless
# KEEP_DB=1), OUT (default docs/screenshots).
#
# The Chinese screens need a CJK font: installed with apt-get when run as
# root (fonts-wqy-microhei), otherwise they are skipped with a warning.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$ROOT/scripts/setup.sh"
DB=${DB:-${MODULE}_shots}
OUT=${OUT:-$ROOT/docs/screenshots}
log=$VAR/log/screenshots-server.log

langs=(--lang zh_CN --lang zh_TW)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "screenshots: installing a Chinese font (fonts-wqy-microhei)..."
        apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null; }
    else
        echo "screenshots: no Chinese font (install fonts-wqy-microhei or fonts-noto-cjk): skipping the Chinese screens." >&2
        langs=()
    fi
fi

server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ "${KEEP_DB:-0}" != 1 ]; then
        drop_db "$DB"
    fi
}
trap cleanup EXIT

drop_db "$DB"
echo "screenshots: database $DB with demo data..."
bash "$ROOT/scripts/newdb.sh" "$DB"
# Chinese for the web client and the add-on; late steps marked overdue.
odoo_bin -d "$DB" --load-language=zh_CN,zh_TW --stop-after-init --no-http \
    --log-level=warn > "$VAR/log/screenshots-setup.log" 2>&1
"$PY" "$ODOO_PATH/odoo-bin" shell "${ODOO_ARGS[@]}" -d "$DB" --no-http --log-level=warn \
    >> "$VAR/log/screenshots-setup.log" 2>&1 <<'PY'
env["ir.module.module"]._load_module_terms(["sales_followup"], ["zh_CN", "zh_TW"], overwrite=True)
env["sales_followup.step"]._cron_followup_reminders()
env.cr.commit()
PY

port=$(free_port)
# odoo-bin itself in the background (not a shell function: $! must be its pid).
"$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$port" --workers=0 --max-cron-threads=0 \
    > "$log" 2>&1 &
server=$!
for _ in $(seq 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/web/login?db=$DB" && break
    kill -0 "$server" 2>/dev/null || die "the server stopped (log: $log)"
    sleep 1
done

"$PY" "$ROOT/scripts/screenshots.py" --url "http://127.0.0.1:$port" --db "$DB" --out "$OUT" "${langs[@]}"
