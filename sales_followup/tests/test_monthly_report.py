from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import SQL

from ..report.monthly_report_kpis import KPIS
from ..tools.masking import mask_name
from .monthly_report_common import DT, D, MonthlyReportCommon

SHEETS = [
    "Summary",
    "Salespeople",
    "Order Follow-up",
    "Interactions",
    "Care Plan",
    "Complaints",
    "Improvement Measures",
    "Trend",
    "Definitions",
]


@tagged("post_install", "-at_install")
class TestMonthlyReportKpis(MonthlyReportCommon):
    def test_fixture_month_kpis(self):
        report = self._generate()
        expected = {
            # O1, O2, O3 confirmed in April; 200,000 + 50,000 + 600,000.
            "order_count": 3,
            "order_amount": 850_000.0,
            # Created in April: O1, O2, O3, O4 (draft), O5 (cancelled), O6
            # (confirmed 4 May): 6; confirmed by 30 April: O1, O2, O3.
            "quotation_count": 6,
            "quotation_confirmed_count": 3,
            "conversion_rate": 3 / 6,
            # Delivered in April: O1 on 17th <= 20th, O2 on 17th > 15th.
            "delivered_count": 2,
            "delivered_on_time_count": 1,
            "on_time_rate": 1 / 2,
            # O1 (delivery delay) and O2 (quality mismatch) of the 3 confirmed.
            "exception_order_count": 2,
            "exception_rate": 2 / 3,
            "exception_delay_count": 1,
            "exception_quality_count": 1,
            "exception_change_count": 0,
            "exception_other_count": 0,
            # First contacts due: O1 6th (done 6th), O2 9th (done 10th), O3
            # 10th (done 10th): 2 of 3.
            "first_contact_due_count": 3,
            "first_contact_on_time_count": 2,
            "first_contact_rate": 2 / 3,
            # Steps due: O1 5 (5 done) + O2 2 (1 done) + O3 4 (1 done).
            "step_due_count": 11,
            "step_done_count": 7,
            "step_completion_rate": 7 / 11,
            # I1..I5, I2 logged 18 hours after the call.
            "interaction_count": 5,
            "interaction_on_time_count": 4,
            "logging_timeliness_rate": 4 / 5,
            # Satisfaction: I4 5, I5 3 -> (5 + 3) / 2 = 4.0; one of two is 4-5.
            "csat_count": 2,
            "csat_avg": 4.0,
            "csat_top_count": 1,
            "csat_top_rate": 1 / 2,
            # Responsiveness I1 5, I3 4 -> 4.5; resolution I2 3; professionalism
            # I3 4; proactiveness I4 4.
            "score_responsiveness_count": 2,
            "score_responsiveness_avg": 4.5,
            "score_resolution_avg": 3.0,
            "score_professionalism_avg": 4.0,
            "score_proactiveness_avg": 4.0,
            # Active at the start (an order 2025-10-03 .. 03-31): A (H1), D
            # (H2). Active at the end (an order 2025-11-02 .. 04-30): A, B, C.
            # Churned: D -> 1 / 2.
            "churn_base_count": 2,
            "churned_count": 1,
            "churn_rate": 1 / 2,
            # Orders 2025-05-01 .. 2026-04-30: A 2 (H1, O1), B 1, C 1, D 1 (H2);
            # E's H3 (2025-03-15) is older -> 1 repeat customer of 4.
            "repurchase_base_count": 4,
            "repurchase_count": 1,
            "repurchase_rate": 1 / 4,
            # First order ever in April: B (O2), C (O3).
            "new_customer_count": 2,
            # No order 2025-11-02 .. 04-30: D (H2 in Oct), E (H3 in March 2025).
            "dormant_customer_count": 2,
        }
        for field, value in expected.items():
            self.assertAlmostEqual(report[field], value, places=6, msg=field)
        self.assertEqual(report.generated_by, self.env.user)
        self.assertEqual(report.generated_on, DT(2026, 5, 2, 8))
        self.assertEqual(report.date_to, D(2026, 4, 30))
        self.assertEqual(report.xlsx_filename, "monthly-report-2026-04-Huaxin_Report_Co_.xlsx")

    def test_satisfaction_aspects_match_sql(self):
        """Each aspect's average and count, against SQL written here over the
        company's interactions of April (0 = not asked, left out)."""
        self.i4.write(
            {"satisfaction_quality": 5, "satisfaction_timeliness": 4, "satisfaction_service": 5}
        )
        self.i5.write({"satisfaction_quality": 2, "satisfaction_timeliness": 3})
        # Not April's (May) and not the company's: left out.
        with freeze_time("2026-05-04 10:00"):
            self._interaction(
                self.o1,
                DT(2026, 5, 4, 9),
                kind="survey",
                summary="Customer rated the after-sales visit; replacement panels fitted.",
                satisfaction=1,
                satisfaction_quality=1,
            )
        report = self._generate()
        for fname in ("satisfaction_quality", "satisfaction_timeliness", "satisfaction_service"):
            self.env.cr.execute(
                SQL(
                    "SELECT COUNT(*), AVG(%(column)s) FROM sales_followup_interaction "
                    "WHERE company_id = %(company)s AND %(column)s BETWEEN 1 AND 5 "
                    "AND date >= '2026-04-01' AND date < '2026-05-01'",
                    column=SQL.identifier(fname),
                    company=self.report_company.id,
                )
            )
            count, average = self.env.cr.fetchone()
            self.assertEqual(report[f"{fname}_count"], count, fname)
            self.assertAlmostEqual(report[f"{fname}_avg"], float(average), places=6, msg=fname)
        # I4 5 and I5 2; I4 4 and I5 3; I4 5 only.
        self.assertEqual(
            [report.satisfaction_quality_avg, report.satisfaction_timeliness_avg],
            [3.5, 3.5],
        )
        self.assertEqual(
            (report.satisfaction_service_count, report.satisfaction_service_avg), (1, 5.0)
        )
        rows = self._kpi_rows(self._workbook(report))
        self.assertEqual(rows["Product / service quality (1-5)"][0], 3.5)
        self.assertEqual(rows["Delivery timeliness (1-5)"][0], 3.5)
        self.assertEqual(rows["Service experience (1-5)"][0], 5.0)

    def test_workbook(self):
        # Customers by code and masked name (the default is by code only:
        # TestMonthlyReportIdentity).
        self.report_company.followup_report_customer_identity = "code_name"
        report = self._generate()
        workbook = self._workbook(report)
        self.assertEqual(workbook.sheetnames, SHEETS)

        summary = workbook["Summary"]
        self.assertEqual(summary["A1"].value, "Monthly Sales and Customer Report")
        self.assertEqual(summary["A2"].value, "Company: Huaxin Report Co.")
        self.assertIn("April 2026", summary["A3"].value)
        header_row, header, __ = self._table(summary, "KPI")
        self.assertEqual(header[:4], ("KPI", "April 2026", "March 2026", "Change"))
        self.assertEqual(summary.freeze_panes, f"A{header_row + 1}")
        self.assertIn("Huaxin Report Co.", summary.oddHeader.left.text)
        self.assertIn("April 2026", summary.oddHeader.center.text)
        self.assertEqual(summary.page_setup.orientation, "landscape")
        self.assertEqual(summary.page_setup.fitToHeight, 0)  # one page wide, N long
        self.assertTrue(summary.sheet_properties.pageSetUpPr.fitToPage)

        kpis = self._kpi_rows(workbook)
        # One row per KPI with a label: the base's 43 (13 about complaints,
        # none in this month), and a bridge's.
        labelled = [kpi for kpi in report._followup_kpis() if kpi.label]
        self.assertEqual(len(kpis), len(labelled))
        self.assertEqual(len([kpi for kpi in KPIS if kpi.label]), 43)
        self.assertEqual(kpis["Complaints received"], (0, 0, 0))
        self.assertEqual(kpis["Complaints visited in time"], ("n/a", "n/a", "n/a"))
        # (April, March, change): March has no order, quotation nor score.
        self.assertEqual(kpis["Orders confirmed"], (3, 0, 3))
        self.assertEqual(kpis["Confirmed amount (company currency)"], (850_000, 0, 850_000))
        self.assertEqual(kpis["Quotation → order conversion"], (0.5, "n/a", "n/a"))
        self.assertEqual(kpis["On-time delivery rate"], (0.5, "n/a", "n/a"))
        self.assertAlmostEqual(kpis["Exception-order ratio"][0], 2 / 3)
        self.assertEqual(kpis["Exception orders: Delivery Delay"], (1, 0, 1))
        self.assertEqual(kpis["Exception orders: Quality Mismatch"], (1, 0, 1))
        self.assertAlmostEqual(kpis["First-contact SLA compliance"][0], 2 / 3)
        self.assertAlmostEqual(kpis["Plan-step completion"][0], 7 / 11)
        self.assertEqual(kpis["Logging timeliness"], (0.8, "n/a", "n/a"))
        self.assertEqual(kpis["CSAT average (1-5)"], (4, "n/a", "n/a"))
        self.assertEqual(kpis["CSAT share of 4-5"], (0.5, "n/a", "n/a"))
        self.assertEqual(kpis["Responsiveness (1-5)"][0], 4.5)
        self.assertEqual(kpis["Resolution efficiency (1-5)"][0], 3)
        self.assertEqual(kpis["Professionalism (1-5)"][0], 4)
        self.assertEqual(kpis["Proactiveness (1-5)"][0], 4)
        # No call outcome nor promise in the fixture (TestMonthlyReportCallsAndPromises).
        self.assertEqual(kpis["Call attempts per reached call"], ("n/a", "n/a", "n/a"))
        self.assertEqual(kpis["Promises due"], (0, 0, 0))
        # March: active at its start A, D (orders 2025-09-02 .. 02-28), both
        # active at its end (orders 2025-10-03 .. 03-31): churn 0 of 2, so
        # April's 50 % is +50 points.
        self.assertEqual(kpis["Churn rate"], (0.5, 0, 50))
        # March: orders 2025-04-01 .. 03-31: A 1, D 1 -> 0 of 2.
        self.assertEqual(kpis["Repurchase rate"], (0.25, 0, 25))
        self.assertEqual(kpis["New customers"], (2, 0, 2))
        # End of March: only E has no order since 2025-10-03.
        self.assertEqual(kpis["Dormant customers (at month end)"], (2, 1, 1))
        # Percentages are formatted as such, changes of rates in points.
        row = next(
            cells
            for cells in summary.iter_rows()
            if cells[0].value == "Quotation → order conversion"
        )
        self.assertEqual(row[1].number_format, "0.0%")
        churn = next(cells for cells in summary.iter_rows() if cells[0].value == "Churn rate")
        self.assertIn("pp", churn[3].number_format)

        # Per salesperson: steps by their responsible, orders by salesperson.
        __, header, rows = self._table(workbook["Salespeople"], "Salesperson")
        by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        salesman = by_name[self.salesman.name]
        self.assertEqual(salesman["Orders Confirmed"], 2)
        self.assertEqual(salesman["Confirmed Amount"], 250_000)
        self.assertEqual(salesman["Steps Due"], 7)  # O1 5 + O2 2
        self.assertAlmostEqual(salesman["Step Completion"], 6 / 7)
        self.assertEqual(salesman["Interactions"], 4)
        self.assertEqual(by_name[self.salesman_2.name]["Orders Confirmed"], 1)
        self.assertEqual(by_name[self.salesman_2.name]["First-contact SLA"], 1)
        # The leader's manager review is his only step; he sold nothing.
        self.assertEqual(by_name[self.leader.name]["Steps Due"], 1)
        self.assertEqual(by_name[self.leader.name]["Conversion"], "n/a")
        self.assertEqual(by_name["Total"]["Orders Confirmed"], 3)
        self.assertEqual(by_name["Total"]["Steps Due"], 11)

        # Table 1: one row per order under follow-up in April, customers masked.
        header_row, header, rows = self._table(workbook["Order Follow-up"], "Order Number")
        self.assertEqual(
            header,
            (
                "Order Number",
                "Customer Code",
                "Customer",
                "Order Date",
                "Amount (Company Currency)",
                "Products / Services",
                "Delivery Date",
                "Delivered On",
                "Payment Terms",
                "Customer Contact",
                "Follow-up Plan (Date / Channel / Content)",
                "Follow-up Records (Time / Channel / Content / Next Action)",
                "Order Status",
                "Exception Description",
                "Handling Result",
            ),
        )
        sheet = workbook["Order Follow-up"]
        self.assertEqual(sheet.freeze_panes, f"A{header_row + 1}")
        self.assertEqual(sheet.auto_filter.ref, f"A{header_row}:O{header_row + len(rows)}")
        self.assertEqual(sheet.print_title_rows, f"${header_row}:${header_row}")
        rows = {row[0]: row for row in rows}
        # April's orders, and H1-H3 of earlier months: their plan steps were
        # never done, still open, so their follow-up goes on.
        orders = self.h1 | self.h2 | self.h3 | self.o1 | self.o2 | self.o3
        self.assertEqual(set(rows), set(orders.mapped("name")))
        o1 = rows[self.o1.name]
        self.assertTrue(self.customer_a.followup_customer_code)
        self.assertEqual(o1[1], self.customer_a.followup_customer_code)
        self.assertEqual(o1[2], "Huaxin*")
        self.assertEqual(o1[3].date(), D(2026, 4, 2))
        self.assertEqual(o1[4], 200_000)
        self.assertIn("Follow-up Machine", o1[5])
        self.assertEqual(o1[6].date(), D(2026, 4, 20))
        self.assertEqual(o1[7].date(), D(2026, 4, 17))
        self.assertEqual(o1[8], self.o1.payment_term_id.name or None)
        self.assertEqual(o1[9], "Zhang*/Purchasing Manager")
        self.assertIn("2026-04-06 Phone: First Contact (Done)", o1[10])
        self.assertIn("2026-04-06 10:00 Phone: Customer confirmed the order details", o1[11])
        # Delivered, but its delivery-delay exception is still open.
        self.assertEqual(o1[12], "Exception handling")
        self.assertIn("Delivery Delay (Medium): Customer says the delivery", o1[13])
        self.assertIn("Open: Production moved the order forward", o1[14])
        self.assertEqual(rows[self.o3.name][2], "张*")
        self.assertEqual(rows[self.o3.name][12], "In progress")

        # Table 2: the five interactions of April.
        __, header, rows = self._table(workbook["Interactions"], "Customer Code")
        self.assertEqual(
            header,
            (
                "Customer Code",
                "Customer",
                "Date",
                "Interaction Type",
                "Channel",
                "Participants",
                "Order",
                "Summary",
                "Customer Request / Feedback",
                "Solution",
                "Result",
                "Satisfaction (1-5)",
                "Next Follow-up",
                "Logged Late",
            ),
        )
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[0][2], DT(2026, 4, 6, 10))
        self.assertEqual(rows[0][5], f"{self.salesman.name}\nZhang*/Purchasing Manager")
        self.assertEqual([row[11] for row in rows], [None, None, None, 3, 5])
        self.assertEqual([row[13] for row in rows], ["No", "No", "Yes", "No", "No"])

        # Table 3: care actions planned in April, cancelled ones left out.
        __, header, rows = self._table(workbook["Care Plan"], "Customer Code")
        self.assertEqual(
            header,
            (
                "Customer Code",
                "Customer",
                "Customer Type",
                "Care Cycle",
                "Care Action",
                "Planned Date",
                "Done On",
                "Executor",
                "Status",
                "Customer Feedback",
                "Effect",
                "Remarks",
            ),
        )
        self.assertEqual(len(rows), 2)
        guide, visit = rows
        self.assertEqual(
            guide[:6],
            (
                self.customer_b.followup_customer_code,
                "Golden*",
                "New",
                None,
                "Send the product user guide",
                DT(2026, 4, 20),
            ),
        )
        self.assertEqual(guide[8], "Not Started")
        self.assertEqual(
            visit,
            (
                self.customer_a.followup_customer_code,
                "Huaxin*",
                "High Value",
                "Every Month",
                "Executive visit by the sales director",
                DT(2026, 4, 28),
                DT(2026, 4, 28),
                self.leader.name,
                "Done",
                "Satisfied with the cooperation; asks for a discount on a wider product line.",
                "Good",
                "Passed on to the product team.",
            ),
        )

        # Trend: 12 months to April, two native charts.
        trend = workbook["Trend"]
        __, header, rows = self._table(trend, "Month")
        self.assertEqual([row[0] for row in rows][:2], ["2025-05", "2025-06"])
        self.assertEqual(len(rows), 12)
        by_month = {row[0]: row for row in rows}
        self.assertEqual(
            header,
            (
                "Month",
                "Orders Confirmed",
                "Quotations Created",
                "Conversion",
                "Orders Delivered",
                "On-time Delivery",
                "Exception Ratio",
                "CSAT Responses",
                "CSAT Average",
                "Churn Rate",
                "Repurchase Rate",
            ),
        )
        # April: the Summary's churn (1 of 2) and repurchase (1 of 4).
        self.assertEqual(by_month["2026-04"][:6], ("2026-04", 3, 6, 0.5, 2, 0.5))
        self.assertAlmostEqual(by_month["2026-04"][6], 2 / 3)
        self.assertEqual(by_month["2026-04"][7:], (2, 4, 0.5, 0.25))
        # December: H1 quoted and confirmed; no delivery or score: empty
        # cells. Active at its start: D only, still at its end; bought in
        # the year: A, D, E once each.
        self.assertEqual(by_month["2025-12"], ("2025-12", 1, 1, 1, 0, None, 0, 0, None, 0, 0))
        self.assertEqual(len(trend._charts), 3)

        __, __, definitions = self._table(workbook["Definitions"], "Metric")
        terms = {row[0] for row in definitions}
        for term in ("Quotation → order conversion", "Churn rate", "Dormant customers", "CSAT"):
            self.assertIn(term, terms)

        # Names masked everywhere, no phone number or e-mail address.
        self._assert_no_personal_data(workbook)
        text = "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        for name in ("Huaxin Manufacturing", "Zhang Wei", "张伟", "Golden Gate Trading"):
            self.assertNotIn(name, text)

    def test_personal_data_in_free_text_is_removed(self):
        """Text that slipped past the interaction checks (imported, older
        data) does not reach the workbook."""
        self.env.cr.execute(
            SQL(
                "UPDATE sales_followup_interaction SET summary = %s WHERE id = %s",
                "Call back on 13812345678 or write to li.ming@example.com today.",
                self.i3.id,
            )
        )
        self.i3.invalidate_recordset(["summary"])
        workbook = self._workbook(self._generate())
        self._assert_no_personal_data(workbook)
        __, header, rows = self._table(workbook["Interactions"], "Customer Code")
        summaries = [row[header.index("Summary")] for row in rows]
        self.assertIn("Call back on *** or write to *** today.", summaries)

    def test_zero_data_month(self):
        report = self._generate(D(2024, 1, 1))
        self.assertEqual(report.order_count, 0)
        self.assertEqual(report.quotation_count, 0)
        self.assertEqual(report.conversion_rate, 0.0)  # n/a: no quotation
        self.assertEqual(report.csat_avg, 0.0)  # n/a: no score
        workbook = self._workbook(report)
        kpis = self._kpi_rows(workbook)
        self.assertEqual(kpis["Orders confirmed"], (0, 0, 0))
        for label in (
            "Quotation → order conversion",
            "On-time delivery rate",
            "Exception-order ratio",
            "First-contact SLA compliance",
            "Plan-step completion",
            "Logging timeliness",
            "CSAT average (1-5)",
            "CSAT share of 4-5",
            "Proactiveness (1-5)",
            "Churn rate",
            "Repurchase rate",
        ):
            self.assertEqual(kpis[label], ("n/a", "n/a", "n/a"), label)
        for sheet, note in (
            ("Order Follow-up", "No order under follow-up this month."),
            ("Interactions", "No interaction this month."),
            ("Care Plan", "No care action this month."),
        ):
            header_row, __, rows = self._table(workbook[sheet], workbook[sheet]["A5"].value)
            self.assertEqual(rows, [], sheet)
            # Said below the empty table, after a blank row.
            self.assertEqual(workbook[sheet].cell(header_row + 2, 1).value, note)
        __, __, rows = self._table(workbook["Trend"], "Month")
        self.assertTrue(all(row[3] is None and row[8] is None for row in rows))
        self.assertTrue(all(row[9] is None and row[10] is None for row in rows))
        # Nothing to plot: no empty chart drawn.
        self.assertEqual(len(workbook["Trend"]._charts), 0)

    def test_cancelled_and_foreign_currency_orders(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        # 1 USD = 0.5 EUR in this company: 10,000 EUR are 20,000 USD.
        self.env["res.currency.rate"].create(
            {
                "name": D(2026, 1, 1),
                "currency_id": eur.id,
                "rate": 0.5,
                "company_id": self.report_company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id, "company_id": self.report_company.id}
        )
        in_eur = self._report_order(10_000, self.customer_b, created=DT(2026, 6, 1, 9))
        in_eur.pricelist_id = pricelist
        in_eur.order_line.price_unit = 10_000
        self.assertEqual(in_eur.currency_id, eur)
        with freeze_time("2026-06-02 09:00"):
            in_eur.action_confirm()
        cancelled = self._report_order(
            30_000, self.customer_d, created=DT(2026, 6, 3, 9), confirmed=DT(2026, 6, 4, 9)
        )
        cancelled._action_cancel()
        self._report_order(15_000, self.customer_e, created=DT(2026, 6, 5, 9))._action_cancel()

        report = self._generate(D(2026, 6, 1), now="2026-07-01 08:00")
        self.assertAlmostEqual(in_eur.currency_rate, 0.5)
        # Only the EUR order stays confirmed; 10,000 EUR / 0.5 = 20,000 USD.
        self.assertEqual(report.order_count, 1)
        self.assertAlmostEqual(report.order_amount, 20_000.0)
        # Three quotations created in June, one confirmed and still so.
        self.assertEqual((report.quotation_count, report.quotation_confirmed_count), (3, 1))
        self.assertAlmostEqual(report.conversion_rate, 1 / 3)
        # The cancelled order's steps are cancelled: only the EUR order's
        # first contact is due, on 2 June: its pre-delivery day came before
        # the first contact's (5 June), so one call covers both.
        self.assertEqual(report.step_due_count, 1)
        workbook = self._workbook(report)
        __, header, rows = self._table(workbook["Order Follow-up"], "Order Number")
        amounts = {row[0]: row[header.index("Amount (Company Currency)")] for row in rows}
        # The cancelled order is not under follow-up; April's with open steps are.
        # O1 is done with (delivered, every step done); O2, O3, O6 (confirmed
        # in May) and H1-H3 have open steps.
        carried_over = self.h1 | self.h2 | self.h3 | self.o2 | self.o3 | self.o6
        self.assertEqual(set(amounts), {in_eur.name, *carried_over.mapped("name")})
        self.assertEqual(amounts[in_eur.name], 20_000)
        self.assertEqual(self._kpi_rows(workbook)["Confirmed amount (company currency)"][0], 20_000)

    def test_team_filter(self):
        """A team's report counts the team's orders only."""
        other_team = self.env["crm.team"].create(
            {"name": "Other Team", "company_id": self.report_company.id}
        )
        self.o2.team_id = other_team
        report = self._generate(team=self.report_team)
        self.assertEqual(report.team_id, self.report_team)
        self.assertEqual(report.order_count, 2)  # O1, O3
        self.assertEqual(report.interaction_count, 4)  # I5 is on O2
        self.assertEqual(report.first_contact_due_count, 2)
        whole = self._generate()
        self.assertNotEqual(report, whole)
        self.assertEqual(whole.order_count, 3)
        workbook = self._workbook(report)
        self.assertIn("Report Team", workbook["Summary"]["A3"].value)

    def test_regenerating_replaces(self):
        report = self._generate()
        first_file = report.xlsx_file
        order = self._report_order(
            70_000, self.customer_b, created=DT(2026, 4, 27, 9), confirmed=DT(2026, 4, 29, 9)
        )
        again = self._generate(now="2026-05-03 09:00")
        self.assertEqual(again, report)
        self.assertEqual(
            self.env["sales_followup.monthly.report"].search_count(
                [("company_id", "=", self.report_company.id), ("date_from", "=", D(2026, 4, 1))]
            ),
            1,
        )
        self.assertEqual(report.order_count, 4)
        self.assertEqual(report.generated_on, DT(2026, 5, 3, 9))
        self.assertNotEqual(report.xlsx_file, first_file)
        rows = self._table(self._workbook(report)["Order Follow-up"], "Order Number")[2]
        self.assertIn(order.name, [row[0] for row in rows])
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", report._name),
                ("res_id", "=", report.id),
                ("res_field", "=", "xlsx_file"),
            ]
        )
        self.assertEqual(len(attachments), 1)

    def test_wizard(self):
        wizard = Form(
            self.env["sales_followup.monthly.report.wizard"].with_company(self.report_company)
        )
        wizard.month = "4"
        wizard.year = 2026
        wizard.team_id = self.report_team
        action = wizard.save().action_generate()
        report = self.env["sales_followup.monthly.report"].browse(action["res_id"])
        self.assertEqual(report.company_id, self.report_company)
        self.assertEqual(report.date_from, D(2026, 4, 1))
        self.assertEqual(report.team_id, self.report_team)
        self.assertTrue(report.xlsx_file)
        self.assertEqual(report.action_download()["url"], report._followup_download_url())

    def test_access(self):
        report = self._generate()
        Report = self.env["sales_followup.monthly.report"]
        # Salespeople and team leaders do not see the reports.
        for user in (self.salesman, self.leader):
            with self.assertRaises(AccessError):
                Report.with_user(user).browse(report.id).read(["order_count"])
            with self.assertRaises(AccessError):
                self.env["sales_followup.monthly.report.wizard"].with_user(user).create(
                    {"month": "4", "year": 2026}
                )
        # Managers read those of their companies only.
        manager = self.manager.with_context(
            allowed_company_ids=[self.report_company.id, self.env.company.id]
        )
        self.assertEqual(Report.with_user(manager).browse(report.id).order_count, 3)
        self.manager.company_ids = [Command.unlink(self.report_company.id)]
        with self.assertRaises(AccessError):
            Report.with_user(self.manager).browse(report.id).read(["order_count"])
        with self.assertRaises(AccessError):
            Report.with_user(self.manager).browse(report.id).action_generate()


@tagged("post_install", "-at_install")
class TestMasking(TransactionCase):
    def test_mask_name(self):
        cases = {
            "张伟": "张*",
            "欧阳娜娜": "欧*",
            "Zhang Wei": "Zhang*",
            "John Smith": "J*** Smith",
            "Madonna": "M*",
            "  Li   Na ": "Li*",
            "john@example.com Smith": "j*** Smith",
            "13812345678": "*",
            "": "",
            False: "",
            None: "",
        }
        for name, masked in cases.items():
            self.assertEqual(mask_name(name), masked, name)
        companies = {
            "華鑫製造有限公司": "華*",
            "Huaxin Manufacturing Co., Ltd.": "Huaxin*",
            "13812345678 Trading": "Trading*",
        }
        for name, masked in companies.items():
            self.assertEqual(mask_name(name, company=True), masked, name)


@tagged("post_install", "-at_install")
class TestMonthlyReportOrderTable(MonthlyReportCommon):
    """Seed table 1: every order under follow-up in the month, with its
    status in the seed's words, its payment terms and its result."""

    def _order_rows(self, report):
        """The Order Follow-up sheet's rows by order number, as dicts by header."""
        __, header, rows = self._table(self._workbook(report)["Order Follow-up"], "Order Number")
        return {row[0]: dict(zip(header, row, strict=True)) for row in rows}

    def test_order_confirmed_earlier_and_still_open(self):
        terms = self.env.ref("account.account_payment_term_30days")
        march = self._report_order(
            70_000, self.customer_b, created=DT(2026, 3, 20, 9), confirmed=DT(2026, 3, 25, 9)
        )
        march.payment_term_id = terms
        # Confirmed in February and followed up to the end in February:
        # nothing of it happens in April.
        february = self._report_order(
            9_000, self.customer_d, created=DT(2026, 2, 9, 9), confirmed=DT(2026, 2, 10, 9)
        )
        with freeze_time("2026-02-20 10:00"):
            for step in february.followup_step_ids.filtered(
                lambda step: step.state in ("planned", "overdue")
            ):
                step.action_done()
        # O1's delay and O2's scratches handled: O1 is completed, O2
        # delivered with its satisfaction survey still open.
        self.i2.exception_state = "resolved"
        self.i5.write(
            {"exception_state": "resolved", "exception_resolution": "Three panels replaced."}
        )

        rows = self._order_rows(self._generate())
        self.assertIn(march.name, rows)
        self.assertNotIn(february.name, rows)
        row = rows[march.name]
        self.assertEqual(row["Order Date"].date(), D(2026, 3, 25))
        self.assertEqual(row["Payment Terms"], terms.name)
        self.assertEqual(row["Order Status"], "To follow up")
        statuses = {name: row["Order Status"] for name, row in rows.items()}
        self.assertEqual(statuses[self.o1.name], "Completed")
        self.assertEqual(statuses[self.o2.name], "Delivered")
        self.assertEqual(statuses[self.o3.name], "In progress")
        # The result of the handling, beside its description.
        self.assertIn("Resolved: Three panels replaced.", rows[self.o2.name]["Handling Result"])

    def test_open_exception_is_exception_handling(self):
        rows = self._order_rows(self._generate())
        # Delivered, every step done, but the scratches are not handled yet.
        self.assertEqual(rows[self.o2.name]["Order Status"], "Exception handling")
        self.assertIn("Quality Mismatch (High)", rows[self.o2.name]["Exception Description"])


@tagged("post_install", "-at_install")
class TestMonthlyReportTrend(MonthlyReportCommon):
    """Churn, repurchase and the exception ratio month by month, beside CSAT."""

    def test_trend_churn_repurchase_exception(self):
        report = self._generate()
        __, header, rows = self._table(self._workbook(report)["Trend"], "Month")
        by_month = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        self.assertEqual(header.index("Exception Ratio") + 1, header.index("CSAT Responses"))

        def cells(month):
            values = by_month[month]
            return values["Churn Rate"], values["Repurchase Rate"], values["Exception Ratio"]

        # September 2025: E (H3, March 2025) active at its start, not at its
        # end (180 days): 1 of 1 churned; E its only buyer of the year, once.
        self.assertEqual(cells("2025-09"), (1, 0, None))
        # October: nobody active at its start (n/a: empty cell); H2 confirmed.
        self.assertEqual(cells("2025-10"), (None, 0, 0))
        # December: D active at start and end; A, D, E bought once in the
        # year; H1 confirmed, no exception.
        self.assertEqual(cells("2025-12"), (0, 0, 0))
        # April: A and D active at its start, D no longer at its end; A
        # bought twice of A, B, C, D; O1 and O2 of three with an exception.
        churn, repurchase, exceptions = cells("2026-04")
        self.assertEqual((churn, repurchase), (0.5, 0.25))
        self.assertAlmostEqual(exceptions, 2 / 3)
        self.assertEqual(by_month["2026-04"]["CSAT Average"], 4)

        # Each month as that month's own report measures it.
        for month in (D(2025, 5, 1), D(2025, 9, 1), D(2026, 1, 1), D(2026, 3, 1)):
            kpis = report._followup_compute_kpis(month, month + relativedelta(day=31))
            expected = tuple(
                kpis[key] for key in ("churn_rate", "repurchase_rate", "exception_rate")
            )
            self.assertEqual(cells(month.strftime("%Y-%m")), expected, month)
