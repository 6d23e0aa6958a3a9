from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..const import OPEN_STATES, REMINDER_OWNER
from ..tools.translations import create_translated, in_each_lang

# A safety net against absurd delivery dates, not a business rule.
MAX_CADENCE_STEPS = 60
# What the tier, and why there is none, follow from.
TIER_DEPENDS = (
    "amount_total",
    "currency_id",
    "company_id",
    "date_order",
    "followup_tier_override_id",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"
    # The order's follow-up texts: the detector and the privacy lookup.
    _followup_text_fields = ("followup_special_requirements",)

    followup_tier_id = fields.Many2one(
        "sales_followup.tier",
        string="Follow-up Tier",
        compute="_compute_followup_tier_id",
        inverse="_inverse_followup_tier_id",
        store=True,
        index=True,
        tracking=True,
        check_company=True,
        help="Sized from the order total in company currency at the order date, "
        "unless a sales manager set it by hand.",
        groups="base.group_user",
    )
    followup_tier_warning = fields.Char(
        string="Tier Warning",
        compute="_compute_followup_tier_warning",
        help="Why the order total gives no follow-up tier, if it gives none.",
        groups="base.group_user",
    )
    followup_tier_color = fields.Integer(related="followup_tier_id.color", groups="base.group_user")
    followup_tier_override_id = fields.Many2one(
        "sales_followup.tier",
        string="Tier Set by Manager",
        copy=False,
        tracking=True,
        check_company=True,
        groups="sales_team.group_sale_manager",
        help="Leave empty to let the order total decide the tier.",
    )
    followup_step_ids = fields.One2many(
        "sales_followup.step", "order_id", string="Follow-up Plan", groups="base.group_user"
    )
    followup_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_followup_complaint_count",
        groups="sales_followup.group_followup_user",
    )
    followup_step_count = fields.Integer(
        string="Follow-ups",
        compute="_compute_followup_step_count",
        groups="base.group_user",
    )
    followup_risk_warning = fields.Boolean(
        string="Risk Warning",
        tracking=True,
        help="The special requirements put the order at risk (rush, unusual packaging, "
        "custom after-sales): the plan shows the warning. A note without it is "
        "information only.",
        groups="base.group_user",
    )
    followup_special_requirements = fields.Text(
        string="Special Requirements",
        help="What the customer asked for beyond the standard: delivery, packaging, "
        "after-sales. Kept with or without a risk warning.",
        groups="base.group_user",
    )
    followup_delivered_date = fields.Date(
        string="Delivered On",
        copy=False,
        tracking=True,
        help="Date the customer received the order; starts the satisfaction survey.",
        groups="base.group_user",
    )
    followup_plan_warning = fields.Char(
        string="Plan Warning",
        compute="_compute_followup_plan_warning",
        help="What the follow-up plan is missing, if anything.",
        groups="base.group_user",
    )
    followup_interaction_ids = fields.One2many(
        "sales_followup.interaction",
        "order_id",
        string="Interactions",
        groups="base.group_user",
    )
    followup_open_exception_count = fields.Integer(
        string="Open Exceptions",
        compute="_compute_followup_open_exception_count",
        groups="base.group_user",
    )

    @api.depends(*TIER_DEPENDS)
    def _compute_followup_tier_id(self):
        tiers_by_company = self.env["sales_followup.tier"]._get_tiers_by_company(self.company_id)
        amounts = self._followup_tier_amounts()
        for order in self:
            override = order.sudo().followup_tier_override_id
            if override:
                order.followup_tier_id = override
                continue
            amount, problem = amounts[order]
            tiers = tiers_by_company.get(order.company_id.id, self.env["sales_followup.tier"])
            order.followup_tier_id = tiers.browse() if problem else tiers._match_amount(amount)

    @api.depends(*TIER_DEPENDS)
    def _compute_followup_tier_warning(self):
        amounts = self._followup_tier_amounts()
        for order in self:
            problem = not order.sudo().followup_tier_override_id and amounts[order][1]
            order.followup_tier_warning = problem or False

    def _followup_tier_amounts(self):
        """Each order's total in company currency at the order date, with why
        no tier can be given from it (negative total, no exchange rate), else
        ``False``: Odoo converts at 1 when a currency has no rate, which would
        size the plan of a 600,000 IDR order as a strategic one."""
        result = {}
        # Conversion rates read once per currency, company and day, not per order.
        rates = {}
        for order in self:
            company = order.company_id
            amount = order.amount_total
            if company.currency_id.compare_amounts(amount, 0) < 0:
                result[order] = (
                    amount,
                    self.env._(
                        "The order total is negative: it gets no follow-up tier and no "
                        "follow-up is planned."
                    ),
                )
                continue
            problem = False
            if order.currency_id and order.currency_id != company.currency_id:
                day = (order.date_order or fields.Datetime.now()).date()
                key = (order.currency_id, company, day)
                if key not in rates:
                    rates[key] = order.currency_id._followup_has_rate(company, day) and (
                        order.currency_id._get_conversion_rate(
                            order.currency_id, company.currency_id, company, day
                        )
                    )
                if rates[key]:
                    # As currency._convert(): the converted amount, rounded.
                    amount = company.currency_id.round(amount * rates[key])
                else:
                    problem = self.env._(
                        "No exchange rate for %(currency)s on %(date)s: the follow-up "
                        "tier cannot be computed and no follow-up is planned. Add the "
                        "rate in Invoicing › Configuration › Currencies.",
                        currency=order.currency_id.name,
                        date=format_date(self.env, day),
                    )
            result[order] = (amount, problem)
        return result

    @api.depends("state", "followup_tier_id", "followup_delivered_date", "commitment_date")
    def _compute_followup_plan_warning(self):
        for order in self:
            incomplete = (
                order.state == "sale"
                and order.followup_tier_id
                and not order.followup_delivered_date
                and not order._followup_delivery_date()
            )
            order.followup_plan_warning = incomplete and self.env._(
                "No delivery date — plan incomplete"
            )

    def _inverse_followup_tier_id(self):
        for order in self:
            order.followup_tier_override_id = order.followup_tier_id

    def _compute_followup_step_count(self):
        counts = dict(
            self.env["sales_followup.step"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.followup_step_count = counts.get(order, 0)

    def _compute_followup_open_exception_count(self):
        counts = dict(
            self.env["sales_followup.interaction"]._read_group(
                [
                    ("order_id", "in", self.ids),
                    ("exception_state", "in", ("open", "in_progress")),
                ],
                ["order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.followup_open_exception_count = counts.get(order, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.constrains(*_followup_text_fields)
    def _check_followup_texts(self):
        for order in self:
            self.env["sales_followup.guard.mixin"]._followup_check_texts(
                order, self._followup_text_fields
            )

    def write(self, vals):
        previous_users = {order: order.user_id for order in self} if "user_id" in vals else {}
        res = super().write(vals)
        if previous_users:
            self._followup_reassign(previous_users)
        if {
            "order_line",
            "commitment_date",
            "followup_delivered_date",
            "followup_tier_override_id",
            "followup_tier_id",
        } & vals.keys():
            self._followup_sync_plan()
        return res

    def _action_confirm(self):
        res = super()._action_confirm()
        self._followup_sync_plan()
        self._followup_register_customers()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        steps = self.followup_step_ids.filtered(lambda step: step.state in OPEN_STATES)
        steps.sudo()._followup_cancel(self.env._("The order was cancelled."), automatic=True)
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_followup_mark_delivered(self):
        """Record delivery today; the satisfaction survey is planned from it."""
        self.filtered(lambda order: not order.followup_delivered_date).write(
            {"followup_delivered_date": fields.Date.context_today(self)}
        )
        return True

    @api.depends_context("uid")
    def _compute_followup_complaint_count(self):
        counts = self.env["sales_followup.complaint"]._followup_counts("order_id", self)
        for order in self:
            order.followup_complaint_count = counts.get(order.id, 0)

    def action_view_followup_steps(self):
        self.ensure_one()
        # The action reads nothing itself: refuse who may not see the order.
        self.check_access("read")
        self.env["sales_followup.step"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_step_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id, "search_default_open": 0}
        return action

    def action_followup_view_complaints(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["sales_followup.complaint"]._followup_list_action(
            [("order_id", "=", self.id)],
            {"order_id": self.id, "partner_id": self.partner_id.commercial_partner_id.id},
        )

    def action_followup_new_complaint(self):
        """Register a complaint about this order, its customer filled in."""
        self.ensure_one()
        self.check_access("read")
        return self.env["sales_followup.complaint"]._followup_new_action(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "order_id": self.id,
                "company_id": self.company_id.id,
            }
        )

    def action_followup_log_interaction(self):
        """Quick log on this order, against the user's step due by today if any."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        step = self.followup_step_ids.filtered(
            lambda step: step.state in OPEN_STATES
            and step.user_id == self.env.user
            and step.kind != "manager_review"
            and step.date_due <= today
        ).sorted("date_due")[:1]
        if step:
            defaults = step._followup_interaction_defaults()
        else:
            defaults = {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "order_id": self.id,
            }
        return self.env["sales_followup.interaction"]._followup_quick_log_action(defaults)

    def action_view_followup_exceptions(self):
        self.ensure_one()
        self.check_access("read")
        self.env["sales_followup.interaction"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "search_default_exception_open": 1,
        }
        return action

    # ------------------------------------------------------------
    # Plan
    # ------------------------------------------------------------

    def _followup_confirmation_date(self):
        return fields.Date.context_today(self, self.date_order)

    def _followup_delivery_date(self):
        """The delivery date committed to the customer, or ``False``: the
        pre-delivery step and the cadence wait for it. The hook for the
        delivery's own schedule (the Inventory bridge overrides it)."""
        return self.commitment_date and fields.Date.context_today(self, self.commitment_date)

    def _followup_working_days(self):
        """Working-day calendars per company, read once for the whole batch."""
        dates_by_company = defaultdict(list)
        for order in self:
            dates_by_company[order.company_id].extend(
                day
                for day in (
                    order._followup_confirmation_date(),
                    order._followup_delivery_date(),
                    order.followup_delivered_date,
                )
                if day
            )
        return {
            company.id: company.resource_calendar_id._followup_working_days(
                min(dates) - timedelta(days=31), max(dates) + timedelta(days=93)
            )
            for company, dates in dates_by_company.items()
        }

    @api.model
    def _followup_plan_texts(self):
        """The plan's step labels and fixed topics in every installed
        language, read once for a batch of orders: a step's topic is stored
        in each language, whoever confirms the order."""
        Step = self.env["sales_followup.step"]
        return in_each_lang(
            self.env,
            lambda env: {
                "kinds": Step.with_env(env)._followup_kind_labels(),
                "review": env._("Check amount and delivery date against the contract."),
                "pre_delivery": env._("Confirm delivery address, receiver and time."),
                "satisfaction": env._(
                    "Ask for satisfaction (1 to 5): quality, timeliness, service."
                ),
            },
        )

    def _followup_prepare_steps(self, workdays, texts):
        """The plan this order should have now, as values keyed by plan key.

        The customer's steps come in the plan's order — first contact,
        cadence, pre-delivery, satisfaction — each due after the one before:
        a step that would fall on or before an earlier one is merged into it
        (a short lead time: the first contact confirms the delivery too).
        Without a delivery date (``_followup_delivery_date()``) the plan
        stops at the first contact until one is given.

        Topics are ``{lang: text}`` (``tools.translations.create_translated``),
        from ``texts``: ``_followup_plan_texts()``, read once for a batch.
        """
        self.ensure_one()
        tier = self.followup_tier_id
        if not tier:
            return {}
        confirmed = self._followup_confirmation_date()
        salesperson = self.user_id
        manager = self._followup_sales_manager() or salesperson
        # A plan owned by the salesperson and the sales manager: the manager
        # co-owns the salesperson's steps.
        co_owner = (
            manager
            if tier.responsible == "salesperson_manager" and manager != salesperson
            else self.env["res.users"]
        )
        tier_topics = {lang: tier.with_context(lang=lang).topics for lang in texts}
        plan = {}
        customer = self.partner_id.commercial_partner_id

        def tier_topic(kind):
            """The tier's key topics in every language, else the step's label."""
            return {
                lang: tier_topics[lang] or lang_texts["kinds"][kind]
                for lang, lang_texts in texts.items()
            }

        def text(key):
            return {lang: lang_texts[key] for lang, lang_texts in texts.items()}

        def join(first, second):
            return {lang: f"{first[lang]}\n{second[lang]}" for lang in texts}

        def add(key, kind, due, user, topic, channel="phone"):
            plan[key] = {
                "order_id": self.id,
                # The step's precomputed fields, known here at no cost.
                "partner_id": customer.id,
                "company_id": self.company_id.id,
                "tier_id": tier.id,
                "plan_key": key,
                "kind": kind,
                "date_due": due,
                "user_id": user.id,
                "co_owner_id": (co_owner if user == salesperson else co_owner.browse()).id,
                "topic": topic,
                "channel": channel,
            }

        if tier.manager_review:
            add(
                "manager_review",
                "manager_review",
                workdays.add(confirmed, tier.manager_review_days),
                manager,
                text("review"),
                channel="other",
            )
        # In sudo: the customer's follow-up data is for the sales roles, the
        # plan is the add-on's own whoever saves the order.
        if customer.sudo().followup_do_not_contact:
            return plan
        delivered = self.followup_delivered_date
        delivery = not delivered and self._followup_delivery_date()
        first_contact = workdays.add(confirmed, tier.first_contact_days)
        first_topic = tier_topic("first_contact")
        pre_delivery = delivery and max(
            workdays.subtract(delivery, tier.pre_delivery_days), confirmed
        )
        pre_delivery_topic = text("pre_delivery")
        satisfaction = delivered and workdays.add(delivered, tier.satisfaction_days)
        satisfaction_topic = text("satisfaction")
        if pre_delivery and pre_delivery <= first_contact:
            # Delivery too close for both: one call, by the pre-delivery day.
            first_contact, first_topic = pre_delivery, join(first_topic, pre_delivery_topic)
            pre_delivery = False
        if satisfaction and satisfaction <= first_contact:
            # Delivered before the first contact was due: the survey call is it.
            satisfaction_topic = join(first_topic, satisfaction_topic)
            first_contact = False
        if first_contact:
            add("first_contact", "first_contact", first_contact, salesperson, first_topic)
        if pre_delivery:
            if tier.cadence_days:
                cadence_topic = tier_topic("cadence")
                due = workdays.add(first_contact, tier.cadence_days)
                for index in range(1, MAX_CADENCE_STEPS + 1):
                    if due >= pre_delivery:
                        break
                    add(f"cadence_{index}", "cadence", due, salesperson, cadence_topic)
                    due = workdays.add(due, tier.cadence_days)
            add("pre_delivery", "pre_delivery", pre_delivery, salesperson, pre_delivery_topic)
        if satisfaction:
            add("satisfaction", "satisfaction", satisfaction, salesperson, satisfaction_topic)
        return plan

    def _followup_sync_plan(self):
        """Bring the plans of confirmed orders in line with their tier and dates.

        Idempotent: missing steps are created, open ones moved, steps that left
        the plan cancelled; done and hand-cancelled steps are never rewritten.
        """
        orders = self.filtered(lambda order: order.state == "sale")
        if not orders:
            return
        # Of the customers, what the plan and their registration read, rather
        # than their every column; one query when the orders are the
        # customers' own, not their contacts'.
        customer_fields = [
            "commercial_partner_id",
            "followup_do_not_contact",
            "followup_customer_code",
            "followup_cooperation_date",
        ]
        # In sudo, as the plan reads them (_followup_prepare_steps()).
        customers = orders.partner_id.sudo()
        customers.fetch(customer_fields)
        customers.commercial_partner_id.fetch(customer_fields)
        # The reminders of the whole batch are synced once, at the end.
        Step = self.env["sales_followup.step"].sudo().with_context(**{REMINDER_OWNER: True})
        existing = {
            (step.order_id.id, step.plan_key): step
            for step in Step.search([("order_id", "in", orders.ids), ("plan_key", "!=", False)])
        }
        workdays = orders._followup_working_days()
        texts = self._followup_plan_texts()
        to_create = []
        to_update = defaultdict(lambda: Step)
        obsolete = Step
        for order in orders:
            plan = order._followup_prepare_steps(workdays[order.company_id.id], texts)
            for key, values in plan.items():
                step = existing.pop((order.id, key), None)
                if step is None:
                    to_create.append(values)
                    continue
                if step.state in OPEN_STATES or (
                    step.state == "cancelled" and step.cancel_automatic
                ):
                    update = {
                        "date_due": values["date_due"],
                        "user_id": values["user_id"],
                        "co_owner_id": values["co_owner_id"],
                        "state": "planned",
                        "cancel_reason": False,
                        "cancel_automatic": False,
                    }
                    if step.state == "overdue" and step.date_due == values["date_due"]:
                        # Still late: only the reminder cron decides otherwise.
                        update["state"] = "overdue"
                    current = {
                        "date_due": step.date_due,
                        "user_id": step.user_id.id,
                        "co_owner_id": step.co_owner_id.id,
                        "state": step.state,
                        "cancel_reason": step.cancel_reason,
                        "cancel_automatic": step.cancel_automatic,
                    }
                    if current != update:
                        to_update[tuple(sorted(update.items()))] |= step
        for step in existing.values():
            if step.state in OPEN_STATES:
                obsolete |= step
        for update, steps in to_update.items():
            steps.write(dict(update))
        create_translated(Step, to_create)
        if obsolete:
            obsolete._followup_cancel(
                self.env._("No longer part of the plan."), automatic=True, sync=False
            )
        orders._followup_sync_activities()

    @contextmanager
    def _followup_replan_on_tier_change(self):
        """Re-plan the confirmed orders of ``self`` that the block moves to
        another tier; changes within a tier leave their plans alone."""
        confirmed = self.filtered(lambda order: order.state == "sale")
        tiers = {order: order.followup_tier_id for order in confirmed}
        yield
        confirmed.filtered(
            lambda order: order.followup_tier_id != tiers[order]
        )._followup_sync_plan()

    def _followup_reassign(self, previous_users):
        """Open steps follow the order to its new salesperson."""
        step_ids_by_user = defaultdict(list)
        for order, previous in previous_users.items():
            step_ids_by_user[order.user_id.id] += order.followup_step_ids.filtered(
                lambda step, previous=previous: step.state in OPEN_STATES
                and step.user_id == previous
            ).ids
        Step = self.env["sales_followup.step"].sudo().with_context(**{REMINDER_OWNER: True})
        for user_id, step_ids in step_ids_by_user.items():
            Step.browse(step_ids).write({"user_id": user_id})
        self._followup_sync_activities()

    def _followup_sales_manager(self):
        """The order's sales manager, who reviews it and co-owns the plans
        of the tiers that say so: the level above its salesperson."""
        self.ensure_one()
        return self._followup_manager_above(self.user_id)

    def _followup_manager_above(self, user):
        """Who is above ``user`` on this order (see
        ``res.company._followup_level_above``)."""
        self.ensure_one()
        return self.company_id._followup_level_above(self.team_id, user)

    def _followup_sync_activities(self):
        """Bring the orders' reminders in line with their steps (see
        sales_followup.reminder.mixin), after changes made in batch."""
        self.env["sales_followup.step"]._followup_sync_groups(self)

    def _followup_register_customers(self):
        """A customer's first confirmed order gives it a code, from the sequence
        of the order's company, and its "customer since" date."""
        for company, orders in self.grouped("company_id").items():
            orders.partner_id._followup_assign_customer_code(company)
        since = {}
        for order in self:
            # In sudo: a confirmation registers the customer whoever confirms.
            partner = order.partner_id.commercial_partner_id.sudo()
            if not partner.followup_cooperation_date:
                day = order._followup_confirmation_date()
                since[partner] = min(since.get(partner, day), day)
        by_date = defaultdict(lambda: self.env["res.partner"])
        for partner, day in since.items():
            by_date[day] |= partner
        for day, partners in by_date.items():
            partners.sudo().followup_cooperation_date = day
