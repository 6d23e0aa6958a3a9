import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sales_followup.report.monthly_report_kpis import readme_definitions
from odoo.addons.sales_followup.tests.monthly_report_common import readme_kpi_definitions

from ..report.monthly_report_kpis import LEAD_KPIS
from .common import LeadCommon

JANUARY = date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestLeadReport(LeadCommon):
    """The monthly report's lead KPIs: equal to independent SQL, on the
    Summary sheet with the others, and the same figures on the Leads sheet."""

    def _created(self, leads, when):
        # The ORM stamps the transaction's real time: the month's leads are dated here.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id IN %s", (when, tuple(leads.ids))
        )
        self.env.invalidate_all()

    def _sql(self, query, start, end):
        self.env.flush_all()
        self.env.cr.execute(query, {"start": start, "end": end, "company": self.company.id})
        return self.env.cr.fetchall()

    def _january_leads(self):
        """Four leads created in January (one invalid, one converted on the
        20th), one in December; the A lead contacted on time, the C one not."""
        trade_show = self.env.ref("sales_followup_crm.utm_source_trade_show")
        website = self.env.ref("sales_followup_crm.utm_source_website_form")
        with freeze_time("2026-01-09 10:00:00"):
            on_time = self._lead("a", source_id=trade_show.id)
            late = self._lead("c", source_id=website.id)
            invalid = self._lead(followup_lead_valid=False, followup_invalid_reason="competitor")
            converted = self._lead("b", source_id=trade_show.id)
            older = self._lead("b")
        self._created(on_time | late | invalid, datetime(2026, 1, 5, 9))
        self._created(converted, datetime(2026, 1, 10, 10))
        self._created(older, datetime(2025, 12, 20, 9))
        with freeze_time("2026-01-12 09:00:00"):
            self._log(on_time, date=datetime(2026, 1, 12, 8))
        with freeze_time("2026-01-20 10:00:00"):
            self._create_order(5000, opportunity_id=converted.id).action_confirm()

    def _expected(self, start, end):
        """The lead KPIs of [start, end) by SQL of their own."""
        scope = "(l.company_id = %(company)s OR l.company_id IS NULL)"
        month = "l.create_date >= %(start)s AND l.create_date < %(end)s"
        [(leads, invalid, valid, converted)] = self._sql(
            f"SELECT count(*), count(*) FILTER (WHERE NOT l.followup_lead_valid), "
            f"count(*) FILTER (WHERE l.followup_lead_valid), "
            f"count(*) FILTER (WHERE l.followup_lead_valid AND l.id IN "
            f"  (SELECT opportunity_id FROM sale_order WHERE state = 'sale')) "
            f"FROM crm_lead l WHERE {scope} AND {month}",
            start,
            end,
        )
        expected = {
            "lead_count": leads,
            "lead_invalid_count": invalid,
            "lead_invalid_rate": invalid / leads if leads else None,
            "lead_valid_count": valid,
            "lead_converted_count": converted,
            "lead_conversion_rate": converted / valid if valid else None,
        }
        sla = dict.fromkeys("abc", (0, 0))
        for grade, total, met in self._sql(
            f"SELECT COALESCE(l.followup_grade, 'b'), count(DISTINCT l.id), "
            f"count(DISTINCT l.id) FILTER (WHERE s.date_done <= l.followup_first_contact_deadline) "
            f"FROM crm_lead l LEFT JOIN sales_followup_step s ON s.lead_id = l.id "
            f"AND s.kind = 'first_contact' AND s.state = 'done' "
            f"WHERE {scope} AND l.followup_lead_valid "
            f"AND l.followup_first_contact_deadline >= %(start)s "
            f"AND l.followup_first_contact_deadline < %(end)s GROUP BY 1",
            start,
            end,
        ):
            sla[grade] = (total, met)
        for grade, (total, met) in sla.items():
            expected[f"lead_first_contact_{grade}_count"] = total
            expected[f"lead_first_contact_{grade}_on_time_count"] = met
            expected[f"lead_first_contact_{grade}_rate"] = met / total if total else None
        [(orders, days)] = self._sql(
            "SELECT count(*), avg(EXTRACT(EPOCH FROM o.date_order - l.create_date) / 86400) "
            "FROM sale_order o JOIN crm_lead l ON l.id = o.opportunity_id "
            "WHERE o.state = 'sale' AND o.company_id = %(company)s "
            "AND o.date_order >= %(start)s AND o.date_order < %(end)s",
            start,
            end,
        )
        expected["lead_order_count"] = orders
        expected["lead_convert_days"] = float(days) if orders else None
        return expected

    def _assert_kpis(self, kpis, expected):
        for kpi in LEAD_KPIS:
            with self.subTest(kpi=kpi.key):
                if expected[kpi.key] is None:
                    self.assertIsNone(kpis[kpi.key])
                else:
                    self.assertAlmostEqual(kpis[kpi.key], expected[kpi.key])

    def test_lead_kpis_equal_sql(self):
        self._january_leads()
        with freeze_time("2026-02-02 08:00:00"):
            report = self.env["sales_followup.monthly.report"]._followup_get_or_create(
                self.company, JANUARY, False
            )
            report.action_generate()
            kpis = report._followup_compute_kpis(report.date_from, report.date_to)
            december = report._followup_compute_kpis(date(2025, 12, 1), date(2025, 12, 31))
        expected = self._expected(datetime(2026, 1, 1), datetime(2026, 2, 1))
        self._assert_kpis(kpis, expected)
        self._assert_kpis(december, self._expected(datetime(2025, 12, 1), datetime(2026, 1, 1)))
        # What the month was: 4 leads, 1 invalid; A met, C missed; B: the
        # converted lead (won before any contact) and December's; 1 of the 3
        # valid leads converted, 10 days after its creation.
        self.assertEqual((kpis["lead_count"], kpis["lead_invalid_count"]), (4, 1))
        self.assertEqual(kpis["lead_first_contact_a_rate"], 1.0)
        self.assertEqual(kpis["lead_first_contact_c_rate"], 0.0)
        self.assertAlmostEqual(kpis["lead_conversion_rate"], 1 / 3)
        self.assertAlmostEqual(kpis["lead_convert_days"], 10.0)
        # Stored on the report like the other KPIs.
        self.assertEqual(report.lead_count, 4)
        self.assertAlmostEqual(report.lead_conversion_rate, 1 / 3)

        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        summary = {
            row[0]: row[1:3] for row in book["Summary"].iter_rows(values_only=True) if row[0]
        }
        leads_sheet = {
            row[0]: row for row in book["Leads"].iter_rows(values_only=True) if row and row[0]
        }
        labelled = [kpi for kpi in LEAD_KPIS if kpi.label]
        self.assertEqual(len(labelled), 7)
        for kpi in labelled:
            label = self.env._(kpi.label)
            with self.subTest(row=label):
                this_month, last_month = summary[label]
                for cell, value in ((this_month, kpis[kpi.key]), (last_month, december[kpi.key])):
                    if value is None:
                        self.assertEqual(cell, "n/a")
                    else:
                        self.assertAlmostEqual(cell, value)
                # The Leads sheet shows the Summary's figure, with its definition.
                row = leads_sheet[label]
                column = {"rate": 3, "average": 4}.get(kpi.kind, 2)
                self.assertEqual(row[column], this_month)
                self.assertEqual(row[5], self.env._(kpi.definition.text))
        self.assertEqual(summary["Leads created"], (4, 1))
        self.assertAlmostEqual(summary["Lead to order conversion"][0], 1 / 3)
        self.assertAlmostEqual(summary["Average days to convert"][0], 10.0)
        # Valid leads by source and grade: a table of the Leads sheet.
        by_source_grade = self._sql(
            "SELECT COALESCE(s.name, ''), COALESCE(l.followup_grade, ''), count(*) "
            "FROM crm_lead l LEFT JOIN utm_source s ON s.id = l.source_id "
            "WHERE (l.company_id = %(company)s OR l.company_id IS NULL) "
            "AND l.create_date >= %(start)s AND l.create_date < %(end)s "
            "AND l.followup_lead_valid GROUP BY 1, 2",
            datetime(2026, 1, 1),
            datetime(2026, 2, 1),
        )
        grades = {"a": "A (High Intent)", "b": "B (Medium Intent)", "c": "C (Low Intent)"}
        self.assertEqual(
            sorted(
                (row[1], row[2])
                for row in book["Leads"].iter_rows(values_only=True)
                if row and row[0] == "Valid leads by source and grade"
            ),
            sorted(
                (f"{source or 'No source'} · {grades.get(grade, 'Not graded')}", count)
                for source, grade, count in by_source_grade
            ),
        )
        terms = [row[0] for row in book["Definitions"].iter_rows(values_only=True)]
        for term in (
            "Leads and invalid share",
            "Lead first-contact SLA compliance",
            "Lead to order conversion",
            "Average days to convert",
        ):
            self.assertIn(term, terms)

    def test_lead_kpis_in_fixed_queries(self):
        """The lead KPIs cost the same queries for 2 leads as for 12."""
        report = self.env["sales_followup.monthly.report"]._followup_get_or_create(
            self.company, JANUARY, False
        )

        def queries(count):
            with freeze_time("2026-01-09 10:00:00"):
                leads = self.Lead.concat(*(self._lead("b") for _i in range(count)))
            self._created(leads, datetime(2026, 1, 5, 9))
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            report._followup_compute_kpis(report.date_from, report.date_to)
            return self.cr.sql_log_count - before

        queries(1)
        self.assertEqual(queries(2), queries(12))

    def test_readme_definitions_are_the_reports(self):
        block = readme_kpi_definitions(self, "sales_followup_crm")
        self.assertEqual(
            block,
            readme_definitions(self.env, LEAD_KPIS, tables=()),
            "The README's lead KPI definitions differ from "
            "sales_followup_crm/report/monthly_report_kpis.py: paste "
            "readme_definitions(env, LEAD_KPIS, tables=())'s table between its markers.",
        )
