import logging
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import FollowupCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPerformance(FollowupCommon):
    def _confirm_queries(self, orders):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        orders.action_confirm()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _extra_queries(self, count):
        """Queries the module adds to confirming ``count`` strategic orders."""
        with_plan = self.env["sale.order"].concat(
            *(self._create_order(600_000, delivery=date(2026, 9, 30)) for _i in range(count))
        )
        without_plan = self.env["sale.order"].concat(
            *(self._create_order(600_000, delivery=date(2026, 9, 30)) for _i in range(count))
        )
        with patch.object(type(self.env["sale.order"]), "_followup_sync_plan", lambda self: None):
            baseline = self._confirm_queries(without_plan)
        total = self._confirm_queries(with_plan)
        self.assertTrue(all(with_plan.mapped("followup_step_ids")))
        return total - baseline

    def test_confirm_queries_do_not_grow_with_steps(self):
        # Warm the caches (ir.model ids, activity type) once.
        self._extra_queries(1)
        one = self._extra_queries(1)
        ten = self._extra_queries(10)
        _logger.info("Plan queries on confirmation: %s for 1 order, %s for 10", one, ten)
        self.assertLessEqual(ten, 10 * one)
        # Each further order in the batch (about ten steps and two reminders)
        # costs at most 5 queries.
        self.assertLessEqual(ten - one, 9 * 5, (one, ten))

    def test_log_interaction_queries(self):
        """Logging a customer touch is a hot path (every rep, many times a
        day, over RPC too): it reads only what it needs of the order and the
        customer, posts no "created" message and adds no follower."""
        order = self._create_order(20_000, delivery=date(2026, 9, 30))
        order.action_confirm()
        Interaction = self.env["sales_followup.interaction"].with_user(self.salesman)
        values = {"partner_id": self.partner.id, "order_id": order.id, "channel": "phone"}
        Interaction.create(dict(values, summary="Customer confirmed the unloading dock: gate 2."))
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            interaction = Interaction.create(
                dict(values, summary="Customer asked to deliver before 10:00 on 3 June.")
            )
        self.assertEqual(interaction.partner_id, self.partner)
        self.assertFalse(interaction.message_ids, "no chatter message for a new interaction")
        self.assertFalse(interaction.message_follower_ids, "its author does not follow it")
