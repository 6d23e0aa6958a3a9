from odoo import api, models

from odoo.addons.sales_followup.report.monthly_report_kpis import kpi_field

from ..report.monthly_report_kpis import SURVEY_KPIS, SURVEYS, surveys_query


class SalesFollowupMonthlyReport(models.Model):
    _inherit = "sales_followup.monthly.report"

    # The survey KPIs' stored fields, declared once in report/monthly_report_kpis.py.
    locals().update((kpi.key, kpi_field(kpi)) for kpi in SURVEY_KPIS)

    @api.model
    def _followup_kpis(self):
        return super()._followup_kpis() + SURVEY_KPIS

    @api.model
    def _followup_kpi_queries(self):
        return {**super()._followup_kpi_queries(), SURVEYS: surveys_query}
