from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import StockFollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestDeliveryExceptions(StockFollowupCommon):
    def _next_actions(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ]
        )

    def test_late_delivery_opens_one_delay_exception(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 4))
        order.action_confirm()
        first = order.picking_ids
        # On the committed day itself, even in the evening: not late.
        with freeze_time("2026-05-04 20:00:00"):
            self._validate(first, quantity=4)
        self.assertFalse(self._exceptions(order))
        backorder = order.picking_ids - first
        with freeze_time("2026-05-06 10:00:00"):
            self._validate(backorder, quantity=3)
        exception = self._exceptions(order)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.exception_reason, "delivery_delay")
        self.assertEqual(exception.exception_state, "open")
        self.assertEqual(exception.kind, "exception")
        self.assertEqual(exception.user_id, self.salesman)
        self.assertEqual(exception.picking_id, backorder)
        self.assertIn(backorder.name, exception.summary)
        self.assertEqual(order.followup_open_exception_count, 1)
        # The salesperson is told: a next action due today, on the order.
        action = self._next_actions(order)
        self.assertEqual(action.user_id, self.salesman)
        self.assertEqual(action.date_deadline, date(2026, 5, 6))
        self.assertEqual(exception.next_action_activity_id, action)
        # A later late delivery, or the same transfers seen again: no second one.
        last = order.picking_ids.filtered(lambda p: p.state == "assigned")
        with freeze_time("2026-05-07 10:00:00"):
            self._validate(last)
            order.picking_ids._followup_update_orders()
        self.assertEqual(self._exceptions(order), exception)
        self.assertEqual(len(self._next_actions(order)), 1)
        self.assertEqual(order.followup_delivered_date, date(2026, 5, 7))

    def test_delay_logged_by_hand_is_not_repeated(self):
        order = self._stock_order(delivery=date(2026, 5, 4))
        order.action_confirm()
        self.env["sales_followup.interaction"].with_user(self.salesman).create(
            {
                "order_id": order.id,
                "kind": "exception",
                "exception_reason": "delivery_delay",
                "summary": "Production is two days late; customer agreed to receive on 6 May.",
            }
        )
        with freeze_time("2026-05-06 10:00:00"):
            self._validate(order.picking_ids)
        self.assertEqual(len(self._exceptions(order)), 1)
        self.assertFalse(self._exceptions(order).picking_id)

    def test_return_after_delivery_opens_exception(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 8))
        order.action_confirm()
        delivery = order.picking_ids
        with freeze_time("2026-04-30 10:00:00"):
            self._validate(delivery)
        satisfaction = self._steps(order, "satisfaction")
        with freeze_time("2026-05-05 10:00:00"):
            returned = self._return(delivery, 3)
        exception = self._exceptions(order)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.exception_reason, "other")
        self.assertEqual(exception.exception_severity, "medium")
        self.assertEqual(exception.picking_id, returned)
        self.assertIn(returned.name, exception.summary)
        self.assertEqual(self._next_actions(order).user_id, self.salesman)
        # Still delivered once, with one satisfaction survey.
        self.assertEqual(order.followup_delivered_date, date(2026, 4, 30))
        self.assertEqual(self._steps(order, "satisfaction"), satisfaction)
        self.assertEqual(
            len(order.followup_step_ids.filtered(lambda s: s.kind == "satisfaction")), 1
        )
        # The same return seen again opens nothing more.
        returned._followup_update_orders()
        self.assertEqual(self._exceptions(order), exception)

    def test_return_larger_than_delivery(self):
        order = self._stock_order(quantity=10, delivery=date(2026, 5, 8))
        order.action_confirm()
        delivery = self._validate(order.picking_ids)
        returned = self._return(delivery, 15)
        exception = self._exceptions(order)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.exception_severity, "high")
        self.assertIn("Follow-up Packaging Module: 15 / 10", exception.summary)
        self.assertEqual(exception.picking_id, returned)
        self.assertEqual(len(self._steps(order, "satisfaction")), 1)

    def test_delivery_on_cancelled_order(self):
        order = self._stock_order(delivery=date(2026, 5, 8))
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(order.picking_ids.mapped("state"), ["cancel"])
        customers = self.env.ref("stock.stock_location_customers")
        picking = (
            self.env["stock.picking"]
            .with_user(self.clerk)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "location_dest_id": customers.id,
                    "partner_id": self.partner.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom_qty": 2,
                                "location_id": self.warehouse.lot_stock_id.id,
                                "location_dest_id": customers.id,
                                "sale_line_id": order.order_line.id,
                            }
                        )
                    ],
                }
            )
        )
        # Linked to the order by hand, as its source document.
        picking.sale_id = order
        picking.action_confirm()
        self._validate(picking)
        self.assertFalse(order.followup_delivered_date)
        self.assertFalse(
            order.followup_step_ids.filtered(lambda s: s.state in ("planned", "overdue"))
        )
        self.assertFalse(self._exceptions(order))
        warning = order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_warning")
        )
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.salesman)
        self.assertIn(picking.name, warning.summary)
        picking._followup_update_orders()
        self.assertEqual(
            order.activity_ids.filtered(lambda a: a.summary == warning.summary), warning
        )

    def test_transfer_link_is_bookkeeping(self):
        order = self._stock_order(delivery=date(2026, 5, 4))
        order.action_confirm()
        with freeze_time("2026-05-06 10:00:00"):
            delivery = self._validate(order.picking_ids)
        exception = self._exceptions(order).with_user(self.salesman)
        self.assertEqual(exception.picking_id, delivery)
        with self.assertRaises(AccessError):
            exception.write({"picking_id": False})
        with self.assertRaises(AccessError):
            self.env["sales_followup.interaction"].with_user(self.salesman).create(
                {
                    "order_id": order.id,
                    "kind": "exception",
                    "exception_reason": "delivery_delay",
                    "summary": "Customer says the goods arrived two days after the promise.",
                    "picking_id": delivery.id,
                }
            )
        self.assertEqual(exception.picking_id, delivery)
