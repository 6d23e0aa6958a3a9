"""Scale and reliability at small scale, on a scratch database filled by the
benchmark's generator (scripts/bench-data.sh small):

* the generated data is consistent;
* the reminder cron, run by Odoo's own job runner in a separate process
  killed with SIGKILL after three batches and started again, ends with every
  step overdue and escalated exactly once;
* two processes running the reminder cron at once, and two processes
  generating the same plans at once, leave no duplicate;
* the benchmark runs end to end (figures printed, not asserted).
"""

import os
import secrets
import signal
import subprocess
import sys
import time
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


def prepare_late_steps(db, batch_size=BATCH):
    """STEPS planned steps of generated orders, due 10 to 19 days ago, not
    escalated yet; the reminder cron set to batches of ``batch_size``."""
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
    query(db, "DELETE FROM ir_cron_progress")
    cron = """(SELECT res_id FROM ir_model_data WHERE module = 'sales_followup'
                 AND name = 'ir_cron_followup_reminders')"""
    query(
        db,
        f"UPDATE ir_cron SET active = TRUE,"
        f"       nextcall = now() at time zone 'UTC' - interval '1 minute' WHERE id = {cron}",
    )
    query(
        db,
        "UPDATE ir_act_server SET code = %s"
        f" WHERE id = (SELECT ir_actions_server_id FROM ir_cron WHERE id = {cron})",
        [f"model._cron_followup_reminders(batch_size={batch_size})"],
    )
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


def test_reminder_cron_killed_and_resumed(bench_db):
    step_ids = prepare_late_steps(bench_db)
    first = worker(bench_db, "cron")
    deadline = time.monotonic() + 180
    batches = 0
    while time.monotonic() < deadline and first.poll() is None:
        [(batches,)] = query(bench_db, "SELECT count(*) FROM ir_cron_progress WHERE done > 0")
        if batches >= 3:
            break
        time.sleep(0.05)
    assert first.poll() is None, "the cron ended before it could be killed: " + str(batches)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    [(overdue_at_kill,)] = query(
        bench_db,
        "SELECT count(*) FROM sales_followup_step WHERE id = ANY(%s) AND state = 'overdue'",
        [step_ids],
    )
    assert 0 < overdue_at_kill < len(step_ids), "killed in the middle of the work"

    finish(worker(bench_db, "cron"))

    assert_escalated_once(bench_db, step_ids)


def test_reminder_cron_two_workers_at_once(bench_db):
    step_ids = prepare_late_steps(bench_db)
    workers = [worker(bench_db, "reminders", BATCH) for _index in range(2)]
    outputs = [finish(proc) for proc in workers]
    assert_escalated_once(bench_db, step_ids)
    print("\n".join(line for out in outputs for line in out.splitlines() if "retry" in line))


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
