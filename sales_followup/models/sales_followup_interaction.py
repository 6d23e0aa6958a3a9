import logging
import re
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_date, format_datetime, plaintext2html
from odoo.tools.misc import clean_context

from ..const import (
    CALL_CHANNELS,
    CALL_OUTCOMES,
    CHANNELS,
    LONG_CALL_MINUTES,
    NEXT_ACTION_WORKING_DAYS,
    OPEN_STATES,
    REMINDER_OWNER,
    UNREACHED_OUTCOMES,
)
from ..tools import text_checks
from ..tools.masking import MASK_NAMES
from ..tools.translations import create_translated, in_each_lang

_logger = logging.getLogger(__name__)

EXCEPTION_OPEN_STATES = ("open", "in_progress")
SCORE_FIELDS = (
    "satisfaction",
    "satisfaction_quality",
    "satisfaction_timeliness",
    "satisfaction_service",
    "score_responsiveness",
    "score_resolution",
    "score_professionalism",
    "score_proactiveness",
)
# Where people write: every one of them is checked for personal identifiers.
FREE_TEXT_FIELDS = (
    "channel_detail",
    "summary",
    "customer_feedback",
    "customer_request",
    "solution",
    "result",
    "next_action",
    "score_responsiveness_example",
    "score_resolution_example",
    "score_professionalism_example",
    "score_proactiveness_example",
    "exception_resolution",
    "do_not_contact_reason",
)
# What retention erases: the free text, in which people may be named, and the
# customer contacts who took part. Scores, mood, kind, channel, dates, the
# customer (company) and our own people stay, for the statistics.
ANONYMISED_FIELDS = (*FREE_TEXT_FIELDS, "participant_contact_ids", "next_action_date")
# Free texts that are required once given: anonymised to a marker, not emptied.
MARKED_WHEN_ANONYMISED = ("exception_resolution", "do_not_contact_reason")
# Interactions anonymised per call of the retention cron; the runner commits
# and calls again while some remain.
RETENTION_BATCH_SIZE = 500
NEXT_ACTION_FIELDS = {"next_action", "next_action_user_id", "next_action_date"}
# What logging an interaction reads of its company (see create()).
COMPANY_FIELDS = [
    "parent_path",
    "followup_late_hours",
    "followup_vague_phrases",
    "followup_summary_min_length",
    "followup_escalation_satisfaction",
    "resource_calendar_id",
]
# Retention finds the copies of an erased text by its longest run of
# characters that neither HTML escaping nor a LIKE pattern changes.
COPY_BREAK_RE = re.compile(r"\s{2,}|[\n\r\t<>&\"'%_\\]+")
COPY_FRAGMENT_MIN_LENGTH = 6
# Browser and server clocks differ a little; a touch "in the future" by less
# than this is not a mistake.
CLOCK_TOLERANCE = timedelta(minutes=10)


def copy_fragment(text):
    """The longest run of ``text`` that reads the same in the HTML it may have
    been copied into (no character that escaping changes, no line break) and
    in a LIKE pattern; None if too short to identify the text."""
    runs = COPY_BREAK_RE.split(text or "")
    longest = max(runs, key=len).strip() if runs else ""
    return longest if len(longest) >= COPY_FRAGMENT_MIN_LENGTH else None


def is_late(date, date_logged, company):
    """Whether a contact on ``date`` logged on ``date_logged`` was recorded
    later than ``company`` allows."""
    allowed = timedelta(hours=company.followup_late_hours)
    return bool(date and date_logged and date_logged - date > allowed)


class SalesFollowupInteraction(models.Model):
    _name = "sales_followup.interaction"
    _description = "Customer Interaction"
    # The privacy mixin first: its chatter overrides come before mail.thread's.
    _inherit = ["sales_followup.privacy.mixin", "mail.thread", "sales_followup.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _followup_guarded_links = (
        "partner_id",
        "order_id",
        "step_id",
        "escalation_step_id",
        "participant_contact_ids",
    )
    _followup_user_fields = (
        "user_id",
        "next_action_user_id",
        "participant_user_ids",
        "escalation_user_ids",
    )
    _followup_bookkeeping_fields = (
        "is_late",
        "is_escalated",
        "after_sales_notified",
        "escalation_step_id",
        "solution_step_id",
        "date_logged",
        "is_anonymised",
        "next_action_activity_id",
        "exception_date_resolved",
    )
    _followup_text_fields = FREE_TEXT_FIELDS

    # The customer, order and company follow each other with the caller's
    # rights (compute_sudo=False): an onchange must not read for him what he
    # may not read himself.
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        context={MASK_NAMES: True},
        help="The customer (company, or person without a company); its contacts "
        "who took part are listed as customer contacts.",
    )
    order_id = fields.Many2one(
        "sale.order",
        compute="_compute_order_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    step_id = fields.Many2one(
        "sales_followup.step",
        string="Plan Step",
        index="btree_not_null",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('order_id', '=?', order_id), ('state', 'in', ('planned', 'overdue'))]",
        help="The follow-up step this contact fulfils; logging it completes the step.",
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    date = fields.Datetime(
        string="When",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the customer was contacted, to the minute.",
    )
    date_logged = fields.Datetime(
        string="Logged On",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="When the interaction was recorded, by the server clock.",
    )
    is_late = fields.Boolean(
        string="Logged Late",
        compute="_compute_is_late",
        store=True,
        precompute=True,
        help="Recorded longer after the contact than the company allows (2 hours by default).",
    )
    # What lists, cards and the form show of is_late: a badge, where a
    # boolean would be a checkbox or a button on every row.
    logging_status = fields.Selection(
        [("late", "Logged Late")],
        string="Logging",
        compute="_compute_logging_status",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    channel_detail = fields.Char(
        tracking=True, help="The exact channel, e.g. WeCom voice call, on-site at the plant."
    )
    call_outcome = fields.Selection(
        CALL_OUTCOMES,
        tracking=True,
        index="btree_not_null",
        help="For a call: whether the customer was reached. A call that did not "
        "reach the customer is logged too, with a short note such as 客户不在; it "
        "does not complete the plan step, which counts it as an attempt.",
    )
    duration_minutes = fields.Integer(
        string="Duration (Minutes)",
        tracking=True,
        help="How long the contact lasted; required for a reached call. A "
        "prospecting call takes about 5 minutes (seed 004).",
    )
    duration_confirmed = fields.Boolean(
        string="Long Call Confirmed",
        help="Tick to confirm a call of more than 10 hours, which is otherwise "
        "taken for a typing slip.",
    )
    # The user's rights (compute_sudo=False): the talking points of a step he
    # may not read are not shown to him through the interaction.
    step_topic = fields.Text(
        related="step_id.topic",
        string="Talking Points",
        compute_sudo=False,
        help="What the plan step asks to cover (the tier's key topics).",
    )
    call_attempt = fields.Integer(
        string="Attempt",
        compute="_compute_call_attempt",
        help="For a call: its number among the calls to the same step (else "
        "order, else customer) since the last one that reached the customer.",
    )
    kind = fields.Selection(
        [
            ("followup", "Follow-up"),
            ("pre_delivery", "Pre-delivery"),
            ("survey", "Satisfaction Survey"),
            ("after_sales", "After-sales Feedback"),
            ("care", "Care"),
            ("exception", "Complaint / Exception"),
        ],
        required=True,
        default="followup",
        tracking=True,
    )
    participant_user_ids = fields.Many2many(
        "res.users",
        "sales_followup_interaction_participant_user_rel",
        "interaction_id",
        "user_id",
        string="Our Participants",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        default=lambda self: self.env.user,
    )
    participant_contact_ids = fields.Many2many(
        "res.partner",
        "sales_followup_interaction_participant_contact_rel",
        "interaction_id",
        "partner_id",
        string="Customer Contacts",
        domain="[('commercial_partner_id', '=', partner_id), "
        "('company_id', 'in', (company_id, False))]",
        context={MASK_NAMES: True},
    )
    summary = fields.Text(
        required=True,
        tracking=True,
        help="What was said: objective facts and the customer's own words.",
    )
    customer_feedback = fields.Text(
        tracking=True, help="How the customer reacted: opinions, new needs, questions."
    )
    mood = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("worried", "Worried"),
            ("anxious", "Anxious"),
            ("dissatisfied", "Dissatisfied"),
        ],
        string="Customer Mood",
        tracking=True,
    )
    customer_request = fields.Text(tracking=True)
    solution = fields.Text(string="Our Solution", tracking=True)
    result = fields.Text(tracking=True)
    next_action = fields.Char(
        tracking=True,
        help="What happens next, e.g. ask production whether delivery can move to "
        "17 March. Becomes an activity for the person responsible.",
    )
    next_action_user_id = fields.Many2one(
        "res.users",
        string="Next Action By",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        compute="_compute_next_action_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    next_action_date = fields.Date(
        string="Next Action Due",
        compute="_compute_next_action_date",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="By when the next action is due; two working days after the contact unless given.",
    )
    # Indexed: deleting any activity looks up the interactions that point to it.
    next_action_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, index="btree_not_null"
    )
    commitment_ids = fields.One2many(
        "sales_followup.commitment",
        "interaction_id",
        string="Commitments",
        help="What was promised to the customer in this contact: who keeps it "
        "and by when. Each becomes an activity of its keeper.",
    )
    open_commitment_ids = fields.Many2many(
        "sales_followup.commitment",
        string="Open Promises",
        compute="_compute_open_commitment_ids",
        help="The customer's promises made in earlier contacts and not kept "
        "yet: mark those this contact keeps.",
    )
    satisfaction = fields.Integer(
        tracking=True,
        aggregator="avg",
        help="1 = very dissatisfied, 5 = very satisfied; 0 when not asked. Required "
        "on satisfaction surveys.",
    )
    # The three aspects of a satisfaction survey (seed 000 step 4).
    satisfaction_quality = fields.Integer(
        string="Product / Service Quality",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not asked): did the product or service meet expectations, "
        "without defects?",
    )
    satisfaction_timeliness = fields.Integer(
        string="Delivery Timeliness",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not asked): was it delivered at the agreed time?",
    )
    satisfaction_service = fields.Integer(
        string="Service Experience",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not asked): how quickly the salesperson answered and solved problems.",
    )
    score_responsiveness = fields.Integer(
        string="Responsiveness",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not scored): did we answer in time, e.g. within 24 hours?",
    )
    score_responsiveness_example = fields.Char(string="Responsiveness Example")
    score_resolution = fields.Integer(
        string="Resolution Efficiency",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not scored): was the problem closed within the promised time?",
    )
    score_resolution_example = fields.Char(string="Resolution Efficiency Example")
    score_professionalism = fields.Integer(
        string="Professionalism",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not scored): did we explain the product's value clearly?",
    )
    score_professionalism_example = fields.Char(string="Professionalism Example")
    score_proactiveness = fields.Integer(
        string="Proactiveness",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not scored): did we bring something unasked, e.g. an industry analysis?",
    )
    score_proactiveness_example = fields.Char(string="Proactiveness Example")
    exception_reason = fields.Selection(
        [
            ("delivery_delay", "Delivery Delay"),
            ("quality_mismatch", "Quality Mismatch"),
            ("requirement_change", "Requirement Change"),
            ("other", "Other"),
        ],
        string="Exception",
        tracking=True,
        help="What went wrong, if anything. A quality mismatch notifies after-sales.",
    )
    exception_severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        string="Severity",
        tracking=True,
    )
    exception_state = fields.Selection(
        [("open", "Open"), ("in_progress", "In Progress"), ("resolved", "Resolved")],
        string="Exception Status",
        compute="_compute_exception_state",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
    )
    exception_resolution = fields.Text(
        string="Handling Result",
        tracking=True,
        help="How the exception was handled and what the customer said about it.",
    )
    exception_date_resolved = fields.Datetime(
        string="Resolved On",
        compute="_compute_exception_date_resolved",
        store=True,
        precompute=True,
        copy=False,
    )
    is_escalated = fields.Boolean(
        string="Escalated",
        readonly=True,
        copy=False,
        help="The low satisfaction went to the sales manager.",
    )
    escalation_step_id = fields.Many2one(
        "sales_followup.step",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The follow-up that confirms the resolution with the customer.",
    )
    solution_step_id = fields.Many2one(
        "sales_followup.step",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The step by which the working group proposes a solution.",
    )
    escalation_user_ids = fields.Many2many(
        "res.users",
        "sales_followup_interaction_escalation_user_rel",
        "interaction_id",
        "user_id",
        string="Working Group",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="After-sales and product people who help the salesperson find a solution "
        "to a low satisfaction: they are notified, follow the order and are reminded "
        "of the solution step.",
    )
    escalation_satisfaction = fields.Integer(related="company_id.followup_escalation_satisfaction")
    after_sales_notified = fields.Boolean(readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Logged By",
        required=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    do_not_contact = fields.Boolean(
        string="Asked Not to Be Contacted",
        tracking=True,
        help="The customer asked us to stop contacting them: saving flags the "
        "customer Do Not Contact, which cancels the open follow-ups and care "
        "actions and stops the e-mails.",
    )
    do_not_contact_reason = fields.Char(
        string="Reason Given",
        tracking=True,
        help="In the customer's words, e.g. enough suppliers for now, call back next year.",
    )
    do_not_contact_until = fields.Date(
        tracking=True,
        help="Last day of quiet, when the customer asked for a pause only: contact "
        "resumes by itself the day after. Empty: until the flag is removed by hand.",
    )
    is_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Older than the company's retention period: what was said and who "
        "took part were erased; the scores remain for the statistics.",
    )

    def init(self):
        # A customer's timeline, newest first, read a page at a time.
        create_index(
            self.env.cr,
            "sales_followup_interaction_partner_date_index",
            self._table,
            ["partner_id", "date DESC", "id DESC"],
        )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("partner_id", "kind", "date")
    @api.depends_context("uid")
    def _compute_display_name(self):
        for interaction in self:
            interaction.display_name = interaction._followup_label(
                interaction.partner_id.with_context(**{MASK_NAMES: True}).display_name
            )

    def _followup_label(self, customer):
        """The label "customer · kind · date", with the customer's name as given."""
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return " · ".join(
            part
            for part in (
                customer,
                kinds.get(self.kind),
                self.date and format_datetime(self.env, self.date, dt_format="short"),
            )
            if part
        )

    def _followup_text_display_name(self):
        """The label written into activities and notes that others read: the
        customer masked whoever writes (see res.partner._followup_text_name)."""
        return self._followup_label(self.partner_id._followup_text_name())

    @api.depends("step_id")
    def _compute_order_id(self):
        for interaction in self:
            interaction.order_id = interaction.step_id.order_id or interaction.order_id

    @api.depends("order_id")
    def _compute_partner_id(self):
        for interaction in self:
            interaction.partner_id = (
                interaction.order_id.partner_id.commercial_partner_id or interaction.partner_id
            )

    @api.depends("order_id")
    def _compute_company_id(self):
        for interaction in self:
            interaction.company_id = (
                interaction.order_id.company_id or interaction.company_id or self.env.company
            )

    @api.depends("date", "date_logged", "company_id")
    def _compute_is_late(self):
        for interaction in self:
            interaction.is_late = is_late(
                interaction.date, interaction.date_logged, interaction.company_id
            )

    @api.depends("is_late")
    def _compute_logging_status(self):
        for interaction in self:
            interaction.logging_status = "late" if interaction.is_late else False

    @api.depends("next_action")
    def _compute_next_action_user_id(self):
        for interaction in self:
            if not interaction.next_action:
                interaction.next_action_user_id = False
            else:
                interaction.next_action_user_id = (
                    interaction.next_action_user_id or interaction.user_id or self.env.user
                )

    @api.depends("next_action")
    def _compute_next_action_date(self):
        for interaction in self:
            if not interaction.next_action:
                interaction.next_action_date = False
            elif not interaction.next_action_date:
                interaction.next_action_date = interaction._followup_next_action_due(
                    interaction.date, interaction.company_id
                )

    @api.model
    def _followup_next_action_due(self, moment, company):
        """When a next action given without a date is due: a few working days
        of ``company``'s calendar after the contact at ``moment``."""
        day = fields.Date.context_today(self, moment or fields.Datetime.now())
        workdays = company.resource_calendar_id._followup_working_days(
            day, day + timedelta(days=31)
        )
        return workdays.add(day, NEXT_ACTION_WORKING_DAYS)

    @api.depends("exception_reason")
    def _compute_exception_state(self):
        for interaction in self:
            if not interaction.exception_reason:
                interaction.exception_state = False
            else:
                interaction.exception_state = interaction.exception_state or "open"

    @api.depends("exception_state")
    def _compute_exception_date_resolved(self):
        for interaction in self:
            if interaction.exception_state != "resolved":
                interaction.exception_date_resolved = False
            elif not interaction.exception_date_resolved:
                interaction.exception_date_resolved = fields.Datetime.now()

    def _followup_call_scope(self):
        """What a call's attempts are counted on: its step, else its order,
        else its customer."""
        self.ensure_one()
        if self.step_id:
            return ("step", self.step_id.id)
        if self.order_id:
            return ("order", self.order_id.id)
        return ("partner", self.partner_id.id)

    @api.depends("call_outcome", "date", "step_id", "order_id", "partner_id")
    def _compute_call_attempt(self):
        """Calls numbered in their scope since the last reached one (seed
        004: "I found him on the fourth call"); read with the user's rights,
        all the scopes of ``self`` in one query."""
        calls = self.filtered(lambda i: i.call_outcome and isinstance(i.id, int))
        (self - calls).call_attempt = 0
        if not calls:
            return
        domain = expression.OR(
            [
                [("step_id", "in", calls.step_id.ids)],
                [("step_id", "=", False), ("order_id", "in", calls.order_id.ids)],
                [
                    ("step_id", "=", False),
                    ("order_id", "=", False),
                    ("partner_id", "in", calls.partner_id.ids),
                ],
            ]
        )
        scoped = self.search_fetch(
            expression.AND([[("call_outcome", "!=", False)], domain]),
            ["call_outcome", "date", "step_id", "order_id", "partner_id"],
            order="date, id",
        )
        numbers, streaks = {}, defaultdict(int)
        for call in scoped:
            scope = call._followup_call_scope()
            streaks[scope] += 1
            numbers[call.id] = streaks[scope]
            if call.call_outcome == "reached":
                streaks[scope] = 0
        for call in calls:
            call.call_attempt = numbers.get(call.id, 0)

    @api.depends("partner_id", "date")
    def _compute_open_commitment_ids(self):
        """With the user's rights, one query for all the customers."""
        interactions = self.filtered(lambda i: i.partner_id and i.date)
        (self - interactions).open_commitment_ids = False
        if not interactions:
            return
        commitments = self.env["sales_followup.commitment"].search_fetch(
            [("partner_id", "in", interactions.partner_id.ids), ("state", "=", "open")],
            ["partner_id", "interaction_id", "date_deadline"],
        )
        # sudo: the date of the contact each promise was made in, to leave out
        # later ones; the keeper may not read that contact.
        made_on = {c.id: c.interaction_id.sudo().date for c in commitments}
        for interaction in interactions:
            interaction.open_commitment_ids = commitments.filtered(
                lambda c, i=interaction: c.partner_id == i.partner_id
                and c.interaction_id != i._origin
                and made_on[c.id] <= i.date
            )

    def _read_group_select(self, aggregate_spec, query):
        """Averages of scores leave out the interactions that were not scored
        (0), in the pivot and graph views as in reports."""
        fname, __, func = aggregate_spec.partition(":")
        if func == "avg" and fname in SCORE_FIELDS:
            return SQL("AVG(NULLIF(%s, 0))", self._field_to_sql(self._table, fname, query))
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("summary", "company_id", "call_outcome")
    def _check_summary_substance(self):
        # A call that did not reach the customer has little to tell: a short
        # note ("客户不在") is what the seed asks for.
        for interaction in self.filtered(
            lambda i: not i.is_anonymised and i.call_outcome not in UNREACHED_OUTCOMES
        ):
            company = interaction.company_id
            vague = text_checks.check_summary(
                interaction.summary,
                company.followup_vague_phrases,
                company.followup_summary_min_length,
            )
            if vague:
                raise ValidationError(interaction._followup_vague_message(vague))

    def _followup_vague_message(self, vague):
        advice = self.env._(
            "Write what was said: the facts and the customer's own words, e.g. "
            "“Customer confirmed delivery to building 3 of the park on 17 March; "
            "the receiver is the warehouse manager.”"
        )
        if vague.phrase:
            return self.env._(
                "The summary is too vague: “%(phrase)s” says that the customer was "
                "contacted, not what was said.\n%(advice)s",
                phrase=vague.phrase,
                advice=advice,
            )
        return self.env._(
            "The summary is too short to tell what happened (%(found)s letters or "
            "digits of substance, at least %(minimum)s needed; a Chinese character "
            "counts as two).\n%(advice)s",
            found=vague.substance,
            minimum=vague.minimum,
            advice=advice,
        )

    @api.constrains("kind", *SCORE_FIELDS)
    def _check_scores(self):
        for interaction in self:
            for fname in SCORE_FIELDS:
                if not 0 <= interaction[fname] <= 5:
                    raise ValidationError(
                        self.env._(
                            "%(field)s is scored from 1 to 5 (0 when not scored), not %(value)s.",
                            field=self._fields[fname]._description_string(self.env),
                            value=interaction[fname],
                        )
                    )
            if interaction.kind == "survey" and not interaction.satisfaction:
                raise ValidationError(
                    self.env._(
                        "A satisfaction survey needs the customer's satisfaction, "
                        "from 1 (very dissatisfied) to 5 (very satisfied)."
                    )
                )

    @api.constrains("channel", "call_outcome", "duration_minutes", "duration_confirmed")
    def _check_call(self):
        for interaction in self:
            minutes = interaction.duration_minutes
            if minutes < 0:
                raise ValidationError(
                    self.env._(
                        "The duration is a number of minutes, 0 or more, not %(minutes)s.",
                        minutes=minutes,
                    )
                )
            if minutes > LONG_CALL_MINUTES and not interaction.duration_confirmed:
                raise ValidationError(
                    self.env._(
                        "%(minutes)s minutes is more than %(hours)s hours: correct the "
                        "duration, or tick Long Call Confirmed if the contact really "
                        "lasted that long.",
                        minutes=minutes,
                        hours=LONG_CALL_MINUTES // 60,
                    )
                )
            outcome = interaction.call_outcome
            if outcome and interaction.channel not in CALL_CHANNELS:
                channels = dict(self._fields["channel"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "A call outcome is for calls (phone, WeChat / IM or video), "
                        "not for a contact by %(channel)s.",
                        channel=channels.get(interaction.channel),
                    )
                )
            if outcome == "reached" and not minutes:
                raise ValidationError(
                    self.env._(
                        "Write how many minutes the call with the customer lasted "
                        "(a reached call needs its duration)."
                    )
                )

    @api.constrains("next_action", "next_action_date", "date")
    def _check_next_action(self):
        for interaction in self:
            if interaction.next_action and not interaction.next_action_date:
                raise ValidationError(
                    self.env._(
                        "Say by when the next action “%(action)s” is due.",
                        action=interaction.next_action,
                    )
                )
            if interaction.next_action_date and not interaction.next_action:
                raise ValidationError(
                    self.env._(
                        "Say what the next action due on %(date)s is.",
                        date=interaction.next_action_date,
                    )
                )
            if not interaction.next_action_date:
                continue
            # The day in the user's time zone: only when there is a date to
            # compare, since it reads the user's partner.
            day = fields.Date.context_today(interaction, interaction.date)
            if interaction.next_action_date < day:
                raise ValidationError(
                    self.env._(
                        "The next action cannot be due (%(due)s) before the "
                        "interaction itself (%(day)s).",
                        due=interaction.next_action_date,
                        day=day,
                    )
                )

    @api.constrains("do_not_contact", "do_not_contact_reason")
    def _check_do_not_contact(self):
        for interaction in self:
            if interaction.do_not_contact and not (interaction.do_not_contact_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write why the customer asked not to be contacted, in their words: "
                        "the reason stays on the customer."
                    )
                )

    @api.constrains("do_not_contact_until")
    def _check_do_not_contact_until(self):
        # Checked when the end is written only: a pause over is history.
        for interaction in self:
            interaction.partner_id.commercial_partner_id._followup_check_do_not_contact_until(
                interaction.do_not_contact_until
            )

    @api.constrains("kind", "exception_reason", "exception_state", "exception_resolution")
    def _check_exception(self):
        for interaction in self:
            if interaction.kind == "exception" and not interaction.exception_reason:
                raise ValidationError(
                    self.env._(
                        "Say what the complaint or exception is about: delivery "
                        "delay, quality mismatch, requirement change or other."
                    )
                )
            if (
                interaction.exception_state == "resolved"
                and not (interaction.exception_resolution or "").strip()
            ):
                raise ValidationError(
                    self.env._("Write the handling result before marking the exception resolved.")
                )

    @api.constrains("partner_id", "order_id", "step_id", "company_id")
    def _check_links(self):
        for interaction in self:
            partner = interaction.partner_id
            if partner.company_id and partner.company_id != interaction.company_id:
                raise ValidationError(
                    self.env._(
                        "%(customer)s is a customer of %(company)s only: log the "
                        "interaction in that company.",
                        customer=partner.display_name,
                        company=partner.company_id.sudo().name,
                    )
                )
            if partner != partner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Log the interaction on the customer %(customer)s and add "
                        "%(contact)s as a customer contact.",
                        customer=partner.commercial_partner_id.display_name,
                        contact=partner.name,
                    )
                )
            order = interaction.order_id
            if order and order.partner_id.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is for %(owner)s, not for %(customer)s.",
                        order=order.name,
                        owner=order.partner_id.commercial_partner_id.display_name,
                        customer=partner.display_name,
                    )
                )
            step = interaction.step_id
            if step and step.order_id != order:
                raise ValidationError(
                    self.env._(
                        "The plan step %(step)s belongs to order %(order)s.",
                        step=step.display_name,
                        order=step.order_id.name,
                    )
                )

    @api.constrains("partner_id", "company_id", "participant_contact_ids")
    def _check_participants(self):
        for interaction in self:
            strangers = interaction.participant_contact_ids.filtered(
                lambda contact, i=interaction: contact.commercial_partner_id != i.partner_id
                or (contact.company_id and contact.company_id != i.company_id)
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of %(customer)s: add only the "
                        "customer's own contacts as participants.",
                        contact=strangers[0].with_context(**{MASK_NAMES: True}).display_name,
                        customer=interaction.partner_id.display_name,
                    )
                )

    def _followup_check_targets(self, fnames, rules=True):
        result = super()._followup_check_targets(fnames, rules=rules)
        if "step_id" in fnames:
            self._followup_check_steps_open()
        return result

    def _followup_check_steps_open(self):
        """A contact completes an open step only. The steps are locked until
        the transaction ends: of two contacts logged on one step at once, the
        second waits for the first, is retried by Odoo and is told here that
        the step was done meanwhile."""
        steps = self.step_id
        if not steps:
            return
        steps.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id, state FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                SQL.identifier(steps._table),
                tuple(steps.ids),
            )
        )
        closed = {step_id for step_id, state in self.env.cr.fetchall() if state not in OPEN_STATES}
        for interaction in self:
            # sudo: who completed the step and when, for the message only.
            step = interaction.step_id.sudo()
            if step.id not in closed or step.interaction_id == interaction:
                continue
            if step.state == "cancelled":
                raise ValidationError(
                    self.env._(
                        "The plan step %(step)s is cancelled: log this contact without "
                        "the step, or reopen the step first.",
                        step=step.display_name,
                    )
                )
            raise ValidationError(
                self.env._(
                    "The plan step %(step)s was completed by %(user)s on %(date)s: log "
                    "this contact without the step, or plan a new step for it.",
                    step=step.display_name,
                    user=(step.interaction_id.user_id or step.write_uid).name,
                    date=format_datetime(self.env, step.date_done),
                )
            )

    @api.constrains("date", "date_logged")
    def _check_date(self):
        for interaction in self:
            logged = interaction.date_logged or fields.Datetime.now()
            if interaction.date > logged + CLOCK_TOLERANCE:
                raise ValidationError(
                    self.env._(
                        "The interaction cannot take place in the future (%(date)s): "
                        "log contacts once they happened, and plan the next one as a "
                        "next action.",
                        date=format_datetime(self.env, interaction.date),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # The logging time is the server's (the field's default): only data
        # loading and migrations (superuser) may bring their own.
        # Read only what the new interactions need of their orders and
        # customers, rather than their every column (field by field access
        # checks included): it is most of the cost of logging one interaction.
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        orders.fetch(["partner_id", "company_id"])
        # Of the companies (the user's, for the customers' record rule, and
        # the orders'), the few fields read here rather than their 160 columns.
        (self.env.companies | orders.company_id).fetch(COMPANY_FIELDS)
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        (orders.partner_id | partners).fetch(["commercial_partner_id", "company_id"])
        # The interaction is itself the log entry: no "created" line in its
        # chatter, and its author does not follow it (its owner, when given,
        # does). A message and a follower per customer touch would make
        # logging twice as costly and mail_message and mail_followers as large
        # as this table, for nothing a rep reads. Creation posts no tracking
        # either (only changes do): mail_notrack spares its bookkeeping.
        quiet = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )
        if len(orders.company_id) == 1 and all(vals.get("order_id") for vals in vals_list):
            # Logged in the company of its order, whose defaults and company
            # checks apply, as Odoo creates what belongs to a document. An
            # external RPC call, which has no companies in its context, is
            # then spared reading the user's row for his main company.
            quiet = quiet.with_company(orders.company_id)
        interactions = super(SalesFollowupInteraction, quiet).create(vals_list).with_env(self.env)
        # Replace, not merge: the quick log's default_* keys must not reach the
        # steps, activities and messages created in consequence.
        interactions.with_context(clean_context(self.env.context))._followup_process()  # pylint: disable=context-overridden
        return interactions

    def _add_precomputed_values(self, vals_list):
        # Without a plan step, what the fields computed at creation get
        # follows from the values alone, as set here exactly as the computes
        # would (test_precomputed_values_match_computes). Given, they spare
        # the ORM a new() record per interaction on the hot path of logging
        # one; other values go through the computes.
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("step_id") or not all(
                isinstance(vals.get(fname) or 0, int)
                for fname in ("order_id", "partner_id", "company_id", "user_id")
            ):
                continue
            # As the computes, with the caller's rights: create() has read the
            # order so already (an order he may not read raised AccessError).
            order = self.env["sale.order"].browse(vals.get("order_id"))
            vals.setdefault("order_id", order.id)
            vals.setdefault("partner_id", order.partner_id.commercial_partner_id.id)
            vals.setdefault("company_id", order.company_id.id or self.env.company.id)
            vals.setdefault(
                "is_late",
                is_late(
                    fields.Datetime.to_datetime(vals.get("date")),
                    fields.Datetime.to_datetime(vals.get("date_logged")),
                    self.env["res.company"].sudo().browse(vals["company_id"]),
                ),
            )
            vals.setdefault(
                "next_action_user_id",
                (vals.get("user_id") or self.env.uid) if vals.get("next_action") else False,
            )
            if not vals.get("next_action"):
                vals.setdefault("next_action_date", False)
            elif "next_action_date" not in vals:
                vals["next_action_date"] = self._followup_next_action_due(
                    fields.Datetime.to_datetime(vals.get("date")),
                    self.env["res.company"].sudo().browse(vals["company_id"]),
                )
            vals.setdefault("exception_state", "open" if vals.get("exception_reason") else False)
            vals.setdefault(
                "exception_date_resolved", now if vals["exception_state"] == "resolved" else False
            )
        return super()._add_precomputed_values(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & set(ANONYMISED_FIELDS) and any(self.mapped("is_anonymised")):
                raise UserError(
                    self.env._(
                        "This interaction was anonymised under the retention policy: what "
                        "was said and who took part cannot be written again."
                    )
                )
        # The working groups of escalations made before this write.
        groups = (
            {i: i.escalation_user_ids for i in self if i.is_escalated}
            if "escalation_user_ids" in vals
            else {}
        )
        res = super().write(vals)
        self.with_context(clean_context(self.env.context))._followup_process(set(vals))  # pylint: disable=context-overridden
        if groups:
            self._followup_sync_escalation_group(groups)
        return res

    def _message_track_post_template(self, changes):
        # Interactions define no tracking template: skip mail's lookup of the
        # user's language (a read of his partner) on every save.
        if not changes or not self._track_template(changes):
            return True
        return super()._message_track_post_template(changes)

    def _followup_process(self, fnames=None):
        """What logging or changing interactions sets off: plan steps completed,
        next actions scheduled, escalations and after-sales notices.

        ``fnames`` are the fields written; ``None`` on creation.
        """
        orders = self.env["sale.order"]
        if fnames is None or not fnames.isdisjoint(("step_id", "call_outcome")):
            orders |= self._followup_complete_steps()
        if fnames is None or NEXT_ACTION_FIELDS & fnames:
            self._followup_sync_next_action()
        if fnames is None or "satisfaction" in fnames:
            orders |= self._followup_escalate_low_satisfaction()
        if fnames is None or "exception_reason" in fnames:
            self._followup_notify_after_sales()
        if fnames is None or "exception_severity" in fnames:
            self._followup_route_severity()
        if fnames is None or "do_not_contact" in fnames:
            self._followup_apply_do_not_contact()
        orders._followup_sync_activities()

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_exception_start(self):
        self.filtered(lambda i: i.exception_state == "open").write(
            {"exception_state": "in_progress"}
        )
        return True

    def action_exception_resolve(self):
        todo = self.filtered(lambda i: i.exception_state in EXCEPTION_OPEN_STATES)
        if any(not (i.exception_resolution or "").strip() for i in todo):
            raise UserError(
                self.env._("Write the handling result before marking the exception resolved.")
            )
        todo.write({"exception_state": "resolved"})
        return True

    def action_exception_reopen(self):
        self.filtered(lambda i: i.exception_state == "resolved").write({"exception_state": "open"})
        return True

    def action_followup_raise_complaint(self):
        """Register a complaint from this interaction (an exception, a low
        score), carrying what is known: customer, order, words, severity."""
        self.ensure_one()
        self.check_access("read")
        category = "product_quality" if self.exception_reason == "quality_mismatch" else False
        return self.env["sales_followup.complaint"]._followup_new_action(
            {
                "partner_id": self.partner_id.id,
                "order_id": self.order_id.id,
                "company_id": self.company_id.id,
                "interaction_id": self.id,
                "channel": self.channel
                if self.channel in ("phone", "visit", "email", "im")
                else False,
                "date_received": fields.Datetime.to_string(self.date),
                "description": self.customer_feedback or self.summary,
                "severity": self.exception_severity,
                "category": category,
                "contact_id": self.participant_contact_ids[:1].id,
            }
        )

    def action_followup_quick_log_done(self):
        """The quick log's Log button, once the interaction is saved: the
        dialog closes on a notice of what comes next, so that the rep sees the
        log went through and what the plan expects now."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self._followup_logged_message(),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _followup_logged_message(self):
        """What is left to do once this interaction is logged: the next open
        step of its order (else of its customer) the user may read, his or her
        own first, else its next action."""
        self.ensure_one()
        if self.step_id.state in OPEN_STATES:
            # A call that did not reach the customer: the step waits.
            return self.env._(
                "Logged as attempt %(attempt)s: %(step)s stays open, due on %(date)s.",
                attempt=self.call_attempt,
                step=self.step_id.display_name,
                date=format_date(self.env, self.step_id.date_due),
            )
        if self.order_id:
            domain = [("order_id", "=", self.order_id.id)]
        else:
            domain = [("partner_id", "=", self.partner_id.id)]
        steps = self.env["sales_followup.step"].search(
            [*domain, ("state", "in", OPEN_STATES)], order="date_due, id"
        )
        user = self.env.user
        step = steps.filtered(lambda s: user in s.user_id | s.co_owner_id)[:1] or steps[:1]
        if step:
            return self.env._(
                "Logged — next step: %(step)s on %(date)s.",
                step=step.display_name,
                date=format_date(self.env, step.date_due),
            )
        if self.next_action:
            return self.env._(
                "Logged — no follow-up step is open; next action: %(action)s on %(date)s.",
                action=self.next_action,
                date=format_date(self.env, self.next_action_date),
            )
        if self.order_id:
            return self.env._("Logged — no follow-up step is open for this order.")
        return self.env._("Logged — no follow-up step is open for this customer.")

    @api.model
    def _followup_quick_log_action(self, defaults):
        """The quick-log dialog, filled with ``defaults`` (field: value)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action_quick_log"
        )
        action["context"] = {
            f"default_{fname}": value for fname, value in defaults.items() if value
        }
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _followup_document(self):
        """Where reminders about this interaction go: its order, else the customer."""
        self.ensure_one()
        return self.order_id or self.partner_id

    def _followup_manager(self):
        """Who handles escalations: the order's sales team leader, else the
        company's follow-up manager, else the salesperson."""
        self.ensure_one()
        return (
            self.order_id.team_id.user_id
            or self.company_id.followup_manager_id
            or self.order_id.user_id
            or self.user_id
        )

    def _followup_deadline(self, user, hours):
        """The day, in ``user``'s time zone, ``hours`` from now."""
        moment = fields.Datetime.now() + timedelta(hours=hours)
        tz = user.tz or self.env.context.get("tz") or self.env.user.tz
        return fields.Date.context_today(self.with_context(tz=tz), moment)

    def _followup_activity_values(self, document, activity_type, user, deadline, summary):
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(document._name),
            "res_model": document._name,
            "res_id": document.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": deadline,
            "summary": summary,
            "note": plaintext2html(
                self.env._(
                    "%(interaction)s\n%(summary)s",
                    interaction=self._followup_text_display_name(),
                    summary=self.summary,
                )
            ),
        }

    def _followup_complete_steps(self):
        """Logging against a plan step completes it and closes its reminder
        with the summary, unless it is a call that did not reach the
        customer (an attempt, counted on the step); returns the orders whose
        reminders must move on."""
        pending = self.filtered(
            lambda i: i.step_id.state in OPEN_STATES and i.call_outcome not in UNREACHED_OUTCOMES
        )
        for interaction in pending:
            step = interaction.step_id.sudo()
            if step.state in OPEN_STATES:  # two interactions, one step: first wins
                step._followup_mark_done(interaction)
        return pending.step_id.order_id

    def _followup_sync_next_action(self):
        """Each next action is an activity for the person responsible, on the
        order (or the customer), due when the action is."""
        todo = self.filtered(lambda i: i.next_action or i.next_action_activity_id)
        if not todo:
            return
        Activity = self.env["mail.activity"].sudo()
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        obsolete = Activity
        to_create = []
        for interaction in todo:
            activity = interaction.next_action_activity_id.sudo()
            is_open = activity.exists() and activity.active
            if not interaction.next_action:
                if is_open:
                    obsolete |= activity
                continue
            if is_open:
                values = {
                    "summary": interaction.next_action,
                    "date_deadline": interaction.next_action_date,
                    "user_id": interaction.next_action_user_id.id,
                }
                if (activity.summary, activity.date_deadline, activity.user_id.id) != tuple(
                    values.values()
                ):
                    activity.write(values)
                continue
            to_create.append(
                (
                    interaction,
                    interaction._followup_activity_values(
                        interaction._followup_document(),
                        todo_type,
                        interaction.next_action_user_id,
                        interaction.next_action_date,
                        interaction.next_action,
                    ),
                )
            )
        obsolete.unlink()
        activities = Activity.create([values for __, values in to_create])
        for (interaction, __), activity in zip(to_create, activities, strict=True):
            # sudo: bookkeeping of the follow-up, refused to the user himself.
            interaction.sudo().next_action_activity_id = activity

    def _followup_escalate_low_satisfaction(self):
        """A satisfaction at or below the company's threshold (seed 000 step
        4: 1 or 2 out of 5): the order's salesperson leads a working group
        (``escalation_user_ids``) that proposes a solution within 24 hours,
        then confirms the result with the customer within 3 working days,
        two steps of the plan; the sales manager is informed. Without an
        order, the two deadlines are activities on the customer. Returns the
        orders that got steps."""
        todo = self.filtered(
            lambda i: not i.is_escalated
            and i.satisfaction
            and i.satisfaction <= i.company_id.followup_escalation_satisfaction
        )
        if not todo:
            return self.env["sale.order"]
        now = fields.Datetime.now()
        escalation_type = self.env.ref("sales_followup.mail_activity_type_escalation")
        Step = self.env["sales_followup.step"].sudo()
        activities = []
        for interaction in todo:
            company = interaction.company_id
            order = interaction.order_id
            today = company._followup_today()
            workdays = company.resource_calendar_id._followup_working_days(
                today, today + timedelta(days=3 * company.followup_escalation_days + 14)
            )
            # Within the hours given, on a working day of the company.
            solution_day = fields.Date.context_today(
                self.with_context(tz=company.resource_calendar_id.tz or "UTC"),
                now + timedelta(hours=company.followup_escalation_hours),
            )
            if not workdays.is_working(solution_day):
                solution_day = workdays.add(solution_day, 1)
            customer = interaction.partner_id._followup_text_name()
            # In every language: whoever reads the steps, in his own.
            deadlines = {
                "solution": (
                    solution_day,
                    in_each_lang(
                        self.env,
                        lambda env, interaction=interaction, customer=customer: env._(
                            "Propose a solution with the working group: %(customer)s rated "
                            "us %(score)s/5: %(summary)s",
                            customer=customer,
                            score=interaction.satisfaction,
                            summary=interaction.summary,
                        ),
                    ),
                ),
                "escalation": (
                    workdays.add(today, company.followup_escalation_days),
                    in_each_lang(
                        self.env,
                        lambda env, interaction=interaction: env._(
                            "Confirm with the customer how the complaint was handled "
                            "(satisfaction %(score)s/5): %(summary)s",
                            score=interaction.satisfaction,
                            summary=interaction.summary,
                        ),
                    ),
                ),
            }
            salesperson = order.user_id or interaction.user_id
            values = {"is_escalated": True}
            if order:
                # Their reminders with the orders' (_followup_process), once
                # their topics are in every language: in the assignee's.
                steps = create_translated(
                    Step.with_context(**{REMINDER_OWNER: True}),
                    [
                        {
                            "order_id": order.id,
                            "kind": kind,
                            "date_due": due,
                            "user_id": salesperson.id,
                            "topic": topic,
                            "channel": interaction.channel,
                            "escalated_interaction_id": interaction.id,
                        }
                        for kind, (due, topic) in deadlines.items()
                    ],
                )
                values.update(solution_step_id=steps[0].id, escalation_step_id=steps[1].id)
            else:
                # Activities: in the salesperson's language.
                activities += [
                    interaction._followup_activity_values(
                        interaction.partner_id,
                        escalation_type,
                        salesperson,
                        due,
                        topic.get(salesperson.lang) or topic[self.env.lang or "en_US"],
                    )
                    for due, topic in deadlines.values()
                ]
            # sudo: bookkeeping of the follow-up, refused to the user himself.
            interaction.sudo().write(values)
        # As alerts: a rep with two on one customer follows it once.
        Step._followup_create_alerts(activities)
        for interaction in todo:
            group = interaction.escalation_user_ids
            manager = interaction._followup_escalation_manager()
            interaction._followup_tell(
                group | manager,
                self.env._(
                    "Satisfaction %(score)s/5: %(leader)s leads the working group "
                    "(%(group)s) that proposes a solution; %(manager)s is informed.",
                    score=interaction.satisfaction,
                    leader=(interaction.order_id.user_id or interaction.user_id).name,
                    group=", ".join(group.mapped("name")) or self.env._("none chosen yet"),
                    manager=manager.name or self.env._("nobody"),
                ),
            )
        return todo.order_id

    def _followup_escalation_manager(self):
        """The sales manager informed of an escalation: the level above the
        order's salesperson, else the company's follow-up manager."""
        self.ensure_one()
        if self.order_id:
            return self.order_id._followup_sales_manager()
        return self._followup_manager()

    def _followup_tell(self, users, body):
        """A note on the interaction that notifies ``users``, who follow it
        and its order from then on."""
        self.ensure_one()
        users -= self.env.user
        if users:
            # sudo: making others follow a record is not a rep's own right.
            for document in (self.sudo(), self.order_id.sudo()):
                document.message_subscribe(partner_ids=users.partner_id.ids)
        self.message_post(body=body, subtype_xmlid="mail.mt_note", partner_ids=users.partner_id.ids)

    def _followup_sync_escalation_group(self, previous):
        """People added to the working group of an escalated interaction
        (``previous``: the groups before) are told, and reminded of the
        solution step like the first ones."""
        for interaction, group in previous.items():
            added = interaction.escalation_user_ids - group
            if added:
                interaction._followup_tell(
                    added,
                    self.env._(
                        "%(people)s joined the working group on this low satisfaction.",
                        people=", ".join(added.mapped("name")),
                    ),
                )
        # Told by the note: their reminders come silently.
        self.env["sales_followup.step"].browse(
            interaction.solution_step_id.id for interaction in previous
        ).exists()._followup_sync_reminders()

    def _followup_notify_after_sales(self):
        """A quality issue reaches after-sales, who must contact the customer
        within 24 hours (seed 000 step 4): an activity for the company's
        after-sales contact, else for the team leader (else the follow-up
        manager), who then gets it to the right person."""
        todo = self.filtered(
            lambda i: i.exception_reason == "quality_mismatch" and not i.after_sales_notified
        )
        if not todo:
            return
        escalation_type = self.env.ref("sales_followup.mail_activity_type_escalation")
        activities = []
        for interaction in todo:
            company = interaction.company_id
            target = company.followup_after_sales_user_id or interaction._followup_manager()
            values = interaction._followup_activity_values(
                interaction._followup_document(),
                escalation_type,
                target,
                interaction._followup_deadline(target, company.followup_after_sales_hours),
                self.env._(
                    "Quality issue: contact %(customer)s within %(hours)s hours",
                    customer=interaction.partner_id._followup_text_name(),
                    hours=company.followup_after_sales_hours,
                ),
            )
            if not company.followup_after_sales_user_id:
                values["note"] += plaintext2html(
                    self.env._(
                        "No after-sales contact is set in the Sales settings: pass it on "
                        "to the after-sales person."
                    )
                )
            activities.append(values)
        # Assigned by the add-on for the person who logged: the assignee is told.
        self.env["mail.activity"].sudo().create(activities)
        # sudo: bookkeeping of the follow-up, refused to the user himself.
        todo.sudo().write({"after_sales_notified": True})

    def _followup_route_severity(self):
        """Seed 003: an exception goes to the company's person for its
        severity (low: customer service, medium: sales, high: legal), as an
        activity on the order (or the customer)."""
        todo = self.filtered(lambda i: i.exception_reason and i.exception_severity)
        if not todo:
            return
        escalation_type = self.env.ref("sales_followup.mail_activity_type_escalation")
        severities = dict(self._fields["exception_severity"]._description_selection(self.env))
        activities = []
        for interaction in todo:
            user = interaction.company_id._followup_severity_user(interaction.exception_severity)
            if not user:
                continue
            activities.append(
                interaction._followup_activity_values(
                    interaction._followup_document(),
                    escalation_type,
                    user,
                    fields.Date.context_today(interaction),
                    self.env._(
                        "Exception of %(severity)s severity: %(customer)s",
                        severity=severities[interaction.exception_severity],
                        customer=interaction.partner_id._followup_text_name(),
                    ),
                )
            )
        self.env["mail.activity"].sudo().create(activities)

    def _followup_apply_do_not_contact(self):
        """A customer who asks for quiet during a contact is flagged Do Not
        Contact at once, with the reason and the end of the pause given (which
        cancels the open proactive follow-ups and care actions). Customers
        flagged already keep their first reason and end."""
        for interaction in self.filtered("do_not_contact"):
            customer = interaction.partner_id.commercial_partner_id.sudo()
            if customer.followup_do_not_contact:
                continue
            # sudo: a rep records the request even without the right to edit
            # contacts; the customer's chatter shows who did.
            customer.write(
                {
                    "followup_do_not_contact": True,
                    "followup_do_not_contact_reason": interaction.do_not_contact_reason,
                    "followup_do_not_contact_until": interaction.do_not_contact_until,
                }
            )

    # ------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------

    @api.model
    def _followup_retention_domain(self):
        """Interactions past their company's retention period, not yet anonymised."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([("followup_retention_months", ">", 0)])
        if not companies:
            return None
        return [("is_anonymised", "=", False)] + expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("date", "<", now - relativedelta(months=company.followup_retention_months)),
                ]
                for company in companies
            ]
        )

    @api.model
    def _cron_followup_retention(self, batch_size=RETENTION_BATCH_SIZE):
        """Anonymise the interactions older than their company's retention
        period (seed 000 note 3), oldest first, a batch per call.

        An interaction whose anonymisation fails is left as it was, logged,
        and skipped by the other calls of the run; the next day's run tries
        it again. Progress counts the interactions attempted."""
        domain = self._followup_retention_domain()
        if domain is None:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        cron = self.env.ref("sales_followup.ir_cron_followup_retention")
        skipped = cron._followup_failed_ids()[self._name]
        if skipped:
            domain = expression.AND([domain, [("id", "not in", skipped)]])
        Interaction = self.sudo()
        todo = Interaction.search(domain, order="date, id", limit=batch_size)
        failed = cron._followup_process(
            todo, lambda interactions: interactions._followup_anonymise()
        )
        remaining = Interaction.search_count(
            expression.AND([domain, [("id", "not in", failed.ids)]])
        )
        _logger.info(
            "Follow-up retention: %s interaction(s) anonymised, %s failed, %s to go.",
            len(todo - failed),
            len(failed),
            remaining,
        )
        self.env["ir.cron"]._notify_progress(done=len(todo), remaining=remaining)

    def _followup_erase_copies(self, marker):
        """Replace by ``marker`` the messages and activities (done ones
        included) of the interactions' orders, customers and care actions that
        copy their summary, next action or customer feedback: reminders closed
        with the summary or the feedback, their "done" messages, escalation
        and after-sales activities and notes, the notices of assignment.
        Found by their text, as each was written."""
        fragments = {
            fragment
            for interaction in self
            for fragment in map(
                copy_fragment,
                (interaction.summary, interaction.next_action, interaction.customer_feedback),
            )
            if fragment
        }
        if not fragments:
            return
        documents = defaultdict(set)
        care_actions = (
            self.env["sales_followup.care.action"]
            .sudo()
            .search([("interaction_id", "in", self.ids)])
        )
        for document in (*self.order_id, *self.partner_id, *care_actions):
            documents[document._name].add(document.id)
        note = plaintext2html(marker)
        Message = self.env["mail.message"].sudo()
        messages = Message.search(
            expression.AND(
                [
                    expression.OR(
                        [("model", "=", model), ("res_id", "in", list(ids))]
                        for model, ids in documents.items()
                    ),
                    expression.OR([("body", "ilike", fragment)] for fragment in fragments),
                ]
            )
        )
        messages.write({"body": note})
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search(
                expression.AND(
                    [
                        expression.OR(
                            [("res_model", "=", model), ("res_id", "in", list(ids))]
                            for model, ids in documents.items()
                        ),
                        expression.OR(
                            [[("note", "ilike", fragment)] for fragment in fragments]
                            + [[("summary", "ilike", fragment)] for fragment in fragments]
                        ),
                    ]
                )
            )
        )
        # Next actions are copied into the summary of their activity.
        summarised = activities.filtered(
            lambda activity: any(
                fragment.lower() in (activity.summary or "").lower() for fragment in fragments
            )
        )
        (activities - summarised).write({"note": note})
        summarised.write({"note": note, "summary": marker})

    def _followup_anonymise(self):
        """Erase what was said and who took part (fields, and their old values
        in the chatter), keep the scores, mood, kind, channel, dates, the
        customer and our own people; log it on each record. Idempotent."""
        todo = self.sudo().filtered(lambda i: not i.is_anonymised)
        if not todo:
            return
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", todo.ids)])
        )
        # Old values of the erased fields, and notes written on the records.
        messages.tracking_value_ids.filtered(
            lambda value: value.field_id.name in ANONYMISED_FIELDS
        ).unlink()
        messages.filtered(lambda message: message.message_type == "comment").unlink()
        cleared = dict.fromkeys(FREE_TEXT_FIELDS, False)
        cleared.update(participant_contact_ids=[Command.clear()], next_action_date=False)
        for company, interactions in todo.grouped("company_id").items():
            lang = company.partner_id.lang or self.env.lang
            env = self.with_context(lang=lang).env
            marker = env._("[anonymised]")
            values = {**cleared, "summary": marker, "is_anonymised": True}
            # Copies elsewhere: the topics of the escalation's steps (built
            # from the summary) and the feedback of the care actions logged.
            steps = interactions.solution_step_id | interactions.escalation_step_id
            # The topic is translated: cleared in every language, then marked.
            steps.write({"topic": False})
            steps.write({"topic": marker})
            interactions._followup_erase_copies(marker)
            self.env["sales_followup.care.action"].sudo().search(
                [("interaction_id", "in", interactions.ids)]
            ).write({"customer_feedback": marker, "remarks": False})
            # And what was promised in them, which may name people too.
            interactions.commitment_ids.with_context(tracking_disable=True).write(
                {"name": marker, "result": False}
            )
            # Texts required once given (an exception's resolution, why the
            # customer asked not to be contacted) are replaced by the marker.
            for marked, group in interactions.grouped(
                lambda interaction: tuple(
                    fname for fname in MARKED_WHEN_ANONYMISED if interaction[fname]
                )
            ).items():
                # Tracking would copy the erased text into the chatter.
                group.with_context(tracking_disable=True).write(
                    {**values, **dict.fromkeys(marked, marker)}
                )
            note = env._(
                "Anonymised under the retention policy (interactions older than %(months)s "
                "months): what was said and who took part were erased; the scores remain.",
                months=company.followup_retention_months,
            )
            # One note per anonymised interaction in one batch (mail's batch logging).
            interactions._message_log_batch(
                bodies=dict.fromkeys(interactions.ids, plaintext2html(note))
            )
