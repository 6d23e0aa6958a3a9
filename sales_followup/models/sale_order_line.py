from odoo import api, models

# What the order's total, hence its tier, depends on.
AMOUNT_FIELDS = frozenset(
    ("product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id")
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Lines changed on their own, not through their order (a reinvoiced
    # expense, an import, another module): a confirmed order they move to
    # another tier gets that tier's plan, as when its form is saved.

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        with orders._followup_replan_on_tier_change():
            return super().create(vals_list)

    def write(self, vals):
        if AMOUNT_FIELDS.isdisjoint(vals):
            return super().write(vals)
        with self.order_id._followup_replan_on_tier_change():
            return super().write(vals)
