from odoo import fields, models


class SalesFollowupInteraction(models.Model):
    _inherit = "sales_followup.interaction"

    picking_id = fields.Many2one(
        "stock.picking",
        string="Transfer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="stock.group_stock_user,sales_team.group_sale_salesman",
        help="The late delivery or the return that opened this exception.",
    )

    @property
    def _followup_bookkeeping_fields(self):
        # Set by the transfers only. Added to the list of the classes below,
        # not replacing it, so that other add-ons can add theirs the same way.
        return (*super()._followup_bookkeeping_fields, "picking_id")
