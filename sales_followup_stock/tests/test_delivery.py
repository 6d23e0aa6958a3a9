from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import StockFollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestDelivery(StockFollowupCommon):
    def test_validated_delivery_marks_delivered(self):
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 7))
        with freeze_time("2026-04-30 15:00:00"):
            self._validate(order.picking_ids)
        # Nobody pressed Mark Delivered: the delivery decided, on its day.
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 30))
        tier = order.followup_tier_id
        self.assertEqual(tier, self.tier_regular)
        self.assertEqual(tier.satisfaction_days, 3)
        workdays = self.calendar._followup_working_days(date(2026, 4, 1), date(2026, 6, 30))
        satisfaction = self._steps(order, "satisfaction")
        self.assertEqual(satisfaction.date_due, workdays.add(date(2026, 4, 30), 3))
        # Friday 1 May is Labour Day, then the weekend: 4, 5, 6 May.
        self.assertEqual(satisfaction.date_due, date(2026, 5, 6))
        self.assertEqual(satisfaction.user_id, self.salesman)
        # Delivered before the committed day: no pre-delivery call left.
        self.assertFalse(self._steps(order, "pre_delivery"))
        self.assertFalse(self._exceptions(order))

    def test_clerk_needs_no_followup_rights(self):
        """The clerk who validates cannot read the follow-up, yet his
        validation plans it."""
        with self.assertRaises(AccessError):
            self.env["sales_followup.step"].with_user(self.clerk).search([])
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        self._validate(order.picking_ids, user=self.clerk)
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 27))
        self.assertEqual(self._steps(order, "satisfaction").date_due, date(2026, 4, 30))

    def test_other_rep_in_the_warehouse_validates(self):
        """A salesperson who also works the warehouse validates another rep's
        delivery: the order's follow-up moves on, and stays out of his sight."""
        rep_b = new_test_user(
            self.env,
            login="sf_rep_warehouse",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
            tz="UTC",
        )
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        self._validate(order.picking_ids, user=rep_b)
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 27))
        satisfaction = self._steps(order, "satisfaction")
        self.assertEqual(satisfaction.user_id, self.salesman)
        with self.assertRaises(AccessError):
            satisfaction.with_user(rep_b).read(["date_due"])

    def test_delivered_day_in_company_time_zone(self):
        self.calendar.tz = "Asia/Shanghai"
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        # 21:00 in UTC (the clerk's time zone) is 5:00 on 1 May in Shanghai.
        with freeze_time("2026-04-30 21:00:00"):
            self._validate(order.picking_ids)
        self.assertEqual(order.followup_delivered_date, date(2026, 5, 1))

    def test_backorder_keeps_order_open(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 8))
        order.action_confirm()
        first = order.picking_ids
        with freeze_time("2026-04-29 10:00:00"):
            self._validate(first, quantity=4)
        backorder = order.picking_ids - first
        self.assertEqual(backorder.state, "assigned")
        self.assertFalse(order.followup_delivered_date)
        self.assertFalse(self._steps(order, "satisfaction"))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 7))
        with freeze_time("2026-05-05 10:00:00"):
            self._validate(backorder)
        self.assertEqual(order.followup_delivered_date, date(2026, 5, 5))
        self.assertEqual(self._steps(order, "satisfaction").date_due, date(2026, 5, 8))

    def test_partial_delivery_without_backorder_delivers(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 8))
        order.action_confirm()
        self._validate(order.picking_ids, quantity=4, backorder=False)
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 27))

    def test_cancelled_backorder_delivers(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 8))
        order.action_confirm()
        first = order.picking_ids
        with freeze_time("2026-04-29 10:00:00"):
            self._validate(first, quantity=4)
        (order.picking_ids - first).with_user(self.clerk).action_cancel()
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 29))

    def test_reschedule_delivery_moves_pre_delivery(self):
        order = self._stock_order()
        order.action_confirm()
        picking = order.picking_ids.with_user(self.clerk)
        # No committed date, but a delivery scheduled: the plan is complete.
        self.assertFalse(order.commitment_date)
        self.assertFalse(order.followup_plan_warning)
        # Expected today (no lead time): one call, today, the first contact
        # covering the pre-delivery confirmation.
        self.assertFalse(self._steps(order, "pre_delivery"))
        self.assertEqual(self._call_before_delivery(order).date_due, date(2026, 4, 27))
        picking.scheduled_date = self._at(date(2026, 5, 20))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 19))
        # Across Labour Day and the weekend, backwards.
        picking.scheduled_date = self._at(date(2026, 5, 4))
        self.assertEqual(self._call_before_delivery(order).date_due, date(2026, 4, 30))

    def test_committed_date_comes_first(self):
        """The customer is called before the promised day even when the
        delivery is planned later; earlier deliveries bring the call forward."""
        order = self._stock_order(delivery=date(2026, 5, 22))
        order.action_confirm()
        picking = order.picking_ids.with_user(self.clerk)
        self.assertEqual(picking.scheduled_date.date(), date(2026, 5, 22))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 21))
        picking.scheduled_date = self._at(date(2026, 5, 15))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 14))
        picking.scheduled_date = self._at(date(2026, 5, 29))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 21))

    def test_three_step_route_only_ship_counts(self):
        """Pick, pack, ship: each step appears when the one before is done;
        only the ship, which reaches the customer, delivers the order."""
        self.warehouse.delivery_steps = "pick_pack_ship"
        order = self._stock_order(delivery=date(2026, 5, 22), warehouse_id=self.warehouse.id)
        order.action_confirm()
        pick = order.picking_ids
        self.assertEqual(pick.location_id, self.warehouse.lot_stock_id)
        self.assertEqual(pick.location_dest_id.usage, "internal")
        # Deliveries decide from the first step on; the call follows the
        # first step until the one to the customer exists.
        self.assertTrue(order.followup_delivered_by_transfers)
        pick.with_user(self.clerk).scheduled_date = self._at(date(2026, 5, 15))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 14))
        pick.with_user(self.clerk).scheduled_date = self._at(date(2026, 5, 22))
        with freeze_time("2026-04-28 10:00:00"):
            self._validate(pick)
        pack = order.picking_ids - pick
        self.assertEqual(pack.location_dest_id.usage, "internal")
        with freeze_time("2026-04-28 10:00:00"):
            self._validate(pack)
        ship = order.picking_ids - pick - pack
        self.assertEqual(ship.location_dest_id.usage, "customer")
        self.assertFalse(order.followup_delivered_date)
        self.assertFalse(self._steps(order, "satisfaction"))
        # Packed early, the goods can leave at once: the call is due now (the
        # first contact covers it).
        self.assertEqual(ship.scheduled_date.date(), date(2026, 4, 28))
        self.assertEqual(self._call_before_delivery(order).date_due, date(2026, 4, 27))
        ship.with_user(self.clerk).scheduled_date = self._at(date(2026, 5, 12))
        self.assertEqual(self._steps(order, "pre_delivery").date_due, date(2026, 5, 11))
        with freeze_time("2026-04-29 10:00:00"):
            self._validate(ship)
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 29))
        self.assertEqual(self._steps(order, "satisfaction").date_due, date(2026, 5, 5))

    def _mark_delivered_hidden(self, order):
        """Whether the order's form hides Mark Delivered, as the web client
        evaluates it."""
        arch = etree.fromstring(order.get_views([(False, "form")])["views"]["form"]["arch"])
        button = arch.xpath("//button[@name='action_followup_mark_delivered']")[0]
        names = ("state", "followup_delivered_date", "followup_delivered_by_transfers")
        return bool(safe_eval(button.get("invisible"), {name: order[name] for name in names}))

    def test_mark_delivered_button_for_services_only(self):
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        self.assertTrue(order.followup_delivered_by_transfers)
        self.assertTrue(self._mark_delivered_hidden(order))
        service = self.env["product.product"].create(
            {"name": "Installation", "type": "service", "taxes_id": [Command.clear()]}
        )
        services = self._create_order(
            20_000,
            delivery=date(2026, 5, 8),
            order_line=[Command.create({"product_id": service.id, "price_unit": 20_000})],
        )
        services.action_confirm()
        self.assertFalse(services.picking_ids)
        self.assertFalse(services.followup_delivered_by_transfers)
        self.assertFalse(self._mark_delivered_hidden(services))
        services.with_user(self.salesman).action_followup_mark_delivered()
        self.assertEqual(services.followup_delivered_date, date(2026, 4, 27))
        self.assertEqual(self._steps(services, "satisfaction").date_due, date(2026, 4, 30))
        # A delivery cancelled in the warehouse gives the button back.
        order.picking_ids.with_user(self.clerk).action_cancel()
        self.assertFalse(order.followup_delivered_by_transfers)
        self.assertFalse(self._mark_delivered_hidden(order))
