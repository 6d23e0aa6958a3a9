from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestPlan(FollowupCommon):
    def _plan(self, order):
        return [(step.kind, step.date_due) for step in self._steps(order)]

    @freeze_time("2026-04-30 10:00:00")
    def test_strategic_plan_across_holiday_and_weekend(self):
        """Confirmed on Thursday 30 April: Friday is Labour Day, then a weekend."""
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertEqual(
            self._plan(order),
            [
                # 1 working day after Thursday 30 April is Monday 4 May.
                ("manager_review", date(2026, 5, 4)),
                ("first_contact", date(2026, 5, 4)),
                # Weekly (5 working days) until the pre-delivery check.
                ("cadence", date(2026, 5, 11)),
                ("cadence", date(2026, 5, 18)),
                # 1 working day before Friday 22 May.
                ("pre_delivery", date(2026, 5, 21)),
            ],
        )
        review = self._steps(order, "manager_review")
        self.assertEqual(review.user_id, self.leader)
        self.assertEqual(self._steps(order, "first_contact").user_id, self.salesman)

    @freeze_time("2026-04-30 10:00:00")
    def test_key_and_regular_first_contact(self):
        key = self._create_order(150_000, delivery=date(2026, 5, 22))
        regular = self._create_order(20_000, delivery=date(2026, 5, 22))
        (key | regular).action_confirm()
        # Two working days after Thursday: Monday 4 May, Tuesday 5 May.
        self.assertEqual(self._steps(key, "first_contact").date_due, date(2026, 5, 5))
        # Every 3 working days from the first contact, before the pre-delivery step.
        self.assertEqual(
            self._steps(key, "cadence").mapped("date_due"),
            [date(2026, 5, 8), date(2026, 5, 13), date(2026, 5, 18)],
        )
        self.assertEqual(self._steps(regular, "first_contact").date_due, date(2026, 5, 6))
        self.assertFalse(self._steps(regular, "cadence"), "Regular orders: no cadence")
        self.assertEqual(self._steps(regular, "pre_delivery").date_due, date(2026, 5, 21))

    @freeze_time("2026-04-27 10:00:00")
    def test_pre_delivery_skips_holiday_backwards(self):
        """Delivery on Monday 4 May: the working day before is Thursday 30 April
        (a Key order, whose first contact is due before, on Wednesday 29)."""
        order = self._create_order(150_000, delivery=date(2026, 5, 4))
        order.action_confirm()
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 4, 30))

    @freeze_time("2026-04-27 10:00:00")
    def test_new_holiday_counts_at_once(self):
        """Working days are cached per calendar and month: a public holiday
        declared, then removed, after plans were made moves the next plans."""
        first = self._create_order(20_000, delivery=date(2026, 5, 22))
        first.action_confirm()
        # Regular tier: first contact 3 working days after Monday 27 April.
        self.assertEqual(self._steps(first, "first_contact").date_due, date(2026, 4, 30))
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Extra holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 4, 29, 0, 0),
                "date_to": datetime(2026, 4, 29, 23, 59, 59),
            }
        )
        second = self._create_order(20_000, delivery=date(2026, 5, 22))
        second.action_confirm()
        # Wednesday 29 April off, Friday 1 May off: Monday 4 May.
        self.assertEqual(self._steps(second, "first_contact").date_due, date(2026, 5, 4))
        holiday.unlink()
        third = self._create_order(20_000, delivery=date(2026, 5, 22))
        third.action_confirm()
        self.assertEqual(self._steps(third, "first_contact").date_due, date(2026, 4, 30))

    def test_personal_time_off_keeps_working_days(self):
        """A person's time off is not a company holiday: plans do not move,
        and the working days cached for the calendar stay valid."""
        window = (date(2026, 4, 1), date(2026, 5, 31))
        self.calendar._followup_working_days(*window)
        resource = self.env["resource.resource"].create(
            {"name": "Fitter on leave", "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": datetime(2026, 4, 29, 0, 0),
                "date_to": datetime(2026, 4, 29, 23, 59, 59),
            }
        )
        with self.assertQueryCount(0):
            self.calendar._followup_working_days(*window)
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        self.assertEqual(self._steps(order, "first_contact").date_due, date(2026, 4, 30))

    @freeze_time("2026-04-30 10:00:00")
    def test_manager_review_for_every_tier_by_default(self):
        """Seed 000 step 1: the sales manager checks amount and delivery date
        of every order, within 1 working day (Thursday 30 April: Labour Day
        and the weekend put it on Monday 4 May)."""
        tiers = self.tier_strategic | self.tier_key | self.tier_regular
        self.assertEqual(tiers.mapped("manager_review"), [True, True, True])
        self.assertEqual(tiers.mapped("manager_review_days"), [1, 1, 1])
        self.assertTrue(self.env["sales_followup.tier"].new({}).manager_review)
        orders = [
            self._create_order(amount, delivery=date(2026, 6, 30))
            for amount in (600_000, 150_000, 20_000)
        ]
        for order in orders:
            order.action_confirm()
        self.assertEqual(
            [order.followup_tier_id for order in orders],
            [self.tier_strategic, self.tier_key, self.tier_regular],
        )
        for order in orders:
            review = self._steps(order, "manager_review")
            self.assertEqual(
                (review.date_due, review.user_id), (date(2026, 5, 4), self.leader), order.name
            )

    def test_manager_review_switched_off_per_tier(self):
        self.tier_key.manager_review = False
        key = self._create_order(150_000, delivery=date(2026, 6, 30))
        key.action_confirm()
        self.assertFalse(self._steps(key, "manager_review"))
        self.tier_regular.manager_review_days = 2
        regular = self._create_order(20_000, delivery=date(2026, 6, 30))
        regular.action_confirm()
        # Two working days after Monday 27 April.
        self.assertEqual(self._steps(regular, "manager_review").date_due, date(2026, 4, 29))

    def test_manager_review_falls_back_to_company_manager(self):
        self.team.user_id = False
        self.company.followup_manager_id = self.manager
        order = self._create_order(600_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        self.assertEqual(self._steps(order, "manager_review").user_id, self.manager)

    @freeze_time("2026-04-30 10:00:00")
    def test_delivered_plans_satisfaction(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        self.assertFalse(self._steps(order, "satisfaction"))
        order.action_followup_mark_delivered()
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 30))
        # Three working days after Thursday 30 April: 4, 5, 6 May.
        self.assertEqual(self._steps(order, "satisfaction").date_due, date(2026, 5, 6))
        # Delivered early: the pre-delivery check is no longer needed.
        self.assertFalse(self._steps(order, "pre_delivery"))

    @freeze_time("2026-04-30 10:00:00")
    def test_reschedule_moves_open_steps_only(self):
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        first = self._steps(order, "first_contact")
        first.action_done()
        order.commitment_date = "2026-06-05 09:00:00"
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 6, 4))
        self.assertEqual(self._steps(order, "cadence").mapped("date_due")[-1], date(2026, 6, 3))
        # Done steps are never rewritten.
        self.assertEqual(first.state, "done")
        self.assertEqual(first.date_due, date(2026, 5, 5))
        # Bringing delivery closer cancels the cadence steps that no longer fit.
        order.commitment_date = "2026-05-12 09:00:00"
        self.assertEqual(self._steps(order, "cadence").mapped("date_due"), [date(2026, 5, 8)])
        obsolete = order.followup_step_ids.filtered(lambda step: step.state == "cancelled")
        self.assertTrue(obsolete)
        self.assertTrue(all(step.kind == "cadence" for step in obsolete))
        # And moving it back out reopens them instead of duplicating them.
        order.commitment_date = "2026-06-05 09:00:00"
        self.assertFalse(order.followup_step_ids.filtered(lambda step: step.state == "cancelled"))

    def test_cancel_order_cancels_open_steps(self):
        order = self._create_order(150_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        first = self._steps(order, "first_contact")
        first.action_done()
        order._action_cancel()
        self.assertEqual(first.state, "done")
        others = order.followup_step_ids - first
        self.assertTrue(others)
        self.assertEqual(set(others.mapped("state")), {"cancelled"})
        self.assertEqual(set(others.mapped("cancel_reason")), {"The order was cancelled."})
        self.assertFalse(self._followup_activities(order))

    def test_lines_changed_on_their_own_replan(self):
        """A line added or repriced without saving its order (a reinvoiced
        expense, an import, another module) moves a confirmed order's plan to
        its new tier, as saving the order does."""
        self.tier_regular.manager_review = False
        order = self._create_order(20_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        self.assertFalse(self._steps(order, "manager_review"))
        self.assertFalse(self._steps(order, "cadence"))
        extra = self.env["sale.order.line"].create(
            {"order_id": order.id, "product_id": self.product.id, "price_unit": 580_000}
        )
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertEqual(len(self._steps(order, "manager_review")), 1)
        self.assertTrue(self._steps(order, "cadence"))
        self.assertEqual(set(self._steps(order).mapped("tier_id")), {self.tier_strategic})
        # Set to nothing, as Odoo asks instead of deleting a confirmed line:
        # back to the regular plan, the strategic steps cancelled by the plan.
        extra.product_uom_qty = 0
        self.assertEqual(order.followup_tier_id, self.tier_regular)
        self.assertFalse(self._steps(order, "manager_review"))
        self.assertFalse(self._steps(order, "cadence"))
        cancelled = order.followup_step_ids.filtered(lambda step: step.state == "cancelled")
        self.assertEqual(set(cancelled.mapped("kind")), {"manager_review", "cadence"})
        self.assertTrue(all(cancelled.mapped("cancel_automatic")))
        # A price change within the tier leaves the plan alone: a step the
        # rep moved by hand stays where he put it.
        first = self._steps(order, "first_contact")
        first.date_due = date(2026, 5, 20)
        order.order_line[0].price_unit = 25_000
        self.assertEqual(order.followup_tier_id, self.tier_regular)
        self.assertEqual(first.date_due, date(2026, 5, 20))

    def test_generate_twice(self):
        order = self._create_order(600_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        steps = order.followup_step_ids
        values = steps.read(["kind", "date_due", "state", "user_id"])
        order._followup_sync_plan()
        order._followup_sync_plan()
        self.assertEqual(order.followup_step_ids, steps)
        self.assertEqual(steps.read(["kind", "date_due", "state", "user_id"]), values)

    def test_duplicate_step_refused_by_database(self):
        order = self._create_order(150_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        first = self._steps(order, "first_contact")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["sales_followup.step"].create(
                {
                    "order_id": order.id,
                    "plan_key": first.plan_key,
                    "kind": "first_contact",
                    "date_due": first.date_due,
                }
            )
            self.env.flush_all()

    def test_do_not_contact_before_confirmation(self):
        self.partner.write(
            {
                "followup_do_not_contact": True,
                "followup_do_not_contact_reason": "Tender period",
            }
        )
        self.assertEqual(
            self.partner.followup_do_not_contact_date,
            date.today(),
        )
        key = self._create_order(150_000, delivery=date(2026, 6, 30))
        strategic = self._create_order(600_000, delivery=date(2026, 6, 30))
        (key | strategic).action_confirm()
        # Internal reviews go on; nothing reaches out to the customer.
        self.assertEqual(key.followup_step_ids.mapped("kind"), ["manager_review"])
        self.assertEqual(strategic.followup_step_ids.mapped("kind"), ["manager_review"])

    def test_do_not_contact_cancels_open_steps(self):
        contact = self.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": self.partner.id}
        )
        order = self._create_order(600_000, delivery=date(2026, 6, 30), partner=contact)
        order.action_confirm()
        first = self._steps(order, "first_contact")
        first.action_done()
        self.partner.write(
            {
                "followup_do_not_contact": True,
                "followup_do_not_contact_reason": "Asked by phone",
            }
        )
        self.assertTrue(contact.followup_do_not_contact, "contacts follow the company")
        cancelled = order.followup_step_ids.filtered(lambda step: step.state == "cancelled")
        self.assertEqual(set(cancelled.mapped("kind")), {"cadence", "pre_delivery"})
        self.assertIn("Asked by phone", cancelled[0].cancel_reason)
        self.assertEqual(first.state, "done")
        self.assertEqual(self._steps(order, "manager_review").state, "planned")
        self.assertEqual(
            self._followup_activities(order).followup_step_id.mapped("kind"),
            ["manager_review"],
        )

    def test_risk_warning_visible_on_plan(self):
        order = self._create_order(
            20_000,
            delivery=date(2026, 6, 30),
            followup_risk_warning=True,
            followup_special_requirements="Ship within 3 days",
        )
        order.action_confirm()
        self.assertTrue(all(order.followup_step_ids.mapped("risk_warning")))

    def test_steps_follow_new_salesperson(self):
        order = self._create_order(150_000, delivery=date(2026, 6, 30))
        order.action_confirm()
        order.user_id = self.salesman_2
        open_steps = self._steps(order)
        # The review stays with the sales manager.
        self.assertEqual(
            set(open_steps.mapped(lambda step: (step.kind == "manager_review", step.user_id))),
            {(True, self.leader), (False, self.salesman_2)},
        )
        self.assertEqual(self._followup_activities(order).user_id, self.salesman_2 | self.leader)

    def test_steps_follow_their_order(self):
        """A step's customer, company and tier are its order's, whoever made
        it and whatever changes on the order afterwards."""
        buyer = self.env["res.partner"].create({"name": "Li Wei", "parent_id": self.partner.id})
        order = self._create_order(50_000, delivery=date(2026, 6, 30), partner=buyer)
        order.action_confirm()
        steps = order.followup_step_ids
        self.assertTrue(steps)
        for field, expected in (
            ("partner_id", self.partner),
            ("company_id", self.company),
            ("tier_id", self.tier_regular),
        ):
            self.assertEqual(set(steps.mapped(field)), {expected}, field)

        # A salesperson's step gets the order's values, not the ones he gives.
        other = self.env["res.partner"].create({"name": "Other Customer", "is_company": True})
        custom = (
            self.env["sales_followup.step"]
            .with_user(self.salesman)
            .create(
                {
                    "order_id": order.id,
                    "kind": "custom",
                    "date_due": date(2026, 5, 4),
                    "partner_id": other.id,
                    "tier_id": self.tier_strategic.id,
                }
            )
        )
        self.assertEqual(custom.partner_id, self.partner)
        self.assertEqual(custom.tier_id, self.tier_regular)
        with self.assertRaises(UserError):
            custom.with_user(self.salesman).write({"partner_id": other.id})

        # The order grows into the strategic tier; the buyer moves to
        # another company: every step follows, the new ones included.
        order.order_line = [Command.update(order.order_line.id, {"price_unit": 600_000})]
        buyer.parent_id = other
        steps = order.followup_step_ids
        self.assertIn("manager_review", steps.mapped("kind"))
        self.assertEqual(set(steps.mapped("tier_id")), {self.tier_strategic})
        self.assertEqual(set(steps.mapped("partner_id")), {other})
