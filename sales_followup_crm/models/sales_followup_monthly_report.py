from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import models

from odoo.addons.sales_followup.tools.xlsx_report import DECIMAL, INTEGER, PERCENT, TEXT, WRAP

from .crm_lead import GRADES


def ratio(part, whole):
    return part / whole if whole else None


class SalesFollowupMonthlyReport(models.Model):
    _inherit = "sales_followup.monthly.report"

    def _followup_month_bounds(self):
        """The month as UTC datetimes, on the company calendar's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or "UTC")

        def utc(day):
            return (
                tz.localize(datetime.combine(day, time.min))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )

        return utc(self.date_from), utc(self.date_to + timedelta(days=1))

    def _followup_lead_kpis(self):
        """The month's lead KPIs (seed 001), for the report's company and team:
        leads created in the month by source and grade, the invalid share,
        first-contact SLA compliance by grade, lead to order conversion and
        the average days to convert. A fixed number of queries."""
        self.ensure_one()
        start, end = self._followup_month_bounds()
        # sudo: the report's figures cover every lead of the company (managers'
        # report), as its other KPIs cover every order; only numbers leave here.
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        scope = [("company_id", "in", [self.company_id.id, False])]
        if self.team_id:
            scope.append(("team_id", "=", self.team_id.id))
        created = scope + [("create_date", ">=", start), ("create_date", "<", end)]
        leads = Lead.search_fetch(created, ["source_id", "followup_grade", "followup_lead_valid"])
        valid = leads.filtered("followup_lead_valid")
        by_source_grade = defaultdict(int)
        for lead in valid:
            by_source_grade[lead.source_id.name or "", lead.followup_grade or ""] += 1
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [("opportunity_id", "in", valid.ids), ("state", "=", "sale")], ["opportunity_id"]
            )
        )
        converted = orders.opportunity_id
        due = Lead.search_fetch(
            scope
            + [
                ("followup_lead_valid", "=", True),
                ("followup_first_contact_deadline", ">=", start),
                ("followup_first_contact_deadline", "<", end),
            ],
            ["followup_grade", "followup_first_contact_deadline", "followup_step_ids"],
        )
        sla = {grade: [0, 0] for grade, _label in GRADES}
        for lead in due:
            grade = lead.followup_grade or "b"
            first = lead.followup_step_ids.filtered(
                lambda step: step.kind == "first_contact" and step.state == "done"
            )
            sla[grade][1] += 1
            sla[grade][0] += bool(
                first and first[0].date_done <= lead.followup_first_contact_deadline
            )
        confirmed = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "sale"),
                    ("opportunity_id", "!=", False),
                    ("date_order", ">=", start),
                    ("date_order", "<", end),
                    *([("team_id", "=", self.team_id.id)] if self.team_id else []),
                ],
                ["date_order", "opportunity_id"],
            )
        )
        days = [
            (order.date_order - order.opportunity_id.create_date).total_seconds() / 86400
            for order in confirmed
        ]
        return {
            "leads": len(leads),
            "invalid": len(leads) - len(valid),
            "invalid_share": ratio(len(leads) - len(valid), len(leads)),
            "by_source_grade": dict(by_source_grade),
            "sla": {grade: (met, total, ratio(met, total)) for grade, (met, total) in sla.items()},
            "converted": len(converted),
            "conversion_rate": ratio(len(converted), len(valid)),
            "avg_days_to_convert": sum(days) / len(days) if days else None,
        }

    def _followup_uses_leads(self):
        """Companies that keep leads get the Leads sheet, every month."""
        # sudo: whether any lead exists, nothing read from it.
        return bool(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.company_id.id)], limit=1)
        )

    def _followup_add_sheets(self, book, subtitles):
        result = super()._followup_add_sheets(book, subtitles)
        if not self._followup_uses_leads():
            return result
        kpis = self._followup_lead_kpis()
        grades = dict(
            self.env["crm.lead"]._fields["followup_grade"]._description_selection(self.env)
        )
        rows = [
            (
                self.env._("Leads"),
                "",
                kpis["leads"],
                "",
                "",
                self.env._("Leads created in the month, valid or not."),
            ),
            (
                self.env._("Invalid share"),
                "",
                kpis["invalid"],
                kpis["invalid_share"],
                "",
                self.env._(
                    "Leads created in the month marked invalid, over all leads created in it."
                ),
            ),
        ]
        for (source, grade), count in sorted(kpis["by_source_grade"].items()):
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
        for grade, (_met, total, rate) in kpis["sla"].items():
            rows.append(
                (
                    self.env._("First contact on time"),
                    grades[grade],
                    total,
                    rate,
                    "",
                    self.env._(
                        "Valid leads whose first-contact deadline (24, 48 or 72 working-day "
                        "hours after assignment; not graded counts as B) fell in the month: "
                        "the share whose first-contact step was done by the deadline."
                    ),
                )
            )
        rows += [
            (
                self.env._("Lead to order conversion"),
                "",
                kpis["converted"],
                kpis["conversion_rate"],
                "",
                self.env._(
                    "Valid leads created in the month that have a confirmed order, over the "
                    "valid leads created in it."
                ),
            ),
            (
                self.env._("Average days to convert"),
                "",
                "",
                "",
                kpis["avg_days_to_convert"],
                self.env._(
                    "Orders confirmed in the month from a lead: the average number of days "
                    "from the lead's creation to the order's date."
                ),
            ),
        ]
        book.add_table(
            self.env._("Leads"),
            self.env._("Leads"),
            subtitles,
            [
                (self.env._("Metric"), 30, TEXT),
                (self.env._("Breakdown"), 30, TEXT),
                (self.env._("Count"), 10, INTEGER),
                (self.env._("Rate"), 10, PERCENT),
                (self.env._("Days"), 10, DECIMAL),
                (self.env._("Definition"), 80, WRAP),
            ],
            rows,
        )
        return result
