from odoo import api, fields, models

CUSTOMER_CODE = "sales_followup.customer"


class ResCompany(models.Model):
    _inherit = "res.company"

    followup_manager_id = fields.Many2one(
        "res.users",
        string="Follow-up Manager",
        help="Reviews and escalations go to the order's sales team leader, or to "
        "this person when the team has none.",
    )

    followup_director_id = fields.Many2one(
        "res.users",
        string="Sales Director",
        help="Carries out the care actions meant for the sales director, such as "
        "the monthly executive visit of high-value customers; the sales manager "
        "when empty.",
    )
    followup_new_months = fields.Integer(
        string="New Customer Window (Months)",
        default=6,
        help="A customer whose first confirmed order is more recent than this is a new customer.",
    )
    followup_high_value_amount = fields.Monetary(
        string="High-value Revenue (12 Months)",
        currency_field="currency_id",
        default=500000,
        help="Customers whose untaxed orders over the last 12 months reach this "
        "amount are high-value customers; 0 to use no threshold.",
    )
    followup_dormant_days = fields.Integer(
        string="Dormant After (Days)",
        default=180,
        help="A customer without any confirmed order for this many days is "
        "dormant; 0 to never call a customer dormant.",
    )
    followup_no_contact_days = fields.Integer(
        string="No-contact Warning (Days)",
        default=30,
        help="Warn when no interaction was logged with a customer for this many "
        "days; 0 for no warning.",
    )
    followup_care_horizon_days = fields.Integer(
        string="Care Planning Horizon (Days)",
        default=90,
        help="Care actions are planned this many days ahead, up to the end of the month reached.",
    )
    followup_segment_run_date = fields.Date(
        string="Customers Segmented On",
        readonly=True,
        copy=False,
        help="Day of the last segmentation run.",
    )
    followup_segment_cursor = fields.Integer(
        readonly=True,
        copy=False,
        help="Last customer segmented that day: a run cut into batches resumes after it.",
    )

    _sql_constraints = [
        (
            "followup_care_delays_positive",
            "CHECK(followup_new_months >= 0 AND followup_dormant_days >= 0 "
            "AND followup_no_contact_days >= 0 AND followup_care_horizon_days >= 0)",
            "Customer segmentation and care delays cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._followup_create_default_tiers()
        return companies

    def _followup_create_default_tiers(self):
        """Give companies without tiers a copy of the seeded ones."""
        Tier = self.env["sales_followup.tier"].sudo()
        templates = Tier.browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for xmlid in (
                "sales_followup.tier_strategic",
                "sales_followup.tier_key",
                "sales_followup.tier_regular",
            )
        ).exists()
        equipped = Tier.with_context(active_test=False)._read_group(
            [("company_id", "in", self.ids)], ["company_id"]
        )
        equipped_companies = {company for (company,) in equipped}
        for company in self:
            if company not in equipped_companies:
                for template in templates:
                    template.copy({"company_id": company.id, "name": template.name})

    def _followup_customer_sequence(self):
        """The sequence customer codes of this company are drawn from: its own,
        else a shared one, else a new one for it shaped like the seeded one."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", CUSTOMER_CODE), ("company_id", "in", [self.id, False])],
            order="company_id",
            limit=1,
        )
        if sequence:
            return sequence
        model = self.env.ref("sales_followup.seq_customer_code", raise_if_not_found=False)
        model = model.sudo() if model else Sequence
        return Sequence.create(
            {
                "name": self.env._("Customer Code (%(company)s)", company=self.name),
                "code": CUSTOMER_CODE,
                "prefix": model.prefix or "C%(year)s%(month)s%(day)s",
                "padding": model.padding or 4,
                "company_id": self.id,
            }
        )
