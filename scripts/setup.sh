#!/usr/bin/env bash
# Prepare what the project needs: Odoo's source, PostgreSQL, a virtualenv with
# Odoo's and our requirements, and Chromium for the browser tours.
# Idempotent: a second run only checks.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-/opt/odoo/18.0}
VENV=${VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}

die() { echo "setup: $*" >&2; exit 1; }

if [ ! -x "$ODOO_PATH/odoo-bin" ]; then
    if [ "${ODOO_CLONE:-0}" = 1 ]; then
        git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_PATH" \
            || die "could not clone Odoo 18.0 into $ODOO_PATH."
    else
        die "Odoo 18.0 source not found at $ODOO_PATH: extract Odoo 18.0 there, set ODOO_PATH to your checkout, or run with ODOO_CLONE=1 to clone it."
    fi
fi
grep -q "^version_info = (18, 0" "$ODOO_PATH/odoo/release.py" \
    || die "$ODOO_PATH is not Odoo 18.0: point ODOO_PATH to an Odoo 18.0 checkout."
ODOO_PATH=$(cd "$ODOO_PATH" && pwd)

if ! command -v psql >/dev/null || ! command -v dropdb >/dev/null; then
    die "the PostgreSQL client tools (psql, createdb, dropdb) are missing: install your distribution's postgresql-client package."
fi
psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 \
    || die "PostgreSQL is not reachable as $(id -un) (psql -d postgres failed): start PostgreSQL and give this user a role that can create databases."

# Requirements: Odoo's pins, minus what has no use or no wheel here (gevent:
# see below).
stamp_input=$(cat "$ODOO_PATH/requirements.txt" "$ROOT/requirements-dev.txt" "$0" | sha1sum | cut -c1-12)
if [ ! -f "$VENV/.stamp-$stamp_input" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 10))' 2>/dev/null \
            || die "Odoo 18.0 needs Python 3.10 or newer (3.11 recommended): set PYTHON to such an interpreter."
        "$PYTHON" -m venv "$VENV" \
            || die "could not create a virtualenv with $PYTHON: install your distribution's python3-venv package."
    fi
    reqs=$(mktemp)
    grep -viE '^(python-ldap|gevent|greenlet|pyusb|pyserial|cbor2)\b' "$ODOO_PATH/requirements.txt" > "$reqs"
    echo "cbor2==5.6.2" >> "$reqs"
    # pip's output goes to a log, shown only when it fails.
    pip_log=$ROOT/var/log/setup-pip.log
    mkdir -p "$(dirname "$pip_log")"
    echo "setup: installing Odoo's Python requirements into $VENV (a few minutes, once; log: $pip_log)..."
    if ! { "$VENV/bin/pip" install --upgrade pip setuptools wheel \
        && "$VENV/bin/pip" install --prefer-binary -r "$reqs" -r "$ROOT/requirements-dev.txt"; } > "$pip_log" 2>&1; then
        tail -n 40 "$pip_log" >&2
        die "pip could not install the requirements (log above and in $pip_log)."
    fi
    # gevent runs Odoo's websocket process under --workers. Optional, taken
    # only as a wheel of Odoo's pin: without it the prefork server respawns a
    # failing "odoo-bin gevent" process every second, which costs CPU.
    grep -iE '^(gevent|greenlet)\b' "$ODOO_PATH/requirements.txt" > "$reqs"
    "$VENV/bin/pip" install -q --only-binary :all: -r "$reqs" 2>/dev/null \
        || echo "setup: no wheel of Odoo's gevent pin for this Python: --workers runs without websockets."
    rm -f "$reqs" "$VENV"/.stamp-*
    touch "$VENV/.stamp-$stamp_input"
fi

# Make `import odoo` work in the virtualenv (click-odoo and pylint-odoo need
# it) without copying or installing Odoo's source.
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ "$(cat "$site/odoo-path.pth" 2>/dev/null)" != "$ODOO_PATH" ]; then
    echo "$ODOO_PATH" > "$site/odoo-path.pth"
fi

# Debian packages the tests need: Chromium for HttpCase tours (Odoo looks
# for `chromium` on PATH), wkhtmltopdf for PDF reports, poppler's pdftotext
# to read them back, and a Chinese font for them.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# Chinese text in PDF reports (the complaint form in zh_CN / zh_TW).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} != 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: installing ${missing[*]} for the tests (browser tours, PDF reports)..."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "missing: ${missing[*]}: install these packages of your distribution (browser tours and PDF reports need them)."
    fi
fi
