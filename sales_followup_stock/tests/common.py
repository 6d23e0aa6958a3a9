from datetime import datetime

from odoo.fields import Command
from odoo.tests import Form, new_test_user

from odoo.addons.sales_followup.tests.common import FollowupCommon


class StockFollowupCommon(FollowupCommon):
    """The follow-up's test company with its warehouse, a storable product in
    stock and a warehouse clerk who has no sales nor follow-up rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Follow-up Packaging Module",
                "type": "consu",
                "is_storable": True,
                "list_price": 1.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 1000
        )
        cls.clerk = new_test_user(
            cls.env, login="sf_clerk", groups="stock.group_stock_user", tz="UTC"
        )

    @classmethod
    def _stock_order(cls, quantity=10, price=2_000, delivery=None, **values):
        """A quotation of ``quantity`` units of the storable product, delivered
        on ``delivery`` at 9:00 if given, for the test salesman."""
        return cls._create_order(
            quantity * price,
            delivery=delivery,
            order_line=[
                Command.create(
                    {"product_id": cls.product.id, "product_uom_qty": quantity, "price_unit": price}
                )
            ],
            **values,
        )

    def _call_before_delivery(self, order):
        """The pre-delivery call, or the first contact that covers it when
        the delivery is too close for both (the plan's steps come in order)."""
        return self._steps(order, "pre_delivery") or self._steps(order, "first_contact")

    def _validate(self, picking, quantity=None, backorder=True, user=None):
        """Validate ``picking`` as the clerk (or ``user``), with ``quantity``
        of each move (all of it by default); the rest goes to a backorder, or
        is dropped when ``backorder`` is false."""
        picking = picking.with_user(user or self.clerk)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
        picking.move_ids.picked = True
        result = picking.button_validate()
        if result is not True:
            wizard = Form.from_action(self.env, result).save().with_user(user or self.clerk)
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        self.assertEqual(picking.state, "done")
        return picking

    def _return(self, picking, quantity, user=None):
        """Return ``quantity`` of ``picking``'s product, validated as the clerk."""
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(user or self.clerk)
            .with_context(
                active_ids=picking.ids, active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = quantity
        action = wizard.action_create_returns()
        return self._validate(self.env["stock.picking"].browse(action["res_id"]), user=user)

    def _at(self, day, hour=10):
        return datetime.combine(day, datetime.min.time().replace(hour=hour))

    def _exceptions(self, orders):
        return self.env["sales_followup.interaction"].search(
            [("order_id", "in", orders.ids), ("exception_reason", "!=", False)]
        )
