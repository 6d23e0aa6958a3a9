from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    followup_survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Unanswered Survey",
        index="btree_not_null",
        ondelete="cascade",
        help="The satisfaction survey left unanswered that this activity asks to call about.",
    )
