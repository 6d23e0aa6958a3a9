from odoo import fields, models
from odoo.tools import html2plaintext

from ..const import EFFECTS, REMINDER_OWNER

STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]


class SalesFollowupImprovement(models.Model):
    """A measure decided at the monthly review (seed 000 step 6, note 5): the
    next month's workbook tells whether it was carried out on time."""

    _name = "sales_followup.improvement"
    # The reminder mixin before mail.thread, as on care actions: the owner's
    # reminder is created once mail.thread has made the author follow it.
    _inherit = [
        "sales_followup.privacy.mixin",
        "sales_followup.reminder.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sales_followup.guard.mixin",
    ]
    _description = "Improvement Measure"
    _order = "date_deadline, id"
    _check_company_auto = True
    _followup_guarded_links = ("report_id",)
    _followup_fixed_links = ("report_id",)
    _followup_user_fields = ("user_id",)
    _followup_bookkeeping_fields = ("state", "date_done")
    _followup_text_fields = ("name", "result")
    _followup_reminder_links = ("followup_improvement_id",)
    _followup_reminder_group = "report_id"
    _followup_reminder_date = "date_deadline"
    _followup_reminder_activity_type = "sales_followup.mail_activity_type_improvement"
    _followup_reminder_note = "result"
    _followup_reminder_open_states = ("planned",)

    name = fields.Char(string="Measure", required=True)
    report_id = fields.Many2one(
        "sales_followup.monthly.report",
        string="Decided at",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The monthly review that decided the measure.",
    )
    report_month = fields.Date(
        related="report_id.date_from",
        string="Review Month",
        help="The month of the monthly report that decided the measure.",
    )
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    date_deadline = fields.Date(string="Deadline", required=True)
    state = fields.Selection(STATES, string="Status", required=True, default="planned", index=True)
    result = fields.Text(help="What was done and what came of it.")
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    effect = fields.Selection(EFFECTS, help="How well the measure worked.")

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_done(self):
        self._followup_done()
        return True

    def action_cancel(self):
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users;
        # the write removes the owner's reminder.
        self.sudo().filtered(lambda measure: measure.state == "planned").write(
            {"state": "cancelled"}
        )
        return True

    def action_reset(self):
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().filtered(lambda measure: measure.state != "planned").write(
            {"state": "planned", "date_done": False}
        )
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _followup_done(self):
        """Close the open measures; their owners' reminders are marked done.
        The owner, who only reads his measures, may do it."""
        self.check_access("read")
        measures = self.filtered(lambda measure: measure.state == "planned")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        measures.sudo().with_context(**{REMINDER_OWNER: True}).write(
            {"state": "done", "date_done": fields.Date.context_today(self)}
        )
        measures._followup_complete_reminders(feedback=False)

    def _followup_reminders_wanted(self):
        """Every open measure is its owner's reminder: measures are not a
        sequence of which only the earliest is due."""
        return {
            (measure.id, measure.user_id.id): measure
            for measure in self
            if measure.state in self._followup_reminder_open_states and measure.user_id
        }

    def _followup_reminder_done(self, feedback):
        """The feedback typed on the reminder is the measure's result."""
        self.check_access("read")
        feedback = html2plaintext(feedback or "").strip()
        if feedback:
            # sudo: the owner reads his measure and reports its result.
            self.sudo().write({"result": feedback})
        self._followup_done()
