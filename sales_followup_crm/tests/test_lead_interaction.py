from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import LeadCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12 09:00:00")
class TestLeadInteraction(LeadCommon):
    def test_logging_completes_the_due_step(self):
        lead = self._lead("a")
        first = self._lead_steps(lead, "first_contact")
        interaction = self._log(lead, date=datetime(2026, 1, 12, 8))
        self.assertEqual(interaction.step_id, first)
        self.assertEqual(first.state, "done")
        self.assertEqual(interaction.partner_id, self.partner)
        self.assertEqual(lead.followup_interaction_ids, interaction)
        self.assertEqual(lead.followup_interaction_count, 1)

    def test_same_text_rules(self):
        lead = self._lead("b")
        with self.assertRaises(ValidationError):
            self._log(lead, summary="已沟通")
        with self.assertRaises(ValidationError):
            self._log(lead, summary="Call the dean back on 13812345678 tomorrow.")

    def test_refused_on_invalid_or_lost_lead(self):
        invalid = self._lead(followup_lead_valid=False, followup_invalid_reason="duplicate")
        with self.assertRaises(ValidationError):
            self._log(invalid)
        lost = self._lead("b")
        lost.action_set_lost()
        with self.assertRaises(ValidationError):
            self._log(lost)

    def test_interactions_stay_on_the_customer_timeline(self):
        lead = self._lead("a")
        interaction = self._log(lead, date=datetime(2026, 1, 12, 8))
        order = self._create_order(1000, opportunity_id=lead.id)
        order.action_confirm()
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(
            self.Interaction.search([("partner_id", "=", self.partner.id)]), interaction
        )

    def test_rep_sees_only_own_leads_followup(self):
        lead = self._lead("a")
        other = self._lead("a", user=self.salesman_2)
        self._log(lead, date=datetime(2026, 1, 12, 8))
        # The customer is nobody's: only the lead gives access.
        self.assertFalse(self.partner.user_id)
        as_rep2 = self.Step.with_user(self.salesman_2)
        self.assertEqual(as_rep2.search([("lead_id", "in", (lead | other).ids)]).lead_id, other)
        self.assertFalse(
            self.Interaction.with_user(self.salesman_2).search([("lead_id", "=", lead.id)])
        )
        with self.assertRaises(AccessError):
            self._lead_steps(lead).with_user(self.salesman_2).read(["date_due"])
        # Nor log on it, nor plan a step on it.
        with self.assertRaises(AccessError):
            self._log(lead, user=self.salesman_2, step_id=False)
        with self.assertRaises(AccessError):
            as_rep2.create({"lead_id": lead.id, "date_due": "2026-01-20", "kind": "custom"})
        # The team leader sees both.
        self.assertEqual(
            len(self.Step.with_user(self.leader).search([("lead_id", "in", (lead | other).ids)])),
            len((lead | other).followup_step_ids),
        )
