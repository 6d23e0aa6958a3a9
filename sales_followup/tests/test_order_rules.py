"""Seed 000 on orders (issue 20 item 3): the plan's owners, the special
requirements note, the low-satisfaction working group and quality issues."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_interaction import InteractionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-30 10:00:00")
class TestOrderRules(InteractionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.after_sales = new_test_user(
            cls.env, login="sf_after_sales", groups="sales_team.group_sale_salesman", tz="UTC"
        )
        cls.product_engineer = new_test_user(
            cls.env, login="sf_product", groups="base.group_user", tz="UTC"
        )

    def _my_followups(self, user):
        """The steps "My Follow-ups" lists for ``user``: its search filter,
        read from the view and evaluated as the web client does."""
        Step = self.env["sales_followup.step"]
        arch = Step.get_views([(False, "search")])["views"]["search"]["arch"]
        [node] = etree.fromstring(arch).xpath("//filter[@name='my']")
        domain = safe_eval(node.get("domain"), {"uid": user.id})
        return Step.search(domain + [("state", "in", ("planned", "overdue"))])

    def _reminders(self, order):
        return {
            (act.user_id, act.followup_step_id.kind) for act in self._followup_activities(order)
        }

    # ------------------------------------------------------------
    # The Strategic tier's two owners
    # ------------------------------------------------------------

    def test_strategic_plan_is_salesperson_and_managers(self):
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        customer_steps = self._steps(order).filtered(lambda s: s.kind != "manager_review")
        self.assertEqual(set(customer_steps.mapped("co_owner_id")), {self.leader})
        # Both get the plan's reminders ...
        self.assertEqual(
            self._reminders(order),
            {
                (self.salesman, "first_contact"),
                (self.leader, "manager_review"),
            },
        )
        self._steps(order, "manager_review").with_user(self.leader).action_done()
        self.assertEqual(
            self._reminders(order),
            {(self.salesman, "first_contact"), (self.leader, "first_contact")},
        )
        # ... and both see it in My Follow-ups; a Key order stays the rep's.
        key = self._create_order(150_000, delivery=date(2026, 5, 22))
        key.action_confirm()
        self.assertEqual(self._my_followups(self.leader).order_id, order | key)
        self.assertEqual(
            self._my_followups(self.leader).filtered(lambda s: s.order_id == key).kind,
            "manager_review",
        )
        self.assertEqual(
            self._my_followups(self.salesman),
            customer_steps | self._steps(key) - self._steps(key, "manager_review"),
        )

    def test_tier_owner_setting_drives_the_plan(self):
        key = self._create_order(150_000, delivery=date(2026, 5, 22))
        key.action_confirm()
        self.assertFalse(key.followup_step_ids.co_owner_id)
        # A Key tier made "salesperson and sales manager": its open plans follow.
        self.tier_key.responsible = "salesperson_manager"
        self.assertEqual(
            self._reminders(key),
            {
                (self.salesman, "first_contact"),
                (self.leader, "manager_review"),
            },
        )
        self.assertEqual(
            set(self._steps(key, "first_contact").mapped("co_owner_id")), {self.leader}
        )
        self.tier_strategic.responsible = "salesperson"
        strategic = self._create_order(600_000, delivery=date(2026, 5, 22))
        strategic.action_confirm()
        self.assertFalse(strategic.followup_step_ids.co_owner_id)

    def test_leader_selling_himself_is_reviewed_one_level_up(self):
        """A team leader's own Strategic order: the follow-up manager reviews
        it and co-owns its plan; without one, the leader has no co-owner."""
        order = self._create_order(600_000, delivery=date(2026, 5, 22), user_id=self.leader.id)
        order.action_confirm()
        self.assertEqual(self._steps(order, "manager_review").user_id, self.leader)
        self.assertFalse(order.followup_step_ids.co_owner_id)
        self.company.followup_manager_id = self.manager
        other = self._create_order(600_000, delivery=date(2026, 5, 22), user_id=self.leader.id)
        other.action_confirm()
        self.assertEqual(self._steps(other, "manager_review").user_id, self.manager)
        self.assertEqual(
            set(self._steps(other, "first_contact").mapped("co_owner_id")), {self.manager}
        )

    def test_co_owner_reads_the_steps_he_co_owns(self):
        """A follow-up manager with his own documents only (no team to lead)
        reads the plans he co-owns, as My Follow-ups lists them."""
        self.company.followup_manager_id = self.salesman_2
        order = self._create_order(600_000, delivery=date(2026, 5, 22), team_id=False)
        order.action_confirm()
        Step = self.env["sales_followup.step"].with_user(self.salesman_2)
        mine = Step.search(
            [
                "|",
                ("user_id", "=", self.salesman_2.id),
                ("co_owner_id", "=", self.salesman_2.id),
            ]
        )
        self.assertEqual(mine, order.followup_step_ids)
        self.assertEqual(mine.with_user(self.salesman_2).mapped("kind")[0], "manager_review")
        # Another rep's Key order stays out of his sight.
        key = self._create_order(150_000, delivery=date(2026, 5, 22), team_id=False)
        key.action_confirm()
        self.assertFalse(Step.search([("order_id", "=", key.id), ("kind", "!=", "manager_review")]))

    def test_co_owner_is_bookkeeping(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        step = self._steps(order, "first_contact")
        with self.assertRaises(AccessError):
            step.with_user(self.salesman).co_owner_id = self.salesman_2

    # ------------------------------------------------------------
    # Special requirements without a risk warning
    # ------------------------------------------------------------

    def test_special_requirements_without_risk_warning(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        with Form(order.with_user(self.salesman)) as form:
            form.followup_special_requirements = "Attach the operating manual in Chinese"
        self.assertEqual(
            order.followup_special_requirements, "Attach the operating manual in Chinese"
        )
        self.assertFalse(order.followup_risk_warning)
        order.action_confirm()
        self.assertFalse(any(order.followup_step_ids.mapped("risk_warning")))
        # A risk warning still says what the risk is.
        form = Form(order.with_user(self.salesman))
        form.followup_risk_warning = True
        form.followup_special_requirements = False
        with self.assertRaisesRegex(AssertionError, "followup_special_requirements is a required"):
            form.save()

    # ------------------------------------------------------------
    # Satisfaction 2 or less: the salesperson's working group
    # ------------------------------------------------------------

    def _escalate(self, **values):
        order = self._create_order(20_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        interaction = self._log(
            order_id=order.id,
            kind="survey",
            satisfaction=2,
            escalation_user_ids=[self.after_sales.id],
            **values,
        )
        return order, interaction

    @freeze_time("2026-04-29 10:00:00")
    def test_low_satisfaction_working_group_and_deadlines(self):
        """Wednesday 29 April: the solution is due within 24 hours (Thursday
        30), the customer's confirmation 3 working days later, across Labour
        Day and the weekend (Tuesday 5 May)."""
        order, interaction = self._escalate()
        solution, confirmation = interaction.solution_step_id, interaction.escalation_step_id
        self.assertEqual(
            [(s.kind, s.date_due, s.user_id, s.state) for s in solution | confirmation],
            [
                ("solution", date(2026, 4, 30), self.salesman, "planned"),
                ("escalation", date(2026, 5, 5), self.salesman, "planned"),
            ],
        )
        self.assertEqual(
            order.followup_step_ids & (solution | confirmation), solution | confirmation
        )
        # The group is reminded of the solution, the salesperson leads.
        solution_reminders = self.env["mail.activity"].search(
            [("followup_step_id", "=", solution.id)]
        )
        self.assertEqual(solution_reminders.user_id, self.salesman | self.after_sales)
        # Told, following the order and the interaction, the manager too.
        note = interaction.message_ids.filtered(lambda m: "working group" in (m.body or ""))
        self.assertEqual(note.partner_ids, self.after_sales.partner_id | self.leader.partner_id)
        self.assertIn(self.salesman.name, note.body)
        for document in (order, interaction):
            self.assertLessEqual(
                self.after_sales.partner_id | self.leader.partner_id,
                document.message_partner_ids,
            )
        # No second escalation when the score changes.
        interaction.with_user(self.salesman).satisfaction = 1
        self.assertEqual(len(order.followup_step_ids.filtered(lambda s: s.kind == "solution")), 1)
        # A product engineer joins: told, following, reminded.
        interaction.with_user(self.salesman).escalation_user_ids = [(4, self.product_engineer.id)]
        self.assertIn(
            self.product_engineer,
            self.env["mail.activity"].search([("followup_step_id", "=", solution.id)]).user_id,
        )
        self.assertIn(self.product_engineer.partner_id, order.message_partner_ids)
        joined = interaction.message_ids.filtered(lambda m: "joined" in (m.body or ""))
        self.assertEqual(joined.partner_ids, self.product_engineer.partner_id)
        # The solution found: every reminder of it is done; the group has no
        # other step, the salesperson goes on with his earliest one.
        solution.with_user(self.salesman).action_done()
        self.assertFalse(self.env["mail.activity"].search([("followup_step_id", "=", solution.id)]))
        self.assertEqual(
            self._reminders(order),
            {(self.salesman, "first_contact"), (self.leader, "manager_review")},
        )
        self.assertEqual(confirmation.state, "planned")

    def test_low_satisfaction_before_a_long_weekend(self):
        """Thursday 30 April: 24 hours fall on Labour Day, so the solution is
        due on the next working day, Monday 4 May; confirmation Wednesday 6."""
        __, interaction = self._escalate()
        self.assertEqual(interaction.solution_step_id.date_due, date(2026, 5, 4))
        self.assertEqual(interaction.escalation_step_id.date_due, date(2026, 5, 6))

    def test_late_solution_escalates_like_any_step(self):
        __, interaction = self._escalate()
        solution = interaction.solution_step_id
        with freeze_time("2026-05-08 08:00:00"):
            self.env["sales_followup.step"]._cron_followup_reminders()
        self.assertEqual(solution.state, "overdue")
        self.assertEqual(solution.escalation_user_id, self.leader)

    def test_working_group_are_internal_users_of_the_company(self):
        portal = new_test_user(self.env, login="sf_portal", groups="base.group_portal")
        order = self._create_order(20_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        with self.assertRaises(ValidationError):
            self._log(
                order_id=order.id,
                kind="survey",
                satisfaction=1,
                escalation_user_ids=[portal.id],
            )
        self.assertFalse(order.followup_step_ids.filtered(lambda s: s.kind == "solution"))

    # ------------------------------------------------------------
    # Quality issues reach after-sales within 24 hours
    # ------------------------------------------------------------

    def test_quality_issue_without_after_sales_goes_to_team_leader(self):
        self.assertFalse(self.company.followup_after_sales_user_id)
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        self._log(order_id=order.id, kind="exception", exception_reason="quality_mismatch")
        activity = self._activities(order, self.escalation_type)
        self.assertEqual(activity.user_id, self.leader)
        # Thursday 30 April 10:00 + 24 hours.
        self.assertEqual(activity.date_deadline, date(2026, 5, 1))
        self.assertIn("No after-sales contact", str(activity.note))
        # Without a team leader, the follow-up manager.
        self.company.followup_manager_id = self.manager
        loose = self._create_order(20_000, delivery=date(2026, 5, 22), team_id=False)
        self._log(order_id=loose.id, kind="exception", exception_reason="quality_mismatch")
        self.assertEqual(self._activities(loose, self.escalation_type).user_id, self.manager)
        # Configured: the after-sales contact, whatever the team.
        self.company.followup_after_sales_user_id = self.after_sales
        third = self._create_order(20_000, delivery=date(2026, 5, 22))
        self._log(order_id=third.id, kind="exception", exception_reason="quality_mismatch")
        self.assertEqual(self._activities(third, self.escalation_type).user_id, self.after_sales)
