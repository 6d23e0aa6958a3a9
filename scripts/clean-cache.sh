#!/usr/bin/env bash
# Drop the cached template databases (named "$CACHE_PREFIX-<date>-<hash>").
# The next run that needs one rebuilds it (~90 s for sale with demo data).
#
#   scripts/clean-cache.sh   (or: make clean-cache)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$ROOT/scripts/setup.sh"
"$VENV/bin/click-odoo-initdb" -c "$ODOO_CONF" --addons-path "$ADDONS_PATH" \
    --cache-prefix "$CACHE_PREFIX" --cache-max-size 0 --log-level warn
