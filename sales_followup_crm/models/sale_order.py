from datetime import datetime, timedelta

import pytz

from odoo import models
from odoo.tools import plaintext2html

from .crm_lead import add_working_hours

# Hours from confirmation to the handover to after-sales (seed 001, 五).
HANDOVER_HOURS = 24


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        res = super()._action_confirm()
        self.filtered("opportunity_id")._followup_hand_over()
        return res

    def _followup_hand_over(self):
        """The lead became a customer: its after-sales owner (the team's, else
        the team leader) gets the handover checklist, due within 24 hours on
        the working days, and the lead is won, which closes its plan."""
        activity_type = self.env.ref("sales_followup_crm.mail_activity_type_handover")
        activities = []
        for order in self:
            lead = order.opportunity_id
            team = lead.team_id or order.team_id
            owner = team.followup_handover_user_id or team.user_id
            if not owner:
                continue
            calendar = order.company_id.resource_calendar_id
            now = datetime.now().replace(microsecond=0)
            workdays = calendar._followup_working_days(
                now.date() - timedelta(days=1), now.date() + timedelta(days=31)
            )
            tz = pytz.timezone(calendar.tz or owner.tz or "UTC")
            due = add_working_hours(now, HANDOVER_HOURS, workdays, tz)
            env = self.with_context(lang=owner.lang).env
            activities.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": env._("Customer handover checklist"),
                    "note": plaintext2html(
                        env._(
                            "Lead %(lead)s became order %(order)s. Hand the customer over:\n"
                            "- Customer basics: contacts, decision makers, industry, size.\n"
                            "- What was agreed: products, prices, delivery, payment.\n"
                            "- Special requirements (e.g. a data report on the 5th of every "
                            "month).\n"
                            "Need: %(need)s",
                            lead=lead.name,
                            order=order.name,
                            need=lead.followup_need or "-",
                        )
                    ),
                    "date_deadline": pytz.utc.localize(due).astimezone(tz).date(),
                    "user_id": owner.id,
                }
            )
        # sudo: the handover goes to someone else than the salesperson confirming.
        self.env["mail.activity"].sudo().create(activities)
        leads = self.opportunity_id.filtered(lambda lead: lead.active and not lead.stage_id.is_won)
        # sudo: the confirmed order decides; the salesperson may not write the lead.
        leads.sudo().action_set_won()
