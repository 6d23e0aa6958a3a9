from odoo import fields, models

# The fields of the satisfaction interaction a survey's answers fill in.
SCORE_FIELDS = (
    "satisfaction",
    "satisfaction_quality",
    "satisfaction_timeliness",
    "satisfaction_service",
)
COMMENT_FIELD = "customer_feedback"


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    followup_interaction_field = fields.Selection(
        [
            ("satisfaction", "Overall Satisfaction"),
            ("satisfaction_quality", "Product / Service Quality"),
            ("satisfaction_timeliness", "Delivery Timeliness"),
            ("satisfaction_service", "Service Experience"),
            (COMMENT_FIELD, "Customer's Comment"),
        ],
        string="Follow-up Field",
        help="What the answer fills in on the satisfaction interaction logged "
        "when a customer answers the follow-up survey: a score (a scale "
        "question, 1 to 5) or the comment (a text question).",
    )
