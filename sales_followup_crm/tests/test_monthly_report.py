import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import LeadCommon

JANUARY = date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestLeadReport(LeadCommon):
    """The monthly report's Leads sheet: its figures equal independent SQL."""

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

    def test_lead_kpis_equal_sql(self):
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

        report = self.env["sales_followup.monthly.report"]._followup_get_or_create(
            self.company, JANUARY, False
        )
        kpis = report._followup_lead_kpis()
        start, end = datetime(2026, 1, 1), datetime(2026, 2, 1)
        scope = "(l.company_id = %(company)s OR l.company_id IS NULL)"
        month = "l.create_date >= %(start)s AND l.create_date < %(end)s"
        [(leads, invalid_count)] = self._sql(
            f"SELECT count(*), count(*) FILTER (WHERE NOT l.followup_lead_valid) "
            f"FROM crm_lead l WHERE {scope} AND {month}",
            start,
            end,
        )
        self.assertEqual((kpis["leads"], kpis["invalid"]), (leads, invalid_count))
        self.assertEqual((leads, invalid_count), (4, 1))
        self.assertAlmostEqual(kpis["invalid_share"], invalid_count / leads)
        by_source_grade = self._sql(
            f"SELECT COALESCE(s.name, ''), COALESCE(l.followup_grade, ''), count(*) "
            f"FROM crm_lead l LEFT JOIN utm_source s ON s.id = l.source_id "
            f"WHERE {scope} AND {month} AND l.followup_lead_valid GROUP BY 1, 2",
            start,
            end,
        )
        self.assertEqual(
            kpis["by_source_grade"], {(source, grade): n for source, grade, n in by_source_grade}
        )
        sla = self._sql(
            f"SELECT COALESCE(l.followup_grade, 'b'), count(DISTINCT l.id), "
            f"count(DISTINCT l.id) FILTER (WHERE s.date_done <= l.followup_first_contact_deadline) "
            f"FROM crm_lead l LEFT JOIN sales_followup_step s ON s.lead_id = l.id "
            f"AND s.kind = 'first_contact' AND s.state = 'done' "
            f"WHERE {scope} AND l.followup_lead_valid "
            f"AND l.followup_first_contact_deadline >= %(start)s "
            f"AND l.followup_first_contact_deadline < %(end)s GROUP BY 1",
            start,
            end,
        )
        for grade, total, met in sla:
            self.assertEqual(kpis["sla"][grade][:2], (met, total), grade)
        # A met, C missed; B: the converted lead, won before any contact, and the older one.
        self.assertEqual(kpis["sla"]["a"][2], 1.0)
        self.assertEqual(kpis["sla"]["c"][2], 0.0)
        [(converted_count, days)] = self._sql(
            f"SELECT count(DISTINCT l.id), "
            f"(SELECT avg(EXTRACT(EPOCH FROM o.date_order - l2.create_date) / 86400) "
            f" FROM sale_order o JOIN crm_lead l2 ON l2.id = o.opportunity_id "
            f" WHERE o.state = 'sale' AND o.company_id = %(company)s "
            f" AND o.date_order >= %(start)s AND o.date_order < %(end)s) "
            f"FROM crm_lead l JOIN sale_order o ON o.opportunity_id = l.id AND o.state = 'sale' "
            f"WHERE {scope} AND {month} AND l.followup_lead_valid",
            start,
            end,
        )
        self.assertEqual(kpis["converted"], converted_count)
        self.assertAlmostEqual(kpis["conversion_rate"], converted_count / (leads - invalid_count))
        self.assertAlmostEqual(kpis["avg_days_to_convert"], float(days))
        self.assertAlmostEqual(float(days), 10.0)

        with freeze_time("2026-02-02 08:00:00"):
            report.action_generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        self.assertIn("Leads", book.sheetnames)
        sheet = book["Leads"]
        rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
        self.assertAlmostEqual(rows["Lead to order conversion"][3], 1 / 3)
        self.assertAlmostEqual(rows["Average days to convert"][4], 10.0)
        self.assertIn("first-contact", rows["First contact on time"][5])
