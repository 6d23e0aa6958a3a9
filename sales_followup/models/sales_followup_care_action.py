from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..const import CARE_OPEN_STATES, CHANNELS, EFFECTS, EXECUTOR_ROLES, REMINDER_OWNER
from ..tools.masking import MASK_NAMES

# "planned" is the key of "Not Started": integrators and existing data rely on it.
STATES = [
    ("planned", "Not Started"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class SalesFollowupCareAction(models.Model):
    _name = "sales_followup.care.action"
    # The reminder mixin before mail.thread: an action's reminder is created
    # once mail.thread has made its author follow it.
    _inherit = [
        "sales_followup.privacy.mixin",
        "sales_followup.reminder.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sales_followup.guard.mixin",
    ]
    _description = "Customer Care Action"
    _order = "date_planned, id"
    _check_company_auto = True
    _followup_guarded_links = ("plan_id", "partner_id", "interaction_id")
    _followup_fixed_links = ("plan_id",)
    _followup_user_fields = ("user_id",)
    _followup_bookkeeping_fields = (
        "state",
        "date_done",
        "interaction_id",
        "cancel_reason",
        "cancel_automatic",
        "template_line_id",
        "occurrence",
        "date_occurrence",
    )
    _followup_text_fields = ("name", "description", "customer_feedback", "remarks", "cancel_reason")
    # "Due soon" is read as for plan steps: each executor is reminded of his
    # next open action of each care plan, whatever its date, so that time
    # alone never changes which reminder exists and no job has to create it.
    _followup_reminder_links = ("followup_care_action_id",)
    _followup_reminder_group = "plan_id"
    _followup_reminder_date = "date_planned"
    _followup_reminder_activity_type = "sales_followup.mail_activity_type_care_action"
    _followup_reminder_note = "description"
    _followup_reminder_open_states = CARE_OPEN_STATES

    # Translated: generated in every language from the template's action
    # (tools/translations.py), each reader gets his own.
    name = fields.Char(string="Action", required=True, translate=True)
    description = fields.Text(string="How", translate=True)
    plan_id = fields.Many2one(
        "sales_followup.care.plan",
        string="Care Plan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="plan_id.partner_id",
        string="Customer",
        store=True,
        index=True,
        context={MASK_NAMES: True},
    )
    customer_code = fields.Char(related="partner_id.followup_customer_code")
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    segment = fields.Selection(related="plan_id.segment", store=True)
    template_line_id = fields.Many2one(
        "sales_followup.care.template.line",
        string="Template Action",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    occurrence = fields.Integer(
        readonly=True,
        copy=False,
        help="Which occurrence of the template action this is (its index, or the "
        "year for birthdays and anniversaries): generating the plan again never "
        "duplicates it.",
    )
    date_occurrence = fields.Date(
        string="Date in Plan",
        readonly=True,
        copy=False,
        help="Date the template gives; the planned date may be moved by hand.",
    )
    date_planned = fields.Date(
        string="Planned Date",
        required=True,
        index=True,
        default=fields.Date.context_today,
    )
    executor_role = fields.Selection(EXECUTOR_ROLES)
    user_id = fields.Many2one(
        "res.users",
        string="Executor",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        default=lambda self: self.env.user,
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="planned",
        index=True,
    )
    customer_feedback = fields.Text(
        help="What the customer said, in their own words: the starting point of the next touch.",
    )
    effect = fields.Selection(
        EFFECTS,
        help="How well the action worked.",
    )
    remarks = fields.Text(help="Internal notes: what to do next, who was informed.")
    interaction_id = fields.Many2one(
        "sales_followup.interaction",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The last customer touch logged on the action: the one that finished "
        "it once it is done.",
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    cancel_reason = fields.Char(string="Cancellation Reason", readonly=True, copy=False)
    cancel_automatic = fields.Boolean(
        readonly=True,
        copy=False,
        help="Cancelled by the plan itself (the customer asked for quiet, the "
        "occurrence left the plan): generating the plan again may plan it again.",
    )

    _sql_constraints = [
        (
            "occurrence_uniq",
            "unique(plan_id, template_line_id, occurrence)",
            "This occurrence of the care action is already planned.",
        ),
    ]

    @api.constrains("state", "plan_id")
    def _check_do_not_contact(self):
        for action in self.filtered(lambda action: action.state in CARE_OPEN_STATES):
            partner = action.partner_id
            if partner.followup_do_not_contact:
                raise ValidationError(
                    self.env._(
                        "%(customer)s asked not to be contacted (%(reason)s): no "
                        "care action can be planned.",
                        customer=partner.display_name,
                        reason=partner.followup_do_not_contact_reason
                        or self.env._("no reason given"),
                    )
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_open_done_wizard(self):
        """Collect the customer's feedback, then mark the action done or, the
        contact not finishing it, in progress."""
        self.ensure_one()
        self._followup_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Care Action"),
            "res_model": "sales_followup.care.action.done",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_action_id": self.id,
                "default_channel": self.channel,
                "default_customer_feedback": self.customer_feedback,
                "default_effect": self.effect,
                "default_remarks": self.remarks,
            },
        }

    def action_done(self):
        """Mark done with the feedback already written on the actions, logging
        one care interaction each in the customer's timeline."""
        self._followup_done()
        return True

    def action_start(self):
        """The executor is on it: the action is in progress until done."""
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().filtered(lambda action: action.state == "planned").write(
            {"state": "in_progress"}
        )
        return True

    def action_cancel(self):
        self.filtered(lambda action: action.state in CARE_OPEN_STATES)._followup_cancel(
            self.env._("Cancelled by %(user)s.", user=self.env.user.name)
        )
        return True

    def action_reset(self):
        """Plan cancelled actions again."""
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().filtered(lambda action: action.state == "cancelled").write(
            {"state": "planned", "cancel_reason": False, "cancel_automatic": False}
        )
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _followup_check_open(self):
        if any(action.state not in CARE_OPEN_STATES for action in self):
            raise UserError(
                self.env._("Only care actions not started or in progress can be logged.")
            )

    def _followup_done(self, date=None):
        """Log the care interaction of each action and close the actions."""
        return self._followup_log_contact("done", date)

    def _followup_log_progress(self, date=None):
        """Log a contact that did not finish the actions: they stay open, in progress."""
        return self._followup_log_contact("in_progress", date)

    def _followup_log_contact(self, state, date=None):
        self._followup_check_open()
        missing = self.filtered(lambda action: not (action.customer_feedback or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write what the customer said before logging %(action)s: "
                    "their feedback is the starting point of the next touch.",
                    action=missing[0].name,
                )
            )
        Interaction = self.env["sales_followup.interaction"]
        interactions = Interaction.create(
            [action._followup_interaction_values(date) for action in self]
        )
        values = {"state": state}
        if state == "done":
            values["date_done"] = fields.Datetime.now()
        self.check_access("write")
        for action, interaction in zip(self, interactions, strict=False):
            # sudo: the status is the follow-up's bookkeeping, refused to users.
            action.sudo().with_context(**{REMINDER_OWNER: True}).write(
                {**values, "interaction_id": interaction.id}
            )
        if state == "done":
            # The customer's feedback is in the care interaction just logged.
            self._followup_complete_reminders(feedback=False)
        return interactions

    def _followup_interaction_values(self, date=None):
        """A care interaction that says what was done and what the customer said."""
        self.ensure_one()
        values = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "date": date or fields.Datetime.now(),
            "channel": self.channel,
            "kind": "care",
            "summary": self.env._(
                "Care action: %(action)s — customer feedback: %(feedback)s",
                action=self.name,
                feedback=self.customer_feedback.strip(),
            ),
            "user_id": self.env.user.id,
        }
        values["customer_feedback"] = self.customer_feedback.strip()
        return values

    def _followup_reminder_done(self, feedback):
        """The feedback typed on the reminder is what the customer said."""
        feedback = html2plaintext(feedback or "").strip()
        if feedback:
            self.write({"customer_feedback": feedback})
        self._followup_done()

    def _followup_cancel(self, reason, automatic=False):
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().write(
            {
                "state": "cancelled",
                "cancel_reason": reason,
                "cancel_automatic": automatic,
            }
        )

    def _followup_reopen(self, day):
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().write(
            {
                "state": "planned",
                "cancel_reason": False,
                "cancel_automatic": False,
                "date_occurrence": day,
                "date_planned": day,
            }
        )

    def _followup_reschedule(self, day):
        """Follow a moved anchor; a date moved by hand moves by the same delay."""
        self.check_access("write")
        for action in self.sudo():
            delay = action.date_planned - action.date_occurrence
            # sudo: the plan's own dates, refused to users.
            action.write({"date_occurrence": day, "date_planned": day + delay})
