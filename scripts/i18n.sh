#!/usr/bin/env bash
# Regenerate each add-on's translation template, <add-on>/i18n/<add-on>.pot,
# from the code, as Odoo exports it (fields, selections, views, menus, data,
# Python and JavaScript strings), from a database with the add-ons and their
# demo data installed: sales_followup's from a database with it alone (as the
# test run checks it), the bridges' from one with every add-on.
#
#   scripts/i18n.sh                 (or: make pot) on throw-away databases
#   scripts/i18n.sh --export DB FILE [MODULE]
#                                   export MODULE's template (default
#                                   sales_followup) from DB to FILE (used by
#                                   scripts/test.sh to check the .pot files)
#
# After regenerating, update the translations: new terms get an empty msgstr
# in zh_CN.po and zh_TW.po with
#   msgmerge -U --no-fuzzy-matching --backup=off ADDON/i18n/zh_CN.po ADDON/i18n/ADDON.pot
# (gettext), or Odoo's own --i18n-export --language=zh_CN, and must then be
# translated: the tests check that no term is left untranslated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Odoo writes the file named by --i18n-export; --language unset means a template.
export_pot() {
    local db=$1 out=$2 module=${3:-$MODULE} log=$VAR/log/i18n-export-$1-${3:-$MODULE}.log
    if ! odoo_bin -d "$db" --i18n-export="$out" --modules="$module" \
        --stop-after-init --no-http --log-level=warn > "$log" 2>&1; then
        echo "i18n: the export of $module from $db failed; end of $log:" >&2
        tail -n 30 "$log" >&2
        return 1
    fi
    [ -s "$out" ] || { echo "i18n: the export of $module from $db wrote nothing (log: $log)" >&2; return 1; }
}

if [ "${1:-}" = --export ]; then
    [ $# = 3 ] || [ $# = 4 ] || die "usage: $0 --export DB FILE [MODULE]"
    export_pot "$2" "$3" "${4:-$MODULE}"
    exit 0
fi

bash "$ROOT/scripts/setup.sh"
dbs=()
tmp=
trap 'for db in "${dbs[@]}"; do drop_db "$db"; done; rm -f "$tmp"' EXIT

# write_pot DB MODULE: export MODULE's template from DB into its i18n/.
write_pot() {
    local pot=$ROOT/$2/i18n/$2.pot
    mkdir -p "$(dirname "$pot")"
    tmp=$(mktemp "$VAR/$2.XXXXXX.pot")
    export_pot "$1" "$tmp" "$2"
    mv -f "$tmp" "$pot"
    echo "i18n: $pot ($(grep -c '^msgid ' "$pot") terms)"
}

db=${MODULE}_pot_$$
dbs+=("$db")
echo "i18n: database $db with $MODULE and demo data..."
bash "$ROOT/scripts/newdb.sh" "$db"
write_pot "$db" "$MODULE"

if [ -n "$BRIDGES" ]; then
    db=${MODULE}_pot_all_$$
    dbs+=("$db")
    echo "i18n: database $db with every add-on and demo data..."
    bash "$ROOT/scripts/newdb.sh" --all "$db"
    for module in $BRIDGES; do
        write_pot "$db" "$module"
    done
fi
