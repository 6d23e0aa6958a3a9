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
    followup_do_not_contact_reason = fields.Char(
        string="Do Not Contact Reason", tracking=True
    )
    followup_do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_followup_do_not_contact_date",
        store=True,
        readonly=False,
    )

    @api.depends("followup_do_not_contact")
    def _compute_followup_do_not_contact_date(self):
        for partner in self:
            if not partner.followup_do_not_contact:
                partner.followup_do_not_contact_date = False
            elif not partner.followup_do_not_contact_date:
                partner.followup_do_not_contact_date = fields.Date.context_today(
                    partner
                )

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
        steps = self.env["sales_followup.step"].sudo().search(
            [
                ("partner_id", "in", commercial.ids),
                ("state", "in", OPEN_STATES),
                ("kind", "in", PROACTIVE_KINDS),
            ]
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
