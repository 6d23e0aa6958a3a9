"""Benchmark sales_followup on the databases made by scripts/bench-data.sh.

    python bench/run.py -c var/odoo.conf --db sf_bench [--core-db sf_bench_core]
                        [--items 1,2,5,7] [--rounds 7] [--steps 50000] [--output FILE]

Prints one table: each figure beside its reference, measured in the same run
when the reference is a measurement (item 1: the same 50 orders confirmed on
the database without the add-on, runs interleaved, median of the paired
ratios), beside the issue's target otherwise. Figures are printed, never
asserted: timings depend on the machine. The load average is printed too.

Items (numbered as in issue 7): 1 confirming 50 orders, 2 the reminder cron
over open steps, 5 "my follow-ups due today" and a customer's timeline with
record rules on, 7 the personal-identifier detector on a labelled corpus.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import PRODUCTS  # noqa: E402

CONFIRM_BATCH = 50


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def load():
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


class Bench:
    def __init__(self, db, core_db, rounds, steps):
        self.db = db
        self.core_db = core_db
        self.rounds = rounds
        self.steps = steps
        self.rows = []  # (item, figure, value, reference, note)
        self.details = []

    def row(self, item, figure, value, reference, note=""):
        self.rows.append((item, figure, value, reference, note))
        print(f"  [{item}] {figure}: {value}  (reference: {reference}) {note}", flush=True)

    def env(self, cr, uid=SUPERUSER_ID, context=None):
        return api.Environment(cr, uid, context or {})

    # ------------------------------------------------------------------
    # 1. Confirming 50 orders, with and without the add-on
    # ------------------------------------------------------------------

    def _confirm_once(self, registry):
        """Create 50 quotations (not timed), confirm them at once (timed),
        roll back. Same customers, products and amounts on both databases."""
        with registry.cursor() as cr:
            env = self.env(cr)
            admin = env.ref("base.user_admin")
            env = env(user=admin)
            customers = env["res.partner"].search(
                [("ref", "=like", "SBC%")], order="id", limit=CONFIRM_BATCH
            )
            products = env["product.product"].search(
                [("name", "in", [name for name, _price in PRODUCTS])], order="id"
            )
            today = date.today()
            values = []
            for index in range(CONFIRM_BATCH):
                # 80 % regular, 16 % key, 4 % strategic, as in the data.
                amount = 600_000 if index % 25 == 0 else 150_000 if index % 6 == 0 else 20_000
                values.append(
                    {
                        "partner_id": customers[index % len(customers)].id,
                        "user_id": customers[index % len(customers)].user_id.id,
                        "commitment_date": today + timedelta(days=20 + index % 40),
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": products[index % len(products)].id,
                                    "product_uom_qty": 1,
                                    "price_unit": amount,
                                    "tax_id": [(6, 0, [])],
                                },
                            )
                        ],
                    }
                )
            orders = env["sale.order"].create(values)
            env.flush_all()
            env.invalidate_all()
            queries = cr.sql_log_count
            started = time.perf_counter()
            orders.action_confirm()
            env.flush_all()
            elapsed = time.perf_counter() - started
            queries = cr.sql_log_count - queries
            steps = len(orders.followup_step_ids) if "followup_step_ids" in orders._fields else None
            cr.rollback()
        return elapsed, queries, steps

    def item_confirm(self):
        print(f"item 1: confirm {CONFIRM_BATCH} orders, {self.db} vs {self.core_db}", flush=True)
        with_module = Registry(self.db)
        without = Registry(self.core_db)
        self._confirm_once(with_module)  # warm-up: caches, first-time queries
        self._confirm_once(without)
        ratios, times_mod, times_core, queries_mod, queries_core = [], [], [], [], []
        steps = 0
        for index in range(self.rounds):
            # Interleave A/B, alternating which goes first.
            pair = [(with_module, True), (without, False)]
            if index % 2:
                pair.reverse()
            result = {}
            for registry, is_mod in pair:
                result[is_mod] = self._confirm_once(registry)
            (t_mod, q_mod, steps), (t_core, q_core, _s) = result[True], result[False]
            ratios.append(t_mod / t_core)
            times_mod.append(t_mod)
            times_core.append(t_core)
            queries_mod.append(q_mod)
            queries_core.append(q_core)
        per_order = 1000 / CONFIRM_BATCH
        self.row(
            1,
            f"confirm {CONFIRM_BATCH} orders: time with / without the add-on "
            f"(median of {self.rounds} paired ratios)",
            f"{statistics.median(ratios):.2f}x",
            "<= 1.5x",
            f"{statistics.median(times_mod) * per_order:.1f} vs "
            f"{statistics.median(times_core) * per_order:.1f} ms/order; "
            f"ratios {min(ratios):.2f}-{max(ratios):.2f}; {steps} steps created",
        )
        extra = (statistics.median(queries_mod) - statistics.median(queries_core)) / CONFIRM_BATCH
        self.row(
            1,
            "confirm: extra queries per order in the batch",
            f"{extra:.2f}",
            "<= 5",
            f"{statistics.median(queries_mod) / CONFIRM_BATCH:.1f} vs "
            f"{statistics.median(queries_core) / CONFIRM_BATCH:.1f} queries/order (core)",
        )

    # ------------------------------------------------------------------
    # 2. The reminder/overdue cron over open steps
    # ------------------------------------------------------------------

    def _prepare_open_steps(self, registry):
        """``self.steps`` planned steps due 3 to 20 days ago, not escalated:
        the cron marks them all overdue and escalates them."""
        with registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    WITH chosen AS (
                        SELECT s.id FROM sales_followup_step s
                          JOIN sale_order o ON o.id = s.order_id AND o.state = 'sale'
                         WHERE s.kind != 'manager_review'
                      ORDER BY s.id DESC LIMIT %(count)s)
                    UPDATE sales_followup_step s
                       SET state = 'planned', date_escalated = NULL, escalation_user_id = NULL,
                           date_done = NULL,
                           date_due = current_date - 3 - mod(s.id, 18)
                      FROM chosen WHERE chosen.id = s.id
                    RETURNING s.id
                    """,
                    count=self.steps,
                )
            )
            step_ids = [row[0] for row in cr.fetchall()]
            cr.execute(
                SQL(
                    "DELETE FROM mail_activity WHERE followup_escalation_step_id = ANY(%s)",
                    step_ids,
                )
            )
            cr.execute("DELETE FROM ir_cron_progress")
            cr.execute("ANALYZE sales_followup_step, mail_activity")
        return len(step_ids)

    def item_reminders(self):
        registry = Registry(self.db)
        prepared = self._prepare_open_steps(registry)
        print(f"item 2: reminder cron over {prepared} open steps due in the past", flush=True)
        batches = []
        started_all = time.perf_counter()
        for _index in range(10_000):
            with registry.cursor() as cr:
                env = self.env(cr)
                cron = env.ref("sales_followup.ir_cron_followup_reminders")
                cron, progress = cron._add_progress()
                cr.commit()
                queries = cr.sql_log_count
                started = time.perf_counter()
                cron.with_context(ir_cron_progress_id=progress.id).env[
                    "sales_followup.step"
                ]._cron_followup_reminders()
                env.flush_all()
                elapsed = time.perf_counter() - started
                queries = cr.sql_log_count - queries
                cr.commit()
                progress.invalidate_recordset()
                done, remaining = progress.done, progress.remaining
            batches.append((done, elapsed, queries, rss_mb()))
            if not remaining or not done:
                break
        total_time = time.perf_counter() - started_all
        work = [batch for batch in batches if batch[0]]
        done = sum(batch[0] for batch in work)
        queries = sum(batch[2] for batch in batches)
        self.row(
            2,
            f"reminder cron: queries per record ({done} records in {len(batches)} passes)",
            f"{queries / max(done, 1):.3f}",
            "<= 0.05",
            f"{queries} queries; {total_time:.1f} s in all",
        )
        if len(work) >= 4:
            head = [batch[1] / batch[0] for batch in work[:3]]
            tail = [batch[1] / batch[0] for batch in work[-3:]]
            self.row(
                2,
                "reminder cron: per-record time, last 3 passes / first 3",
                f"{statistics.median(tail) / statistics.median(head):.2f}x",
                "<= 1.5x",
                f"{statistics.median(head) * 1000:.1f} -> {statistics.median(tail) * 1000:.1f} "
                "ms/record",
            )
        if len(batches) > 5:
            growth = max(batch[3] for batch in batches[5:]) - batches[4][3]
            self.row(
                2,
                "reminder cron: memory growth after the 5th pass",
                f"{growth:.0f} MB",
                "<= 50 MB",
                f"RSS {batches[4][3]:.0f} MB at pass 5",
            )
        self.row(
            2,
            "reminder cron: longest pass",
            f"{max(batch[1] for batch in batches):.1f} s",
            "well under 120 s",
        )
        self.details.append(
            "Reminder cron passes (records, seconds, queries, RSS MB):\n"
            + "\n".join(f"    {d} {t:.2f} {q} {m:.0f}" for d, t, q, m in batches[:8])
            + ("\n    ..." if len(batches) > 8 else "")
        )

    # ------------------------------------------------------------------
    # 5. A rep's follow-ups due today, a customer's timeline
    # ------------------------------------------------------------------

    def _explain(self, cr, query):
        cr.execute(SQL("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) %s", query))
        return [row[0] for row in cr.fetchall()]

    def _time(self, func, repeat=15):
        func()
        times = []
        for _index in range(repeat):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    def item_lists(self):
        print("item 5: my follow-ups due today, a customer's timeline", flush=True)
        registry = Registry(self.db)
        with registry.cursor() as cr:
            env = self.env(cr)
            cr.execute(
                "SELECT s.user_id FROM sales_followup_step s JOIN res_users u ON u.id = s.user_id"
                " WHERE u.login LIKE 'bench_rep_%%' AND s.state IN ('planned', 'overdue')"
                " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
            rep = env["res.users"].browse(cr.fetchone()[0])
            cr.execute(
                "SELECT i.partner_id FROM sales_followup_interaction i"
                " JOIN res_partner p ON p.id = i.partner_id AND p.user_id = %s"
                " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                [rep.id],
            )
            customer_id = cr.fetchone()[0]
            Step = env["sales_followup.step"].with_user(rep)
            Interaction = env["sales_followup.interaction"].with_user(rep)
            today = date.today()
            due_domain = [
                ("user_id", "=", rep.id),
                ("state", "in", ("planned", "overdue")),
                ("date_due", "<=", today),
            ]
            step_fields = ["date_due", "order_id", "partner_id", "kind", "tier_id", "state"]
            timeline_domain = [("partner_id", "=", customer_id)]
            timeline_fields = ["date", "channel", "kind", "summary", "user_id", "order_id"]

            def due_today():
                env.invalidate_all()
                return Step.web_search_read(
                    due_domain, {name: {} for name in step_fields}, limit=80
                )

            def timeline():
                env.invalidate_all()
                return Interaction.web_search_read(
                    timeline_domain, {name: {} for name in timeline_fields}, limit=80
                )

            for label, func, model, domain in (
                ("my follow-ups due today", due_today, Step, due_domain),
                ("customer timeline", timeline, Interaction, timeline_domain),
            ):
                result = func()
                elapsed = self._time(func)
                plan = self._explain(cr, model._search(domain, limit=80).select())
                scans = [line.strip() for line in plan if "Scan" in line]
                indexed = any("Index" in line or "Bitmap" in line for line in scans)
                seq = [line for line in scans if line.startswith("Seq Scan") or "-> Seq" in line]
                self.row(
                    5,
                    f"{label} (rep {rep.login}, record rules on, {result['length']} rows)",
                    f"{elapsed:.1f} ms",
                    "<= 100 ms",
                    "index used" if indexed else "NO index in the plan",
                )
                self.details.append(
                    f"Plan of '{label}' ({model._name}, rules of {rep.login}):\n"
                    + "\n".join(f"    {line}" for line in plan)
                    + (f"\n    sequential scans: {len(seq)}" if seq else "")
                )
            cr.rollback()

    # ------------------------------------------------------------------
    # 7. The personal-identifier detector
    # ------------------------------------------------------------------

    def item_detector(self):
        import pii_corpus  # noqa: PLC0415 - needs odoo.addons set up first

        print("item 7: personal-identifier detector on a labelled corpus", flush=True)
        started = time.perf_counter()
        result = pii_corpus.evaluate(size=2000, randoms=100_000)
        elapsed = time.perf_counter() - started
        self.row(
            7,
            f"detector recall ({result['texts']} labelled texts, CN and EN)",
            f"{result['recall']:.4f}",
            ">= 0.99",
            f"false alarms on look-alike texts {result['false_alarm_texts']:.2%}",
        )
        self.row(
            7,
            f"detector false alarms on {result['random_18']} random 18-digit numbers",
            f"{result['false_alarm_18']:.3%}",
            "<= 0.1%",
            f"{elapsed:.1f} s for the whole item",
        )
        if result["misses"]:
            self.details.append(
                "Detector misses (first 5):\n"
                + "\n".join(f"    {text}" for text in result["misses"])
            )

    # ------------------------------------------------------------------

    def report(self, items, scale_note):
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        cpu = ""
        try:
            cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
        except (OSError, AttributeError):
            pass
        lines = [
            f"Benchmark of sales_followup, items {items}, {scale_note}",
            f"date {time.strftime('%Y-%m-%d %H:%M %Z')}, commit {commit}, "
            f"{platform.node()}: {os.cpu_count()} CPU {cpu}, "
            f"Python {platform.python_version()}, Odoo {odoo.release.version}",
            "",
            "| item | figure | measured | reference | note |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [f"| {i} | {f} | {v} | {r} | {n} |" for i, f, v, r, n in self.rows]
        lines += ["", *self.details]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--addons-path")
    parser.add_argument("--db", required=True)
    parser.add_argument("--core-db")
    parser.add_argument("--items", default="1,2,5,7")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--output")
    args = parser.parse_args()
    odoo_args = ["-c", args.config, "--log-level=warn"]
    if args.addons_path:
        odoo_args.append(f"--addons-path={args.addons_path}")
    odoo.tools.config.parse_config(odoo_args)
    items = [int(item) for item in args.items.split(",")]
    bench = Bench(args.db, args.core_db or f"{args.db}_core", args.rounds, args.steps)
    load_before = load()
    runners = {
        1: bench.item_confirm,
        2: bench.item_reminders,
        5: bench.item_lists,
        7: bench.item_detector,
    }
    for item in items:
        runners[item]()
    with Registry(args.db).cursor() as cr:
        cr.execute("SELECT count(*) FROM sale_order")
        orders = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sales_followup_interaction")
        interactions = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'SBC%%'")
        customers = cr.fetchone()[0]
    note = (
        f"database {args.db}: {customers} customers, {orders} orders, "
        f"{interactions} interactions; load average {load_before} before, {load()} after"
    )
    text = bench.report(",".join(map(str, items)), note)
    print("\n" + text)
    if args.output:
        Path(args.output).write_text(text + "\n")


if __name__ == "__main__":
    main()
