import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sales_followup.report.monthly_report_kpis import readme_definitions
from odoo.addons.sales_followup.tests.monthly_report_common import readme_kpi_definitions

from ..report.monthly_report_kpis import SURVEY_KPIS
from .common import SurveyFollowupCommon


@tagged("post_install", "-at_install")
class TestSurveyReport(SurveyFollowupCommon):
    """April 2026: three surveys sent (two by the salesman, one by the
    second salesman), two answered; one sent in March and one in May."""

    def _sent(self, when, user=None):
        with freeze_time(when):
            order = self._delivered_order(user_id=(user or self.salesman).id)
            return self._send(order, user=user)

    def test_response_rate(self):
        march = self._sent("2026-03-30 10:00:00")
        answered = self._sent("2026-04-06 10:00:00")
        self._sent("2026-04-14 10:00:00")
        other = self._sent("2026-04-20 10:00:00", user=self.salesman_2)
        self._sent("2026-05-04 10:00:00")
        with freeze_time("2026-04-08 10:00:00"):
            self._answer(answered, satisfaction=4, satisfaction_quality=5)
            self._answer(march, satisfaction=3)
        with freeze_time("2026-05-05 10:00:00"):
            # Answered in May, sent in April: April's response.
            self._answer(other, satisfaction=5)
        Report = self.env["sales_followup.monthly.report"]
        with freeze_time("2026-05-06 08:00:00"):
            report = Report._followup_get_or_create(self.company, date(2026, 4, 1))
            report.action_generate()
        self.assertEqual((report.survey_sent_count, report.survey_answered_count), (3, 2))
        self.assertAlmostEqual(report.survey_response_rate, 2 / 3)
        # The aspects' averages are the base report's, from the logged answers.
        self.assertEqual(report.satisfaction_quality_count, 1)
        self.assertEqual(report.satisfaction_quality_avg, 5.0)

        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        summary = {
            row[0]: row[1:3]
            for row in workbook["Summary"].iter_rows(values_only=True)
            if row and row[0]
        }
        self.assertEqual(summary["Satisfaction surveys sent"], (3, 1))
        self.assertAlmostEqual(summary["Survey response rate"][0], 2 / 3)
        self.assertEqual(summary["Survey response rate"][1], 1.0)
        rows = list(workbook["Salespeople"].iter_rows(values_only=True))
        header = next(row for row in rows if row and row[0] == "Salesperson")
        by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows if row}
        self.assertEqual(by_name[self.salesman.name]["Surveys Sent"], 2)
        self.assertEqual(by_name[self.salesman_2.name]["Survey Response"], 1)
        definitions = [row[0] for row in workbook["Definitions"].iter_rows(values_only=True)]
        self.assertIn("Survey response rate", definitions)

    def test_readme_definitions_are_the_reports(self):
        block = readme_kpi_definitions(self, "sales_followup_survey")
        self.assertEqual(block, readme_definitions(self.env, SURVEY_KPIS, tables=()))
