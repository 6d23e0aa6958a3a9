from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    followup_lead_escalation_days = fields.Integer(
        related="company_id.followup_lead_escalation_days", readonly=False
    )
