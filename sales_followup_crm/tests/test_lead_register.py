from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import LeadCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-09 10:00:00")
class TestLeadRegister(LeadCommon):
    def test_seeded_sources_and_lost_reasons(self):
        for xmlid in (
            "utm_source_trade_show",
            "utm_source_website_form",
            "utm_source_partner_referral",
            "utm_source_social_media",
            "utm_source_customer_referral",
            "utm_source_other",
            "lost_reason_budget",
            "lost_reason_no_need_now",
            "lost_reason_competitor",
        ):
            self.assertTrue(self.env.ref(f"sales_followup_crm.{xmlid}"))

    def test_source_owner_told_on_assignment(self):
        lead = self.Lead.create(
            {
                "name": "Trade show visitor",
                "partner_id": self.partner.id,
                "team_id": self.team.id,
                "user_id": False,
                "source_id": self.env.ref("sales_followup_crm.utm_source_trade_show").id,
                "followup_source_owner_id": self.source_owner.id,
            }
        )
        owner = self.source_owner.partner_id
        self.assertFalse(lead.message_ids.filtered(lambda m: owner in m.partner_ids))
        lead.user_id = self.salesman
        told = lead.message_ids.filtered(lambda m: owner in m.partner_ids)
        self.assertEqual(len(told), 1)
        self.assertIn(self.salesman.name, told.body)
        self.assertTrue(
            self.env["mail.notification"].search_count(
                [("mail_message_id", "=", told.id), ("res_partner_id", "=", owner.id)]
            )
        )
        # Assigned again to the same person: no second message.
        lead.user_id = self.salesman
        self.assertEqual(len(lead.message_ids.filtered(lambda m: owner in m.partner_ids)), 1)

    def test_source_owner_is_an_internal_user(self):
        portal = new_test_user(self.env, login="sf_portal", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            self._lead(followup_source_owner_id=portal.id)

    def test_invalid_needs_a_reason(self):
        lead = self._lead()
        with self.assertRaises(ValidationError):
            lead.followup_lead_valid = False
        lead.write({"followup_lead_valid": False, "followup_invalid_reason": "wrong_contact"})
        self.assertFalse(lead.followup_lead_valid)

    def test_grade_needs_a_reason_and_a_valid_value(self):
        lead = self._lead()
        with self.assertRaises(ValidationError):
            lead.with_user(self.leader).followup_grade = "a"
        with self.assertRaises(ValueError):
            lead.with_user(self.leader).write(
                {"followup_grade": "d", "followup_grade_reason": "Unknown grade."}
            )

    def test_only_leader_senior_or_manager_grade(self):
        lead = self._lead()
        values = {"followup_grade": "b", "followup_grade_reason": "Long decision chain."}
        for user in (self.salesman, self.source_owner):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                lead.with_user(user).write(values)
        with self.assertRaises(AccessError):
            self._lead("a").with_user(self.salesman).action_followup_confirm_grade()
        for user in (self.leader, self.senior, self.manager):
            with self.subTest(user=user.login):
                # With tracking, as in the application.
                lead.with_user(user).with_context(tracking_disable=False, mail_notrack=False).write(
                    dict(values, followup_grade_reason=f"Checked by {user.login}.")
                )
                self.assertEqual(lead.followup_graded_by_id, user)
                self.assertEqual(lead.followup_graded_on, datetime(2026, 1, 9, 10))
        # Nobody writes the evaluator by hand.
        with self.assertRaises(AccessError):
            lead.with_user(self.manager).followup_graded_by_id = self.manager
        # Tracked in the chatter.
        self.env.cr.precommit.run()
        tracked = lead.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "followup_grade"
        )
        self.assertTrue(tracked)

    def test_leads_to_regrade_after_seven_days(self):
        lead = self._lead("a")
        to_regrade = [("followup_to_regrade", "=", True), ("id", "=", lead.id)]
        self.assertFalse(self.Lead.search(to_regrade))
        with freeze_time("2026-01-16 10:00:01"):
            self.assertEqual(self.Lead.search(to_regrade), lead)
            lead.with_user(self.leader).action_followup_confirm_grade()
            self.assertFalse(self.Lead.search(to_regrade))
        with freeze_time("2026-01-23 11:00:00"):
            self.assertEqual(self.Lead.with_user(self.leader).search(to_regrade), lead)
            self.Lead._cron_followup_regrade_digest()
            digest = self.env["mail.message"].search(
                [("partner_ids", "in", self.leader.partner_id.ids)], limit=1
            )
            self.assertIn(lead.name, digest.body)
