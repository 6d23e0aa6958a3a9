from odoo import api, models


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def _followup_has_rate(self, company, day):
        """Whether this currency has a rate for ``company`` on or before ``day``,
        where Odoo would silently convert at 1."""
        self.ensure_one()
        # Whether a rate exists, nothing read from it: the rates of the order's
        # company, whoever computes the order's tier.
        return bool(
            self.env["res.currency.rate"]
            .sudo()
            .search_count(
                [
                    ("currency_id", "=", self.id),
                    ("name", "<=", day),
                    ("company_id", "in", (False, company.root_id.id)),
                ],
                limit=1,
            )
        )


class ResCurrencyRate(models.Model):
    _inherit = "res.currency.rate"

    @api.model_create_multi
    def create(self, vals_list):
        rates = super().create(vals_list)
        rates._followup_size_orders()
        return rates

    def _followup_size_orders(self):
        """Orders left without a tier for want of a rate get their tier, and
        their plan once confirmed, when the rate arrives."""
        # The add-on's own follow-up of every order concerned, whoever adds the rate.
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("currency_id", "in", self.currency_id.ids),
                    ("state", "in", ("draft", "sent", "sale")),
                    ("date_order", ">=", min(self.mapped("name"))),
                    ("followup_tier_id", "=", False),
                    ("followup_tier_override_id", "=", False),
                ]
            )
        )
        if orders:
            orders.invalidate_recordset(["followup_tier_warning"])
            with orders._followup_replan_on_tier_change():
                self.env.add_to_compute(orders._fields["followup_tier_id"], orders)
