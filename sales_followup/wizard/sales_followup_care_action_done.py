from odoo import fields, models

from ..const import CHANNELS, EFFECTS


class SalesFollowupCareActionDone(models.TransientModel):
    _name = "sales_followup.care.action.done"
    _description = "Care Action Done"

    action_id = fields.Many2one(
        "sales_followup.care.action",
        string="Care Action",
        required=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="action_id.partner_id", string="Customer")
    date = fields.Datetime(
        string="When",
        required=True,
        default=fields.Datetime.now,
        help="When the customer was contacted, to the minute.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    customer_feedback = fields.Text(
        required=True,
        help="What the customer said, in their own words.",
    )
    effect = fields.Selection(EFFECTS, required=True)
    remarks = fields.Text(help="Internal notes: what to do next, who was informed.")

    def action_confirm(self):
        """Record the feedback on the action and log the care interaction."""
        self._followup_record_feedback()._followup_done(date=self.date)
        return {"type": "ir.actions.act_window_close"}

    def action_log_progress(self):
        """Log the contact but leave the action open: it is in progress."""
        self._followup_record_feedback()._followup_log_progress(date=self.date)
        return {"type": "ir.actions.act_window_close"}

    def _followup_record_feedback(self):
        self.ensure_one()
        self.action_id.write(
            {
                "channel": self.channel,
                "customer_feedback": self.customer_feedback,
                "effect": self.effect,
                "remarks": self.remarks,
            }
        )
        return self.action_id
