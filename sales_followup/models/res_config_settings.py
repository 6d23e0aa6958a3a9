from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    followup_manager_id = fields.Many2one(
        related="company_id.followup_manager_id", readonly=False
    )
