"""Scale and reliability at small scale, on a scratch database filled by the
benchmark's generator (scripts/bench-data.sh small):

* the generated data is consistent;
* the benchmark runs end to end (figures printed, not asserted);
* two processes generating the same plans at once leave no duplicate;
* each of the six scheduled actions (reminders and escalations, digest,
  retention, segmentation, care actions, monthly report), set to small
  batches, with work for many of them:

  - run by Odoo's own job runner in a separate process, killed with SIGKILL
    after three batches and started again, ends with exactly the expected
    records, none duplicated or lost, and a further call finds nothing to
    do; at most one batch is done twice: the ``done`` its calls reported
    (ir_cron_progress) adds up to the work found done, plus at most one
    call's worth, which a resumed run starting from scratch would exceed;
  - run by two processes at once calling it directly, as a second worker or
    a button would, ignoring the job lock, ends the same, without duplicate.

A record failing in a batch is covered by the add-on's Odoo tests.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
WORKER = Path(__file__).resolve().parent / "cron_worker.py"
CONFIG = ROOT / "var" / "odoo.conf"
PYTHON = sys.executable
BATCH = 20
STEPS = 300


@pytest.fixture(scope="module")
def bench_db():
    """``sales_followup_e2e_bench_*``: generated at small scale, with its
    ``_core`` twin (dropped at the end, or by ``make clean``)."""
    db = f"sales_followup_e2e_bench_{os.getpid()}_{secrets.token_hex(2)}"
    env = {**os.environ, "BENCH_DB": db}
    try:
        made = subprocess.run(
            ["bash", str(SCRIPTS / "bench-data.sh"), "small"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stdout + made.stderr
        yield db
    finally:
        for name in (db, f"{db}_core"):
            subprocess.run(["bash", str(SCRIPTS / "dropdb.sh"), name], check=False)


def query(db, sql, params=None):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        result = cr.fetchall() if cr.description else cr.rowcount
    conn.close()
    return result


def worker(db, *args):
    return subprocess.Popen(
        [PYTHON, str(WORKER), str(CONFIG), db, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(proc, timeout=300):
    out, _err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, out
    return out


def test_generated_data_is_consistent(bench_db):
    [(customers, orders, interactions, steps)] = query(
        bench_db,
        """
        SELECT (SELECT count(*) FROM res_partner WHERE ref LIKE 'SBC%%'),
               (SELECT count(*) FROM sale_order WHERE name LIKE 'SB%%'),
               (SELECT count(*) FROM sales_followup_interaction),
               (SELECT count(*) FROM sales_followup_step)
        """,
    )
    assert (customers, orders) == (200, 1000)
    assert interactions >= 10_000 and steps > orders
    checks = {
        "interaction without an existing partner": """
            SELECT count(*) FROM sales_followup_interaction i
             LEFT JOIN res_partner p ON p.id = i.partner_id WHERE p.id IS NULL""",
        "interaction on another customer's order": """
            SELECT count(*) FROM sales_followup_interaction i
              JOIN sale_order o ON o.id = i.order_id WHERE o.partner_id != i.partner_id""",
        "interaction in the future": """
            SELECT count(*) FROM sales_followup_interaction
             WHERE date > now() at time zone 'UTC'""",
        "generated step of an unconfirmed order": """
            SELECT count(*) FROM sales_followup_step s JOIN sale_order o ON o.id = s.order_id
             WHERE o.name LIKE 'SB%%' AND o.state != 'sale'""",
        "step whose customer is not its order's": """
            SELECT count(*) FROM sales_followup_step s JOIN sale_order o ON o.id = s.order_id
             WHERE s.partner_id != o.partner_id""",
        "done step linked to another step's interaction": """
            SELECT count(*) FROM sales_followup_step s
              JOIN sales_followup_interaction i ON i.id = s.interaction_id
             WHERE i.step_id != s.id""",
        "resolved exception without its handling result": """
            SELECT count(*) FROM sales_followup_interaction
             WHERE exception_state = 'resolved' AND coalesce(exception_resolution, '') = ''""",
        "generated order not followed by its salesperson": """
            SELECT count(*) FROM sale_order o JOIN res_users u ON u.id = o.user_id
             WHERE o.name LIKE 'SB%%' AND NOT EXISTS (
                   SELECT 1 FROM mail_followers f WHERE f.res_model = 'sale.order'
                      AND f.res_id = o.id AND f.partner_id = u.partner_id)""",
        "confirmed generated order without a tier": """
            SELECT count(*) FROM sale_order
             WHERE name LIKE 'SB%%' AND state = 'sale' AND followup_tier_id IS NULL""",
    }
    for label, sql in checks.items():
        assert query(bench_db, sql) == [(0,)], label
    tiers = {row[0] for row in query(bench_db, "SELECT DISTINCT followup_tier_id FROM sale_order")}
    currencies = query(
        bench_db, "SELECT count(DISTINCT currency_id) FROM sale_order WHERE name LIKE 'SB%%'"
    )
    assert len(tiers - {None}) == 3 and currencies == [(3,)], "all tiers and three currencies"


def test_benchmark_runs_end_to_end(bench_db):
    """Figures printed, never asserted: only that every item produced its rows,
    that the monthly report's figures and totals equal the SQL ones, and that
    no interaction logged over JSON-RPC was lost or duplicated."""
    env = {**os.environ, "BENCH_DB": bench_db, "ROUNDS": "2", "STEPS": "2000", "RPC_SECONDS": "4"}
    ran = subprocess.run(
        ["bash", str(SCRIPTS / "bench.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    print(ran.stdout[-4000:])
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    table = [line for line in ran.stdout.splitlines() if line.startswith("| ")]
    for item in ("1", "2", "3", "4", "5", "6", "7"):
        assert any(line.startswith(f"| {item} |") for line in table), f"item {item} missing"
    totals = [line for line in table if "workbook totals" in line]
    assert totals and "| ok |" in totals[0], totals
    assert not [line for line in table if "DIFFER" in line], "KPIs differ from the SQL reference"
    rows = [line for line in table if "interaction rows afterwards" in line]
    assert rows and "| ok |" in rows[0], rows


def test_plan_generated_by_two_workers_at_once(bench_db):
    rows = query(
        bench_db,
        "SELECT id FROM sale_order WHERE name LIKE 'SB%%' AND state = 'sale'"
        " AND commitment_date > now() ORDER BY id DESC LIMIT 30",
    )
    order_ids = [row[0] for row in rows]
    assert len(order_ids) >= 10
    query(bench_db, "DELETE FROM sales_followup_step WHERE order_id = ANY(%s)", [order_ids])
    start = time.time() + 8  # both registries loaded by then
    ids = ",".join(map(str, order_ids))
    outputs = [finish(proc) for proc in [worker(bench_db, "plan", start, ids) for _i in range(2)]]
    print("\n".join(outputs))

    duplicates = query(
        bench_db,
        "SELECT order_id, plan_key FROM sales_followup_step WHERE order_id = ANY(%s)"
        " GROUP BY 1, 2 HAVING count(*) > 1",
        [order_ids],
    )
    assert not duplicates
    [(orders_with_plan, steps)] = query(
        bench_db,
        "SELECT count(DISTINCT order_id), count(*) FROM sales_followup_step"
        " WHERE order_id = ANY(%s)",
        [order_ids],
    )
    assert orders_with_plan == len(order_ids)
    # Generating once more adds nothing: the two workers left complete plans.
    finish(worker(bench_db, "plan", 0, ids))
    assert query(
        bench_db, "SELECT count(*) FROM sales_followup_step WHERE order_id = ANY(%s)", [order_ids]
    ) == [(steps,)]
    duplicates = query(
        bench_db,
        "SELECT res_id, user_id FROM mail_activity WHERE followup_step_id IS NOT NULL AND active"
        " AND res_id = ANY(%s) GROUP BY 1, 2 HAVING count(*) > 1",
        [order_ids],
    )
    assert not duplicates, "two reminders for one order and person"


# ----------------------------------------------------------------------
# Scheduled actions: what each one has to do, and what it must leave
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cron:
    name: str  # the ir.cron's XML id in sales_followup
    code: str  # its server action's code: small batches
    prepare: Callable  # (db) -> what check() needs: gives it work to do
    done: str  # SQL: how many records have had their work done
    check: Callable  # (db, prepared) -> None: asserts the exact result

    @property
    def xmlid(self):
        return f"sales_followup.{self.name}"

    def __str__(self):
        return self.name.removeprefix("ir_cron_followup_")


def cron_id(db, cron):
    [(res_id,)] = query(
        db,
        "SELECT res_id FROM ir_model_data WHERE module = 'sales_followup' AND name = %s",
        [cron.name],
    )
    return res_id


def arm(db, cron):
    """Make ``cron`` the only scheduled action due, with small batches and
    no progress recorded yet."""
    res_id = cron_id(db, cron)
    query(db, "DELETE FROM ir_cron_progress")
    query(db, "DELETE FROM ir_cron_trigger")
    query(
        db,
        "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day'"
        " WHERE id != %s AND nextcall < now() at time zone 'UTC' + interval '1 day'",
        [res_id],
    )
    query(
        db,
        "UPDATE ir_cron SET active = TRUE, failure_count = 0,"
        "       nextcall = now() at time zone 'UTC' - interval '1 minute' WHERE id = %s",
        [res_id],
    )
    query(
        db,
        "UPDATE ir_act_server SET code = %s"
        " WHERE id = (SELECT ir_actions_server_id FROM ir_cron WHERE id = %s)",
        [cron.code, res_id],
    )


def reported(db, cron):
    """The ``done`` of each call of ``cron`` since it was armed."""
    rows = query(db, "SELECT done FROM ir_cron_progress WHERE cron_id = %s", [cron_id(db, cron)])
    return [row[0] for row in rows]


def total_done(output, prefix):
    """The sum of the ``done=`` of the worker's lines starting with ``prefix``."""
    return sum(
        int(line.split("done=")[1].split()[0])
        for line in output.splitlines()
        if line.startswith(prefix)
    )


def reference_run(db, cron):
    """Run ``cron`` to the end, in its small batches, without interruption."""
    arm(db, cron)
    finish(worker(db, "direct", cron.xmlid, 0))


# Reminders and escalations ---------------------------------------------


def prepare_reminders(db):
    """STEPS planned steps of generated orders, due 10 to 19 days ago, not
    escalated yet."""
    rows = query(
        db,
        """
        WITH chosen AS (
            SELECT s.id FROM sales_followup_step s
              JOIN sale_order o ON o.id = s.order_id AND o.state = 'sale' AND o.name LIKE 'SB%%'
             WHERE s.kind != 'manager_review' ORDER BY s.id DESC LIMIT %s)
        UPDATE sales_followup_step s
           SET state = 'planned', date_escalated = NULL, escalation_user_id = NULL,
               date_done = NULL, date_due = current_date - 10 - mod(s.id, 10)
          FROM chosen WHERE chosen.id = s.id
        RETURNING s.id
        """,
        [STEPS],
    )
    step_ids = [row[0] for row in rows]
    query(db, "DELETE FROM mail_activity WHERE followup_escalation_step_id = ANY(%s)", [step_ids])
    return step_ids


def assert_escalated_once(db, step_ids):
    [(open_left,)] = query(
        db,
        "SELECT count(*) FROM sales_followup_step WHERE id = ANY(%s) AND state != 'overdue'",
        [step_ids],
    )
    assert open_left == 0, "steps left without being marked overdue"
    # Escalation: one activity for the leader and one chatter note per step.
    counts = query(
        db,
        """
        SELECT s.id, s.date_escalated IS NOT NULL,
               (SELECT count(*) FROM mail_activity a WHERE a.followup_escalation_step_id = s.id)
          FROM sales_followup_step s WHERE s.id = ANY(%s)
        """,
        [step_ids],
    )
    escalated = [row for row in counts if row[1]]
    # Their teams have leaders and they are later than any tier's delay.
    assert len(escalated) == len(step_ids), "every late step is escalated"
    assert {row[2] for row in escalated} == {1}, "an escalated step has exactly one activity"
    assert all(row[2] == 0 for row in counts if not row[1])
    duplicates = query(
        db,
        """
        SELECT res_id, user_id, count(*) FROM mail_activity
         WHERE followup_step_id IS NOT NULL AND active
      GROUP BY res_id, user_id HAVING count(*) > 1
        """,
    )
    assert not duplicates, f"two reminders for one order and person: {duplicates[:5]}"


# Digest ----------------------------------------------------------------


def prepare_digest(db):
    """Every day a working day (the tests may run on a weekend), no digest
    sent yet: the 50 generated salespeople have steps due."""
    query(
        db,
        """
        INSERT INTO resource_calendar_attendance
               (calendar_id, name, dayofweek, day_period, hour_from, hour_to, sequence)
        SELECT a.calendar_id, a.name, weekend.day, a.day_period, a.hour_from, a.hour_to,
               a.sequence
          FROM resource_calendar_attendance a
          JOIN res_company c ON c.resource_calendar_id = a.calendar_id
         CROSS JOIN (VALUES ('5'), ('6')) AS weekend(day)
         WHERE a.dayofweek = '0' AND a.resource_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM resource_calendar_attendance b
                            WHERE b.calendar_id = a.calendar_id AND b.dayofweek = weekend.day)
        """,
    )
    query(db, "UPDATE res_users SET followup_digest_date = NULL")
    query(
        db,
        "DELETE FROM mail_message WHERE model = 'res.users'"
        " AND id IN (SELECT mail_message_id FROM mail_mail)",
    )


def check_digest(db, _prepared):
    rows = query(
        db,
        """
        SELECT u.id, u.followup_digest_date IS NOT NULL,
               (SELECT count(*) FROM mail_mail m
                  JOIN mail_message msg ON msg.id = m.mail_message_id
                 WHERE msg.model = 'res.users' AND msg.res_id = u.id)
          FROM res_users u
        """,
    )
    sent = [row for row in rows if row[1]]
    assert len(sent) >= 40, f"the salespeople got their digests: {len(sent)}"
    assert {row[2] for row in sent} == {1}, "one digest for each user"
    assert not [row for row in rows if row[2] and not row[1]], "a digest to a user not marked"


# Retention -------------------------------------------------------------


RETENTION_MONTHS = 36
RETENTION_CUTOFF = "(now() at time zone 'UTC') - interval '36 months'"


def prepare_retention(db):
    """The 250 oldest interactions not anonymised yet moved past the
    retention period, to be anonymised, and none left within a day of its
    end, which moves while the test runs."""
    query(db, "UPDATE res_company SET followup_retention_months = %s", [RETENTION_MONTHS])
    rows = query(
        db,
        f"""
        UPDATE sales_followup_interaction
           SET date = {RETENTION_CUTOFF} - interval '2 days' - mod(id, 240) * interval '1 hour'
         WHERE id IN (SELECT id FROM sales_followup_interaction WHERE is_anonymised IS NOT TRUE
                    ORDER BY date, id LIMIT 250)
            OR date BETWEEN {RETENTION_CUTOFF} - interval '1 day'
                        AND {RETENTION_CUTOFF} + interval '1 day'
        RETURNING id
        """,
    )
    return [row[0] for row in rows]


def check_retention(db, interaction_ids):
    rows = query(
        db,
        """
        SELECT i.is_anonymised AND i.summary = '[anonymised]',
               (SELECT count(*) FROM mail_message m
                 WHERE m.model = 'sales_followup.interaction' AND m.res_id = i.id
                   AND m.body LIKE '%%Anonymised under the retention policy%%')
          FROM sales_followup_interaction i WHERE i.id = ANY(%s)
        """,
        [interaction_ids],
    )
    assert len(rows) >= 250
    assert all(row[0] for row in rows), "an interaction past the period left as it was"
    assert {row[1] for row in rows} == {1}, "one anonymisation note each"
    [(later,)] = query(
        db,
        "SELECT count(*) FROM sales_followup_interaction"
        f" WHERE is_anonymised AND date >= {RETENTION_CUTOFF}",
    )
    assert later == 0, "an interaction within the period anonymised"


# Segmentation ----------------------------------------------------------

# What the segmentation computes, one row per customer and company, erased
# to figures no run computes so that every customer has to be written
# again; the segment and its date are kept (the same segment keeps its date).
ERASED = {
    "first_order_date": "'1900-01-01'",
    "last_order_date": "'1900-01-01'",
    "customer_since": "'1900-01-01'",
    "order_count": "-1",
    "revenue_12m": "-1",
    "rfm_r": "-1",
    "rfm_f": "-1",
    "rfm_m": "-1",
    "warning_no_contact": "NOT warning_no_contact",
    "warning_declining": "NOT warning_declining",
    "warning_exception": "NOT warning_exception",
    "health": "NULL",
}


def segment_values(db):
    return query(
        db,
        f"SELECT partner_id, company_id, segment, segment_date, {', '.join(ERASED)}"
        " FROM sales_followup_customer_stats ORDER BY partner_id, company_id",
    )


def restart_segment(db):
    """The day's segmentation starts again from the first customer."""
    query(
        db,
        "UPDATE res_company SET followup_segment_run_date = NULL, followup_segment_cursor = NULL",
    )


def prepare_segment(db):
    """Every customer segmented afresh today: what an uninterrupted run
    writes is kept to compare with, then the customers' statistics, RFM
    scores and health are erased."""
    restart_segment(db)
    reference_run(db, SEGMENTATION)
    reference = segment_values(db)
    erased = ", ".join(f"{name} = {value}" for name, value in ERASED.items())
    query(db, f"UPDATE sales_followup_customer_stats SET {erased}")
    restart_segment(db)
    return reference


def check_segment(db, reference):
    assert len(reference) >= 150
    assert segment_values(db) == reference, "values differ from an uninterrupted run's"


# Care actions ----------------------------------------------------------

CARE_ACTIONS = """
    SELECT plan_id, template_line_id, occurrence, date_planned, state, user_id
      FROM sales_followup_care_action WHERE template_line_id IS NOT NULL
  ORDER BY plan_id, template_line_id, occurrence
"""


def restart_care(db):
    query(
        db,
        "DELETE FROM sales_followup_care_action"
        " WHERE template_line_id IS NOT NULL AND state = 'planned'",
    )
    query(db, "UPDATE sales_followup_care_plan SET date_generated = NULL")


def prepare_care(db):
    """The planned actions of every plan to generate again: those an
    uninterrupted run plans are kept to compare with, then deleted."""
    restart_care(db)
    reference_run(db, CARE)
    reference = query(db, CARE_ACTIONS)
    restart_care(db)
    return reference


def check_care(db, reference):
    assert len(reference) >= 500
    duplicates = query(
        db,
        "SELECT plan_id, template_line_id, occurrence FROM sales_followup_care_action"
        " WHERE template_line_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1",
    )
    assert not duplicates
    assert query(db, CARE_ACTIONS) == reference, "not the actions of an uninterrupted run"


# Monthly report --------------------------------------------------------

REPORT_COMPANIES = 8  # besides the generated one, with no data


def prepare_monthly(db):
    """Companies enough for several batches, last month's reports not made."""
    [(companies,)] = query(
        db, "SELECT count(*) FROM res_company WHERE name LIKE 'Bench Report Co %%'"
    )
    if companies < REPORT_COMPANIES:
        finish(worker(db, "companies", REPORT_COMPANIES))
    query(db, "DELETE FROM mail_message WHERE model = 'sales_followup.monthly.report'")
    query(db, "DELETE FROM sales_followup_monthly_report")


def check_monthly(db, _prepared):
    reports = query(
        db,
        """
        SELECT c.id, r.id, r.mail_sent_on IS NOT NULL AND r.xlsx_filename IS NOT NULL,
               (SELECT count(*) FROM mail_mail m
                  JOIN mail_message msg ON msg.id = m.mail_message_id
                 WHERE msg.model = 'sales_followup.monthly.report' AND msg.res_id = r.id)
          FROM res_company c
          LEFT JOIN sales_followup_monthly_report r ON r.company_id = c.id
         WHERE c.active
        """,
    )
    assert len(reports) == REPORT_COMPANIES + 1, "one report per company"
    assert len({row[0] for row in reports}) == len(reports), "two reports for a company"
    assert all(row[2] for row in reports), "a report not generated and sent"
    assert {row[3] for row in reports} == {1}, "one e-mail per report"


REMINDERS = Cron(
    "ir_cron_followup_reminders",
    f"model._cron_followup_reminders(batch_size={BATCH})",
    prepare_reminders,
    """SELECT count(*) FILTER (WHERE state = 'overdue') + count(date_escalated)
         FROM sales_followup_step""",
    assert_escalated_once,
)
DIGEST = Cron(
    "ir_cron_followup_digest",
    "model._cron_followup_digest(batch_size=4)",
    prepare_digest,
    "SELECT count(*) FROM res_users WHERE followup_digest_date IS NOT NULL",
    check_digest,
)
RETENTION = Cron(
    "ir_cron_followup_retention",
    "model._cron_followup_retention(batch_size=20)",
    prepare_retention,
    "SELECT count(*) FROM sales_followup_interaction WHERE is_anonymised",
    check_retention,
)
SEGMENTATION = Cron(
    "ir_cron_followup_segment",
    "model._cron_followup_segment(batch_size=10)",
    prepare_segment,
    # Customers whose erased figures were computed again.
    "SELECT count(*) FROM sales_followup_customer_stats WHERE order_count >= 0",
    check_segment,
)
CARE = Cron(
    "ir_cron_followup_care_generate",
    "model._cron_followup_care_generate(batch_size=10)",
    prepare_care,
    "SELECT count(*) FROM sales_followup_care_plan WHERE date_generated IS NOT NULL",
    check_care,
)
MONTHLY = Cron(
    "ir_cron_followup_monthly_report",
    "model._cron_followup_monthly_report(batch_size=1)",
    prepare_monthly,
    "SELECT count(*) FROM sales_followup_monthly_report WHERE mail_sent_on IS NOT NULL",
    check_monthly,
)
CRONS = [REMINDERS, DIGEST, RETENTION, SEGMENTATION, CARE, MONTHLY]


@pytest.mark.parametrize("cron", CRONS, ids=str)
def test_cron_killed_and_resumed(bench_db, cron):
    prepared = cron.prepare(bench_db)
    arm(bench_db, cron)
    [(before,)] = query(bench_db, cron.done)
    res_id = cron_id(bench_db, cron)
    first = worker(bench_db, "cron", cron.xmlid)
    deadline = time.monotonic() + 180
    batches = 0
    with psycopg2.connect(dbname=bench_db) as conn, conn.cursor() as cr:
        conn.autocommit = True
        while time.monotonic() < deadline and first.poll() is None:
            cr.execute(
                "SELECT count(*) FROM ir_cron_progress WHERE cron_id = %s AND done > 0",
                [res_id],
            )
            [(batches,)] = cr.fetchall()
            if batches >= 3:
                break
            time.sleep(0.02)
    conn.close()
    assert first.poll() is None, "the cron ended before it could be killed: " + str(batches)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    [(at_kill,)] = query(bench_db, cron.done)

    output = finish(worker(bench_db, "cron", cron.xmlid))

    [(after,)] = query(bench_db, cron.done)
    assert before < at_kill < after, f"killed in the middle: {before}, {at_kill}, {after}"
    cron.check(bench_db, prepared)
    assert total_done(output, "rerun") == 0, "work left after the run: " + output
    # Each call reports the records it handled: over both runs, the work
    # done plus at most the batch the kill interrupted (whose transaction,
    # progress included, was rolled back).
    done = reported(bench_db, cron)
    print(f"{cron}: killed after {batches} calls, work done {before} -> {at_kill} -> {after}")
    print(f"done reported by each call: {done}")
    assert after - before <= sum(done) <= after - before + max(done), (before, after, done)


@pytest.mark.parametrize("cron", CRONS, ids=str)
def test_cron_two_workers_at_once(bench_db, cron):
    prepared = cron.prepare(bench_db)
    arm(bench_db, cron)
    start = time.time() + 10  # both registries loaded by then
    workers = [worker(bench_db, "direct", cron.xmlid, start) for _index in range(2)]
    outputs = [finish(proc) for proc in workers]
    cron.check(bench_db, prepared)
    print("\n".join(line for out in outputs for line in out.splitlines() if "retry" in line))
