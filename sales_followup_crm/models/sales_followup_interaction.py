from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.sales_followup.const import OPEN_STATES

from .crm_lead import LEAD_CONTACT_KINDS


class SalesFollowupInteraction(models.Model):
    _inherit = "sales_followup.interaction"
    _followup_fixed_links = ("lead_id",)
    _followup_guarded_links = (
        "partner_id",
        "order_id",
        "step_id",
        "escalation_step_id",
        "participant_contact_ids",
        "lead_id",
    )

    # Kept when the lead is deleted: the contact stays on the customer's
    # timeline, as it does when the lead becomes an order.
    lead_id = fields.Many2one(
        "crm.lead",
        compute="_compute_lead_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
    )

    @api.depends("step_id")
    def _compute_lead_id(self):
        for interaction in self:
            interaction.lead_id = interaction.step_id.lead_id or interaction.lead_id

    @api.depends("order_id", "lead_id")
    def _compute_partner_id(self):
        result = super()._compute_partner_id()
        for interaction in self.filtered(lambda i: i.lead_id and not i.order_id):
            interaction.partner_id = (
                interaction.lead_id.partner_id.commercial_partner_id or interaction.partner_id
            )
        return result

    @api.depends("order_id", "lead_id")
    def _compute_company_id(self):
        result = super()._compute_company_id()
        for interaction in self.filtered(lambda i: i.lead_id and not i.order_id):
            interaction.company_id = interaction.lead_id._followup_company()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        # A contact logged on a lead fulfils its due contact step, unless
        # given another (or none, step_id False).
        leads = self.env["crm.lead"].browse(
            {
                vals["lead_id"]
                for vals in vals_list
                if vals.get("lead_id")
                and "step_id" not in vals
                and vals.get("kind", "followup") == "followup"
            }
        )
        due = {}
        for lead in leads:
            steps = lead.followup_step_ids.filtered(
                lambda step: step.state in OPEN_STATES and step.kind in LEAD_CONTACT_KINDS
            )
            due[lead.id] = steps.sorted("date_due")[:1].id
        for vals in vals_list:
            if vals.get("lead_id") in due and "step_id" not in vals:
                vals["step_id"] = due[vals["lead_id"]]
        return super().create(vals_list)

    def _add_precomputed_values(self, vals_list):
        # Logged on a lead alone: its customer and company, before the
        # order-only shortcut of sales_followup would leave them empty.
        leads = self.env["crm.lead"].browse(
            {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        )
        for vals in vals_list:
            if not vals.get("step_id"):
                # As the compute would: spares a new() record per interaction.
                vals.setdefault("lead_id", False)
            if vals.get("lead_id") and not vals.get("order_id") and not vals.get("step_id"):
                lead = leads.browse(vals["lead_id"])
                vals.setdefault("partner_id", lead.partner_id.commercial_partner_id.id)
                vals.setdefault("company_id", lead._followup_company().id)
        return super()._add_precomputed_values(vals_list)

    @api.constrains("lead_id", "partner_id", "step_id")
    def _check_lead(self):
        for interaction in self.filtered("lead_id"):
            lead = interaction.lead_id
            if not lead.followup_lead_valid:
                raise ValidationError(
                    self.env._(
                        "The lead %(lead)s is invalid: nobody follows it up, log nothing on it.",
                        lead=lead.name,
                    )
                )
            if not lead.active and not lead.stage_id.is_won:
                raise ValidationError(
                    self.env._(
                        "The lead %(lead)s is lost: log the contact on the customer, "
                        "or restore the lead first.",
                        lead=lead.name,
                    )
                )
            if lead.partner_id.commercial_partner_id != interaction.partner_id:
                raise ValidationError(
                    self.env._(
                        "The lead %(lead)s is for %(owner)s, not for %(customer)s.",
                        lead=lead.name,
                        owner=lead.partner_id.commercial_partner_id.display_name
                        or self.env._("no customer yet"),
                        customer=interaction.partner_id.display_name,
                    )
                )
            step = interaction.step_id
            if step.lead_id and step.lead_id != lead:
                raise ValidationError(
                    self.env._(
                        "The plan step %(step)s belongs to lead %(lead)s.",
                        step=step.display_name,
                        lead=step.lead_id.name,
                    )
                )

    def _followup_check_targets(self, fnames, rules=True):
        result = super()._followup_check_targets(fnames, rules=rules)
        if "lead_id" in fnames and self.lead_id:
            # Logged on a lead by whoever may change the lead (its assignee).
            self.lead_id.check_access("write")
        return result

    def _followup_process(self, fnames=None):
        result = super()._followup_process(fnames)
        if fnames is None or "date" in fnames:
            # A contact logged without the step moves the next one too.
            self.lead_id.sudo()._followup_sync_plan()
        return result
