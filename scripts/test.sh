#!/usr/bin/env bash
# Everything that must pass before a change lands, in one run:
#   1. setup (scripts/setup.sh);
#   2. lint: ruff check, ruff format --check, pylint-odoo (one check each),
#      then the Chinese wording of the translations (one check);
#   3. sales_followup's Odoo tests, on a fresh database copied from the cached
#      template with its own dependencies only (it must work without CRM,
#      Inventory or Surveys), then dropped;
#   3b. the bridges' Odoo tests (sales_followup_crm, _stock, _survey...), on a
#      fresh database with every add-on and what they bridge, then dropped;
#   4. the root end-to-end pytest suite (tests/) against a real server.
# After 3 and 3b, each add-on's translation template exported from the test
# database is compared with the committed <add-on>/i18n/<add-on>.pot (one
# check each).
# Every stage runs even if an earlier one failed. The last line printed is
# "P passed, F failed" over all of them; the exit status is non-zero if
# anything failed. A skipped Odoo test counts as failed (browser tests are
# skipped, not failed, when Chromium or websocket-client is missing), and so
# does a run with no Odoo test, no pytest test, or no Odoo result line.
#
#   scripts/test.sh   (or: make test)
# Variables: ODOO_TEST_TIMEOUT (seconds for the Odoo test run, default 1800),
# PYTEST_ARGS (extra pytest arguments).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
mkdir -p var/log
summary_file=var/test-summary.txt
rm -f "$summary_file"

passed=0
failed=0
test_db=
results=()
stage() { echo; echo "=== $*"; }
ok() { passed=$((passed + ${2:-1})); results+=("ok      $1"); echo "=== ok: $1"; }
ko() { failed=$((failed + ${2:-1})); results+=("FAILED  $1"); echo "=== FAILED: $1"; }

# shellcheck disable=SC2317 # run by the EXIT trap
finish() {
    local status=$?
    set +e
    if [ -n "$test_db" ]; then
        bash scripts/dropdb.sh "$test_db"
    fi
    if [ "$status" != 0 ] && { [ "$failed" = 0 ] || [ "$status" -ge 128 ]; }; then
        ko "test.sh stopped early (exit status $status)"
    fi
    echo "$passed passed, $failed failed" > "$summary_file"
    echo
    echo "=== summary"
    printf '%s\n' "${results[@]}"
    cat "$summary_file"
    if [ "$failed" = 0 ]; then exit 0; else exit 1; fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Setup --------------------------------------------------------------------
stage "setup"
if ! bash scripts/setup.sh; then
    ko "setup"
    exit 1
fi
source scripts/lib.sh

# 2. Lint ---------------------------------------------------------------------
stage "lint"
lint_tools=3 # ruff check, ruff format, pylint-odoo: see scripts/lint.sh
lint_failed=0
bash scripts/lint.sh || lint_failed=$?
[ "$lint_failed" -le "$lint_tools" ] || lint_failed=$lint_tools
[ "$lint_failed" = "$lint_tools" ] || ok "lint: $((lint_tools - lint_failed)) of $lint_tools tools clean" \
    "$((lint_tools - lint_failed))"
[ "$lint_failed" = 0 ] || ko "lint: $lint_failed of $lint_tools tools" "$lint_failed"

# 2b. Chinese wording ----------------------------------------------------------
# zh_TW in Taiwan's usage, zh_CN without traditional characters
# (scripts/i18n_wording.py; one check per add-on).
for module in $ADDONS; do
    stage "Chinese wording of $module/i18n"
    if "$PY" scripts/i18n_wording.py "$module/i18n"; then
        ok "Chinese wording of $module: zh_TW in Taiwan's usage, zh_CN simplified"
    else
        ko "Chinese wording of $module (scripts/i18n_wording.py): fix the words listed above"
    fi
done

# 3. Odoo tests ---------------------------------------------------------------
# odoo_tests LABEL NEWDB_OPTION MODULES: install MODULES (a list of words) with
# their tests on a fresh database (scripts/newdb.sh --deps-only NEWDB_OPTION),
# check their translation templates, then count the results.
odoo_tests() {
    local label=$1 option=$2 modules=$3 module tags
    stage "Odoo tests of $modules"
    local odoo_log=$VAR/log/odoo-tests-$label.log
    : > "$odoo_log"
    test_db=${MODULE}_test_${label}_$(date +%Y%m%d%H%M%S)_$$
    local t0=$SECONDS
    # shellcheck disable=SC2086 # the option may be empty
    if ! bash scripts/newdb.sh --deps-only $option "$test_db"; then
        ko "database $test_db from the template"
        test_db=
        return
    fi
    echo "database $test_db ready from the template in $((SECONDS - t0)) s"
    tags=$(for module in $modules; do printf '/%s,' "$module"; done)
    local odoo_rc=0
    timeout --foreground -k 30 "${ODOO_TEST_TIMEOUT:-1800}" \
        "$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" -d "$test_db" -i "${modules// /,}" \
        --test-enable --test-tags "${tags%,}" --stop-after-init --log-level=test \
        --http-interface=127.0.0.1 --http-port="$(free_port)" --workers=0 \
        --max-cron-threads=0 2>&1 | tee "$odoo_log" || odoo_rc=${PIPESTATUS[0]}

    # The translation template must be what the code exports now (the header
    # dates aside): regenerate it with `make pot` and translate the new terms.
    for module in $modules; do
        stage "translation template ($module/i18n/$module.pot) up to date"
        local pot_now=$VAR/$module.pot
        rm -f "$pot_now"
        if ! bash scripts/i18n.sh --export "$test_db" "$pot_now" "$module"; then
            ko "translation template of $module: export from $test_db failed"
        elif diff -u -I '^"POT-Creation-Date: ' -I '^"PO-Revision-Date: ' \
            "$module/i18n/$module.pot" "$pot_now" > "$VAR/log/pot-$module.diff"; then
            ok "translation template of $module up to date"
        else
            head -n 60 "$VAR/log/pot-$module.diff"
            ko "translation template of $module out of date (diff in var/log/pot-$module.diff): run make pot, then translate the new terms"
        fi
    done

    bash scripts/dropdb.sh "$test_db"
    test_db=

    local result skipped errors t_failed t_errors t_run t_passed
    result=$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database' \
        "$odoo_log" | tail -n 1 || true)
    skipped=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ [A-Z]+ [^ ]+ [^ ]+: skipped ' "$odoo_log" || true)
    # Lines logged as ERROR or CRITICAL (a failed test logs some too), but
    # werkzeug's "Request timed out": in test mode Odoo gives HTTP sockets a
    # 5 s timeout to drop the connections Chromium opens ahead and may never
    # use, and werkzeug logs that drop as an error when the machine is busy.
    errors=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$odoo_log" \
        | grep -cvE " werkzeug: .*\] Request timed out: TimeoutError\('timed out'\)" || true)
    if [ -z "$result" ]; then
        ko "Odoo tests of $label: no result line in $odoo_log (exit status $odoo_rc)"
        return
    fi
    read -r t_failed t_errors t_run < <(echo "$result" | grep -oE '[0-9]+' | head -n 3 | xargs)
    t_passed=$((t_run - t_failed - t_errors - skipped))
    [ "$t_passed" -ge 0 ] || t_passed=0
    echo "Odoo tests of $label: $t_run run, $t_failed failed, $t_errors error(s), $skipped skipped"
    [ "$t_passed" = 0 ] || ok "Odoo tests of $label: $t_passed passed" "$t_passed"
    [ "$t_failed" = 0 ] || ko "Odoo tests of $label: $t_failed failed" "$t_failed"
    [ "$t_errors" = 0 ] || ko "Odoo tests of $label: $t_errors in error" "$t_errors"
    [ "$skipped" = 0 ] || ko "Odoo tests of $label: $skipped skipped (a skip counts as a failure)" "$skipped"
    if [ "$t_run" = 0 ]; then
        ko "Odoo tests of $label: none ran"
    elif [ $((t_failed + t_errors + skipped)) = 0 ]; then
        # No test failed, yet Odoo may still have failed around the tests.
        if [ "$odoo_rc" != 0 ]; then
            ko "Odoo tests of $label: Odoo exited with status $odoo_rc"
        elif [ "$errors" != 0 ]; then
            ko "Odoo tests of $label: Odoo logged $errors ERROR/CRITICAL line(s)"
        fi
    fi
}

odoo_tests core "" "$MODULE"
# 3b. The bridges, with what they bridge (and sales_followup) installed.
if [ -n "$BRIDGES" ]; then
    odoo_tests bridges --all "$BRIDGES"
fi

# 4. End-to-end pytest suite --------------------------------------------------
stage "end-to-end tests (pytest tests/)"
junit=$VAR/pytest-junit.xml
rm -f "$junit"
pytest_rc=0
# shellcheck disable=SC2086 # PYTEST_ARGS is a list of words on purpose
"$VENV/bin/pytest" tests -p no:cacheprovider --junitxml="$junit" ${PYTEST_ARGS:-} || pytest_rc=$?
counts=$("$PY" - "$junit" <<'PY' || true
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for suite in suites:
    for key in total:
        total[key] += int(suite.get(key, 0))
print(total["tests"], total["failures"], total["errors"], total["skipped"])
PY
)
if [ -z "$counts" ]; then
    ko "pytest: no junit report (exit status $pytest_rc)"
else
    read -r p_run p_failed p_errors p_skipped <<< "$counts"
    p_passed=$((p_run - p_failed - p_errors - p_skipped))
    [ "$p_passed" -ge 0 ] || p_passed=0
    [ "$p_passed" = 0 ] || ok "pytest: $p_passed passed" "$p_passed"
    [ "$((p_failed + p_errors))" = 0 ] || ko "pytest: $((p_failed + p_errors)) failed or in error" "$((p_failed + p_errors))"
    [ "$p_skipped" = 0 ] || ko "pytest: $p_skipped skipped (a skip counts as a failure)" "$p_skipped"
    if [ "$pytest_rc" = 5 ] || [ "$p_run" = 0 ]; then
        ko "pytest: no test collected"
    elif [ "$pytest_rc" != 0 ] && [ $((p_failed + p_errors + p_skipped)) = 0 ]; then
        ko "pytest exited with status $pytest_rc"
    fi
fi
exit 0
