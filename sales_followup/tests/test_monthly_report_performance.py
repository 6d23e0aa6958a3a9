import logging

from freezegun import freeze_time

from odoo.tests import tagged

from .monthly_report_common import DT, D, MonthlyReportCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestMonthlyReportQueries(MonthlyReportCommon):
    def _month_with_orders(self, count, month):
        """``count`` confirmed orders in ``month`` of 2026, each with an interaction."""
        for index in range(count):
            day = 1 + index % 25
            order = self._report_order(
                20_000 + index,
                self.customer_b if index % 2 else self.customer_c,
                created=DT(2026, month, day, 8),
                confirmed=DT(2026, month, day, 9),
            )
            with freeze_time(DT(2026, month, day, 11)):
                self._interaction(
                    order,
                    DT(2026, month, day, 10),
                    summary=f"Customer confirmed the delivery address for order {index}.",
                    satisfaction=4,
                )

    def _queries(self, report, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function(report)
        return self.cr.sql_log_count - before

    def test_kpi_queries_do_not_grow_with_orders(self):
        self._month_with_orders(5, 7)
        self._month_with_orders(30, 8)
        Report = self.env["sales_followup.monthly.report"]
        july = Report._followup_get_or_create(self.report_company, D(2026, 7, 1))
        august = Report._followup_get_or_create(self.report_company, D(2026, 8, 1))

        def kpis(report):
            values = report._followup_compute_kpis(report.date_from, report.date_to)
            report._followup_compute_kpis(report.date_from, report.date_to, group="user")
            report._followup_compute_kpis(report.date_from, report.date_to, group="month")
            return values

        self.assertEqual(kpis(july)["order_count"], 5)
        self.assertEqual(kpis(august)["order_count"], 30)
        five, thirty = self._queries(july, kpis), self._queries(august, kpis)
        _logger.info("KPI queries: %s for 5 orders, %s for 30", five, thirty)
        self.assertEqual(five, thirty)

        # The whole generation, detail sheets included, reads by batches.
        with freeze_time("2026-09-01 08:00"):
            # Warm the caches (selections, translations, xml ids), and give
            # both reports a workbook: each measured run then replaces one
            # (unlinking an attachment costs queries of its own, more with
            # sale_management's documents).
            (july | august).action_generate()
            five = self._queries(july, lambda report: report.action_generate())
            thirty = self._queries(august, lambda report: report.action_generate())
        _logger.info("Generation queries: %s for 5 orders, %s for 30", five, thirty)
        self.assertEqual(august.order_count, 30)
        # Reading by batches of 500: six times the orders, the same queries
        # give or take one for what the cache already held.
        self.assertLessEqual(abs(thirty - five), 2, (five, thirty))
