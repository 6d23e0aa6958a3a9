from odoo import api, fields, models
from odoo.tools import plaintext2html


class SalesFollowupStep(models.Model):
    _inherit = "sales_followup.step"
    _followup_step_parents = ("order_id", "complaint_id", "lead_id")
    _followup_fixed_links = ("order_id", "complaint_id", "lead_id")
    _followup_guarded_links = (
        "order_id",
        "complaint_id",
        "partner_id",
        "interaction_id",
        "lead_id",
    )

    lead_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        ondelete="cascade",
    )
    kind = fields.Selection(
        selection_add=[("lead_plan", "Make the Follow-up Plan")],
        ondelete={"lead_plan": "cascade"},
    )

    _sql_constraints = [
        (
            "lead_plan_key_uniq",
            "unique(lead_id, plan_key)",
            "This step already exists in the lead's follow-up plan.",
        ),
    ]

    @api.constrains("order_id", "lead_id")
    def _check_followup_parent(self):
        return super()._check_followup_parent()

    @api.depends(
        "order_id.partner_id.commercial_partner_id",
        "order_id.company_id",
        "order_id.followup_tier_id",
        "lead_id.partner_id.commercial_partner_id",
        "lead_id.company_id",
    )
    def _compute_order_fields(self):
        lead_steps = self.filtered(lambda step: step.lead_id and not step.order_id)
        result = super(SalesFollowupStep, self - lead_steps)._compute_order_fields()
        for step in lead_steps:
            lead = step.lead_id
            step.partner_id = lead.partner_id.commercial_partner_id
            step.company_id = lead._followup_company()
            step.tier_id = False
        return result

    @api.depends("lead_id.name")
    def _compute_display_name(self):
        lead_steps = self.filtered("lead_id")
        result = super(SalesFollowupStep, self - lead_steps)._compute_display_name()
        kinds = self._followup_kind_labels()
        # A team leader sees his members' steps, not always their leads (CRM
        # shows him his own leads unless he has all documents).
        readable = lead_steps.lead_id._filtered_access("read")
        for step in lead_steps:
            lead = step.lead_id.name if step.lead_id in readable else f"#{step.lead_id.id}"
            step.display_name = f"{lead} · {kinds.get(step.kind, '')}"
        return result

    def _followup_check_targets(self, fnames, rules=True):
        result = super()._followup_check_targets(fnames, rules=rules)
        if "lead_id" in fnames and self.lead_id:
            # A step on a lead is planned by whoever may change the lead.
            self.lead_id.check_access("write")
        return result

    def _followup_interaction_defaults(self):
        values = super()._followup_interaction_defaults()
        if self.lead_id:
            values["lead_id"] = self.lead_id.id
        return values

    def _followup_mark_done(self, interaction=None):
        result = super()._followup_mark_done(interaction)
        # The next contact follows from this one.
        self.lead_id._followup_sync_plan()
        return result

    @api.model
    def _followup_escalation_delays(self, company):
        """A lead's steps have no tier: the company's delay escalates them."""
        return {
            **super()._followup_escalation_delays(company),
            "lead_id": company.followup_lead_escalation_days,
        }

    def _followup_reminder_values(self, readers=None):
        """A lead's steps are reminded on the lead. ``self`` may hold a step
        twice (one reminder per person): values are returned position by
        position."""
        if not any(step.lead_id for step in self):
            return super()._followup_reminder_values(readers)
        pairs = list(self._followup_with_readers(readers))
        others = [(step, reader) for step, reader in pairs if not step.lead_id]
        other_values = iter(
            super(
                SalesFollowupStep, self.browse([step.id for step, _reader in others])
            )._followup_reminder_values([reader for _step, reader in others])
        )
        model_id = self.env["ir.model"]._get_id("crm.lead")
        activity_type = self.env.ref("sales_followup_crm.mail_activity_type_lead_followup")
        in_reader_lang = self._followup_in_reader_lang()
        return [
            {
                "res_model_id": model_id,
                "res_model": "crm.lead",
                "res_id": step.lead_id.id,
                "activity_type_id": activity_type.id,
                "summary": in_reader_lang(step, reader)._followup_kind_label(),
                "note": step.topic and plaintext2html(in_reader_lang(step, reader).topic),
                "date_deadline": step.date_due,
                "user_id": reader.id,
                "followup_step_id": step.id,
            }
            if step.lead_id
            else next(other_values)
            for step, reader in pairs
        ]
