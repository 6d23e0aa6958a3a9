from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import OPEN_STATES


class SalesFollowupTier(models.Model):
    _name = "sales_followup.tier"
    _description = "Order Follow-up Tier"
    _order = "company_id, min_amount desc, id"
    _check_company_auto = True

    name = fields.Char(string="Tier", required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code used by integrations, e.g. strategic, key, regular.",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Colour", help="Colour of the tier badge.")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_amount = fields.Monetary(
        string="Minimum Amount",
        currency_field="currency_id",
        help="Orders whose total in company currency, at the order date, reaches "
        "this amount get this tier (the highest matching tier wins).",
    )
    first_contact_days = fields.Integer(
        string="First Contact (working days)",
        default=3,
        help="Working days after confirmation within which the customer is "
        "contacted for the first time.",
    )
    cadence_days = fields.Integer(
        string="Cadence (working days)",
        help="Working days between two follow-ups until delivery; 0 for none.",
    )
    pre_delivery_days = fields.Integer(
        string="Pre-delivery Confirmation (working days before)",
        default=1,
        help="Working days before the committed delivery date at which the "
        "address, receiver and time are confirmed with the customer.",
    )
    satisfaction_days = fields.Integer(
        string="Satisfaction Survey (working days after)",
        default=3,
        help="Working days after delivery within which satisfaction is collected.",
    )
    topics = fields.Text(
        string="Key Topics",
        translate=True,
        help="What the follow-ups of this tier must cover; shown on each step.",
    )
    responsible = fields.Selection(
        [
            ("salesperson", "Salesperson"),
            ("salesperson_manager", "Salesperson and Sales Manager"),
        ],
        required=True,
        default="salesperson",
        help="Who gets the plan's reminders: with the sales manager, the order's "
        "team leader (else the company's follow-up manager) gets the "
        "salesperson's reminders too.",
    )
    manager_review = fields.Boolean(
        default=True,
        help="The sales manager double-checks amount and delivery date against the "
        "contract. Seed 000 asks it for every order.",
    )
    manager_review_days = fields.Integer(
        string="Manager Review (working days)",
        default=1,
        help="Working days after confirmation within which the review is due.",
    )
    escalation_days = fields.Integer(
        string="Escalate After (working days)",
        default=3,
        help="Working days a step may stay overdue before the team leader is alerted.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A tier code must be unique per company.",
        ),
        (
            "days_positive",
            "CHECK(first_contact_days >= 0 AND cadence_days >= 0 "
            "AND pre_delivery_days >= 0 AND satisfaction_days >= 0 "
            "AND manager_review_days >= 0 AND escalation_days >= 0)",
            "Working-day delays cannot be negative.",
        ),
        (
            "min_amount_positive",
            "CHECK(min_amount >= 0)",
            "The minimum amount cannot be negative.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "responsible" in vals:
            # Who owns the plans changes: the open plans of the tier follow.
            self.env["sale.order"].sudo().search(
                [
                    ("followup_tier_id", "in", self.ids),
                    ("followup_step_ids.state", "in", OPEN_STATES),
                ]
            )._followup_sync_plan()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Deleting a tier would silently take it off its orders and steps."""
        # Every order counts, whoever deletes: sudo for the count only.
        orders = (
            self.env["sale.order"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    "|",
                    ("followup_tier_id", "in", self.ids),
                    ("followup_tier_override_id", "in", self.ids),
                    ("followup_step_ids.tier_id", "in", self.ids),
                ]
            )
        )
        if orders:
            used = self.filtered(
                lambda tier: tier
                in orders.followup_tier_id
                | orders.followup_tier_override_id
                | orders.followup_step_ids.tier_id
            )
            raise UserError(
                self.env._(
                    "Follow-up tiers in use cannot be deleted: %(tiers)s (%(count)s orders). "
                    "Archive them instead: an archived tier is no longer given to new "
                    "orders, and the orders that have it keep it.",
                    tiers=", ".join(used.mapped("display_name")),
                    count=len(orders),
                )
            )

    @api.model
    def _get_tiers_by_company(self, companies):
        """Active tiers of each company, highest minimum first."""
        tiers = self.sudo().search([("company_id", "in", companies.ids), ("active", "=", True)])
        result = {company.id: self.browse() for company in companies}
        for tier in tiers:
            result[tier.company_id.id] |= tier
        return result

    def _match_amount(self, amount):
        """The tier of ``self`` (one company's tiers, sorted) for ``amount``."""
        for tier in self:
            if tier.currency_id.compare_amounts(amount, tier.min_amount) >= 0:
                return tier
        return self.browse()
