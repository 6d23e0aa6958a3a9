from datetime import timedelta

from odoo import api, models

from odoo.addons.sales_followup.report.monthly_report_kpis import (
    AVERAGE,
    RATE,
    kpi_field,
    translate,
)
from odoo.addons.sales_followup.tools.xlsx_report import DECIMAL, INTEGER, PERCENT, TEXT, WRAP

from ..report.monthly_report_kpis import LEAD_KPIS, LEAD_QUERIES


class SalesFollowupMonthlyReport(models.Model):
    _inherit = "sales_followup.monthly.report"

    # The lead KPIs' stored fields, declared once in report/monthly_report_kpis.py.
    locals().update((kpi.key, kpi_field(kpi)) for kpi in LEAD_KPIS)

    @api.model
    def _followup_kpis(self):
        return super()._followup_kpis() + LEAD_KPIS

    @api.model
    def _followup_kpi_queries(self):
        return {**super()._followup_kpi_queries(), **LEAD_QUERIES}

    def _followup_uses_leads(self):
        """Companies that keep leads get the Leads sheet, every month."""
        # sudo: whether any lead exists, nothing read from it.
        return bool(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.company_id.id)], limit=1)
        )

    def _followup_leads_by_source_grade(self):
        """``{(source, grade): count}`` of the valid leads created in the
        month, as the lead KPIs count them (report/monthly_report_kpis.py): one query."""
        self.ensure_one()
        domain = [
            ("company_id", "in", [self.company_id.id, False]),
            ("create_date", ">=", self._followup_utc(self.date_from)),
            ("create_date", "<", self._followup_utc(self.date_to + timedelta(days=1))),
            ("followup_lead_valid", "=", True),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        # sudo: the report counts every lead of the company (managers' report),
        # as its other KPIs count every order; only numbers leave here.
        groups = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["source_id", "followup_grade"], ["__count"])
        )
        return {(source.name or "", grade or ""): count for source, grade, count in groups}

    def _followup_add_sheets(self, book, subtitles, kpis):
        """The Leads sheet: the month's lead KPIs (``kpis``, as on the
        Summary sheet) with their definitions, then the valid leads by source
        and grade."""
        result = super()._followup_add_sheets(book, subtitles, kpis)
        if not self._followup_uses_leads():
            return result
        rows = []
        for kpi in LEAD_KPIS:
            if not kpi.label:
                continue
            count, rate, days = kpis.get(kpi.key) or 0, "", ""
            if kpi.kind == RATE:
                count, rate = kpis.get(kpi.basis[0]) or 0, kpis.get(kpi.key)
            elif kpi.kind == AVERAGE:
                count, days = kpis.get(kpi.basis) or 0, kpis.get(kpi.key)
            rows.append(
                (
                    translate(self.env, kpi.label),
                    "",
                    count,
                    rate,
                    days,
                    translate(self.env, kpi.definition.text),
                )
            )
        grades = dict(
            self.env["crm.lead"]._fields["followup_grade"]._description_selection(self.env)
        )
        for (source, grade), count in sorted(self._followup_leads_by_source_grade().items()):
            rows.append(
                (
                    self.env._("Valid leads by source and grade"),
                    " · ".join(
                        (
                            source or self.env._("No source"),
                            grades.get(grade) or self.env._("Not graded"),
                        )
                    ),
                    count,
                    "",
                    "",
                    self.env._("Valid leads created in the month, by UTM source and grade."),
                )
            )
        book.add_table(
            self.env._("Leads"),
            self.env._("Leads"),
            subtitles,
            [
                (self.env._("Metric"), 36, TEXT),
                (self.env._("Breakdown"), 30, TEXT),
                (self.env._("Count"), 10, INTEGER),
                (self.env._("Rate"), 10, PERCENT),
                (self.env._("Days"), 10, DECIMAL),
                (self.env._("Definition"), 80, WRAP),
            ],
            rows,
        )
        return result
