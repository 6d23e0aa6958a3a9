from odoo import api, fields, models

from .sales_followup_step import OPEN_STATES, PROACTIVE_KINDS


class ResPartner(models.Model):
    _inherit = "res.partner"

    followup_do_not_contact = fields.Boolean(
        string="Do Not Contact",
        tracking=True,
        help="The customer asked not to be contacted: no proactive follow-up is "
        "planned, and the open ones are cancelled.",
    )
    followup_do_not_contact_reason = fields.Char(string="Do Not Contact Reason", tracking=True)
    followup_do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_followup_do_not_contact_date",
        store=True,
        readonly=False,
    )

    followup_interaction_ids = fields.One2many(
        "sales_followup.interaction", "partner_id", string="Interactions"
    )
    followup_interaction_count = fields.Integer(
        string="Interaction Count",
        compute="_compute_followup_interaction_stats",
        groups="sales_followup.group_followup_user",
    )
    followup_last_interaction_date = fields.Datetime(
        string="Last Interaction",
        compute="_compute_followup_interaction_stats",
        groups="sales_followup.group_followup_user",
    )
    followup_satisfaction_avg = fields.Float(
        string="Average Satisfaction",
        digits=(2, 1),
        compute="_compute_followup_interaction_stats",
        groups="sales_followup.group_followup_user",
        help="Average of the satisfaction scores (1 to 5) the customer gave.",
    )

    @api.depends("followup_do_not_contact")
    def _compute_followup_do_not_contact_date(self):
        for partner in self:
            if not partner.followup_do_not_contact:
                partner.followup_do_not_contact_date = False
            elif not partner.followup_do_not_contact_date:
                partner.followup_do_not_contact_date = fields.Date.context_today(partner)

    def _compute_followup_interaction_stats(self):
        """Timeline figures of the customer (contacts show their company's),
        over the interactions the user may read."""
        Interaction = self.env["sales_followup.interaction"]
        commercial = self.commercial_partner_id._origin
        stats, averages = {}, {}
        if commercial and Interaction.has_access("read"):
            stats = {
                partner: (count, last)
                for partner, count, last in Interaction._read_group(
                    [("partner_id", "in", commercial.ids)],
                    ["partner_id"],
                    ["__count", "date:max"],
                )
            }
            averages = dict(
                Interaction._read_group(
                    [("partner_id", "in", commercial.ids), ("satisfaction", ">", 0)],
                    ["partner_id"],
                    ["satisfaction:avg"],
                )
            )
        for partner in self:
            key = partner.commercial_partner_id._origin
            count, last = stats.get(key, (0, False))
            partner.followup_interaction_count = count
            partner.followup_last_interaction_date = last
            partner.followup_satisfaction_avg = averages.get(key, 0.0)

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "followup_do_not_contact",
            "followup_do_not_contact_reason",
            "followup_do_not_contact_date",
        ]

    def write(self, vals):
        res = super().write(vals)
        if vals.get("followup_do_not_contact"):
            self._followup_stop_contact()
        return res

    def _followup_stop_contact(self):
        """Cancel the open proactive steps of customers who asked for quiet."""
        commercial = self.commercial_partner_id.filtered("followup_do_not_contact")
        steps = (
            self.env["sales_followup.step"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("state", "in", OPEN_STATES),
                    ("kind", "in", PROACTIVE_KINDS),
                ]
            )
        )
        for partner in commercial:
            reason = self.env._(
                "Customer asked not to be contacted: %(reason)s",
                reason=partner.followup_do_not_contact_reason or self.env._("no reason given"),
            )
            steps.filtered(lambda step, p=partner: step.partner_id == p)._followup_cancel(
                reason, sync=False
            )
        steps.order_id._followup_sync_activities()

    def action_followup_log_interaction(self):
        self.ensure_one()
        # Contacts are readable by every employee: the interaction log is not.
        self.env["sales_followup.interaction"].check_access("create")
        return self.env["sales_followup.interaction"]._followup_quick_log_action(
            {"partner_id": self.commercial_partner_id.id}
        )

    def action_view_followup_interactions(self):
        self.ensure_one()
        self.env["sales_followup.interaction"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
