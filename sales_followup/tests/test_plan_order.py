"""Plans on real orders (issue 23): steps in the plan's order, collisions
merged, a plan without a delivery date says so, escalations one level up."""

from collections import Counter
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import FollowupCommon

CUSTOMER_ORDER = ("first_contact", "cadence", "pre_delivery", "satisfaction")


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestPlanOrder(FollowupCommon):
    def _customer_plan(self, order):
        return [
            (step.kind, step.date_due)
            for step in self._steps(order).filtered(lambda s: s.kind in CUSTOMER_ORDER)
        ]

    def assertPlanInOrder(self, order):
        """Each customer step is due after the one before it in the plan."""
        plan = self._customer_plan(order)
        kinds = [kind for kind, __ in plan]
        self.assertEqual(kinds, sorted(kinds, key=CUSTOMER_ORDER.index), plan)
        dates = [due for __, due in plan]
        self.assertEqual(dates, sorted(set(dates)), f"steps due together or out of order: {plan}")

    def test_regular_order_delivered_in_3_days(self):
        """Confirmed Monday 27 April, delivered Thursday 30: the first contact
        (3 working days: Thursday) cannot come after the pre-delivery check
        (Wednesday 29): one call on Wednesday covers both."""
        order = self._create_order(20_000, delivery=date(2026, 4, 30))
        order.action_confirm()
        self.assertEqual(self._customer_plan(order), [("first_contact", date(2026, 4, 29))])
        first = self._steps(order, "first_contact")
        self.assertIn(self.tier_regular.topics, first.topic)
        self.assertIn("Confirm delivery address, receiver and time.", first.topic)
        self.assertPlanInOrder(order)
        # The delivery moves out: the two steps part again.
        order.commitment_date = "2026-05-20 09:00:00"
        self.assertEqual(
            self._customer_plan(order),
            [("first_contact", date(2026, 4, 30)), ("pre_delivery", date(2026, 5, 19))],
        )
        self.assertEqual(self._steps(order, "first_contact"), first, "the same step, moved")

    def test_short_lead_times_never_out_of_order(self):
        """Every tier, every delivery from the confirmation day to three weeks
        out: the customer's steps come in the plan's order, one a day at most."""
        for amount in (600_000, 150_000, 20_000):
            for days in range(0, 22):
                with self.subTest(amount=amount, days=days):
                    delivery = date(2026, 4, 27 + days) if days < 4 else date(2026, 5, days - 3)
                    order = self._create_order(amount, delivery=delivery)
                    order.action_confirm()
                    self.assertPlanInOrder(order)
                    self.assertTrue(self._steps(order, "first_contact"))

    @freeze_time("2026-04-30 10:00:00")
    def test_delivered_before_first_contact(self):
        """Delivered the day it is confirmed (Thursday 30 April): the survey
        call, 3 working days later (Wednesday 6 May), is also the first
        contact of a Regular order (due the same day)."""
        order = self._create_order(20_000, delivery=date(2026, 4, 30))
        order.action_confirm()
        order.action_followup_mark_delivered()
        self.assertEqual(self._customer_plan(order), [("satisfaction", date(2026, 5, 6))])
        self.assertIn(self.tier_regular.topics, self._steps(order, "satisfaction").topic)
        # A Key order's first contact (Tuesday 5 May) stays before it.
        key = self._create_order(150_000, delivery=date(2026, 4, 30))
        key.action_confirm()
        key.action_followup_mark_delivered()
        self.assertEqual(
            self._customer_plan(key),
            [("first_contact", date(2026, 5, 5)), ("satisfaction", date(2026, 5, 6))],
        )

    def test_no_delivery_date_plan_incomplete(self):
        order = self._create_order(150_000)
        self.assertFalse(order.followup_plan_warning, "only confirmed orders have a plan")
        order.action_confirm()
        self.assertEqual(order.followup_plan_warning, "No delivery date — plan incomplete")
        self.assertEqual(
            self._customer_plan(order), [("first_contact", date(2026, 4, 29))], "no pre-delivery"
        )
        steps = self._steps(order)
        self.assertEqual(set(steps.mapped("plan_warning")), {order.followup_plan_warning})
        # The date given, the plan is complete: pre-delivery and cadence planned.
        order.commitment_date = "2026-05-15 09:00:00"
        self.assertFalse(order.followup_plan_warning)
        self.assertFalse(any(self._steps(order).mapped("plan_warning")))
        self.assertEqual(
            self._customer_plan(order),
            [
                ("first_contact", date(2026, 4, 29)),
                ("cadence", date(2026, 5, 5)),
                ("cadence", date(2026, 5, 8)),
                ("cadence", date(2026, 5, 13)),
                ("pre_delivery", date(2026, 5, 14)),
            ],
        )
        # Delivered: nothing is missing any more.
        order.commitment_date = False
        self.assertTrue(order.followup_plan_warning)
        order.action_followup_mark_delivered()
        self.assertFalse(order.followup_plan_warning)

    def test_plan_warning_in_my_followups_views(self):
        """The warning is in the views My Follow-ups opens (list, kanban, form)."""
        action = self.env.ref("sales_followup.sales_followup_step_action_my")
        Step = self.env["sales_followup.step"]
        views = Step.get_views([(False, mode) for mode in ("list", "kanban", "form")])
        for mode in ("list", "kanban", "form"):
            self.assertIn('name="plan_warning"', views["views"][mode]["arch"], mode)
        self.assertIn("kanban", action.view_mode)

    def test_leader_selling_escalates_to_the_next_level(self):
        """The salesperson leads the team: his late steps go to the follow-up
        manager, not back to him."""
        self.company.followup_manager_id = self.manager
        order = self._create_order(150_000, delivery=date(2026, 6, 30), user_id=self.leader.id)
        order.action_confirm()
        first = self._steps(order, "first_contact")
        self.assertEqual(first.user_id, self.leader)
        with freeze_time("2026-05-06 08:00:00"):
            self.env["sales_followup.step"]._cron_followup_reminders()
        self.assertEqual(first.escalation_user_id, self.manager)
        # The follow-up manager's own late step goes to the team leader.
        review = self._steps(order, "manager_review")
        self.assertEqual(review.user_id, self.manager)
        self.assertEqual(review.escalation_user_id, self.leader)


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo is what it says (issue 23): run on a database with demo data."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("sales_followup.order_demo_cancelled", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_demo_orders_and_plans_are_consistent(self):
        self.assertEqual(self.env.ref("sales_followup.order_demo_cancelled").state, "cancel")
        self.assertEqual(
            set(
                self.env.ref("sales_followup.order_demo_cancelled").followup_step_ids.mapped(
                    "state"
                )
            ),
            {"cancelled"},
        )
        self.assertTrue(self.env.ref("sales_followup.order_demo_delivered").followup_delivered_date)
        quiet = self.env.ref("sales_followup.partner_demo_quiet")
        self.assertTrue(quiet.followup_do_not_contact)
        orders = self.env["sale.order"].search([("followup_step_ids", "!=", False)])
        self.assertGreaterEqual(len(orders), 6)
        for order in orders:
            confirmed = order._followup_confirmation_date()
            for step in order.followup_step_ids.filtered("plan_key"):
                with self.subTest(order=order.name, step=step.kind):
                    self.assertGreaterEqual(step.date_due, confirmed, "due before the order date")
        # Late work is there to show, and escalates one level up, never to
        # the person who is late.
        late = self.env["sales_followup.step"].search(
            [("state", "in", ("planned", "overdue")), ("date_due", "<", date.today())]
        )
        self.assertTrue(late)
        for step in late:
            with self.subTest(order=step.order_id.name, step=step.kind):
                self.assertNotEqual(step._followup_escalation_user(), step.user_id)

    def test_demo_customers_show_each_health(self):
        """Each health state shows once or twice among the demo's customers,
        and their "customer since" goes back to their first interaction."""
        customers = [
            self.env.ref(f"sales_followup.partner_demo_{name}")
            for name in ("strategic", "key", "regular", "quiet", "returning", "dormant", "pinned")
        ]
        health = Counter(customer.followup_health for customer in customers)
        self.assertEqual(set(health), {"good", "watch", "at_risk"}, health)
        self.assertLessEqual(max(health.values()), 3, health)
        strategic = self.env.ref("sales_followup.partner_demo_strategic")
        first_contact = min(strategic.followup_interaction_ids.mapped("date")).date()
        # A day either way: the day is the company's, the date UTC.
        self.assertLessEqual(abs((strategic.followup_customer_since - first_contact).days), 1)
        self.assertLess(strategic.followup_customer_since, strategic.followup_first_order_date)

    def test_demo_calls_commitments_and_complaints(self):
        """Calls, promises and complaints (issue 19) as the demo says, each
        after what it follows."""
        now = fields.Datetime.now()
        Interaction = self.env["sales_followup.interaction"]
        calls = Interaction.search([("call_outcome", "!=", False)])
        reached = calls.filtered(lambda call: call.call_outcome == "reached")
        self.assertTrue(reached)
        self.assertTrue(all(call.duration_minutes > 0 for call in reached))
        self.assertIn(
            "客户不在", calls.filtered(lambda c: c.call_outcome == "no_answer").mapped("summary")
        )
        # Two attempts on the regular order's first contact: still open.
        first_contact = self.env.ref("sales_followup.interaction_demo_regular_no_answer").step_id
        self.assertEqual(first_contact.kind, "first_contact")
        self.assertIn(first_contact.state, ("planned", "overdue"))
        self.assertEqual(first_contact.call_attempt_count, 2)
        # Reached at the second call.
        self.assertEqual(
            self.env.ref("sales_followup.interaction_demo_key_reached").call_attempt, 2
        )
        for call in calls:
            with self.subTest(call=call.summary):
                self.assertLessEqual(call.date, now)
                if call.step_id.order_id:
                    self.assertGreaterEqual(
                        call.date.date(),
                        call.step_id.order_id.date_order.date(),
                        "before the order",
                    )

        kept = self.env.ref("sales_followup.commitment_demo_key_kept")
        self.assertEqual(kept.state, "kept")
        self.assertFalse(kept.is_late)
        self.assertGreaterEqual(kept.kept_interaction_id.date, kept.interaction_id.date)
        broken = self.env.ref("sales_followup.commitment_demo_key_broken")
        self.assertEqual(broken.state, "open")
        self.assertTrue(broken.is_late)
        self.assertEqual(broken.partner_id.followup_commitment_late_count, 1)

        complaints = self.env["sales_followup.complaint"].search([])
        self.assertGreaterEqual(len(set(complaints.mapped("state"))), 3, "at different stages")
        self.assertIn("closed", complaints.mapped("state"))
        quality = self.env.ref("sales_followup.complaint_demo_quality")
        self.assertEqual(quality.state, "awaiting_approval")
        self.assertEqual(quality.interaction_id.satisfaction, 2)
        for complaint in complaints:
            with self.subTest(complaint=complaint.name):
                self.assertNotEqual(complaint.user_id, self.env.ref("base.user_root"))
                if complaint.interaction_id:
                    self.assertGreaterEqual(complaint.date_received, complaint.interaction_id.date)
                stages = [
                    complaint.date_received,
                    complaint.date_visited,
                    complaint.date_approved,
                    complaint.date_replied,
                    complaint.date_closed,
                ]
                stages = [stage for stage in stages if stage]
                self.assertEqual(stages, sorted(stages), "stages out of order")
                self.assertLessEqual(stages[-1], now)
                for step in complaint.step_ids:
                    self.assertGreaterEqual(step.date_due, complaint.date_received.date())
                    if step.date_done:
                        self.assertGreaterEqual(step.date_done, complaint.date_received)
                        self.assertLessEqual(step.date_done, now)
        closed = self.env.ref("sales_followup.complaint_demo_closed")
        self.assertEqual(closed.state, "closed")
        self.assertTrue(1 <= closed.satisfaction <= 5)
        self.assertEqual(set(closed.step_ids.mapped("state")), {"done"})
        for step in closed.step_ids:
            self.assertLessEqual(step.date_done.date(), step.date_due, f"{step.kind} done late")
        self.assertLessEqual(closed.date_visited.date(), closed.date_visit_deadline)
