from datetime import datetime

from pytz import timezone

from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    followup_manager_id = fields.Many2one(
        "res.users",
        string="Follow-up Manager",
        help="Reviews and escalations go to the order's sales team leader, or to "
        "this person when the team has none.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._followup_create_default_tiers()
        return companies

    def _followup_create_default_tiers(self):
        """Give companies without tiers a copy of the seeded ones."""
        Tier = self.env["sales_followup.tier"].sudo()
        templates = Tier.browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for xmlid in (
                "sales_followup.tier_strategic",
                "sales_followup.tier_key",
                "sales_followup.tier_regular",
            )
        ).exists()
        equipped = Tier.with_context(active_test=False)._read_group(
            [("company_id", "in", self.ids)], ["company_id"]
        )
        equipped_companies = {company for (company,) in equipped}
        for company in self:
            if company not in equipped_companies:
                for template in templates:
                    template.copy({"company_id": company.id, "name": template.name})

    def _followup_today(self):
        """Today in the time zone of the company's working calendar."""
        self.ensure_one()
        return datetime.now(timezone(self.resource_calendar_id.tz or "UTC")).date()
