from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def write(self, vals):
        res = super().write(vals)
        if "scheduled_date" in vals and self.sale_id:
            # sudo: whoever reschedules a delivery moves the pre-delivery call
            # of its order; warehouse staff have no follow-up rights.
            self.sale_id.sudo()._followup_sync_plan()
        return res

    def _action_done(self):
        res = super()._action_done()
        self._followup_update_orders()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._followup_update_orders()
        return res

    def _followup_update_orders(self):
        """Tell the orders of these transfers that they were validated or cancelled."""
        if self.sale_id:
            # sudo: a validated delivery decides the follow-up of its order
            # whoever validates it (warehouse staff have no follow-up rights,
            # a salesperson none on the others' orders); nothing is returned.
            self.sale_id.sudo()._followup_transfers_changed(self.sudo())
