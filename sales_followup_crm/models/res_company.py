from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    followup_lead_escalation_days = fields.Integer(
        string="Escalate Late Lead Steps After (Working Days)",
        default=1,
        help="A lead's follow-up step still open this many working days after its "
        "due date is escalated once to the lead's team leader (the level above "
        "when the salesperson leads the team).",
    )

    _sql_constraints = [
        (
            "followup_lead_escalation_days_positive",
            "CHECK(followup_lead_escalation_days >= 0)",
            "The escalation delay of lead steps cannot be negative.",
        ),
    ]
