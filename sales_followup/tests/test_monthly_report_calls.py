from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .monthly_report_common import DT, D, MonthlyReportCommon

GOOD = "Customer confirmed the installation date for the second line."


@tagged("post_install", "-at_install")
class TestMonthlyReportCallsAndPromises(MonthlyReportCommon):
    """Call attempts per reached call and promises kept on time, in April
    2026 of the report fixture, against SQL written independently of the
    report's queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        call = cls._interaction
        with freeze_time("2026-04-21 12:00"):
            # O1: two failed attempts, then reached; O3: reached at once; one
            # call in May (not April's).
            call(cls.o1, DT(2026, 4, 21, 8), call_outcome="no_answer", summary="客户不在")
            call(cls.o1, DT(2026, 4, 21, 9), call_outcome="busy", summary="占线")
            promised = call(
                cls.o1,
                DT(2026, 4, 21, 10),
                call_outcome="reached",
                duration_minutes=7,
                summary=GOOD,
                commitment_ids=[
                    Command.create(
                        {"name": "Send the updated drawings", "date_deadline": D(2026, 4, 23)}
                    ),
                    Command.create(
                        {"name": "Confirm the spare parts price", "date_deadline": D(2026, 4, 24)}
                    ),
                    Command.create({"name": "Book the installer", "date_deadline": D(2026, 4, 28)}),
                    Command.create(
                        {"name": "Quote the maintenance contract", "date_deadline": D(2026, 5, 6)}
                    ),
                ],
            )
            call(
                cls.o3,
                DT(2026, 4, 21, 11),
                user=cls.salesman_2,
                call_outcome="reached",
                duration_minutes=4,
                summary=GOOD,
            )
        with freeze_time("2026-05-02 07:00"):
            call(cls.o1, DT(2026, 5, 1, 9), call_outcome="no_answer", summary="客户不在")
        cls.drawings, cls.price, cls.installer, cls.contract = promised.commitment_ids.sorted(
            "date_deadline"
        )
        # Drawings kept on time (on a later contact on the 23rd), the price a
        # day late, the installer never (broken); the contract is May's.
        with freeze_time("2026-04-25 12:00"):
            later = call(cls.o1, DT(2026, 4, 23, 16), summary=GOOD)
            cls.drawings._followup_keep(later)
            cls.price._followup_keep(call(cls.o1, DT(2026, 4, 25, 9), summary=GOOD))

    def _sql_figures(self, company):
        """The month's figures, straight from the tables."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT
                  (SELECT COUNT(*) FROM sales_followup_interaction
                    WHERE company_id = %(company)s AND call_outcome IS NOT NULL
                      AND date >= '2026-04-01' AND date < '2026-05-01'),
                  (SELECT COUNT(*) FROM sales_followup_interaction
                    WHERE company_id = %(company)s AND call_outcome = 'reached'
                      AND date >= '2026-04-01' AND date < '2026-05-01'),
                  (SELECT COUNT(*) FROM sales_followup_commitment
                    WHERE company_id = %(company)s AND state != 'cancelled'
                      AND date_deadline >= '2026-04-01' AND date_deadline < '2026-05-01'),
                  (SELECT COUNT(*) FROM sales_followup_commitment
                    WHERE company_id = %(company)s AND state = 'kept'
                      AND date_kept <= date_deadline
                      AND date_deadline >= '2026-04-01' AND date_deadline < '2026-05-01')
                """,
                company=company.id,
            )
        )
        return self.env.cr.fetchone()

    def test_kpis_equal_sql(self):
        report = self._generate()
        calls, reached, due, on_time = self._sql_figures(self.report_company)
        # 3 calls on O1 and 1 on O3 in April; 2 reached.
        self.assertEqual((calls, reached, due, on_time), (4, 2, 3, 1))
        self.assertEqual(report.call_count, calls)
        self.assertEqual(report.call_reached_count, reached)
        self.assertAlmostEqual(report.call_attempts_per_reached, calls / reached)
        self.assertEqual(report.commitment_due_count, due)
        self.assertEqual(report.commitment_on_time_count, on_time)
        self.assertAlmostEqual(report.commitment_on_time_rate, on_time / due)
        kpis = self._kpi_rows(self._workbook(report))
        self.assertEqual(kpis["Call attempts per reached call"][0], 2.0)
        self.assertAlmostEqual(kpis["Promises kept on time"][0], 1 / 3)
        self.assertEqual(kpis["Promises due"][0], 3)
        # The broken promises show on the customer, as the report says.
        with freeze_time("2026-05-02"):
            self.env.invalidate_all()
            self.assertEqual(self.customer_a.followup_commitment_late_count, 2)

    def test_cancelled_promise_not_due(self):
        self.installer.action_cancel()
        report = self._generate()
        self.assertEqual(report.commitment_due_count, 2)
        self.assertAlmostEqual(report.commitment_on_time_rate, 1 / 2)

    def test_no_call_is_not_available(self):
        report = self._generate(D(2024, 1, 1))
        kpis = self._kpi_rows(self._workbook(report))
        self.assertEqual(kpis["Call attempts per reached call"], ("n/a", "n/a", "n/a"))
        self.assertEqual(kpis["Promises kept on time"], ("n/a", "n/a", "n/a"))
