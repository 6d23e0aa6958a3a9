#!/usr/bin/env bash
# Run odoo-bin from the project's virtualenv with the project's addons path
# and data directory (var/data); every argument is passed on.
#
#   scripts/odoo.sh -d DB --http-port=8069 ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

exec "$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" "$@"
