import logging
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import StockFollowupCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestPerformance(StockFollowupCommon):
    def _validated_late(self, count):
        """``count`` orders committed for today, delivered tomorrow in one
        batch of transfers (each order late, with its delay exception)."""
        orders = self.env["sale.order"].concat(
            *(self._stock_order(delivery=date(2026, 4, 27)) for _i in range(count))
        )
        orders.action_confirm()
        pickings = orders.picking_ids.with_user(self.clerk)
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.move_ids.picked = True
        with freeze_time("2026-04-28 10:00:00"):
            pickings.button_validate()
        self.assertEqual(orders.mapped("followup_delivered_date"), [date(2026, 4, 28)] * count)
        self.assertEqual(len(self._exceptions(orders)), count)
        return orders, pickings

    def _hook_queries(self, count):
        """Queries of what the transfers set off in the follow-up, for a batch
        of ``count`` validated deliveries: each order delivered (its plan
        changed) and its delay exception opened, with the salesperson's
        activity."""
        orders, pickings = self._validated_late(count)
        # Back to the moment the transfers were done, before the follow-up heard.
        self._exceptions(orders).next_action_activity_id.unlink()
        self._exceptions(orders).unlink()
        orders.write({"followup_delivered_date": False})
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with freeze_time("2026-04-28 10:00:00"):
            pickings._followup_update_orders()
            self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(orders.mapped("followup_delivered_date"), [date(2026, 4, 28)] * count)
        self.assertEqual(len(self._exceptions(orders)), count)
        return queries

    def test_validating_deliveries_queries_are_flat(self):
        # Warm the caches (ir.model ids, activity types, working days) once.
        self._hook_queries(1)
        one = self._hook_queries(1)
        five = self._hook_queries(5)
        _logger.info("Follow-up queries for validated deliveries: %s for 1, %s for 5", one, five)
        # Each further late delivery: at most the salesperson following his
        # new exception (mail subscribes each record's owner on its own, up to
        # 3 queries); the rest is read and written once for the batch.
        self.assertLessEqual(five - one, 4 * 3, (one, five))
