from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..const import CARE_OPEN_STATES, OPEN_STATES, REMINDER_OWNER, TEXT_MAX


class MailActivity(models.Model):
    _inherit = "mail.activity"

    followup_step_id = fields.Many2one(
        "sales_followup.step",
        string="Follow-up Step",
        index="btree_not_null",
        ondelete="cascade",
        help="The follow-up step this reminder stands for.",
    )
    followup_care_action_id = fields.Many2one(
        "sales_followup.care.action",
        string="Care Action",
        index="btree_not_null",
        ondelete="cascade",
        help="The care action this reminder stands for.",
    )
    followup_improvement_id = fields.Many2one(
        "sales_followup.improvement",
        string="Improvement Measure",
        index="btree_not_null",
        ondelete="cascade",
        help="The improvement measure this reminder stands for.",
    )
    followup_commitment_id = fields.Many2one(
        "sales_followup.commitment",
        string="Commitment",
        index="btree_not_null",
        ondelete="cascade",
        help="The promise to a customer this reminder stands for.",
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

    def unlink(self):
        """A reminder deleted by hand comes back while its step, care action,
        improvement measure or commitment is open: it stands for it
        (complete, reschedule or cancel that instead)."""
        if self.env.context.get(REMINDER_OWNER):
            return super().unlink()
        records = [
            self.followup_step_id,
            self.followup_care_action_id,
            self.followup_improvement_id,
            self.followup_commitment_id,
        ]
        res = super().unlink()
        for linked in records:
            linked._followup_sync_reminders()
        return res

    def action_feedback(self, feedback=False, attachment_ids=None):
        """Marking a reminder done completes its step, care action or
        improvement measure or commitment (the feedback becomes the
        customer's feedback of a care action, the result of a measure or of
        a commitment), and the next reminder comes up."""
        self._followup_check_feedback(feedback)
        steps = self.followup_step_id.filtered(lambda step: step.state in OPEN_STATES)
        care_actions = self.followup_care_action_id.filtered(
            lambda action: action.state in CARE_OPEN_STATES
        )
        measures = self.followup_improvement_id.filtered(lambda measure: measure.state == "planned")
        commitments = self.followup_commitment_id.filtered(lambda promise: promise.state == "open")
        result = super().action_feedback(feedback=feedback, attachment_ids=attachment_ids)
        # As Odoo lets an assignee mark his activity done without access to
        # its document, he completes the step it stands for.
        steps.sudo()._followup_reminder_done(feedback)
        care_actions._followup_reminder_done(feedback)
        measures._followup_reminder_done(feedback)
        commitments._followup_reminder_done(feedback)
        return result

    def action_feedback_schedule_next(self, feedback=False, attachment_ids=None):
        """On a follow-up reminder, "Done & Schedule Next" opens the quick log:
        logging the contact completes the step and the plan schedules the next
        one; on a care action's reminder it opens the care action's log.
        Discarding the log leaves the reminder open. On an improvement
        measure's or a commitment's reminder it completes it."""
        if len(self) == 1 and self.followup_step_id.state in OPEN_STATES:
            return self.action_followup_log_interaction(feedback=feedback)
        if len(self) == 1 and self.followup_care_action_id.state in CARE_OPEN_STATES:
            return self.followup_care_action_id.action_open_done_wizard()
        # An improvement measure or a commitment is carried out as on Done,
        # then Odoo offers to schedule the next activity.
        self._followup_check_feedback(feedback)
        measures = self.followup_improvement_id.filtered(lambda measure: measure.state == "planned")
        commitments = self.followup_commitment_id.filtered(lambda promise: promise.state == "open")
        result = super().action_feedback_schedule_next(
            feedback=feedback, attachment_ids=attachment_ids
        )
        measures._followup_reminder_done(feedback)
        commitments._followup_reminder_done(feedback)
        return result

    def _followup_check_feedback(self, feedback):
        """The feedback on a follow-up reminder is a follow-up text like any other."""
        if feedback and (
            self.followup_step_id
            or self.followup_care_action_id
            or self.followup_improvement_id
            or self.followup_commitment_id
        ):
            self.env["sales_followup.guard.mixin"]._followup_check_text_values(
                [(self.env._("Feedback"), html2plaintext(feedback), TEXT_MAX)]
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
