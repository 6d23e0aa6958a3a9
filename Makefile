# Development and CI entry points; the work is done by scripts/*.sh.
# Each target runs scripts/setup.sh first (idempotent: a second run only checks).
# Variables: ODOO_PATH (default /opt/odoo/18.0), PORT and DB for `make run`.

VENV ?= .venv

.PHONY: help setup run test lint format pot screenshots report-preview drop-db clean clean-cache bench-data bench replica-check

help:
	@echo "make run          start Odoo on http://localhost:8069 (admin/admin), database sales_followup"
	@echo "make test         lint + Odoo tests + end-to-end tests; last line: 'P passed, F failed'"
	@echo "make lint         ruff check, ruff format --check, pylint-odoo"
	@echo "make format       reformat and autofix with ruff (the add-ons, tests/, bench/)"
	@echo "make pot          regenerate each add-on's i18n/<add-on>.pot from the code"
	@echo "make screenshots  retake the README's screenshots (docs/*.png)"
	@echo "make report-preview render the demo's monthly workbook to PDF and PNG with LibreOffice"
	@echo "make setup        create .venv and check the prerequisites"
	@echo "make bench-data   benchmark databases at SCALE=small|medium|large|full (BENCH_DB=sf_bench)"
	@echo "make bench        benchmark table, each figure beside its reference (var/bench-results.md)"
	@echo "make replica-check prove read-only routes run on a streaming standby (copies the whole cluster)"
	@echo "make drop-db      drop the development database (make run recreates it)"
	@echo "make clean        drop databases left by interrupted test runs, empty var/log"
	@echo "make clean-cache  drop the cached template databases"

setup:
	@bash scripts/setup.sh

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint: setup
	@bash scripts/lint.sh

format: setup
	$(VENV)/bin/ruff check --fix sales_followup* tests bench
	$(VENV)/bin/ruff format sales_followup* tests bench

pot:
	@bash scripts/i18n.sh

screenshots:
	@bash scripts/screenshots.sh

report-preview: setup
	@bash scripts/report-preview.sh

drop-db:
	@bash scripts/dropdb.sh $${DB:-sales_followup}

clean:
	@bash scripts/clean.sh

clean-cache:
	@bash scripts/clean-cache.sh

bench-data: setup
	@bash scripts/bench-data.sh $${SCALE:-small}

bench: setup
	@bash scripts/bench.sh

replica-check: setup
	@bash scripts/replica-check.sh
