from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from odoo.addons.sales_followup.const import OPEN_STATES, REMINDER_OWNER
from odoo.addons.sales_followup.tools.translations import create_translated, in_each_lang

# Lead grades (seed 001 template 2), with the seed's criteria as help.
GRADES = [
    ("a", "A (High Intent)"),
    ("b", "B (Medium Intent)"),
    ("c", "C (Low Intent)"),
]
# Hours from assignment to the first contact, per grade (ungraded: as B).
FIRST_CONTACT_HOURS = {"a": 24, "b": 48, "c": 72}
# Hours from assignment to the follow-up plan made by the assignee.
PLAN_HOURS = 24
# Days between proactive contacts after the first: A 2-3 times a week, B
# weekly, C every 2 weeks; hot opportunities every 3 days (seed 002).
CADENCE_DAYS = {"a": 3, "b": 7, "c": 14}
HOT_CADENCE_DAYS = 3
# Proactive contacts a C lead gets in a calendar month at most.
C_MONTHLY_CAP = 2
# Step kinds that reach out to the lead.
LEAD_CONTACT_KINDS = ("first_contact", "cadence")
# Days after which a grade is to be confirmed again.
REGRADE_DAYS = 7
INVALID_REASONS = [
    ("wrong_contact", "Wrong Contact Details"),
    ("unrelated_need", "Need Unrelated to Our Products"),
    ("duplicate", "Duplicate"),
    ("competitor", "Competitor Probing"),
]
GRADE_FIELDS = ("followup_grade", "followup_grade_reason")
# Set by the follow-up itself, never by hand.
LEAD_BOOKKEEPING = (
    "followup_assigned_on",
    "followup_graded_by_id",
    "followup_graded_on",
    "followup_first_contact_deadline",
)
# What changes a lead's plan.
PLAN_FIELDS = frozenset(
    (
        "user_id",
        "active",
        "stage_id",
        "probability",
        "priority",
        "followup_grade",
        "followup_lead_valid",
        "company_id",
    )
)


def add_working_hours(start, hours, workdays, tz):
    """``hours`` after ``start`` (naive UTC), the clock running on working
    days only: a weekend or a public holiday does not count."""
    local = pytz.utc.localize(start).astimezone(tz).replace(tzinfo=None)
    remaining = timedelta(hours=hours)
    while True:
        day = local.date()
        end = datetime.combine(day + timedelta(days=1), time.min)
        if not workdays.is_working(day):
            local = end
            continue
        if local + remaining <= end:
            local += remaining
            break
        remaining -= end - local
        local = end
    return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


class CrmLead(models.Model):
    _inherit = "crm.lead"
    _followup_text_fields = ("followup_need", "followup_grade_reason", "followup_win_factors")

    followup_source_owner_id = fields.Many2one(
        "res.users",
        string="Source Owner",
        domain="[('share', '=', False)]",
        tracking=True,
        help="Who brought the lead in; told by a message when it is assigned.",
    )
    followup_need = fields.Text(
        string="Need Description",
        help="What the lead needs, in the customer's own words.",
    )
    followup_lead_valid = fields.Boolean(
        string="Valid Lead",
        default=True,
        tracking=True,
        help="An invalid lead gets no follow-up plan and no reminders, and the "
        "reports leave it out.",
    )
    followup_invalid_reason = fields.Selection(
        INVALID_REASONS, string="Invalid Because", tracking=True
    )
    followup_grade = fields.Selection(
        GRADES,
        string="Grade",
        tracking=True,
        help="A: clear need, budget, short decision chain and a date to buy.\n"
        "B: a potential need, or a long decision process.\n"
        "C: a vague need, or no plan to buy yet.\n"
        "Graded by team leaders and senior salespeople, confirmed every week.",
    )
    followup_grade_reason = fields.Text(
        string="Evaluation Reason",
        tracking=True,
        help="Why this grade: what was learnt about the need, budget, decision chain and timing.",
    )
    followup_graded_by_id = fields.Many2one(
        "res.users", string="Evaluator", readonly=True, copy=False
    )
    followup_graded_on = fields.Datetime(string="Evaluated On", readonly=True, copy=False)
    followup_to_regrade = fields.Boolean(
        string="To Re-grade",
        compute="_compute_followup_to_regrade",
        search="_search_followup_to_regrade",
        help="Open and valid, and not graded or confirmed for 7 days.",
    )
    followup_assigned_on = fields.Datetime(
        string="Assigned On",
        readonly=True,
        copy=False,
        help="When the lead was last given to its salesperson: the SLAs count from it.",
    )
    followup_first_contact_deadline = fields.Datetime(
        string="First Contact Deadline",
        readonly=True,
        copy=False,
        help="24 hours (A), 48 hours (B or not graded) or 72 hours (C) after "
        "assignment, counting working days only.",
    )
    followup_win_factors = fields.Text(
        string="Success Factors",
        help="Why the lead was won: what to repeat with the next ones.",
    )
    followup_step_ids = fields.One2many("sales_followup.step", "lead_id", string="Follow-up Steps")
    followup_interaction_ids = fields.One2many(
        "sales_followup.interaction", "lead_id", string="Interactions"
    )
    followup_next_step_date = fields.Date(
        string="Next Contact",
        compute="_compute_followup_next_step",
        help="Due date of the lead's next open follow-up step.",
    )
    followup_interaction_count = fields.Integer(compute="_compute_followup_interaction_count")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("followup_step_ids.date_due", "followup_step_ids.state")
    def _compute_followup_next_step(self):
        for lead in self:
            dates = [step.date_due for step in lead.followup_step_ids if step.state in OPEN_STATES]
            lead.followup_next_step_date = min(dates, default=False)

    def _compute_followup_interaction_count(self):
        counts = dict(
            self.env["sales_followup.interaction"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.followup_interaction_count = counts.get(lead, 0)

    @api.model
    def _followup_regrade_cutoff(self):
        return fields.Datetime.now() - timedelta(days=REGRADE_DAYS)

    @api.depends("followup_graded_on", "followup_lead_valid", "active", "stage_id.is_won")
    def _compute_followup_to_regrade(self):
        cutoff = self._followup_regrade_cutoff()
        for lead in self:
            lead.followup_to_regrade = bool(
                lead.active
                and lead.followup_lead_valid
                and not lead.stage_id.is_won
                and (not lead.followup_graded_on or lead.followup_graded_on < cutoff)
            )

    def _search_followup_to_regrade(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on To Re-grade."))
        domain = [
            ("followup_lead_valid", "=", True),
            ("stage_id.is_won", "=", False),
            "|",
            ("followup_graded_on", "=", False),
            ("followup_graded_on", "<", self._followup_regrade_cutoff()),
        ]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("followup_lead_valid", "followup_invalid_reason")
    def _check_followup_invalid_reason(self):
        for lead in self:
            if not lead.followup_lead_valid and not lead.followup_invalid_reason:
                raise ValidationError(
                    self.env._(
                        "Say why the lead %(lead)s is invalid: wrong contact details, "
                        "unrelated need, duplicate or competitor probing.",
                        lead=lead.name,
                    )
                )

    @api.constrains("followup_grade", "followup_grade_reason")
    def _check_followup_grade_reason(self):
        for lead in self:
            if lead.followup_grade and not (lead.followup_grade_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write the evaluation reason of the grade of %(lead)s: the need, "
                        "budget, decision chain and timing you found.",
                        lead=lead.name,
                    )
                )

    @api.constrains("followup_source_owner_id")
    def _check_followup_source_owner(self):
        self.env["sales_followup.guard.mixin"]._followup_check_insiders(
            {(lead.followup_source_owner_id, lead._followup_company()) for lead in self}
        )

    @api.constrains(*_followup_text_fields)
    def _check_followup_texts(self):
        for lead in self:
            self.env["sales_followup.guard.mixin"]._followup_check_texts(
                lead, self._followup_text_fields
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._followup_check_bookkeeping(vals)
        leads = super().create(vals_list)
        # sudo: the assignment date is the follow-up's bookkeeping.
        leads.filtered("user_id").sudo().write({"followup_assigned_on": fields.Datetime.now()})
        graded = leads.filtered("followup_grade")
        if graded:
            graded._followup_check_may_grade()
            graded._followup_stamp_grade()
        leads._followup_key_to_leader()
        assigned = leads.filtered("user_id")
        assigned._followup_notify_source_owner()
        leads._followup_sync_plan()
        return leads

    def write(self, vals):
        self._followup_check_bookkeeping(vals)
        if not set(GRADE_FIELDS).isdisjoint(vals):
            self._followup_check_may_grade()
        assigned_before = {lead.id: lead.user_id for lead in self} if "user_id" in vals else {}
        res = super().write(vals)
        if not set(GRADE_FIELDS).isdisjoint(vals):
            self._followup_stamp_grade()
            self._followup_key_to_leader()
        if assigned_before:
            reassigned = self.filtered(lambda lead: lead.user_id != assigned_before[lead.id])
            # sudo: the assignment date is the follow-up's bookkeeping.
            reassigned.sudo().followup_assigned_on = vals["user_id"] and fields.Datetime.now()
            reassigned.filtered("user_id")._followup_notify_source_owner()
        if not PLAN_FIELDS.isdisjoint(vals):
            self._followup_sync_plan()
        return res

    def _followup_check_bookkeeping(self, vals):
        """The evaluator, date and deadline are set by the follow-up."""
        refused = [fname for fname in LEAD_BOOKKEEPING if fname in vals]
        if refused and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by the follow-up itself, not by hand.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in refused
                    ),
                )
            )

    def _followup_check_may_grade(self):
        """Leads are graded by their team leader, a senior salesperson or a
        sales manager only (seed 001 template 2)."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("sales_followup_crm.group_followup_senior_salesperson")
            or user.has_group("sales_team.group_sale_manager")
            or all(lead.team_id.user_id == user for lead in self)
        ):
            return
        raise AccessError(
            self.env._(
                "Only the team leader, a senior salesperson or a sales manager may grade a lead."
            )
        )

    def _followup_stamp_grade(self):
        # sudo: the evaluator and date are the follow-up's bookkeeping.
        self.sudo().write(
            {"followup_graded_by_id": self.env.uid, "followup_graded_on": fields.Datetime.now()}
        )

    def _followup_key_to_leader(self):
        """Key leads (grade A from the team's amount) go to the team leader."""
        for lead in self:
            team = lead.team_id
            if (
                lead.followup_grade == "a"
                and team.followup_key_lead_amount
                and lead.expected_revenue >= team.followup_key_lead_amount
                and team.user_id
                and lead.user_id != team.user_id
            ):
                # sudo: the team's rule gives the lead, whoever graded it.
                lead.sudo().user_id = team.user_id

    def _followup_notify_source_owner(self):
        """Tell the source owner who now follows the lead (seed 001)."""
        for lead in self.filtered("followup_source_owner_id"):
            owner = lead.followup_source_owner_id
            env = lead.with_context(lang=owner.lang).env
            lead.message_post(
                body=env._(
                    "The lead you brought in, %(lead)s, is now followed up by %(user)s.",
                    lead=lead.name,
                    user=lead.user_id.name,
                ),
                partner_ids=owner.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_followup_confirm_grade(self):
        """The weekly re-grading: the grade still holds."""
        self._followup_check_may_grade()
        if any(not lead.followup_grade for lead in self):
            raise UserError(self.env._("Grade the lead before confirming its grade."))
        self.check_access("write")
        self._followup_stamp_grade()
        return True

    def action_followup_log_interaction(self):
        """Log a contact with the lead; it completes the lead's due step."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Set the customer of %(lead)s (or create it from the lead) before "
                    "logging a contact: the contact goes on the customer's timeline.",
                    lead=self.name,
                )
            )
        step = self.followup_step_ids.filtered(
            lambda step: step.state in OPEN_STATES and step.kind in LEAD_CONTACT_KINDS
        ).sorted("date_due")[:1]
        return self.env["sales_followup.interaction"]._followup_quick_log_action(
            {
                "lead_id": self.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "step_id": step.id,
                "kind": "followup",
                "channel": step.channel or "phone",
            }
        )

    def action_followup_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action

    # ------------------------------------------------------------
    # The plan
    # ------------------------------------------------------------

    def _followup_plannable(self):
        """Open, valid, assigned leads get a plan; the others none."""
        self.ensure_one()
        return bool(
            self.active
            and self.followup_lead_valid
            and self.user_id
            and self.followup_assigned_on
            and not self.stage_id.is_won
        )

    def _followup_company(self):
        self.ensure_one()
        return self.company_id or self.team_id.company_id or self.user_id.company_id

    def _followup_cadence_days(self):
        self.ensure_one()
        if self.priority == "3":
            return HOT_CADENCE_DAYS
        return CADENCE_DAYS[self.followup_grade or "b"]

    def _followup_timezone(self):
        self.ensure_one()
        return pytz.timezone(self._followup_company().resource_calendar_id.tz or "UTC")

    def _followup_deadline(self, hours, workdays):
        """``hours`` after the assignment, on the working days."""
        self.ensure_one()
        return add_working_hours(
            self.followup_assigned_on, hours, workdays, self._followup_timezone()
        )

    def _followup_prepare_steps(self, workdays, done_steps, contacts):
        """``{plan_key: values}`` of the lead's plan: the plan within 24
        hours, the first contact within its grade's hours, then the next
        contact at the grade's cadence (one at a time, after the last one).
        ``contacts``: dates of the lead's proactive contacts."""
        self.ensure_one()
        company = self._followup_company()
        tz = self._followup_timezone()
        deadline = self._followup_deadline(
            FIRST_CONTACT_HOURS[self.followup_grade or "b"], workdays
        )
        plan_deadline = self._followup_deadline(PLAN_HOURS, workdays)

        def local_date(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        def values(kind, due, topic):
            return {
                "lead_id": self.id,
                "kind": kind,
                "date_due": due,
                "user_id": self.user_id.id,
                "topic": topic,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "company_id": company.id,
            }

        plan = {
            "lead_plan": values(
                "lead_plan",
                local_date(plan_deadline),
                in_each_lang(
                    self.env,
                    lambda env: env._("Make the follow-up plan of the lead: who, what, when."),
                ),
            ),
            "first_contact": values(
                "first_contact",
                local_date(deadline),
                in_each_lang(
                    self.env,
                    lambda env: env._(
                        "First contact: confirm the need, budget, decision chain and timing."
                    ),
                ),
            ),
        }
        anchor = max(contacts, default=local_date(deadline))
        due = anchor + timedelta(days=self._followup_cadence_days())
        if self.followup_grade == "c" and self.priority != "3":
            month_start = due.replace(day=1)
            in_month = [day for day in contacts if day.replace(day=1) == month_start]
            if len(in_month) >= C_MONTHLY_CAP:
                due = month_start + relativedelta(months=1)
        number = len([key for key in done_steps if key.startswith("cadence_")]) + 1
        plan[f"cadence_{number}"] = values(
            "cadence",
            workdays.add(due, 0),
            in_each_lang(
                self.env,
                lambda env: env._(
                    "Follow-up contact: move the lead forward and note its next step."
                ),
            ),
        )
        return plan

    def _followup_sync_plan(self):
        """Bring the leads' plans in line with their assignee, grade and
        state: missing steps created, open ones moved, the others cancelled
        (won, lost, invalid or unassigned leads). Done steps stay as they are."""
        if not self:
            return
        Step = self.env["sales_followup.step"].sudo().with_context(**{REMINDER_OWNER: True})
        steps = Step.search([("lead_id", "in", self.ids)])
        by_lead = steps.grouped("lead_id")
        contacts = self._followup_contact_dates(steps)
        to_create, obsolete = [], Step
        to_update = defaultdict(lambda: Step)
        deadlines = defaultdict(lambda: self.browse())
        today = fields.Date.context_today(self)
        for lead in self:
            lead_steps = by_lead.get(lead, Step)
            if not lead._followup_plannable():
                deadlines[False] |= lead
                obsolete |= lead_steps.filtered(lambda step: step.state in OPEN_STATES)
                continue
            company = lead._followup_company()
            workdays = company.resource_calendar_id._followup_working_days(
                min(lead.followup_assigned_on.date(), today) - timedelta(days=1),
                today + timedelta(days=90),
            )
            existing = {step.plan_key: step for step in lead_steps if step.plan_key}
            done = {key: step for key, step in existing.items() if step.state == "done"}
            plan = lead._followup_prepare_steps(workdays, done, contacts[lead.id])
            deadlines[
                lead._followup_deadline(FIRST_CONTACT_HOURS[lead.followup_grade or "b"], workdays)
            ] |= lead
            for key, vals in plan.items():
                step = existing.pop(key, None)
                if step is None:
                    to_create.append(dict(vals, plan_key=key))
                    continue
                if step.state in OPEN_STATES or (
                    step.state == "cancelled" and step.cancel_automatic
                ):
                    update = {
                        "date_due": vals["date_due"],
                        "user_id": vals["user_id"],
                        "state": "overdue"
                        if step.state == "overdue" and step.date_due == vals["date_due"]
                        else "planned",
                        "cancel_reason": False,
                        "cancel_automatic": False,
                    }
                    current = {
                        "date_due": step.date_due,
                        "user_id": step.user_id.id,
                        "state": step.state,
                        "cancel_reason": step.cancel_reason,
                        "cancel_automatic": step.cancel_automatic,
                    }
                    if current != update:
                        to_update[tuple(sorted(update.items()))] |= step
            obsolete |= Step.concat(
                *(step for step in existing.values() if step.state in OPEN_STATES)
            )
        for deadline, leads in deadlines.items():
            leads = leads.filtered(
                lambda lead, d=deadline: lead.followup_first_contact_deadline != d
            )
            # sudo: the deadline is the follow-up's bookkeeping.
            leads.sudo().write({"followup_first_contact_deadline": deadline})
        for update, update_steps in to_update.items():
            update_steps.write(dict(update))
        create_translated(Step, to_create)
        if obsolete:
            obsolete._followup_cancel(
                self.env._("The lead is won, lost, invalid or unassigned: no follow-up."),
                automatic=True,
                sync=False,
            )
        Step._followup_sync_groups(self)

    def _followup_contact_dates(self, steps):
        """``{lead id: [date]}``: the days of the leads' proactive contacts:
        follow-up interactions logged on them, and contact steps marked done
        without one."""
        dates = defaultdict(list)
        for step in steps:
            if step.state == "done" and step.kind in LEAD_CONTACT_KINDS and not step.interaction_id:
                dates[step.lead_id.id].append(step.date_done.date())
        interactions = (
            self.env["sales_followup.interaction"]
            .sudo()
            .search_fetch(
                [("lead_id", "in", self.ids), ("kind", "=", "followup")], ["lead_id", "date"]
            )
        )
        for interaction in interactions:
            dates[interaction.lead_id.id].append(interaction.date.date())
        return dates

    @api.model
    def _cron_followup_regrade_digest(self):
        """Weekly: tell each team leader which of the team's leads wait for
        their grade to be confirmed."""
        leads = self.search([("followup_to_regrade", "=", True), ("team_id.user_id", "!=", False)])
        for leader, leader_leads in leads.grouped(lambda lead: lead.team_id.user_id).items():
            env = self.with_context(lang=leader.lang).env
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=leader.partner_id.ids,
                subject=env._("%(count)s lead(s) to re-grade", count=len(leader_leads)),
                body=env._(
                    "Not graded or confirmed for 7 days: %(leads)s",
                    leads=", ".join(leader_leads.mapped("name")),
                ),
            )
