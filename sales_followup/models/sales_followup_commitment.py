from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..const import REMINDER_OWNER
from ..tools.masking import MASK_NAMES

STATES = [("open", "Open"), ("kept", "Kept"), ("cancelled", "Cancelled")]
# Context key: the interaction on which commitments are marked kept (the
# button of its list of the customer's open commitments).
KEPT_INTERACTION = "followup_kept_interaction_id"


class SalesFollowupCommitment(models.Model):
    """A promise made to a customer during an interaction (seed 002 承诺事项,
    seed 004 回复期): what, who keeps it, by when. Open, it is its keeper's
    activity; it is kept when a later interaction tells the customer (or the
    keeper marks his activity done); kept after its date, or still open past
    it, it is a broken promise, shown on the customer and in the report."""

    _name = "sales_followup.commitment"
    # The reminder mixin before mail.thread, as on improvement measures.
    _inherit = [
        "sales_followup.privacy.mixin",
        "sales_followup.reminder.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sales_followup.guard.mixin",
    ]
    _description = "Commitment to a Customer"
    _order = "date_deadline, id"
    _check_company_auto = True
    _followup_guarded_links = ("interaction_id",)
    _followup_fixed_links = ("interaction_id",)
    _followup_user_fields = ("user_id",)
    _followup_bookkeeping_fields = ("state", "date_kept", "kept_interaction_id")
    _followup_text_fields = ("name", "result")
    _followup_reminder_links = ("followup_commitment_id",)
    _followup_reminder_group = "interaction_id"
    _followup_reminder_date = "date_deadline"
    _followup_reminder_activity_type = "sales_followup.mail_activity_type_commitment"
    _followup_reminder_note = "result"
    _followup_reminder_open_states = ("open",)

    name = fields.Char(
        string="Promise",
        required=True,
        tracking=True,
        help="What was promised to the customer, e.g. send the heat-resistance test data.",
    )
    interaction_id = fields.Many2one(
        "sales_followup.interaction",
        string="Promised During",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The interaction in which the promise was made.",
    )
    partner_id = fields.Many2one(
        related="interaction_id.partner_id",
        string="Customer",
        store=True,
        index=True,
        precompute=True,
        context={MASK_NAMES: True},
    )
    order_id = fields.Many2one(
        related="interaction_id.order_id", store=True, index="btree_not_null", precompute=True
    )
    company_id = fields.Many2one(
        related="interaction_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Kept By",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Who keeps the promise: it is an activity of theirs until kept.",
    )
    date_deadline = fields.Date(
        string="Promised By", required=True, tracking=True, help="The date given to the customer."
    )
    state = fields.Selection(
        STATES, string="Status", required=True, default="open", index=True, tracking=True
    )
    date_kept = fields.Date(string="Kept On", readonly=True, copy=False)
    kept_interaction_id = fields.Many2one(
        "sales_followup.interaction",
        string="Kept During",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The later interaction in which the customer was given what was promised.",
    )
    result = fields.Text(help="How the promise was kept, what the customer received.")
    kept_late = fields.Boolean(
        compute="_compute_kept_late",
        store=True,
        help="Kept after the date promised.",
    )
    is_late = fields.Boolean(
        string="Broken",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Kept after the date promised, or still open past it.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("state", "date_deadline", "date_kept")
    def _compute_kept_late(self):
        for commitment in self:
            commitment.kept_late = bool(
                commitment.state == "kept"
                and commitment.date_kept
                and commitment.date_kept > commitment.date_deadline
            )

    @api.depends("state", "date_deadline", "kept_late")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for commitment in self:
            commitment.is_late = commitment.kept_late or (
                commitment.state == "open" and commitment.date_deadline < today
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search broken promises with = or != only."))
        domain = [
            "|",
            ("kept_late", "=", True),
            "&",
            ("state", "=", "open"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("date_deadline", "interaction_id")
    def _check_date_deadline(self):
        for commitment in self:
            # sudo: the date only, to compare; the keeper may not read the
            # contact the promise was made in.
            interaction = commitment.interaction_id.sudo()
            day = fields.Date.context_today(commitment, interaction.date)
            if commitment.date_deadline < day:
                raise ValidationError(
                    self.env._(
                        "The promise “%(promise)s” cannot be due (%(due)s) before the "
                        "interaction in which it was made (%(day)s).",
                        promise=commitment.name,
                        due=commitment.date_deadline,
                        day=day,
                    )
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_keep(self):
        """Kept, as told to the customer in the interaction given by the
        context (the list of open promises on a later interaction), else
        today."""
        interaction = self.env["sales_followup.interaction"].browse(
            self.env.context.get(KEPT_INTERACTION)
        )
        self._followup_keep(interaction)
        return True

    def action_cancel(self):
        self.check_access("write")
        todo = self.filtered(lambda commitment: commitment.state == "open")
        # sudo: the status is the follow-up's bookkeeping, refused to users;
        # the write removes the keeper's reminder.
        todo.sudo().write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().filtered(lambda commitment: commitment.state != "open").write(
            {"state": "open", "date_kept": False, "kept_interaction_id": False}
        )
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _followup_keep(self, interaction=None):
        """Mark the open promises kept, on ``interaction`` (a later contact
        with the same customer, which the user may write) or today; their
        keepers' reminders are marked done."""
        self.check_access("write")
        interaction = interaction or self.env["sales_followup.interaction"]
        todo = self.filtered(lambda commitment: commitment.state == "open")
        if not todo:
            return
        day = fields.Date.context_today(self)
        if interaction:
            interaction.check_access("write")
            for commitment in todo:
                if (
                    commitment.partner_id != interaction.partner_id
                    or commitment.company_id != interaction.company_id
                ):
                    raise ValidationError(
                        self.env._(
                            "The promise “%(promise)s” was made to %(customer)s: mark it "
                            "kept on an interaction with that customer.",
                            promise=commitment.name,
                            customer=commitment.partner_id.display_name,
                        )
                    )
                # sudo: the date only, to compare; the keeper may not read
                # the contact the promise was made in.
                if interaction.date < commitment.interaction_id.sudo().date:
                    raise ValidationError(
                        self.env._(
                            "The promise “%(promise)s” was made after this interaction: "
                            "mark it kept on a later one.",
                            promise=commitment.name,
                        )
                    )
            day = fields.Date.context_today(self, interaction.date)
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        todo.sudo().with_context(**{REMINDER_OWNER: True}).write(
            {"state": "kept", "date_kept": day, "kept_interaction_id": interaction.id or False}
        )
        todo._followup_complete_reminders(
            feedback=interaction._followup_text_display_name() if interaction else False
        )

    def _followup_reminder_values(self, readers=None):
        """The keeper's reminder says to whom the promise was made."""
        values = super()._followup_reminder_values(readers)
        in_reader_lang = self._followup_in_reader_lang()
        for vals, (commitment, reader) in zip(
            values, self._followup_with_readers(readers), strict=True
        ):
            vals["summary"] = in_reader_lang(commitment, reader).env._(
                "Promised to %(customer)s: %(promise)s",
                customer=commitment.partner_id._followup_text_name(),
                promise=commitment.name,
            )
        return values

    def _followup_reminders_wanted(self):
        """Every open promise is its keeper's reminder."""
        return {
            (commitment.id, commitment.user_id.id): commitment
            for commitment in self
            if commitment.state in self._followup_reminder_open_states and commitment.user_id
        }

    def _followup_reminder_done(self, feedback):
        """The keeper marked his reminder done: kept today, the feedback is
        how."""
        self.check_access("read")
        feedback = html2plaintext(feedback or "").strip()
        if feedback:
            # sudo: the keeper reports how he kept the promise he was given.
            self.sudo().write({"result": feedback})
        self.sudo()._followup_keep()
