"""The measuring half of scripts/replica-check.sh (which starts everything).

Odoo runs with --db_replica_host pointing at a streaming standby of the
primary. As a sales manager (admin, demo data), log in, generate a monthly
report (writes), then download its workbook and read the add-on's lists
(read-only routes). For each request, where its SQL ran:

- standby: the statements it logged (log_statement = 'all') for the database
  while the request ran, how many of them read the request's tables, and how
  many tried to write;
- primary: how many of Odoo's connections to the database ran anything
  (pg_stat_activity: state_change or backend_start after the request began);
- Odoo: whether it retried the request on a read/write cursor.

Prints a table and a verdict; exits 1 when a read-only route touched the
primary or did not read on the standby, or when a write missed the primary.
"""

import argparse
import io
import os
import platform
import re
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from textwrap import shorten

import openpyxl
import psycopg2
import requests

ROUTE = (
    "/web/content/sales_followup.monthly.report/{}/xlsx_file"
    "?filename_field=xlsx_filename&download=true"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A standby log entry: log_line_prefix = '%m [%p] db=%d app=%a '.
ENTRY = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] db=(\S*) app=\S* (\w+):  (.*)$"
)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b", re.IGNORECASE)
RETRY = "retrying with a read/write cursor"  # odoo.http, when a read-only request writes


class Log:
    """A log file read from where the previous read stopped."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.read()

    def read(self):
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            data = log.read()
        data = data[: data.rfind(b"\n") + 1]  # whole lines only
        self.offset += len(data)
        return data.decode(errors="replace")


def standby_entries(text, db):
    """The statements and errors the standby logged for database ``db``."""
    statements, errors, current = [], [], None
    for line in text.splitlines():
        match = ENTRY.match(line)
        if not match:
            if current is not None:  # a statement's next line
                current.append(line.strip())
            continue
        current = None
        if match[1] != db:
            continue
        if match[3].startswith("statement: "):
            current = [match[3].removeprefix("statement: ")]
            statements.append(current)
        elif match[2] in ("ERROR", "FATAL"):
            errors.append(match[3])
    return [" ".join(parts) for parts in statements], errors


@dataclass
class Row:
    label: str
    route: str
    readonly: str
    tables: tuple
    expect: str  # "standby", "primary" or "" (shown, not judged)
    ms: float = 0.0
    standby_statements: int = 0
    standby_reads: int = 0
    standby_writes: int = 0
    standby_errors: list = field(default_factory=list)
    example: str = ""  # the first read of the row's first table on the standby
    primary_connections: int = 0
    retried: bool = False

    @property
    def served_by(self):
        if self.primary_connections and self.standby_reads:
            return "standby, then primary" if self.retried else "both"
        if self.primary_connections:
            return "primary"
        if self.standby_reads:
            return "standby"
        return "?"

    @property
    def ok(self):
        if self.expect == "standby":
            return (
                self.standby_reads > 0
                and not self.primary_connections
                and not self.standby_writes
                and not self.standby_errors
                and not self.retried
            )
        if self.expect == "primary":
            return self.primary_connections > 0 and not self.standby_writes
        return True


class Check:
    def __init__(self, args):
        self.args = args
        self.db = args.db
        self.url = args.url.rstrip("/")
        self.primary = psycopg2.connect(dbname="postgres")
        self.primary.autocommit = True
        self.standby = psycopg2.connect(host="127.0.0.1", port=args.standby_port, dbname="postgres")
        self.standby.autocommit = True
        self.standby_log = Log(args.standby_log)
        self.odoo_log = Log(args.odoo_log)
        self.session = requests.Session()
        self.rows = []

    @staticmethod
    def one(connection, query, params=None):
        with connection.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchone()[0]

    # ------------------------------------------------------------------
    # Odoo over HTTP, as the web client calls it
    # ------------------------------------------------------------------

    def wait_for_odoo(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(self.args.odoo_pid, 0)
            except ProcessLookupError:
                sys.exit(f"Odoo exited before serving {self.db}: see {self.args.odoo_log}")
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        sys.exit(f"Odoo did not answer within {timeout} s: see {self.args.odoo_log}")

    def json(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=300,
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(f"{path}: {body['error']}")
        return body["result"]

    def call(self, model, method, *args, button=False, **kwargs):
        kind = "call_button" if button else "call_kw"
        return self.json(
            f"/web/dataset/{kind}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def download(self, report_id):
        response = self.session.get(self.url + ROUTE.format(report_id), timeout=300)
        response.raise_for_status()
        assert response.headers["Content-Type"].startswith(XLSX), response.headers
        return openpyxl.load_workbook(io.BytesIO(response.content))

    # ------------------------------------------------------------------
    # Where a request's SQL ran
    # ------------------------------------------------------------------

    def measure(self, row, request):
        mark = self.one(self.primary, "SELECT clock_timestamp()")
        self.standby_log.read()
        self.odoo_log.read()
        start = time.perf_counter()
        result = request()
        row.ms = (time.perf_counter() - start) * 1000
        row.primary_connections = self.one(
            self.primary,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND greatest(state_change, backend_start) >= %s",
            (self.db, mark),
        )
        statements, row.standby_errors = standby_entries(self.standby_log.read(), self.db)
        row.standby_statements = len(statements)
        reads = [
            statement
            for statement in statements
            if statement.lstrip().upper().startswith(("SELECT", "WITH"))
            and any(f'"{table}"' in statement for table in row.tables)
        ]
        row.standby_reads = len(reads)
        row.example = next((read for read in reads if f'"{row.tables[0]}"' in read), "")
        row.standby_writes = sum(1 for statement in statements if WRITE.match(statement))
        row.retried = RETRY in self.odoo_log.read()
        self.rows.append(row)
        return result

    def wait_for_replay(self, timeout=60):
        """Seconds until the standby has replayed everything the primary wrote."""
        lsn = self.one(self.primary, "SELECT pg_current_wal_lsn()")
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.one(
                self.standby, "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", (lsn,)
            ):
                return time.perf_counter() - start
            time.sleep(0.05)
        sys.exit(f"the standby did not replay up to {lsn} within {timeout} s")

    # ------------------------------------------------------------------

    def run(self):
        self.wait_for_odoo()
        self.header()
        report_tables = ("sales_followup_monthly_report",)
        self.measure(
            Row(
                "log in (admin)",
                "POST /web/session/authenticate",
                "yes (auth='none')",
                ("res_users",),
                "",
            ),
            lambda: self.json(
                "/web/session/authenticate",
                {"db": self.db, "login": "admin", "password": "admin"},
            ),
        )
        wizard = "sales_followup.monthly.report.wizard"
        wizard_id = self.measure(
            Row("new report wizard", f"call_kw {wizard}.create", "no", (), "primary"),
            lambda: self.call(wizard, "create", {"month": "4", "year": 2026}),
        )
        action = self.measure(
            Row(
                "generate the report",
                f"call_button {wizard}.action_generate",
                "no",
                report_tables,
                "primary",
            ),
            lambda: self.call(wizard, "action_generate", [wizard_id], button=True),
        )
        report_id = action["res_id"]
        replay = self.wait_for_replay()
        with closing(
            psycopg2.connect(host="127.0.0.1", port=self.args.standby_port, dbname=self.db)
        ) as standby_db:
            replicated = self.one(
                standby_db,
                "SELECT count(*) FROM sales_followup_monthly_report r JOIN ir_attachment a "
                "ON a.res_model = %s AND a.res_field = 'xlsx_file' AND a.res_id = r.id "
                "WHERE r.id = %s AND r.generated_on IS NOT NULL",
                ("sales_followup.monthly.report", report_id),
            )
        workbook = self.measure(
            Row(
                "download the workbook",
                "GET " + ROUTE.format("<id>"),
                "yes",
                (*report_tables, "ir_attachment"),
                "standby",
            ),
            lambda: self.download(report_id),
        )
        report = "sales_followup.monthly.report"
        spec = {"name": {}, "date_from": {}, "order_count": {}, "conversion_rate": {}}
        self.measure(
            Row(
                "list of monthly reports",
                f"call_kw {report}.web_search_read",
                "yes",
                report_tables,
                "standby",
            ),
            lambda: self.call(report, "web_search_read", [], spec, limit=80),
        )
        step = "sales_followup.step"
        spec = {
            "date_due": {},
            "order_id": {"fields": {"display_name": {}}},
            "partner_id": {"fields": {"display_name": {}}},
            "kind": {},
            "state": {},
        }
        self.measure(
            Row(
                "list of follow-up steps",
                f"call_kw {step}.web_search_read",
                "yes",
                ("sales_followup_step",),
                "standby",
            ),
            lambda: self.call(step, "web_search_read", [], spec, limit=80),
        )
        self.measure(
            Row(
                "steps grouped by state",
                f"call_kw {step}.web_read_group",
                "yes",
                ("sales_followup_step",),
                "standby",
            ),
            lambda: self.call(step, "web_read_group", [], ["state"], ["state"]),
        )
        return self.verdict(replay, replicated, workbook)

    def header(self):
        standby = self.one(
            self.standby,
            "SELECT format('%s, in recovery: %s, WAL receiver: %s', version(), "
            "pg_is_in_recovery(), (SELECT status FROM pg_stat_wal_receiver))",
        )
        slot = self.one(
            self.primary,
            "SELECT format('slot %%s active: %%s, WAL sender state: %%s', s.slot_name, s.active, "
            "r.state) FROM pg_replication_slots s LEFT JOIN pg_stat_replication r "
            "ON r.pid = s.active_pid WHERE s.slot_name = %s",
            (self.args.slot,),
        )
        print(f"date:    {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {self.args.commit}")
        print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}")
        print(f"standby: 127.0.0.1:{self.args.standby_port}, {standby}")
        print(f"primary: {slot}")

    def verdict(self, replay, replicated, workbook):
        print()
        print(
            "| request | route | readonly | ms | standby: statements / reading its tables "
            "/ writes | primary: connections used | Odoo retried read/write | served by | ok |"
        )
        print("| --- | --- | --- | ---: | --- | ---: | --- | --- | --- |")
        for row in self.rows:
            judged = ("yes" if row.ok else "**NO**") if row.expect else "(not judged)"
            print(
                f"| {row.label} | `{row.route}` | {row.readonly} | {row.ms:.0f} | "
                f"{row.standby_statements} / {row.standby_reads} / {row.standby_writes} | "
                f"{row.primary_connections} | {'yes' if row.retried else 'no'} | "
                f"{row.served_by} | {judged} |"
            )
        print()
        for row in self.rows:
            if row.expect == "standby" and row.example:
                print(f"on the standby, {row.label}: {shorten(row.example, 200)}")
            for error in row.standby_errors:
                print(f"standby error during '{row.label}': {error}")
        sheets = workbook.sheetnames
        checks = [
            (all(row.ok for row in self.rows), "every request served where expected (table)"),
            (
                replicated == 1,
                f"the generated report and its workbook reached the standby "
                f"({replay * 1000:.0f} ms to replay the writes)",
            ),
            ("Summary" in sheets, f"the downloaded workbook opens: sheets {', '.join(sheets)}"),
        ]
        for passed, text in checks:
            print(f"{'PASS' if passed else 'FAIL'}  {text}")
        passed = all(passed for passed, _text in checks)
        print(
            "verdict: "
            + (
                "PASS - read-only routes read on the standby, writes went to the primary"
                if passed
                else "FAIL - see the table above"
            )
        )
        return 0 if passed else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--standby-port", type=int, required=True)
    parser.add_argument("--standby-log", required=True)
    parser.add_argument("--odoo-log", required=True)
    parser.add_argument("--odoo-pid", type=int, required=True)
    parser.add_argument("--slot", required=True)
    parser.add_argument("--commit", default="unknown")
    sys.exit(Check(parser.parse_args()).run())


if __name__ == "__main__":
    main()
