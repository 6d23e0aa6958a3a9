from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from .sales_followup_guard_mixin import TEXT_MAX
from .sales_followup_step import OPEN_STATES


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

    def _add_precomputed_values(self, vals_list):
        # res_model is res_model_id's model: given here, it spares the ORM a
        # new() record per activity to compute it (and a second sanitizing of
        # its note). Reminders are created by the hundred.
        models = self.env["ir.model"].sudo()
        for vals in vals_list:
            if isinstance(vals.get("res_model_id"), int) and "res_model" not in vals:
                vals["res_model"] = models.browse(vals["res_model_id"]).model
        return super()._add_precomputed_values(vals_list)

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a reminder done completes its step and brings up the next."""
        if feedback and self.followup_step_id:
            # The feedback is a follow-up text like any other.
            self.env["sales_followup.guard.mixin"]._followup_check_text_values(
                [(self.env._("Feedback"), html2plaintext(feedback), TEXT_MAX)]
            )
        steps = self.followup_step_id.filtered(lambda step: step.state != "done")
        steps.sudo()._followup_mark_done()
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        steps.order_id._followup_sync_activities()
        return result

    def action_feedback_schedule_next(self, feedback=False, attachment_ids=None):
        """On a follow-up reminder, "Done & Schedule Next" opens the quick log:
        logging the contact completes the step and the plan schedules the next
        one. Discarding the log leaves the reminder open."""
        if len(self) == 1 and self.followup_step_id.state in OPEN_STATES:
            return self.action_followup_log_interaction(feedback=feedback)
        return super().action_feedback_schedule_next(
            feedback=feedback, attachment_ids=attachment_ids
        )

    def action_followup_log_interaction(self, feedback=False):
        """Quick log for the step this reminder stands for."""
        self.ensure_one()
        step = self.followup_step_id
        if step.state not in OPEN_STATES:
            raise UserError(self.env._("This reminder has no open follow-up step."))
        defaults = step._followup_interaction_defaults()
        if feedback:
            defaults["summary"] = html2plaintext(feedback)
        return self.env["sales_followup.interaction"]._followup_quick_log_action(defaults)
