#!/usr/bin/env bash
# Drop database NAME and its filestore; fine if it does not exist.
#
#   scripts/dropdb.sh NAME
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# = 1 ] || die "usage: $0 NAME"
drop_db "$1"
