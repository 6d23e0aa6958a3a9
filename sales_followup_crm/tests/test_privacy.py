from odoo.tests import tagged

from .common import LeadCommon

# A person named in free text, and nowhere else.
NAMED = "Ouyang Xiuying"


@tagged("post_install", "-at_install")
class TestLeadPrivacyLookup(LeadCommon):
    """Odoo's privacy lookup finds a person named in a lead's free text, as
    it does in the follow-up's own records (sales_followup's tests)."""

    def _found_leads(self):
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": NAMED, "email": "ouyang@example.com"}
        )
        wizard.action_lookup()
        lines = wizard.line_ids.filtered(lambda line: line.res_model == "crm.lead")
        return self.Lead.browse(lines.mapped("res_id"))

    def test_name_found_in_every_lead_text(self):
        lead = self._lead(grade="b")
        by_model = self.env["privacy.lookup.wizard"]._followup_text_fields_by_model()
        self.assertEqual(
            by_model["crm.lead"], ["followup_need", "followup_grade_reason", "followup_win_factors"]
        )
        self.assertNotIn(lead, self._found_leads())
        for fname in by_model["crm.lead"]:
            with self.subTest(field=fname):
                previous = lead[fname]
                lead.write({fname: f"Visit {NAMED} with the new catalogue."})
                self.assertIn(lead, self._found_leads())
                lead.write({fname: previous})
