from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    followup_step_id = fields.Many2one(
        "sales_followup.step",
        string="Follow-up Step",
        index="btree_not_null",
        ondelete="cascade",
        help="The follow-up step this reminder stands for.",
    )
    followup_escalation_step_id = fields.Many2one(
        "sales_followup.step",
        string="Escalated Follow-up Step",
        ondelete="cascade",
        help="The overdue follow-up step this activity alerts the team leader about.",
    )

    _sql_constraints = [
        (
            "followup_escalation_step_uniq",
            "unique(followup_escalation_step_id)",
            "A follow-up step is escalated once only.",
        ),
    ]

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a reminder done completes its step and brings up the next."""
        steps = self.followup_step_id.filtered(lambda step: step.state != "done")
        steps.sudo()._followup_mark_done()
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        steps.order_id._followup_sync_activities()
        return result
