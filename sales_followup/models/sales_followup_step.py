import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_date, plaintext2html

from ..const import CHANNELS, OPEN_STATES, REMINDER_OWNER, UNREACHED_OUTCOMES
from ..tools.masking import MASK_NAMES

_logger = logging.getLogger(__name__)

# Order of the status columns in kanban and grouped lists: late work first.
STATE_GROUP_ORDER = ("overdue", "planned", "done", "cancelled")
# The kind of interaction that fulfils a step, when not a plain follow-up.
INTERACTION_KINDS = {"pre_delivery": "pre_delivery", "satisfaction": "survey"}
# Steps handled per call of the reminder cron, for each of its passes; the
# cron runner commits and calls again while work remains. A pass costs about
# 45 queries whatever its size (cutoffs, counts, a savepoint around each
# part) plus one query per 100 rows written: 2,000 steps marked overdue keep
# that under 0.05 queries per record, in a few seconds (the cron limit is
# 120 s).
REMINDER_BATCH_SIZE = 2000
# Steps escalated per call, like the others since a leader gets one notice
# per call however many (``_followup_create_alerts``); a smaller batch would
# multiply the passes of a backlog (after a holiday) and their fixed cost.
ESCALATION_BATCH_SIZE = REMINDER_BATCH_SIZE
# A step's fields that follow its order.
ORDER_FIELDS = frozenset(("partner_id", "company_id", "tier_id"))


def count_working_days(workdays, after, until):
    """Working days in ``(after, until]``: how late a step due on ``after`` is."""
    count = 0
    day = after
    while day < until:
        day += timedelta(days=1)
        count += workdays.is_working(day)
    return count


class SalesFollowupStep(models.Model):
    _name = "sales_followup.step"
    _inherit = [
        "sales_followup.privacy.mixin",
        "sales_followup.guard.mixin",
        "sales_followup.reminder.mixin",
    ]
    _description = "Order Follow-up Step"
    _order = "date_due, id"
    _followup_guarded_links = ("order_id", "complaint_id", "partner_id", "interaction_id")
    _followup_fixed_links = ("order_id", "complaint_id")
    _followup_user_fields = ("user_id",)
    _followup_bookkeeping_fields = (
        "state",
        "kind",
        "date_done",
        "interaction_id",
        "plan_key",
        "cancel_automatic",
        "date_escalated",
        "escalation_user_id",
        "co_owner_id",
        "escalated_interaction_id",
    )
    _followup_text_fields = ("topic", "cancel_reason")
    _followup_reminder_links = ("followup_step_id", "followup_escalation_step_id")
    _followup_reminder_date = "date_due"
    _followup_reminder_open_states = OPEN_STATES
    _followup_reminder_fields = frozenset(("user_id", "co_owner_id", "state"))
    # What a step follows up, exactly one of: an order (its plan), a
    # complaint (its procedure); bridge add-ons add others (a lead).
    _followup_step_parents = ("order_id", "complaint_id")

    # No check_company: the step's company is its order's (or complaint's).
    # A step has an order or a complaint, never both (_check_followup_parent):
    # a complaint's stages stay out of its order's plan and reminders.
    order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        ondelete="cascade",
    )
    complaint_id = fields.Many2one(
        "sales_followup.complaint",
        index="btree_not_null",
        ondelete="cascade",
        help="The complaint whose procedure this step is a stage of.",
    )
    # The order's customer, company and tier, kept in sync with it. Computed
    # rather than related so that the plan, which knows them, gives them at
    # creation: a step is then inserted whole instead of inserted and then
    # updated in each of its indexes. Only superuser code may give them
    # (see create()); they are read-only in the views.
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_order_fields",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        context={MASK_NAMES: True},
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_order_fields",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    tier_id = fields.Many2one(
        "sales_followup.tier",
        compute="_compute_order_fields",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    tier_color = fields.Integer(related="tier_id.color")
    kind = fields.Selection(
        [
            ("first_contact", "First Contact"),
            ("cadence", "Cadence Follow-up"),
            ("manager_review", "Manager Review"),
            ("pre_delivery", "Pre-delivery Confirmation"),
            ("satisfaction", "Satisfaction Survey"),
            ("solution", "Solution Proposal"),
            ("escalation", "Escalation"),
            ("custom", "Custom"),
            ("complaint_visit", "Complaint: Visit or Call"),
            ("complaint_routing", "Complaint: Classification and Routing"),
            ("complaint_approval", "Complaint: Approval"),
            ("complaint_corrective", "Complaint: Corrective Action"),
            ("complaint_reply", "Complaint: Result to the Customer"),
        ],
        required=True,
        default="custom",
        # A copy is a step made by hand, outside the plan (its plan key is
        # not copied either): custom.
        copy=False,
    )
    plan_key = fields.Char(
        readonly=True,
        copy=False,
        help="Identifies a generated step within its order's plan, so that "
        "generating the plan again never duplicates it.",
    )
    # Translated: the plan writes it in every language (tools/translations.py),
    # each reader gets his own whoever confirmed the order.
    topic = fields.Text(translate=True, help="What to cover with the customer.")
    channel = fields.Selection(CHANNELS, default="phone")
    date_due = fields.Date(string="Due Date", required=True, index=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("overdue", "Overdue"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="planned",
        index=True,
        group_expand="_read_group_expand_state",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        default=lambda self: self.env.user,
    )
    co_owner_id = fields.Many2one(
        "res.users",
        string="Co-owner",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The order's sales manager, on the salesperson's steps of a tier owned by "
        "the salesperson and the sales manager: reminded too, and the step is in "
        "his My Follow-ups.",
    )
    interaction_id = fields.Many2one(
        "sales_followup.interaction",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The customer touch that fulfilled this step.",
    )
    escalated_interaction_id = fields.Many2one(
        "sales_followup.interaction",
        string="Low Satisfaction",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The unsatisfied customer's interaction this step handles; its working "
        "group is reminded of the solution step.",
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    call_attempt_count = fields.Integer(
        string="Attempts",
        compute="_compute_call_attempt_count",
        help="Calls logged on this step that did not reach the customer (no "
        "answer, busy, refused, wrong number): the step stays open.",
    )
    cancel_reason = fields.Char(string="Cancellation Reason", copy=False)
    cancel_automatic = fields.Boolean(
        copy=False,
        help="Cancelled by the plan itself (order cancelled, step no longer "
        "needed): regenerating the plan may reopen it.",
    )
    risk_warning = fields.Boolean(related="order_id.followup_risk_warning")
    plan_warning = fields.Char(related="order_id.followup_plan_warning")
    activity_ids = fields.One2many("mail.activity", "followup_step_id", string="Reminders")
    overdue_days = fields.Integer(
        string="Working Days Late",
        compute="_compute_overdue_days",
        help="Working days of the company calendar since the due date, for open steps.",
    )
    date_escalated = fields.Datetime(
        string="Escalated On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the step, left overdue too long, was escalated. A step is escalated once only.",
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalated To",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The sales team leader, or the company's follow-up manager, alerted about this step.",
    )
    escalation_activity_ids = fields.One2many(
        "mail.activity",
        "followup_escalation_step_id",
        string="Escalation Activities",
        readonly=True,
    )

    _sql_constraints = [
        (
            "plan_key_uniq",
            "unique(order_id, plan_key)",
            "This step already exists in the order's follow-up plan.",
        ),
    ]

    def init(self):
        # "My follow-ups due today": a rep's open steps by due date, without
        # reading the rep's done history.
        create_index(
            self.env.cr,
            "sales_followup_step_user_open_due_index",
            self._table,
            ["user_id", "date_due"],
            where="state IN ('planned', 'overdue')",
        )

    @api.model
    def _read_group_expand_state(self, states, domain):
        """Columns of a view grouped by status: the late steps first, where a
        rep starts the day; only the statuses that have steps."""
        return [state for state in STATE_GROUP_ORDER if state in states]

    @api.depends(
        "order_id.partner_id.commercial_partner_id",
        "order_id.company_id",
        "order_id.followup_tier_id",
        "complaint_id.partner_id",
        "complaint_id.company_id",
    )
    def _compute_order_fields(self):
        for step in self:
            if step.complaint_id:
                step.partner_id = step.complaint_id.partner_id
                step.company_id = step.complaint_id.company_id
                step.tier_id = False
                continue
            order = step.order_id
            step.partner_id = order.partner_id.commercial_partner_id
            step.company_id = order.company_id
            step.tier_id = order.followup_tier_id

    @api.constrains("order_id", "complaint_id")
    def _check_followup_parent(self):
        for step in self:
            if len([fname for fname in self._followup_step_parents if step[fname]]) != 1:
                raise ValidationError(
                    self.env._("A follow-up step belongs to exactly one order, complaint or lead.")
                )

    def _followup_group_fields(self):
        """A step's reminders are grouped by what it follows up."""
        return self._followup_step_parents

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Whoever else creates a step gets its order's values.
            for vals in vals_list:
                for fname in ORDER_FIELDS:
                    vals.pop(fname, None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not ORDER_FIELDS.isdisjoint(vals):
            raise UserError(
                self.env._("A step's customer, company and tier are those of its order.")
            )
        return super().write(vals)

    @api.depends("order_id.name", "complaint_id.name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for step in self:
            step.display_name = f"{step._followup_document().name} · {kinds.get(step.kind, '')}"

    def _followup_document(self):
        """Where the step's reminders and escalation go: its order, its
        complaint or a bridge's parent (``_followup_step_parents``)."""
        self.ensure_one()
        return next(
            (self[fname] for fname in self._followup_step_parents if self[fname]), self.order_id
        )

    def _compute_call_attempt_count(self):
        """Over the interactions the user may read, one query for all."""
        counts = dict(
            self.env["sales_followup.interaction"]._read_group(
                [("step_id", "in", self.ids), ("call_outcome", "in", UNREACHED_OUTCOMES)],
                ["step_id"],
                ["__count"],
            )
        )
        for step in self:
            step.call_attempt_count = counts.get(step, 0)

    @api.depends("date_due", "state", "company_id")
    def _compute_overdue_days(self):
        late = self.filtered(lambda step: step.state in OPEN_STATES and step.date_due)
        (self - late).overdue_days = 0
        for company, steps in late.grouped("company_id").items():
            today = company._followup_today()
            start = min(steps.mapped("date_due"))
            if start >= today:
                steps.overdue_days = 0
                continue
            workdays = company.resource_calendar_id._followup_working_days(start, today)
            for step in steps:
                step.overdue_days = count_working_days(workdays, step.date_due, today)

    def _followup_check_not_complaint(self):
        """A complaint's stages move with the complaint's buttons only (an
        approval cannot be ticked off as a reminder)."""
        if any(step.complaint_id for step in self):
            raise UserError(
                self.env._(
                    "This step is a stage of a complaint: complete it with the "
                    "complaint's buttons (visit recorded, approve, result given...)."
                )
            )

    def action_done(self):
        """Close steps by hand; logging an interaction closes them too."""
        self._followup_check_not_complaint()
        if any(step.state not in OPEN_STATES for step in self):
            raise UserError(self.env._("Only planned or overdue steps can be marked done."))
        self._followup_mark_done()
        return True

    def action_log_interaction(self):
        """Open the quick log for this step; saving it completes the step."""
        self.ensure_one()
        return self.env["sales_followup.interaction"]._followup_quick_log_action(
            self._followup_interaction_defaults()
        )

    def action_cancel(self):
        self._followup_check_not_complaint()
        self.filtered(lambda step: step.state in OPEN_STATES)._followup_cancel(
            self.env._("Cancelled by %(user)s.", user=self.env.user.name)
        )
        return True

    def action_reset(self):
        """Reopen cancelled steps."""
        self._followup_check_not_complaint()
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().filtered(lambda step: step.state == "cancelled").write(
            {"state": "planned", "cancel_reason": False}
        )
        return True

    def _followup_interaction_defaults(self):
        """Values of an interaction that fulfils this step."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "order_id": self.order_id.id,
            "step_id": self.id if self.state in OPEN_STATES else False,
            "kind": INTERACTION_KINDS.get(self.kind, "followup"),
            "channel": self.channel,
        }

    def _followup_mark_done(self, interaction=None):
        """Close the steps; their reminders are done with the interaction's
        summary, and the leader no longer needs to chase them."""
        values = {"state": "done", "date_done": fields.Datetime.now()}
        if interaction:
            values["interaction_id"] = interaction.id
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().with_context(**{REMINDER_OWNER: True}).write(values)
        self._followup_complete_reminders(
            interaction.summary if interaction else self.env._("Follow-up step done."),
            alert_feedback=self.env._("The follow-up step was completed."),
        )

    def _followup_reminder_done(self, feedback):
        self._followup_check_not_complaint()
        self._followup_mark_done()

    def _followup_cancel(self, reason, automatic=False, sync=True):
        """Cancel the steps and drop their reminders; without ``sync`` the
        caller brings up the next reminders of their orders."""
        self.check_access("write")
        # sudo: the status is the follow-up's bookkeeping, refused to users.
        self.sudo().with_context(**{REMINDER_OWNER: True}).write(
            {
                "state": "cancelled",
                "cancel_reason": reason,
                "cancel_automatic": automatic,
            }
        )
        self._followup_remove_reminders()
        if sync:
            self._followup_sync_reminders()

    @api.model
    def _followup_kind_labels(self):
        """The labels of step kinds in the user's language."""
        return dict(self._fields["kind"]._description_selection(self.env))

    def _followup_kind_label(self):
        """The label of the step's kind in the language of its environment."""
        self.ensure_one()
        return self._fields["kind"].convert_to_export(self.kind, self)

    def _followup_reminder_users(self):
        """The step's responsible, its co-owner (see ``co_owner_id``) and, on
        a solution step, the working group of the low satisfaction."""
        self.ensure_one()
        users = self.user_id | self.co_owner_id
        if self.kind == "solution":
            users |= self.escalated_interaction_id.sudo().escalation_user_ids
        return users

    def _followup_reminder_values(self, readers=None):
        """Values of the reminders (activities on the order) of ``self``; what
        they share is read once for the batch; ``readers`` as the mixin's."""
        if not self:
            return []
        IrModel = self.env["ir.model"]
        activity_type = self.env.ref("sales_followup.mail_activity_type_followup")
        in_reader_lang = self._followup_in_reader_lang()
        return [
            {
                "res_model_id": IrModel._get_id(step._followup_document()._name),
                # res_model_id's model, which mail.activity would compute from
                # a new() record per reminder (and sanitize its note again).
                "res_model": step._followup_document()._name,
                "res_id": step._followup_document().id,
                "activity_type_id": activity_type.id,
                "summary": text._followup_kind_label(),
                "note": text.topic and plaintext2html(text.topic),
                "date_deadline": step.date_due,
                "user_id": reader.id,
                "followup_step_id": step.id,
                # What mail.activity would compute after inserting the
                # reminder, then write with one more UPDATE of the batch.
                "res_name": step._followup_document().sudo().display_name,
                "user_tz": reader.sudo().tz,
                "date_done": False,
            }
            for step, reader in self._followup_with_readers(readers)
            for text in [in_reader_lang(step, reader)]
        ]

    # ------------------------------------------------------------
    # Reminders, overdue steps and escalation
    # ------------------------------------------------------------

    @api.model
    def _followup_escalation_delays(self, company):
        """``{parent field: working days}``: how long the steps of a parent
        without a tier (``_followup_step_parents``) may stay overdue in
        ``company`` before they are escalated. An order's steps follow their
        tier's delay; a bridge adds its parents' (a lead's)."""
        return {"complaint_id": company.followup_complaint_escalation_days}

    @api.model
    def _followup_reminder_cutoffs(self):
        """Per company: today, the first due date that is not overdue yet and
        the first due date that is not escalated yet, per tier (order steps)
        and per parent without a tier (``_followup_escalation_delays``).

        A step is overdue from the first working day after its due date (due
        on Thursday before a holiday and a weekend: overdue on Monday), and
        escalated once it has stayed overdue for its delay in working days:
        due dates strictly before the cutoffs qualify.
        """
        companies = self.env["res.company"].browse(
            company.id
            for (company,) in self.sudo()._read_group(
                [("state", "in", OPEN_STATES)], ["company_id"]
            )
        )
        tiers = (
            self.env["sales_followup.tier"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
        )
        delays = {company: self._followup_escalation_delays(company) for company in companies}
        max_delay = max(
            tiers.mapped("escalation_days")
            + [days for per_parent in delays.values() for days in per_parent.values()],
            default=0,
        )
        cutoffs = {}
        for company in companies:
            today = company._followup_today()
            workdays = company.resource_calendar_id._followup_working_days(
                today - timedelta(days=2 * max_delay + 31), today
            )
            # The latest working day up to today: a step due before it has
            # seen a working day pass since its due date.
            last_working_day = today if workdays.is_working(today) else workdays.subtract(today, 1)
            cutoffs[company.id] = {
                "today": today,
                "overdue": last_working_day,
                "tiers": {
                    tier.id: workdays.subtract(last_working_day, tier.escalation_days)
                    for tier in tiers
                    if tier.company_id == company
                },
                "parents": {
                    fname: workdays.subtract(last_working_day, days)
                    for fname, days in delays[company].items()
                },
            }
        return cutoffs

    @api.model
    def _followup_overdue_domain(self, cutoffs):
        return expression.AND(
            [
                [("state", "=", "planned")],
                expression.OR(
                    [
                        [("company_id", "=", company_id), ("date_due", "<", cutoff["overdue"])]
                        for company_id, cutoff in cutoffs.items()
                    ]
                ),
            ]
        )

    @api.model
    def _followup_no_longer_overdue_domain(self, cutoffs):
        """Overdue steps whose due date was moved out of the past."""
        return expression.AND(
            [
                [("state", "=", "overdue")],
                expression.OR(
                    [
                        [("company_id", "=", company_id), ("date_due", ">=", cutoff["overdue"])]
                        for company_id, cutoff in cutoffs.items()
                    ]
                ),
            ]
        )

    @api.model
    def _followup_escalation_domain(self, cutoffs):
        """Overdue steps past their delay with someone to alert: a team
        leader on what they follow up, or the company's follow-up manager."""
        companies = self.env["res.company"].browse(cutoffs)
        per_company = []
        for company in companies:
            domain = [("company_id", "=", company.id)]
            if not company.followup_manager_id:
                domain = expression.AND(
                    [
                        domain,
                        expression.OR(
                            [
                                [(f"{fname}.team_id.user_id", "!=", False)]
                                for fname in self._followup_step_parents
                            ]
                        ),
                    ]
                )
            # Plan steps by their tier's delay, the others (complaint stages,
            # a bridge's) by their parent's.
            per_delay = [
                [(fname, "!=", False), ("date_due", "<", cutoff)]
                for fname, cutoff in cutoffs[company.id]["parents"].items()
            ] + [
                [("tier_id", "=", tier_id), ("date_due", "<", cutoff)]
                for tier_id, cutoff in cutoffs[company.id]["tiers"].items()
            ]
            per_company.append(expression.AND([domain, expression.OR(per_delay)]))
        if not per_company:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [("state", "=", "overdue"), ("date_escalated", "=", False)],
                expression.OR(per_company),
            ]
        )

    @api.model
    def _cron_followup_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """Mark late steps overdue and escalate those late for too long.

        Idempotent: a run with nothing new to do changes nothing. Each pass
        handles one batch per call and reports what remains, so the cron
        runner commits and calls again until everything is done. A step whose
        work raises is left as it was and logged; the other calls
        of the run skip it (``ir.cron._followup_failed_ids()``), the next run,
        an hour later, tries it again. Progress counts the steps handled,
        failed ones included, so that a batch that failed whole still lets
        the runner go on with the rest.
        """
        # Planned or overdue, a step keeps its reminder: marking it changes none.
        Step = self.sudo().with_context(**{REMINDER_OWNER: True})
        cutoffs = Step._followup_reminder_cutoffs()
        if not cutoffs:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        cron = self.env.ref("sales_followup.ir_cron_followup_reminders")
        failed = cron._followup_failed_ids()
        skip = [("id", "not in", failed[self._name])] if failed[self._name] else []
        overdue_domain = expression.AND([Step._followup_overdue_domain(cutoffs), skip])
        back_domain = expression.AND([Step._followup_no_longer_overdue_domain(cutoffs), skip])
        escalation_domain = expression.AND([Step._followup_escalation_domain(cutoffs), skip])

        overdue = Step.search(overdue_domain, limit=batch_size)
        failed_steps = cron._followup_process(
            overdue, lambda steps: steps.write({"state": "overdue"})
        )
        back = Step.search(back_domain, limit=batch_size)
        failed_steps |= cron._followup_process(
            back, lambda steps: steps.write({"state": "planned"})
        )
        escalation_limit = min(batch_size, ESCALATION_BATCH_SIZE)
        escalated = Step.search(escalation_domain, limit=escalation_limit)
        failed_steps |= cron._followup_process(
            escalated, lambda steps: steps._followup_escalate(cutoffs)
        )

        Step._followup_warn_unescalated(cutoffs)

        remaining = 0
        unfailed = [("id", "not in", failed_steps.ids)]
        if len(overdue) == batch_size:
            remaining += Step.search_count(expression.AND([overdue_domain, unfailed]))
        if len(back) == batch_size:
            remaining += Step.search_count(expression.AND([back_domain, unfailed]))
        if len(escalated) == escalation_limit:
            remaining += Step.search_count(expression.AND([escalation_domain, unfailed]))
        _logger.info(
            "Follow-up reminders: %s step(s) marked overdue, %s back to planned, "
            "%s escalated, %s failed; %s step(s) remaining.",
            len(overdue),
            len(back),
            len(escalated),
            len(failed_steps),
            remaining,
        )
        self.env["ir.cron"]._notify_progress(
            done=len(overdue) + len(back) + len(escalated), remaining=remaining
        )

    @api.model
    def _followup_warn_unescalated(self, cutoffs):
        """Say so when late steps wait for someone to escalate them to."""
        companies = (
            self.env["res.company"]
            .browse(cutoffs)
            .filtered(lambda company: not company.followup_manager_id)
        )
        per_company = []
        for company in companies:
            per_tier = [
                [("tier_id", "=", tier_id), ("date_due", "<", cutoff)]
                for tier_id, cutoff in cutoffs[company.id]["tiers"].items()
            ]
            if per_tier:
                per_company.append(
                    expression.AND([[("company_id", "=", company.id)], expression.OR(per_tier)])
                )
        if not per_company:
            return
        stuck = self.search_count(
            expression.AND(
                [
                    [
                        ("state", "=", "overdue"),
                        ("date_escalated", "=", False),
                        ("order_id.team_id.user_id", "=", False),
                    ],
                    expression.OR(per_company),
                ]
            )
        )
        if stuck:
            _logger.warning(
                "Follow-up reminders: %s late step(s) cannot be escalated: their "
                "sales team has no leader and no follow-up manager is set in the "
                "Sales settings.",
                stuck,
            )

    def _followup_escalation_user(self):
        """The level above the step's responsible on what it follows up (its
        order, complaint or lead): the team leader, else the company's
        follow-up manager; a leader's own late step goes to the follow-up
        manager."""
        self.ensure_one()
        return self.company_id._followup_level_above(
            self._followup_document().team_id, self.user_id
        )

    def _followup_escalate(self, cutoffs):
        """Alert the leader about each step once: an activity and a note in
        the order's chatter. Returns the steps actually escalated."""
        if not self:
            return self
        # Who is alerted about each step, read for the whole batch at once.
        targets = {step.id: step._followup_escalation_user().id for step in self}
        # The database decides who escalates a step: of two workers on the
        # same steps, the second finds them marked and leaves them alone.
        self.flush_recordset(["date_escalated", "escalation_user_id"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s AS step
                   SET date_escalated = %(now)s, escalation_user_id = target.user_id,
                       write_date = %(now)s, write_uid = %(uid)s
                  FROM unnest(%(ids)s::int4[], %(user_ids)s::int4[]) AS target(id, user_id)
                 WHERE step.id = target.id AND step.date_escalated IS NULL
             RETURNING step.id
                """,
                table=SQL.identifier(self._table),
                now=now,
                uid=self.env.uid,
                ids=list(targets),
                user_ids=[user_id or None for user_id in targets.values()],
            )
        )
        escalated_ids = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(
            ["date_escalated", "escalation_user_id", "write_date", "write_uid"]
        )
        steps = self.filtered(lambda step: step.id in escalated_ids)
        if not steps:
            return steps
        # Computed once for the batch (one calendar read), not per leader below.
        steps.mapped("overdue_days")

        # One prefetch set: what the texts show is read once for the batch.
        by_user = steps.grouped("escalation_user_id")

        activity_type = self.env.ref("sales_followup.mail_activity_type_followup_escalation")
        IrModel = self.env["ir.model"]
        activities = []
        for user, user_steps in by_user.items():
            env = self.with_context(lang=user.lang).env
            kinds = dict(self._fields["kind"]._description_selection(env))
            for step in user_steps:
                document = step._followup_document()
                activities.append(
                    {
                        "res_model_id": IrModel._get_id(document._name),
                        "res_model": document._name,
                        "res_id": document.id,
                        "activity_type_id": activity_type.id,
                        "summary": env._("Overdue: %(step)s", step=kinds.get(step.kind, "")),
                        "note": plaintext2html(step._followup_escalation_text(env, kinds)),
                        "date_deadline": cutoffs[step.company_id.id]["today"],
                        "user_id": user.id,
                        "followup_escalation_step_id": step.id,
                    }
                )
        steps._followup_create_alerts(activities)

        notes = defaultdict(list)
        for step in steps:
            env = self.with_context(lang=step.company_id.partner_id.lang).env
            kinds = dict(self._fields["kind"]._description_selection(env))
            notes[step._followup_document()].append(
                env._(
                    "Follow-up escalated to %(user)s: %(text)s",
                    user=step.escalation_user_id.name,
                    text=step._followup_escalation_text(env, kinds),
                )
            )
        # One note per order (complaint, lead) for all its escalated steps, in
        # one batch: mail's batch logging (message_post per order would notify
        # no one more).
        for fname in self._followup_step_parents:
            documents = steps[fname]
            documents._message_log_batch(
                {document.id: Markup("<br/>").join(notes[document]) for document in documents}
            )
        return steps

    def _followup_escalation_text(self, env, kinds):
        self.ensure_one()
        values = {
            "kind": kinds.get(self.kind, ""),
            "order": self._followup_document().name,
            "date": format_date(env, self.date_due),
            "user": self.user_id.name or env._("nobody"),
            "days": self.overdue_days,
        }
        if not self.partner_id:
            # A lead may have no customer yet.
            return env._(
                "%(kind)s of %(order)s, due on %(date)s with %(user)s, "
                "is %(days)s working day(s) late.",
                **values,
            )
        return env._(
            "%(kind)s of %(order)s for %(customer)s, due on %(date)s with "
            "%(user)s, is %(days)s working day(s) late.",
            customer=self.partner_id._followup_text_name(),
            **values,
        )
