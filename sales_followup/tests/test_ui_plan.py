from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FollowupCommon


@tagged("post_install", "-at_install")
class TestPlanTour(FollowupCommon, HttpCase):
    """A short-lead order, as a rep enters it (tour short_lead_plan_tour.js):
    confirmed without a delivery date, its plan says it is incomplete and has
    no pre-delivery step; given a delivery in 3 days, the pre-delivery call
    comes after the first contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The browser's clock is not frozen: every day is a working day, so
        # "in 3 days" gives the same plan whatever today's weekday.
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Seven-day calendar",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.rep = new_test_user(
            cls.env,
            login="sf_plan_rep",
            name="Lin Wei",
            groups="sales_team.group_sale_salesman,sales_followup.group_followup_user",
            tz="UTC",
        )
        cls.team.member_ids = cls.rep
        cls.customer = cls.env["res.partner"].create(
            {"name": "Pearl River Foods", "is_company": True}
        )
        # A service: with Inventory installed, goods would get a delivery
        # scheduled by the warehouse, which dates the plan by itself.
        product = cls.env["product.product"].create(
            {"name": "Line Commissioning Day", "type": "service", "list_price": 20_000}
        )
        product.taxes_id = [Command.clear()]

    def test_short_lead_order_plan(self):
        self.start_tour("/odoo", "sales_followup_short_lead_plan", login=self.rep.login)

        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertFalse(order.followup_plan_warning)
        today = fields.Date.context_today(self.rep)
        self.assertEqual(order.commitment_date.date(), today + timedelta(days=3))
        self.assertEqual(
            [(step.kind, step.date_due) for step in self._steps(order) if step.user_id == self.rep],
            [
                ("first_contact", today + timedelta(days=1)),
                ("pre_delivery", today + timedelta(days=2)),
            ],
        )
