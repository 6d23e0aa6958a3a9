from odoo import api, fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    followup_handover_user_id = fields.Many2one(
        "res.users",
        string="After-sales Owner",
        domain="[('share', '=', False)]",
        help="Gets the customer handover checklist when a lead's quotation is "
        "confirmed; the team leader when empty.",
    )
    followup_key_lead_amount = fields.Monetary(
        string="Key Lead Amount",
        currency_field="currency_id",
        help="A lead graded A with an expected revenue of at least this amount is "
        "a key lead: it goes to the team leader. Zero: no key leads.",
    )

    @api.constrains("followup_handover_user_id")
    def _check_followup_handover_user(self):
        self.env["sales_followup.guard.mixin"]._followup_check_insiders(
            {(team.followup_handover_user_id, team.company_id) for team in self}
        )
