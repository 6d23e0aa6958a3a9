from odoo import api, fields, models

from ..tools.masking import CUSTOMER_CODES, MASK_NAMES, mask_name
from .sales_followup_step import OPEN_STATES, PROACTIVE_KINDS

PERSONAL_DATA_GROUP = "sales_followup.group_followup_personal_data"


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
        "sales_followup.interaction",
        "partner_id",
        string="Interactions",
        groups="sales_followup.group_followup_user",
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

    @api.depends_context(MASK_NAMES, CUSTOMER_CODES, "uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        context = self.env.context
        codes = bool(context.get(CUSTOMER_CODES))
        if not (codes or context.get(MASK_NAMES)) or self._followup_sees_personal_data():
            return
        people = set(self._followup_maskable().ids)
        for partner in self:
            if partner.id in people or (
                codes and partner.commercial_partner_id._followup_customer_code()
            ):
                partner.display_name = partner._followup_masked_name(codes=codes)

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

    # ------------------------------------------------------------
    # Masking
    # ------------------------------------------------------------

    @api.model
    def _followup_sees_personal_data(self, user=None):
        """Whether ``user`` (default: the current user) sees people's names."""
        return (user or self.env.user).has_group(PERSONAL_DATA_GROUP)

    def _followup_maskable(self):
        """The people among these partners: contacts and individual customers,
        not companies and not our own colleagues (internal users)."""
        people = self.filtered(lambda partner: not partner.is_company and partner.name)
        colleagues = (
            people.sudo().with_context(active_test=False).user_ids.filtered(lambda u: not u.share)
        )
        return people - colleagues.partner_id

    def _followup_customer_code(self):
        """The pseudonymous customer code, once customers have one."""
        self.ensure_one()
        if "followup_customer_code" not in self._fields:
            return False
        return self.sudo().followup_customer_code

    def _followup_masked_name(self, codes=False):
        """The display name with the person's name masked ("Huaxin, Z*** Wei"),
        and with ``codes`` the customer's code instead of its name."""
        self.ensure_one()
        code = codes and self.commercial_partner_id._followup_customer_code()
        if self.is_company or not self.name:
            return code or self.display_name
        masked = mask_name(self.name)
        company = code or self.commercial_company_name or self.sudo().parent_id.name
        return f"{company}, {masked}" if company else masked

    def _followup_display_name_for(self, user):
        """The name as ``user`` may see it: masked without the personal-data
        role. For texts someone else than the current user reads: mail
        templates, activities, reports."""
        if not self:
            return ""
        self.ensure_one()
        if self._followup_sees_personal_data(user) or not self._followup_maskable():
            return self.display_name
        return self._followup_masked_name()

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
        return self.env["sales_followup.interaction"]._followup_quick_log_action(
            {"partner_id": self.commercial_partner_id.id}
        )

    def action_view_followup_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
