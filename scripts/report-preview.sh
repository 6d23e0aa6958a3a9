#!/usr/bin/env bash
# Render the demo database's monthly workbook as it prints: the previous
# month's report generated in English, Simplified and Traditional Chinese,
# each converted to PDF by LibreOffice and to PNG pages by pdftoppm, in
# var/report-preview/ (LANG.xlsx, LANG.pdf, LANG-N.png).
#
#   scripts/report-preview.sh   (or: make report-preview)
#
# Needs LibreOffice (Debian: libreoffice-calc or libreoffice-calc-nogui),
# pdftoppm (poppler-utils) and, for the Chinese pages, a Chinese font (Debian:
# fonts-noto-cjk). A scratch database is made from the template and dropped
# at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v soffice >/dev/null \
    || die "LibreOffice is missing: install it (Debian: apt-get install libreoffice-calc-nogui)."
command -v pdftoppm >/dev/null \
    || die "pdftoppm is missing: install it (Debian: apt-get install poppler-utils)."

out=$VAR/report-preview
rm -rf "$out"
mkdir -p "$out"
db=${MODULE}_preview_$$
trap 'drop_db "$db"' EXIT

echo "report-preview: demo database $db..."
bash "$ROOT/scripts/newdb.sh" "$db"
odoo_bin -d "$db" --load-language=zh_CN,zh_TW --stop-after-init --no-http \
    > "$VAR/log/report-preview.log" 2>&1 || die "languages not loaded (log: $VAR/log/report-preview.log)"

echo "report-preview: generating last month's workbook in en_US, zh_CN, zh_TW..."
# `shell` must come before the options.
"$PY" "$ODOO_PATH/odoo-bin" shell "${ODOO_ARGS[@]}" -d "$db" --no-http \
    >> "$VAR/log/report-preview.log" 2>&1 <<PY || die "generation failed (log: $VAR/log/report-preview.log)"
import base64
from dateutil.relativedelta import relativedelta
from odoo import fields

month = fields.Date.today().replace(day=1) - relativedelta(months=1)
company = env.ref("base.main_company")
for lang in ("en_US", "zh_CN", "zh_TW"):
    Report = env["sales_followup.monthly.report"].with_context(lang=lang).with_company(company)
    report = Report._followup_get_or_create(company, month)
    report.action_generate()
    with open("$out/" + lang + ".xlsx", "wb") as file:
        file.write(base64.b64decode(report.xlsx_file))
env.cr.rollback()
PY

for book in "$out"/*.xlsx; do
    lang=$(basename "$book" .xlsx)
    soffice --headless --convert-to pdf --outdir "$out" "$book" >/dev/null 2>&1 \
        || die "LibreOffice could not convert $book"
    pdftoppm -png -r 60 "$out/$lang.pdf" "$out/$lang"
    echo "report-preview: $lang: $(ls "$out/$lang"-*.png | wc -l) page(s), $out/$lang.pdf"
done
