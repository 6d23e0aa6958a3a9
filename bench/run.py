"""Benchmark sales_followup on the databases made by scripts/bench-data.sh.

    python bench/run.py -c var/odoo.conf --db sf_bench [--core-db sf_bench_core]
                        [--items 1,2,3,4,5,6,7] [--rounds 7] [--steps 50000]
                        [--rpc-seconds 60] [--output FILE]

Prints one table: each figure beside its reference, measured in the same run
when the reference is a measurement (item 1: the same 50 orders confirmed on
the database without the add-on, runs interleaved, median of the paired
ratios), beside the issue's target otherwise. Figures are printed, never
asserted: timings depend on the machine. The load average is printed too.

Items (numbered as in issue 7): 1 confirming 50 orders (typical
three-line taxed orders, and minimal one-line ones), 2 the reminder cron
over open steps, 3 the segmentation cron over every customer (against one
hand-written GROUP BY of the same order aggregates; queries of a pass at two
batch sizes), 4 the monthly report of the busiest month (end to end, memory,
KPIs against one hand-written SQL query, the workbook's amounts against SQL
sums), 5 "my follow-ups due today" and a customer's timeline with record
rules on, 6 logging interactions over JSON-RPC from 4 and 20 clients against
core sale.order writes, 7 the personal-identifier detector on a labelled corpus.
Items 3 and 4 write to the database (segments, the month's report).
"""

import argparse
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import PRODUCTS, sync_reminders  # noqa: E402

CONFIRM_BATCH = 50
RPC_CLIENTS = (4, 20)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def load():
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


class Bench:
    def __init__(self, db, core_db, rounds, steps, rpc_seconds=60):
        self.rpc_seconds = rpc_seconds
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

    def _confirm_once(self, registry, typical=True):
        """Create 50 quotations (not timed), confirm them at once (timed),
        roll back. Same customers, products and amounts on both databases.

        ``typical``: three lines (a machine, its accessories, a service) with
        the products' default sales taxes, as a real order has; otherwise one
        untaxed line, the cheapest order core can confirm."""
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
                shares = (0.8, 0.15, 0.05) if typical else (1.0,)
                lines = []
                for offset, share in enumerate(shares):
                    line = {
                        "product_id": products[(index + offset * 5) % len(products)].id,
                        "product_uom_qty": 1 + offset,
                        "price_unit": round(amount * share / (1 + offset), 2),
                    }
                    if not typical:
                        line["tax_id"] = [(6, 0, [])]
                    lines.append((0, 0, line))
                values.append(
                    {
                        "partner_id": customers[index % len(customers)].id,
                        "user_id": customers[index % len(customers)].user_id.id,
                        "commitment_date": today + timedelta(days=20 + index % 40),
                        "order_line": lines,
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
        for typical, label in ((True, "typical orders"), (False, "minimal orders")):
            self._confirm_pairs(with_module, without, typical, label)

    def _confirm_pairs(self, with_module, without, typical, label):
        self._confirm_once(with_module, typical)  # warm-up: caches, first-time queries
        self._confirm_once(without, typical)
        ratios, times_mod, times_core, queries_mod, queries_core = [], [], [], [], []
        steps = 0
        for index in range(self.rounds):
            # Interleave A/B, alternating which goes first.
            pair = [(with_module, True), (without, False)]
            if index % 2:
                pair.reverse()
            result = {}
            for registry, is_mod in pair:
                result[is_mod] = self._confirm_once(registry, typical)
            (t_mod, q_mod, steps), (t_core, q_core, _s) = result[True], result[False]
            ratios.append(t_mod / t_core)
            times_mod.append(t_mod)
            times_core.append(t_core)
            queries_mod.append(q_mod)
            queries_core.append(q_core)
        per_order = 1000 / CONFIRM_BATCH
        shape = "3 taxed lines" if typical else "1 untaxed line"
        self.row(
            1,
            f"confirm {CONFIRM_BATCH} {label} ({shape}): time with / without the add-on "
            f"(median of {self.rounds} paired ratios)",
            f"{statistics.median(ratios):.2f}x",
            "<= 1.5x",
            f"{statistics.median(times_mod) * per_order:.1f} vs "
            f"{statistics.median(times_core) * per_order:.1f} ms/order (issue's core "
            f"reference: ~19); ratios {min(ratios):.2f}-{max(ratios):.2f}; "
            f"{steps} steps created",
        )
        extra = (statistics.median(queries_mod) - statistics.median(queries_core)) / CONFIRM_BATCH
        self.row(
            1,
            f"confirm {label}: extra queries per order in the batch",
            f"{extra:.2f}",
            "<= 5",
            f"{statistics.median(queries_mod) / CONFIRM_BATCH:.1f} vs "
            f"{statistics.median(queries_core) / CONFIRM_BATCH:.1f} queries/order (core; "
            "issue's reference: 13.2)",
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
            # As in production, where a step's reminder is made when it is
            # planned: the orders get the reminders of their new due dates
            # first (not timed), so that the cron marks and escalates steps
            # rather than repairing reminders the SQL above made stale.
            cr.execute(
                SQL(
                    "SELECT DISTINCT order_id FROM sales_followup_step WHERE id = ANY(%s)",
                    step_ids,
                )
            )
            sync_reminders(self.env(cr), [row[0] for row in cr.fetchall()])
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
    # 3. Segmentation over every customer
    # ------------------------------------------------------------------

    def _segment_reference(self, cr, company_id):
        """The segmentation's order aggregates per commercial partner, written
        by hand as one GROUP BY over sale_order (the reference)."""
        today = date.today()
        year_ago = today - relativedelta(years=1)
        quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        q = [quarter - relativedelta(months=3 * index) for index in range(4)]
        started = time.perf_counter()
        cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, MIN(so.date_order), MAX(so.date_order),
                       COUNT(*), COUNT(*) FILTER (WHERE so.date_order >= %(year_ago)s),
                       SUM(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                           FILTER (WHERE so.date_order >= %(year_ago)s),
                       SUM(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                           FILTER (WHERE so.date_order >= %(q3)s AND so.date_order < %(q2)s),
                       SUM(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                           FILTER (WHERE so.date_order >= %(q2)s AND so.date_order < %(q1)s),
                       SUM(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                           FILTER (WHERE so.date_order >= %(q1)s AND so.date_order < %(q0)s)
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s
              GROUP BY p.commercial_partner_id
                """,
                company=company_id,
                year_ago=year_ago,
                q0=q[0],
                q1=q[1],
                q2=q[2],
                q3=q[3],
            )
        )
        rows = len(cr.fetchall())
        return time.perf_counter() - started, rows

    def _restart_segmentation(self, env):
        """The day's segmentation starts again from the first customer."""
        env["res.company"].search([]).write(
            {"followup_segment_run_date": False, "followup_segment_cursor": 0}
        )
        env.flush_all()
        env.invalidate_all()

    def _segment_pass(self, cr, batch_size=None):
        """One call of the segmentation cron as the cron runner makes it:
        (customers done, remaining, seconds, queries)."""
        env = self.env(cr)
        cron = env.ref("sales_followup.ir_cron_followup_segment")
        cron, progress = cron._add_progress()
        queries = cr.sql_log_count
        started = time.perf_counter()
        Stats = cron.with_context(ir_cron_progress_id=progress.id).env[
            "sales_followup.customer.stats"
        ]
        if batch_size:
            Stats._cron_followup_segment(batch_size=batch_size)
        else:
            Stats._cron_followup_segment()
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries
        progress.invalidate_recordset()
        return progress.done, progress.remaining, elapsed, queries

    def item_segmentation(self):
        registry = Registry(self.db)
        with registry.cursor() as cr:
            env = self.env(cr)
            self._restart_segmentation(env)
            env["ir.cron.progress"].search([]).unlink()
            # The worst case: every customer's figures are written, as on the
            # first run after installation (a daily run writes the customers
            # whose figures changed).
            env["sales_followup.customer.stats"].search([]).unlink()
            env.flush_all()
            company_id = env.ref("base.main_company").id
        print("item 3: segmentation over every customer", flush=True)
        passes = []
        started_all = time.perf_counter()
        for _index in range(10_000):
            with registry.cursor() as cr:
                done, remaining, elapsed, queries = self._segment_pass(cr)
                cr.commit()
            passes.append((done, elapsed, queries))
            if not remaining or not done:
                break
        total = time.perf_counter() - started_all
        # The reference, timed in the same run (median of 5, after a warm-up).
        with registry.cursor() as cr:
            self._segment_reference(cr, company_id)
            timings = [self._segment_reference(cr, company_id) for _index in range(5)]
        reference = statistics.median(t for t, _rows in timings)
        customers = sum(done for done, _t, _q in passes)
        self.row(
            3,
            f"segmentation: whole run over {customers} customers, every one rewritten "
            f"({len(passes)} passes)",
            f"{total:.1f} s",
            f"<= 30 s at 20,000; SQL GROUP BY {reference * 1000:.0f} ms",
            f"{total / max(reference, 1e-6):.0f}x the hand-written GROUP BY "
            f"({timings[0][1]} customers); "
            f"{sum(q for _d, _t, q in passes)} queries; longest pass "
            f"{max(t for _d, t, _q in passes):.1f} s",
        )
        # Queries of one pass at two batch sizes (rolled back): the same
        # number whatever the number of customers in the batch.
        sizes = []
        for size in (100, 500):
            with registry.cursor() as cr:
                self._restart_segmentation(self.env(cr))
                done, _remaining, elapsed, queries = self._segment_pass(cr, size)
                sizes.append((done, queries, elapsed))
                cr.rollback()
        (done_a, q_a, t_a), (done_b, q_b, t_b) = sizes
        self.row(
            3,
            f"segmentation: queries per pass of {done_a} vs {done_b} customers",
            f"{q_a} vs {q_b}",
            "independent of the number of customers",
            f"{t_a * 1000:.0f} vs {t_b * 1000:.0f} ms a pass",
        )
        self.details.append(
            "Segmentation passes (customers, seconds, queries):\n"
            + "\n".join(f"    {d} {t:.2f} {q}" for d, t, q in passes[:8])
            + ("\n    ..." if len(passes) > 8 else "")
        )

    # ------------------------------------------------------------------
    # 4. The monthly report of the busiest month
    # ------------------------------------------------------------------

    def _kpi_reference(self, cr, period):
        """The report's KPIs of the month as one hand-written SQL query."""
        cr.execute(
            SQL(
                """
                WITH o AS (
                    SELECT COUNT(*) AS order_count,
                           COALESCE(SUM(COALESCE(so.amount_total / NULLIF(so.currency_rate, 0),
                                                 so.amount_total)), 0) AS order_amount,
                           COUNT(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM sales_followup_interaction i
                                WHERE i.order_id = so.id AND i.exception_reason IS NOT NULL))
                               AS exception_order_count,
                           COUNT(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM sales_followup_interaction i
                                WHERE i.order_id = so.id
                                  AND i.exception_reason = 'delivery_delay'))
                               AS exception_delay_count,
                           COUNT(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM sales_followup_interaction i
                                WHERE i.order_id = so.id
                                  AND i.exception_reason = 'quality_mismatch'))
                               AS exception_quality_count,
                           COUNT(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM sales_followup_interaction i
                                WHERE i.order_id = so.id
                                  AND i.exception_reason = 'requirement_change'))
                               AS exception_change_count,
                           COUNT(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM sales_followup_interaction i
                                WHERE i.order_id = so.id AND i.exception_reason = 'other'))
                               AS exception_other_count
                      FROM sale_order so
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.date_order >= %(start)s AND so.date_order < %(end)s
                ), q AS (
                    SELECT COUNT(*) AS quotation_count,
                           COUNT(*) FILTER (WHERE so.state = 'sale' AND so.date_order < %(end)s)
                               AS quotation_confirmed_count
                      FROM sale_order so
                     WHERE so.company_id = %(company)s
                       AND so.create_date >= %(start)s AND so.create_date < %(end)s
                ), d AS (
                    SELECT COUNT(*) AS delivered_count,
                           COUNT(*) FILTER (WHERE so.followup_delivered_date <= COALESCE(
                               (so.commitment_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                               ((so.date_order + (SELECT MIN(COALESCE(l.customer_lead, 0))
                                                    FROM sale_order_line l
                                                   WHERE l.order_id = so.id
                                                     AND l.display_type IS NULL)
                                 * INTERVAL '1 day') AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                           )) AS delivered_on_time_count
                      FROM sale_order so
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.followup_delivered_date BETWEEN %(date_from)s AND %(date_to)s
                ), s AS (
                    SELECT COUNT(*) AS step_due_count,
                           COUNT(*) FILTER (WHERE st.state = 'done') AS step_done_count,
                           COUNT(*) FILTER (WHERE st.kind = 'first_contact')
                               AS first_contact_due_count,
                           COUNT(*) FILTER (
                               WHERE st.kind = 'first_contact' AND st.state = 'done'
                                 AND (COALESCE(i.date, st.date_done)
                                      AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                                     <= st.date_due) AS first_contact_on_time_count
                      FROM sales_followup_step st
                 LEFT JOIN sales_followup_interaction i ON i.id = st.interaction_id
                     WHERE st.company_id = %(company)s AND st.state != 'cancelled'
                       AND st.date_due BETWEEN %(date_from)s AND %(date_to)s
                ), i AS (
                    SELECT COUNT(*) AS interaction_count,
                           COUNT(*) FILTER (WHERE NOT COALESCE(i.is_late, FALSE))
                               AS interaction_on_time_count,
                           COUNT(*) FILTER (WHERE i.satisfaction > 0) AS csat_count,
                           COUNT(*) FILTER (WHERE i.satisfaction >= 4) AS csat_top_count,
                           AVG(i.satisfaction) FILTER (WHERE i.satisfaction > 0) AS csat_avg,
                           COUNT(*) FILTER (WHERE i.score_responsiveness > 0)
                               AS score_responsiveness_count,
                           AVG(i.score_responsiveness) FILTER (WHERE i.score_responsiveness > 0)
                               AS score_responsiveness_avg,
                           COUNT(*) FILTER (WHERE i.score_resolution > 0)
                               AS score_resolution_count,
                           AVG(i.score_resolution) FILTER (WHERE i.score_resolution > 0)
                               AS score_resolution_avg,
                           COUNT(*) FILTER (WHERE i.score_professionalism > 0)
                               AS score_professionalism_count,
                           AVG(i.score_professionalism) FILTER (WHERE i.score_professionalism > 0)
                               AS score_professionalism_avg,
                           COUNT(*) FILTER (WHERE i.score_proactiveness > 0)
                               AS score_proactiveness_count,
                           AVG(i.score_proactiveness) FILTER (WHERE i.score_proactiveness > 0)
                               AS score_proactiveness_avg
                      FROM sales_followup_interaction i
                     WHERE i.company_id = %(company)s
                       AND i.date >= %(start)s AND i.date < %(end)s
                ), c AS (
                    SELECT COUNT(*) FILTER (WHERE active_at_start) AS churn_base_count,
                           COUNT(*) FILTER (WHERE active_at_start AND NOT active_at_end)
                               AS churned_count,
                           COUNT(*) FILTER (WHERE trailing_orders >= 1) AS repurchase_base_count,
                           COUNT(*) FILTER (WHERE trailing_orders >= 2) AS repurchase_count,
                           COUNT(*) FILTER (WHERE first_order >= %(start)s) AS new_customer_count,
                           COUNT(*) FILTER (WHERE NOT active_at_end) AS dormant_customer_count
                      FROM (SELECT MIN(so.date_order) AS first_order,
                                   BOOL_OR(so.date_order >= %(active_start)s
                                           AND so.date_order < %(start)s) AS active_at_start,
                                   BOOL_OR(so.date_order >= %(active_end)s) AS active_at_end,
                                   COUNT(*) FILTER (WHERE so.date_order >= %(trailing)s)
                                       AS trailing_orders
                              FROM sale_order so
                              JOIN res_partner p ON p.id = so.partner_id
                             WHERE so.company_id = %(company)s AND so.state = 'sale'
                               AND so.date_order < %(end)s
                          GROUP BY p.commercial_partner_id) per_customer
                )
                SELECT * FROM o, q, d, s, i, c
                """,
                **period,
            )
        )
        return cr.dictfetchall()[0]

    def item_monthly_report(self):
        import base64  # noqa: PLC0415
        import io  # noqa: PLC0415

        import openpyxl  # noqa: PLC0415

        from odoo.addons.sales_followup.report.monthly_report_queries import (  # noqa: PLC0415
            period_params,
        )

        registry = Registry(self.db)
        with registry.cursor() as cr:
            env = self.env(cr)
            company = env.ref("base.main_company")
            cr.execute(
                "SELECT date_trunc('month', date_order)::date, count(*) FROM sale_order"
                " WHERE state = 'sale' AND company_id = %s GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
                [company.id],
            )
            month, month_orders = cr.fetchone()
            report = env["sales_followup.monthly.report"]._followup_get_or_create(company, month)
            cr.commit()
            period = period_params(report, report.date_from, report.date_to)
            cr.execute(
                "SELECT count(*) FROM sales_followup_interaction"
                " WHERE company_id = %s AND date >= %s AND date < %s",
                [company.id, period["start"], period["end"]],
            )
            month_interactions = cr.fetchone()[0]
            print(
                f"item 4: monthly report of {month:%Y-%m} ({month_orders} orders, "
                f"{month_interactions} interactions)",
                flush=True,
            )
            # End to end: KPIs, previous month, per salesperson, the detail
            # sheets, the workbook stored as an attachment.
            env.invalidate_all()
            try:
                Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS
            except OSError:
                pass
            rss_before = rss_mb()
            started = time.perf_counter()
            report.action_generate()
            env.flush_all()
            elapsed = time.perf_counter() - started
            rss_after = rss_mb()
            peak = rss_before
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1]) / 1024
            cr.commit()
            self.row(
                4,
                f"monthly report {month:%Y-%m}: end to end ({month_orders} orders, "
                f"{month_interactions} interactions)",
                f"{elapsed:.1f} s",
                "<= 20 s",
            )
            self.row(
                4,
                "monthly report: memory (RSS before / after / peak)",
                f"+{rss_after - rss_before:.0f} MB",
                "flat (constant_memory)",
                f"{rss_before:.0f} / {rss_after:.0f} / {peak:.0f} MB",
            )
            # The KPI part against one hand-written query, interleaved.
            period.update(
                active_start=report._followup_utc(
                    period["date_from"] - timedelta(days=report._followup_dormant_days())
                ),
                active_end=report._followup_utc(
                    period["date_to"]
                    + timedelta(days=1)
                    - timedelta(days=report._followup_dormant_days())
                ),
                trailing=report._followup_utc(
                    period["date_to"] + timedelta(days=1) - relativedelta(months=12)
                ),
            )
            kpis = report._followup_compute_kpis(report.date_from, report.date_to)
            reference = self._kpi_reference(cr, period)
            ratios, times_kpi, times_sql = [], [], []
            for index in range(5):
                pair = [True, False] if index % 2 else [False, True]
                result = {}
                for is_kpi in pair:
                    started = time.perf_counter()
                    if is_kpi:
                        report._followup_compute_kpis(report.date_from, report.date_to)
                    else:
                        self._kpi_reference(cr, period)
                    result[is_kpi] = time.perf_counter() - started
                ratios.append(result[True] / result[False])
                times_kpi.append(result[True])
                times_sql.append(result[False])
            differ = [
                key
                for key, value in reference.items()
                if round(float(kpis.get(key) or 0), 2) != round(float(value or 0), 2)
            ]
            self.row(
                4,
                "monthly report: KPI part / one hand-written SQL query (median of 5 paired ratios)",
                f"{statistics.median(ratios):.2f}x",
                "<= 2x",
                f"{statistics.median(times_kpi) * 1000:.0f} vs "
                f"{statistics.median(times_sql) * 1000:.0f} ms; {len(reference)} figures "
                + ("equal" if not differ else f"DIFFER: {', '.join(differ)}"),
            )
            # The workbook's totals against SQL sums, to the cent.
            book = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(report.xlsx_file)), read_only=True
            )
            # The order table lists every order under follow-up in the month
            # (confirmed earlier and still open included): its amounts are
            # checked against SQL for the orders it lists, and every order
            # confirmed in the month must be among them.
            sheet_amounts = {}
            summary_amount = None
            for sheet in book.worksheets:
                header = None
                for row in sheet.iter_rows(values_only=True):
                    if header is None:
                        if row and row[0] == "Order Number" and sheet.title == "Order Follow-up":
                            header = row
                            amount_at = header.index("Amount (Company Currency)")
                        elif row and row[0] == "Confirmed amount (company currency)":
                            summary_amount = row[1]
                        continue
                    if row[0] and isinstance(row[amount_at], int | float):
                        sheet_amounts[row[0]] = row[amount_at]
            sheet_total = round(sum(sheet_amounts.values()), 2)
            cr.execute(
                "SELECT ROUND(SUM(amount_total / NULLIF(currency_rate, 0)), 2)"
                " FROM sale_order WHERE company_id = %s AND name = ANY(%s)",
                [company.id, list(sheet_amounts)],
            )
            listed_sum = float(cr.fetchone()[0] or 0)
            cr.execute(
                "SELECT name FROM sale_order WHERE company_id = %s AND state = 'sale'"
                " AND date_order >= %s AND date_order < %s",
                [company.id, period["start"], period["end"]],
            )
            unlisted = {name for (name,) in cr.fetchall()} - set(sheet_amounts)
            cr.execute(
                "SELECT ROUND(SUM(amount_total / NULLIF(currency_rate, 0)), 2), COUNT(*)"
                " FROM sale_order WHERE company_id = %s AND state = 'sale'"
                " AND date_order >= %s AND date_order < %s",
                [company.id, period["start"], period["end"]],
            )
            sql_sum, sql_count = cr.fetchone()
            sql_sum = float(sql_sum or 0)
            matches = [
                sheet_total == listed_sum,
                not unlisted,
                summary_amount is not None and round(summary_amount, 2) == sql_sum,
                round(report.order_amount, 2) == sql_sum,
            ]
            self.row(
                4,
                "monthly report: workbook totals = SQL SUM to the cent",
                "ok" if all(matches) else "MISMATCH",
                f"SQL SUM {sql_sum:,.2f} ({sql_count} orders confirmed in the month)",
                f"orders sheet {sheet_total:,.2f} for its {len(sheet_amounts)} orders "
                f"(SQL {listed_sum:,.2f}, {len(unlisted)} of the month missing), summary "
                f"{summary_amount if summary_amount is None else f'{summary_amount:,.2f}'}, "
                f"report field {report.order_amount:,.2f}",
            )
            cr.rollback()

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
    # 6. Logging interactions over JSON-RPC, against core sale.order writes
    # ------------------------------------------------------------------

    def _rpc_server(self, port, log):
        """Odoo with two HTTP workers on 127.0.0.1 only, no cron thread."""
        command = [
            sys.executable,
            str(Path(odoo.__file__).resolve().parent.parent / "odoo-bin"),
            "-c",
            odoo.tools.config.rcfile,
            f"--addons-path={odoo.tools.config['addons_path']}",
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--workers=2",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--log-level=warn",
            "--limit-time-real=600",
        ]
        return subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _rpc_clients(self, url, count):
        """``count`` clients, logged in before any phase starts: a login is
        not part of the measured calls."""
        from odoo_rpc import OdooRPC  # noqa: PLC0415

        clients = []
        for _number in range(count):
            rpc = OdooRPC(url, self.db, timeout=120)
            rpc.login("admin", "admin")
            clients.append(rpc)
        return clients

    def _rpc_phase(self, clients, kind, orders, seconds, tag):
        """The clients calling as fast as they can for ``seconds``: latencies
        of the calls that succeeded, errors, markers of the rows created."""
        import threading  # noqa: PLC0415

        latencies, errors, created = [], [], []
        lock = threading.Lock()

        def client(number, rpc):
            mine = orders[number :: len(clients)]
            for count in range(1_000_000):  # bounded by the deadline
                if time.perf_counter() >= deadline:
                    break
                order_id, partner_id = mine[count % len(mine)]
                marker = f"{tag}-{kind}-{number}-{count}"
                started = time.perf_counter()
                try:
                    if kind == "interaction":
                        rpc.execute(
                            "sales_followup.interaction",
                            "create",
                            {
                                "partner_id": partner_id,
                                "order_id": order_id,
                                "channel": "phone",
                                "summary": "Customer confirmed the delivery address and the "
                                f"unloading time with the warehouse ({marker}).",
                            },
                        )
                    else:
                        rpc.execute("sale.order", "write", [order_id], {"client_order_ref": marker})
                except Exception as error:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(str(error)[:200])
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if kind == "interaction":
                        created.append(marker)

        threads = [
            threading.Thread(target=client, args=(number, rpc))
            for number, rpc in enumerate(clients)
        ]
        started = time.perf_counter()
        deadline = started + seconds
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return latencies, errors, created, time.perf_counter() - started

    def _rpc_measure(self, url, orders, clients_count, tag):
        """Interleaved phases A B B A with ``clients_count`` clients: each
        kind of call runs ``rpc_seconds`` in all."""
        clients = self._rpc_clients(url, clients_count)
        # Warm-up: every worker has loaded the registry and the clients' users.
        self._rpc_phase(clients, "interaction", orders, 1, tag + "w")
        self._rpc_phase(clients, "write", orders, 1, tag + "w")
        results = {"interaction": [[], [], [], 0.0], "write": [[], [], [], 0.0]}
        for index, kind in enumerate(("interaction", "write", "write", "interaction")):
            phase = self._rpc_phase(clients, kind, orders, self.rpc_seconds / 2, f"{tag}.{index}")
            for part in range(3):
                results[kind][part] += phase[part]
            results[kind][3] += phase[3]
        for rpc in clients:
            rpc.close()
        return results

    def _rpc_rows(self, clients_count, results):
        figures = {}
        for kind, (latencies, errors, _created, elapsed) in results.items():
            latencies.sort()
            p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
            figures[kind] = (len(latencies) / elapsed, p95, len(errors), len(latencies))
        (rate_i, p95_i, errors_i, calls_i), (rate_w, p95_w, errors_w, calls_w) = (
            figures["interaction"],
            figures["write"],
        )
        self.row(
            6,
            f"JSON-RPC, {clients_count} clients, --workers=2, {self.rpc_seconds:g} s each: "
            "interactions created per second / core sale.order writes per second",
            f"{rate_i / rate_w:.2f}x" if rate_w else "n/a (no write answered)",
            ">= 0.8x",
            f"{rate_i:.1f} vs {rate_w:.1f} req/s; {calls_i} vs {calls_w} calls, "
            f"errors {errors_i} vs {errors_w}",
        )
        self.row(
            6,
            f"JSON-RPC, {clients_count} clients: p95 latency, interaction create / "
            "sale.order write",
            f"{p95_i / p95_w:.2f}x" if p95_w else "n/a (no write answered)",
            "<= 2x",
            f"{p95_i * 1000:.0f} vs {p95_w * 1000:.0f} ms",
        )
        for kind, (_latencies, errors, _created, _elapsed) in results.items():
            if errors:
                self.details.append(
                    f"RPC errors ({clients_count} clients, {kind}, first 3):\n    "
                    + "\n    ".join(errors[:3])
                )

    def item_rpc(self):
        import requests  # noqa: PLC0415

        sys.path.insert(0, str(ROOT / "tests"))
        registry = Registry(self.db)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT id, partner_id FROM sale_order WHERE state = 'sale'"
                " ORDER BY id DESC LIMIT 400"
            )
            orders = cr.fetchall()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        tag = f"BENCH6{int(time.time())}"
        print(
            f"item 6: JSON-RPC, {' and '.join(map(str, RPC_CLIENTS))} clients, --workers=2, "
            f"{self.rpc_seconds:g} s of each kind of call",
            flush=True,
        )
        log_path = ROOT / "var" / "log" / f"bench-rpc-{self.db}.log"
        created = []
        with open(log_path, "w") as log:
            server = self._rpc_server(port, log)
            try:
                for _index in range(240):  # up to 60 s to start
                    try:
                        if requests.get(f"{url}/web/health", timeout=2).ok:
                            break
                    except requests.RequestException:
                        pass
                    time.sleep(0.25)
                for count in RPC_CLIENTS:
                    results = self._rpc_measure(url, orders, count, f"{tag}c{count}")
                    self._rpc_rows(count, results)
                    created += results["interaction"][2]
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT summary) FROM sales_followup_interaction"
                " WHERE summary LIKE %s AND summary NOT LIKE %s",
                [f"%({tag}c%-interaction-%", f"%({tag}c%w-interaction-%"],
            )
            rows, distinct = cr.fetchone()
        self.row(
            6,
            "JSON-RPC: interaction rows afterwards / creations acknowledged",
            "ok" if rows == distinct == len(created) else "MISMATCH",
            "no row lost or duplicated",
            f"{rows} rows ({distinct} distinct) for {len(created)} acknowledged creations",
        )

    # ------------------------------------------------------------------
    # 7. The personal-identifier detector
    # ------------------------------------------------------------------

    def item_detector(self):
        """Recall and false alarms on the labelled corpus (no database)."""
        import pii_corpus  # noqa: PLC0415 - needs odoo.addons set up first

        print("item 7: personal-identifier detector on a labelled corpus", flush=True)
        started = time.perf_counter()
        result = pii_corpus.evaluate(size=20_000, randoms=100_000)
        elapsed = time.perf_counter() - started
        self.row(
            7,
            f"detector recall ({result['positives']} texts with an identifier, of "
            f"{result['texts']} labelled texts, CN and EN)",
            f"{result['recall']:.4f}",
            ">= 0.99",
            "separators, other scripts' digits, Chinese numerals, invisible characters, "
            "TW/HK mobiles, IDN e-mails, 15-digit IDs",
        )
        self.row(
            7,
            f"detector false alarms on {result['negatives']} look-alike texts",
            f"{result['false_alarm_texts']:.3%}",
            "<= 0.1%",
            "order, invoice and tracking numbers, amounts, dates, times, codes, IPs",
        )
        self.row(
            7,
            f"detector false alarms on {result['random_18']} random 18-digit numbers",
            f"{result['false_alarm_18']:.3%}",
            "<= 0.1%",
            f"{elapsed:.1f} s for the whole item",
        )
        for label, texts in (
            ("misses", result["misses"]),
            ("false alarms", result["false_alarms"]),
        ):
            if texts:
                self.details.append(
                    f"Detector {label} (first 5):\n" + "\n".join(f"    {text!r}" for text in texts)
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
    parser.add_argument("--items", default="1,2,3,4,5,6,7")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--rpc-seconds", type=float, default=60)
    parser.add_argument("--output")
    args = parser.parse_args()
    odoo_args = ["-c", args.config, "--log-level=warn"]
    if args.addons_path:
        odoo_args.append(f"--addons-path={args.addons_path}")
    odoo.tools.config.parse_config(odoo_args)
    items = [int(item) for item in args.items.split(",")]
    bench = Bench(
        args.db, args.core_db or f"{args.db}_core", args.rounds, args.steps, args.rpc_seconds
    )
    load_before = load()
    runners = {
        1: bench.item_confirm,
        2: bench.item_reminders,
        3: bench.item_segmentation,
        4: bench.item_monthly_report,
        5: bench.item_lists,
        6: bench.item_rpc,
        7: bench.item_detector,
    }
    for item in items:
        runners[item]()
    if items == [7]:  # the detector needs no database
        note = f"no database; load average {load_before} before, {load()} after"
    else:
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
