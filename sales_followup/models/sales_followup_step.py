from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("planned", "overdue")
# Steps that reach out to the customer: "do not contact" stops them.
PROACTIVE_KINDS = ("first_contact", "cadence", "pre_delivery", "satisfaction")


class SalesFollowupStep(models.Model):
    _name = "sales_followup.step"
    _description = "Order Follow-up Step"
    _order = "date_due, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    tier_id = fields.Many2one(
        "sales_followup.tier",
        string="Tier",
        related="order_id.followup_tier_id",
        store=True,
        index=True,
    )
    tier_color = fields.Integer(related="tier_id.color")
    kind = fields.Selection(
        [
            ("first_contact", "First Contact"),
            ("cadence", "Cadence Follow-up"),
            ("manager_review", "Manager Review"),
            ("pre_delivery", "Pre-delivery Confirmation"),
            ("satisfaction", "Satisfaction Survey"),
            ("escalation", "Escalation"),
            ("custom", "Custom"),
        ],
        required=True,
        default="custom",
    )
    plan_key = fields.Char(
        readonly=True,
        copy=False,
        help="Identifies a generated step within its order's plan, so that "
        "generating the plan again never duplicates it.",
    )
    topic = fields.Text(help="What to cover with the customer.")
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("im", "WeChat / IM"),
            ("email", "Email"),
            ("visit", "Visit"),
            ("video", "Video Call"),
            ("other", "Other"),
        ],
        default="phone",
    )
    date_due = fields.Date(string="Due Date", required=True, index=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("overdue", "Overdue"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="planned",
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        default=lambda self: self.env.user,
    )
    interaction_id = fields.Many2one(
        "sales_followup.interaction",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The customer touch that fulfilled this step.",
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    cancel_reason = fields.Char(string="Cancellation Reason", copy=False)
    cancel_automatic = fields.Boolean(
        copy=False,
        help="Cancelled by the plan itself (order cancelled, step no longer "
        "needed): regenerating the plan may reopen it.",
    )
    risk_warning = fields.Boolean(related="order_id.followup_risk_warning")
    activity_ids = fields.One2many("mail.activity", "followup_step_id", string="Reminders")

    _sql_constraints = [
        (
            "plan_key_uniq",
            "unique(order_id, plan_key)",
            "This step already exists in the order's follow-up plan.",
        ),
    ]

    @api.depends("order_id.name", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for step in self:
            step.display_name = f"{step.order_id.name} · {kinds.get(step.kind, '')}"

    def action_done(self):
        """Close steps by hand; logging an interaction closes them too."""
        if any(step.state not in OPEN_STATES for step in self):
            raise UserError(self.env._("Only planned or overdue steps can be marked done."))
        self._followup_mark_done()
        self.activity_ids.action_feedback(feedback=self.env._("Follow-up step done."))
        self.order_id._followup_sync_activities()
        return True

    def action_cancel(self):
        self.filtered(lambda step: step.state in OPEN_STATES)._followup_cancel(
            self.env._("Cancelled by %(user)s.", user=self.env.user.name)
        )
        return True

    def action_reset(self):
        """Reopen cancelled steps."""
        self.filtered(lambda step: step.state == "cancelled").write(
            {"state": "planned", "cancel_reason": False}
        )
        self.order_id._followup_sync_activities()
        return True

    def _followup_mark_done(self, interaction=None):
        values = {"state": "done", "date_done": fields.Datetime.now()}
        if interaction:
            values["interaction_id"] = interaction.id
        self.write(values)

    def _followup_cancel(self, reason, automatic=False, sync=True):
        self.write(
            {
                "state": "cancelled",
                "cancel_reason": reason,
                "cancel_automatic": automatic,
            }
        )
        self.sudo().activity_ids.unlink()
        if sync:
            self.order_id._followup_sync_activities()

    def _followup_activity_values(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return {
            "res_model_id": self.env["ir.model"]._get_id("sale.order"),
            "res_id": self.order_id.id,
            "activity_type_id": self.env.ref("sales_followup.mail_activity_type_followup").id,
            "summary": kinds[self.kind],
            "note": self.topic,
            "date_deadline": self.date_due,
            "user_id": self.user_id.id,
            "followup_step_id": self.id,
        }
