#!/usr/bin/env bash
# Regenerate the translation template sales_followup/i18n/sales_followup.pot
# from the code, as Odoo exports it (fields, selections, views, menus, data,
# Python and JavaScript strings), from a database with the add-on and its
# demo data installed.
#
#   scripts/i18n.sh                 (or: make pot) on a throw-away database
#   DB=name scripts/i18n.sh         from an existing database (left as it is)
#   scripts/i18n.sh --export DB FILE   export DB's template to FILE (used by
#                                      scripts/test.sh to check the .pot)
#
# After regenerating, update the translations: new terms get an empty msgstr
# in zh_CN.po and zh_TW.po with
#   msgmerge -U --no-fuzzy-matching --backup=off sales_followup/i18n/zh_CN.po sales_followup/i18n/sales_followup.pot
# (gettext), or Odoo's own --i18n-export --language=zh_CN, and must then be
# translated: the tests check that no term is left untranslated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POT=$ROOT/$MODULE/i18n/$MODULE.pot

# Odoo writes the file named by --i18n-export; --language unset means a template.
export_pot() {
    local db=$1 out=$2 log=$VAR/log/i18n-export-$1.log
    if ! odoo_bin -d "$db" --i18n-export="$out" --modules="$MODULE" \
        --stop-after-init --no-http --log-level=warn > "$log" 2>&1; then
        echo "i18n: the export from $db failed; end of $log:" >&2
        tail -n 30 "$log" >&2
        return 1
    fi
    [ -s "$out" ] || { echo "i18n: the export from $db wrote nothing (log: $log)" >&2; return 1; }
}

if [ "${1:-}" = --export ]; then
    [ $# = 3 ] || die "usage: $0 --export DB FILE"
    export_pot "$2" "$3"
    exit 0
fi

bash "$ROOT/scripts/setup.sh"
mkdir -p "$(dirname "$POT")"
tmp=$(mktemp "$VAR/$MODULE.XXXXXX.pot")
if [ -n "${DB:-}" ]; then
    export_pot "$DB" "$tmp"
else
    db=${MODULE}_pot_$$
    trap 'drop_db "$db"; rm -f "$tmp"' EXIT
    echo "i18n: database $db with $MODULE and demo data..."
    bash "$ROOT/scripts/newdb.sh" "$db"
    export_pot "$db" "$tmp"
fi
mv -f "$tmp" "$POT"
echo "i18n: $POT ($(grep -c '^msgid ' "$POT") terms)"
