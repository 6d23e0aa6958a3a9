from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, format_date
from odoo.tools.sql import index_exists

from ..const import CARE_OPEN_STATES, OPEN_STATES, PROACTIVE_KINDS, REMINDER_OWNER, SEGMENTS
from ..tools.masking import MASK_NAMES
from ..tools.translations import create_translated, in_each_lang, installed_langs
from .sales_followup_care_template_line import RECURRENCES, YEARLY_ANCHORS

GENERATE_BATCH_SIZE = 200
# Routine care actions (the class's cadence) belong to no template line; they
# are keyed by a negative occurrence, -1 for the first, so that a deleted
# template line's actions (no line, occurrence 0 or more) are never taken
# for them.
ROUTINE_FIRST_KEY = -1


class SalesFollowupCarePlan(models.Model):
    _name = "sales_followup.care.plan"
    _description = "Customer Care Plan"
    # The privacy mixin first: its chatter overrides come before mail.thread's.
    _inherit = ["sales_followup.privacy.mixin", "mail.thread", "sales_followup.guard.mixin"]
    _order = "state, date_start desc, id desc"
    _check_company_auto = True
    _followup_guarded_links = ("partner_id",)
    _followup_fixed_links = ("partner_id", "company_id")
    _followup_user_fields = ("user_id",)
    _followup_bookkeeping_fields = ("date_end", "close_reason", "date_generated")
    _followup_text_fields = ("close_reason",)

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', True)]",
        check_company=True,
        tracking=True,
        context={MASK_NAMES: True},
    )
    customer_code = fields.Char(related="partner_id.followup_customer_code")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    segment = fields.Selection(SEGMENTS, required=True, tracking=True)
    template_id = fields.Many2one(
        "sales_followup.care.template",
        check_company=True,
        domain="[('segment', '=', segment)]",
        tracking=True,
    )
    state = fields.Selection(
        [("active", "In Progress"), ("closed", "Closed")],
        string="Status",
        required=True,
        default="active",
        index=True,
        tracking=True,
    )
    status = fields.Selection(
        [("active", "In Progress"), ("paused", "Paused"), ("closed", "Closed")],
        string="Plan Status",
        compute="_compute_status",
        search="_search_status",
        help="Paused while the customer asked not to be contacted: no care "
        "action is planned until contact resumes.",
    )
    pause_reason = fields.Char(string="Why Paused", compute="_compute_status")
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="End", readonly=True, copy=False)
    close_reason = fields.Char(string="Closing Reason", readonly=True, copy=False)
    date_generated = fields.Date(
        string="Actions Generated On",
        readonly=True,
        copy=False,
        help="Last day the daily generator planned this plan's actions.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        tracking=True,
        help="The customer's salesperson, else the one of its last order.",
    )
    action_ids = fields.One2many("sales_followup.care.action", "plan_id", string="Care Actions")
    action_planned_count = fields.Integer(
        string="To Do",
        compute="_compute_action_counts",
        help="Actions not started or in progress.",
    )
    action_done_count = fields.Integer(string="Done", compute="_compute_action_counts")

    def init(self):
        # One plan in progress per customer and company; closed ones are history.
        if not index_exists(self.env.cr, "sales_followup_care_plan_active_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (partner_id, company_id) WHERE state = 'active'",
                    SQL.identifier("sales_followup_care_plan_active_uniq"),
                    SQL.identifier(self._table),
                )
            )

    @api.depends(
        "partner_id.followup_customer_code", "partner_id.name", "partner_id.is_company", "segment"
    )
    def _compute_display_name(self):
        # The name shows in links, activities and tracking: a person without
        # a customer code is masked whoever reads.
        segments = dict(self._fields["segment"]._description_selection(self.env))
        for plan in self:
            customer = (
                plan.partner_id.followup_customer_code or plan.partner_id._followup_text_name()
            )
            plan.display_name = f"{customer} · {segments.get(plan.segment, '')}"

    @api.depends(
        "state",
        "partner_id.followup_do_not_contact",
        "partner_id.followup_do_not_contact_reason",
        "partner_id.followup_do_not_contact_until",
    )
    @api.depends_context("lang")
    def _compute_status(self):
        for plan in self:
            partner = plan.partner_id
            paused = plan.state == "active" and partner.followup_do_not_contact
            plan.status = "paused" if paused else plan.state
            if not paused:
                plan.pause_reason = False
            elif partner.followup_do_not_contact_until:
                plan.pause_reason = self.env._(
                    "The customer asked not to be contacted until %(date)s: %(reason)s",
                    date=format_date(self.env, partner.followup_do_not_contact_until),
                    reason=partner.followup_do_not_contact_reason or self.env._("no reason given"),
                )
            else:
                plan.pause_reason = self.env._(
                    "The customer asked not to be contacted: %(reason)s",
                    reason=partner.followup_do_not_contact_reason or self.env._("no reason given"),
                )

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            return NotImplemented
        values = {value} if operator in ("=", "!=") else set(value)
        domains = {
            "active": [
                ("state", "=", "active"),
                ("partner_id.followup_do_not_contact", "=", False),
            ],
            "paused": [("state", "=", "active"), ("partner_id.followup_do_not_contact", "=", True)],
            "closed": [("state", "=", "closed")],
        }
        domain = expression.OR([domains[v] for v in values if v in domains] or [[(0, "=", 1)]])
        return domain if operator in ("=", "in") else ["!", *domain]

    def _compute_action_counts(self):
        counts = defaultdict(int)
        for plan, state, count in self.env["sales_followup.care.action"]._read_group(
            [("plan_id", "in", self.ids), ("state", "in", (*CARE_OPEN_STATES, "done"))],
            ["plan_id", "state"],
            ["__count"],
        ):
            counts[plan.id, "done" if state == "done" else "open"] += count
        for plan in self:
            plan.action_planned_count = counts[plan.id, "open"]
            plan.action_done_count = counts[plan.id, "done"]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_generate(self):
        """Plan the coming actions now instead of waiting for the daily run."""
        self.filtered(lambda plan: plan.state == "active").sudo()._followup_generate_actions()
        return True

    def action_close(self):
        self.filtered(lambda plan: plan.state == "active")._followup_close(
            self.env._("Closed by %(user)s.", user=self.env.user.name)
        )
        return True

    def action_view_actions(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_care_action_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _followup_close(self, reason, today=None):
        """Close plans: their future open actions are cancelled, the past
        ones (done, or still to do) are kept."""
        if not self:
            return
        today = today or fields.Date.context_today(self)
        self.check_access("write")
        # sudo: the closing date and reason are the plan's bookkeeping.
        self.sudo().write({"state": "closed", "date_end": today, "close_reason": reason})
        # Before the next plan of the customer is inserted (one active plan each).
        self.flush_recordset(["state"])
        future = (
            self.env["sales_followup.care.action"]
            .sudo()
            .search(
                [
                    ("plan_id", "in", self.ids),
                    ("state", "in", CARE_OPEN_STATES),
                    ("date_planned", ">=", today),
                ]
            )
        )
        future._followup_cancel(reason, automatic=True)

    @api.model
    def _cron_followup_care_generate(self, batch_size=GENERATE_BATCH_SIZE):
        """Daily: plan the care actions of the coming horizon, one batch of plans
        per call; plans done today are skipped, so a second run does nothing.

        A plan whose generation fails is left as it was, logged, and skipped
        by the other calls of the run; the next day's run tries it again.
        Progress counts the plans attempted."""
        today = fields.Date.context_today(self)
        cron = self.env.ref("sales_followup.ir_cron_followup_care_generate")
        domain = [
            ("state", "=", "active"),
            ("id", "not in", cron._followup_failed_ids()[self._name]),
            "|",
            ("date_generated", "=", False),
            ("date_generated", "<", today),
        ]
        plans = self.sudo().search(domain, limit=batch_size, order="id")
        failed = cron._followup_process(
            plans, lambda plans: plans._followup_generate_actions(today)
        )
        remaining = 0
        if len(plans) == batch_size:
            remaining = self.sudo().search_count(domain + [("id", "not in", failed.ids)])
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
        return remaining

    def _followup_generate_actions(self, today=None):
        """Create the actions of these plans due up to the end of the month the
        horizon reaches, without duplicates and within the monthly contact cap:
        the template's, then the routine care of the customer's class.

        Each generated action is keyed by (plan, template line, occurrence), so
        running this again creates nothing new; an action whose anchor moved
        (e.g. the delivery date) is rescheduled while it is still planned.
        Customers who asked not to be contacted get nothing; their actions come
        back when they may be contacted again.
        """
        today = today or fields.Date.context_today(self)
        # Written first: of two generations of a plan at once (the cron, a
        # button), the second waits for the first and fails to serialize,
        # instead of creating the same actions and failing on their key.
        self.sudo().write({"date_generated": today})
        self.flush_recordset(["date_generated"])
        plans = self.sudo().filtered(
            lambda plan: plan.state == "active" and plan.template_id.active
        )
        if not plans:
            return
        Action = self.env["sales_followup.care.action"].sudo()
        existing = defaultdict(dict)
        routine_existing = defaultdict(dict)
        for action in Action.search(
            [
                ("plan_id", "in", plans.ids),
                "|",
                ("template_line_id", "!=", False),
                ("occurrence", "<=", ROUTINE_FIRST_KEY),
            ]
        ):
            if action.template_line_id:
                existing[action.plan_id.id][action.template_line_id.id, action.occurrence] = action
            else:
                routine_existing[action.plan_id.id][ROUTINE_FIRST_KEY - action.occurrence] = action
        routine_lines = plans._followup_routine_lines()
        horizons = {
            company.id: _month_end(today + timedelta(days=company.followup_care_horizon_days))
            for company in plans.company_id
        }
        horizon_end = max(horizons.values())
        contacts = {}
        for company, company_plans in plans.grouped("company_id").items():
            contacts.update(
                {
                    (company.id, partner_id): values
                    for partner_id, values in company_plans.partner_id._followup_order_contacts(
                        company
                    ).items()
                }
            )
        counts = plans._followup_contact_counts(today, horizon_end)
        # Names and descriptions in every language, for whoever reads them.
        langs = installed_langs(self.env)
        routine_name = in_each_lang(self.env, lambda env: env._("Routine care"), langs)
        to_create = []
        to_cancel = Action
        for plan in plans:
            partner = plan.partner_id
            if partner.followup_do_not_contact or not partner.active:
                continue
            company = plan.company_id
            order_contacts = contacts.get((company.id, partner.id), {})
            anchors = plan._followup_anchors(order_contacts)
            executors = plan._followup_executors(order_contacts)
            date_from = max(today, plan.date_start)
            date_to = horizons[company.id]
            cap = plan.template_id.monthly_contact_cap
            candidates, cancelled = plan._followup_candidates(
                existing[plan.id],
                routine_existing[plan.id],
                routine_lines.get(plan.id),
                anchors,
                date_from,
                date_to,
            )
            to_cancel |= cancelled
            # The template's actions first, routine care last (a new line
            # has no id): the monthly cap keeps the template's.
            for line, key, day, action in sorted(
                candidates, key=lambda c: (not c[0].id, c[0].sequence, c[0].id or 0, c[2])
            ):
                month = (partner.id, company.id, day.year, day.month)
                if cap and counts[month] >= cap:
                    continue
                counts[month] += 1
                if action:
                    action._followup_reopen(day)
                else:
                    user = executors[line.executor_role]
                    # Routine care (no line) is named below.
                    values = line._followup_action_values(
                        plan, key, day, user, langs if line.id else ()
                    )
                    if not line.id:
                        values.update(
                            template_line_id=False,
                            occurrence=ROUTINE_FIRST_KEY - key,
                            name=routine_name,
                        )
                    to_create.append(values)
        to_cancel._followup_cancel(self.env._("No longer part of the care plan."), automatic=True)
        # Generated actions: the plan's chatter says so; tracking each new
        # action's values would post a message per action for nothing read.
        actions = create_translated(
            Action.with_context(tracking_disable=True, **{REMINDER_OWNER: True}), to_create
        )
        # Their reminders once their texts are in every language: each in its
        # executor's.
        actions._followup_sync_reminders()

    def _followup_candidates(
        self, plan_actions, routine_actions, routine, anchors, date_from, date_to
    ):
        """The actions this plan may create or reopen between two dates, as
        (line, key, day, cancelled action or None), and its planned actions
        that are no longer part of it.

        Planned actions follow their anchor, or leave the plan with it (a
        birthday removed, a limit lowered, a class changed); the ones the plan
        itself cancelled come back when they belong to it again (the customer
        may be contacted again); past ones stay as they are.
        """
        self.ensure_one()
        lines = self.template_id.line_ids
        followed = [
            (action.template_line_id if action.template_line_id in lines else None, key, action)
            for (_line_id, key), action in plan_actions.items()
        ] + [(routine, key, action) for key, action in routine_actions.items()]
        candidates = []
        to_cancel = self.env["sales_followup.care.action"]
        for line, key, action in followed:
            if action.date_occurrence < date_from:
                continue
            day = line and line._followup_occurrence_for_key(anchors, key)
            if action.state == "planned":
                # Routine care beyond the horizon after a change of class
                # comes back when the horizon reaches it.
                if not day or (not line.id and day > date_to):
                    to_cancel |= action
                elif day != action.date_occurrence:
                    action._followup_reschedule(day)
            elif action.state == "cancelled" and action.cancel_automatic:
                if day and date_from <= day <= date_to:
                    candidates.append((line, key, day, action))
        candidates += [
            (line, key, day, None)
            for line in lines
            for key, day in line._followup_occurrences(anchors, date_from, date_to)
            if (line.id, key) not in plan_actions
        ]
        if routine:
            candidates += [
                (routine, key, day, None)
                for key, day in routine._followup_occurrences(anchors, date_from, date_to)
                if key not in routine_actions
            ]
        return candidates, to_cancel

    def _followup_routine_lines(self):
        """Per plan, the routine care its customer's class calls for: an
        unsaved template line recurring at the class's cadence from the start
        of the plan, when the plan's template has no action as frequent.

        Class A is contacted at least weekly, B every 2 weeks, C monthly (the
        company's settings); customers without a class get no routine care.
        """
        result = {}
        Line = self.env["sales_followup.care.template.line"]
        for company, plans in self.grouped("company_id").items():
            classes = {
                stats.partner_id.id: stats.abc_class
                for stats in self.env["sales_followup.customer.stats"]
                .sudo()
                .search(
                    [
                        ("partner_id", "in", plans.partner_id.ids),
                        ("company_id", "=", company.id),
                        ("abc_class", "!=", False),
                    ]
                )
            }
            for plan in plans:
                cadence = company._followup_abc_cadence(classes.get(plan.partner_id.id))
                if not cadence or any(
                    _interval_days(line.recurrence) <= _interval_days(cadence)
                    for line in plan.template_id.line_ids
                    if line.anchor not in YEARLY_ANCHORS and not line.occurrence_limit
                ):
                    continue
                # Named when the action is created, in every language.
                result[plan.id] = Line.new(
                    {
                        "name": "Routine care",
                        "sequence": 0,
                        "channel": "phone",
                        "executor_role": "salesperson",
                        "anchor": "plan_start",
                        "offset": 0,
                        "offset_unit": "days",
                        "recurrence": cadence,
                        "occurrence_limit": 0,
                    }
                )
        return result

    def _followup_anchors(self, order_contacts):
        """Dates the template lines of this plan count from."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        anchors = {
            "plan_start": self.date_start,
            "first_delivery": order_contacts.get("first_delivery") or self.date_start,
        }
        if partner.followup_birthday_month and partner.followup_birthday_day:
            anchors["birthday"] = (
                int(partner.followup_birthday_month),
                partner.followup_birthday_day,
                1,
            )
        since = partner.followup_cooperation_date
        if since:
            anchors["anniversary"] = (since.month, since.day, since.year + 1)
        return anchors

    def _followup_executors(self, order_contacts):
        """The user behind each executor role for this plan's customer."""
        self.ensure_one()
        Users = self.env["res.users"]
        company = self.company_id

        def first_active(*users):
            return next((user for user in users if user and user.active), Users)

        last_user = Users.browse(order_contacts.get("user_id"))
        team = self.env["crm.team"].browse(order_contacts.get("team_id"))
        salesperson = first_active(
            self.partner_id.user_id,
            last_user,
            self.user_id,
            company.followup_manager_id,
        )
        manager = first_active(team.user_id, company.followup_manager_id, salesperson)
        director = first_active(company.followup_director_id, manager)
        return {"salesperson": salesperson, "manager": manager, "director": director}

    def _followup_contact_counts(self, date_from, date_to):
        """Proactive contacts per (customer, company, year, month): interactions
        logged with the customer or its contacts, care actions planned and order
        follow-ups due."""
        partners = self.partner_id
        companies = self.company_id
        month_start = date_from.replace(day=1)
        counts = defaultdict(int)
        sources = [
            (
                self.env["sales_followup.interaction"],
                "date",
                [],
            ),
            (
                self.env["sales_followup.care.action"],
                "date_planned",
                [("state", "in", CARE_OPEN_STATES)],
            ),
            (
                self.env["sales_followup.step"],
                "date_due",
                [("state", "in", OPEN_STATES), ("kind", "in", PROACTIVE_KINDS)],
            ),
        ]
        for model, date_field, domain in sources:
            groups = model.sudo()._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("company_id", "in", companies.ids),
                    (date_field, ">=", month_start),
                    (date_field, "<", date_to + timedelta(days=1)),
                    *domain,
                ],
                ["partner_id", "company_id", f"{date_field}:month"],
                ["__count"],
            )
            for partner, company, month, count in groups:
                commercial = partner.commercial_partner_id
                counts[commercial.id, company.id, month.year, month.month] += count
        return counts


def _interval_days(recurrence):
    """Rough length in days of a recurrence, to compare how often; a
    one-off action is never as frequent as any cadence."""
    step = RECURRENCES[recurrence]
    if not step:
        return float("inf")
    unit, count = step
    return count * (7 if unit == "weeks" else 30)


def _month_end(day):
    return date(day.year, day.month, 1) + relativedelta(months=1, days=-1)
