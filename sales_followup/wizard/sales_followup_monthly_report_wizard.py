from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.months import month_label, month_names


class SalesFollowupMonthlyReportWizard(models.TransientModel):
    _name = "sales_followup.monthly.report.wizard"
    _description = "Generate a Monthly Sales and Customer Report"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    month = fields.Selection(
        selection=lambda self: month_names(self.env),
        required=True,
        default=lambda self: str(self._default_date_from().month),
    )
    year = fields.Integer(required=True, default=lambda self: self._default_date_from().year)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Leave empty for the whole company.",
    )
    period = fields.Char(
        compute="_compute_period",
        help="The month as its reader writes it: November 2026, 2026年11月.",
    )

    @api.model
    def _default_date_from(self):
        """The previous month: the last one that is over."""
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    @api.depends("month", "year")
    @api.depends_context("lang")
    def _compute_period(self):
        for wizard in self:
            wizard.period = (
                wizard.month
                and 2000 <= wizard.year <= 2999
                and month_label(self.env, wizard._followup_date_from())
            )

    def _followup_date_from(self):
        self.ensure_one()
        return fields.Date.to_date(f"{self.year:04d}-{int(self.month):02d}-01")

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2999:
                raise ValidationError(self.env._("Enter a year such as 2026."))

    def action_generate(self):
        """Generate (or regenerate) the report and open it."""
        self.ensure_one()
        date_from = self._followup_date_from()
        report = (
            self.env["sales_followup.monthly.report"]
            .with_company(self.company_id)
            ._followup_get_or_create(self.company_id, date_from, self.team_id)
        )
        report.action_generate()
        return {
            "type": "ir.actions.act_window",
            "res_model": report._name,
            "res_id": report.id,
            "view_mode": "form",
            "target": "current",
        }
