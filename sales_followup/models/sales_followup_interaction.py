from odoo import api, fields, models


class SalesFollowupInteraction(models.Model):
    _name = "sales_followup.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    order_id = fields.Many2one("sale.order", index="btree_not_null", check_company=True)
    step_id = fields.Many2one(
        "sales_followup.step",
        string="Plan Step",
        index="btree_not_null",
        check_company=True,
        domain="[('order_id', '=?', order_id), ('state', 'in', ('planned', 'overdue'))]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Datetime(
        string="When",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the customer was contacted, to the minute.",
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("im", "WeChat / IM"),
            ("email", "Email"),
            ("visit", "Visit"),
            ("video", "Video Call"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    kind = fields.Selection(
        [
            ("followup", "Follow-up"),
            ("pre_delivery", "Pre-delivery"),
            ("survey", "Satisfaction Survey"),
            ("after_sales", "After-sales Feedback"),
            ("care", "Care"),
            ("exception", "Complaint / Exception"),
        ],
        required=True,
        default="followup",
        tracking=True,
    )
    summary = fields.Text(
        required=True,
        tracking=True,
        help="What was said: objective facts and the customer's own words.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Logged By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        for interaction in interactions.filtered("step_id"):
            step = interaction.step_id
            if step.state in ("planned", "overdue"):
                step.sudo()._followup_mark_done(interaction)
                step.sudo().activity_ids.action_feedback(feedback=interaction.summary)
        interactions.step_id.order_id._followup_sync_activities()
        return interactions
