from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LeadCommon

# Friday 9 January 2026, 10:00 UTC: the weekend comes before any deadline.
FRIDAY = "2026-01-09 10:00:00"


@tagged("post_install", "-at_install")
@freeze_time(FRIDAY)
class TestLeadPlan(LeadCommon):
    def test_first_contact_deadline_per_grade_across_weekend(self):
        """24, 48 and 72 hours after assignment, the clock stopped over the
        weekend: Monday, Tuesday and Wednesday at 10:00."""
        expected = {
            "a": (datetime(2026, 1, 12, 10), date(2026, 1, 15)),
            "b": (datetime(2026, 1, 13, 10), date(2026, 1, 20)),
            "c": (datetime(2026, 1, 14, 10), date(2026, 1, 28)),
        }
        for grade, (deadline, cadence) in expected.items():
            with self.subTest(grade=grade):
                lead = self._lead(grade)
                self.assertEqual(lead.followup_first_contact_deadline, deadline)
                self.assertEqual(self._lead_steps(lead, "first_contact").date_due, deadline.date())
                # The plan itself within 24 hours: Monday.
                self.assertEqual(self._lead_steps(lead, "lead_plan").date_due, date(2026, 1, 12))
                self.assertEqual(self._lead_steps(lead, "cadence").date_due, cadence)
                self.assertEqual(self._lead_steps(lead).user_id, self.salesman)

    def test_reminder_on_the_lead_for_the_earliest_step(self):
        lead = self._lead("a")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesman)
        self.assertEqual(activities.date_deadline, date(2026, 1, 12))
        self.assertEqual(activities.followup_step_id.kind, "lead_plan")

    def test_hot_lead_every_three_days(self):
        lead = self._lead("c", priority="3")
        # First contact still on C's 72 hours, then every 3 days (seed 002).
        self.assertEqual(self._lead_steps(lead, "cadence").date_due, date(2026, 1, 19))

    def test_regrading_replans_open_steps(self):
        lead = self._lead("c")
        self.assertEqual(self._lead_steps(lead, "first_contact").date_due, date(2026, 1, 14))
        lead.with_user(self.leader).write(
            {"followup_grade": "a", "followup_grade_reason": "Budget approved this morning."}
        )
        self.assertEqual(self._lead_steps(lead, "first_contact").date_due, date(2026, 1, 12))
        self.assertEqual(self._lead_steps(lead, "cadence").date_due, date(2026, 1, 15))
        self.assertEqual(lead.followup_graded_by_id, self.leader)

    def test_losing_and_winning_cancel_open_steps(self):
        lost, won = self._lead("b"), self._lead("b")
        lost.action_set_lost(
            lost_reason_id=self.env.ref("sales_followup_crm.lost_reason_budget").id
        )
        won.action_set_won()
        for lead in lost | won:
            steps = lead.with_context(active_test=False).followup_step_ids
            self.assertEqual(set(steps.mapped("state")), {"cancelled"})
            self.assertFalse(
                self.env["mail.activity"].search_count(
                    [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
                )
            )

    def test_invalid_and_unassigned_leads_get_nothing(self):
        invalid = self._lead("a", followup_lead_valid=False, followup_invalid_reason="competitor")
        unassigned = self.Lead.create(
            {
                "name": "Website enquiry",
                "partner_id": self.partner.id,
                "team_id": self.team.id,
                "user_id": False,
            }
        )
        self.assertFalse(invalid.followup_step_ids)
        self.assertFalse(unassigned.followup_step_ids)
        self.assertFalse(invalid.followup_first_contact_deadline)
        # Invalidating a planned lead cancels its plan; assigning one plans it.
        planned = self._lead("b")
        planned.write({"followup_lead_valid": False, "followup_invalid_reason": "duplicate"})
        self.assertFalse(self._lead_steps(planned))
        unassigned.user_id = self.salesman
        self.assertEqual(self._lead_steps(unassigned, "first_contact").date_due, date(2026, 1, 13))

    def test_logging_completes_step_and_plans_next_contact(self):
        lead = self._lead("b")
        step = self._lead_steps(lead, "first_contact")
        with freeze_time("2026-01-12 09:00:00"):
            interaction = self._log(lead, step_id=step.id, date=datetime(2026, 1, 12, 8, 30))
        self.assertEqual(step.state, "done")
        self.assertEqual(step.interaction_id, interaction)
        # Weekly after the contact of Monday 12: Monday 19.
        self.assertEqual(self._lead_steps(lead, "cadence").date_due, date(2026, 1, 19))

    def test_c_lead_capped_at_two_contacts_a_month(self):
        lead = self._lead("c")
        with freeze_time("2026-01-16 09:00:00"):
            self._log(
                lead,
                step_id=self._lead_steps(lead, "first_contact").id,
                date=datetime(2026, 1, 12, 8),
            )
            self._log(lead, date=datetime(2026, 1, 16, 8))
        # 16 + 14 days is 30 January, a third contact in January: the next
        # one waits for February (Sunday 1st: Monday 2nd).
        self.assertEqual(self._lead_steps(lead, "cadence").date_due, date(2026, 2, 2))
        # A B lead with the same contacts is not capped.
        lead_b = self._lead("b")
        with freeze_time("2026-01-16 09:00:00"):
            self._log(lead_b, date=datetime(2026, 1, 12, 8))
            self._log(lead_b, date=datetime(2026, 1, 16, 8))
        self.assertEqual(self._lead_steps(lead_b, "cadence").date_due, date(2026, 1, 23))

    def test_replanning_in_batch_costs_the_same_queries(self):
        """Leads graded or assigned in bulk are planned at a constant number
        of queries (Odoo's own assignment costs some per lead: not ours)."""

        def regrade(count):
            leads = self.Lead.create(
                [
                    {
                        "name": f"Enquiry {i}",
                        "partner_id": self.partner.id,
                        "user_id": self.salesman.id,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            leads.with_user(self.manager).write(
                {"followup_grade": "a", "followup_grade_reason": "Budget confirmed at the fair."}
            )
            self.env.flush_all()
            self.assertEqual(
                set(self._lead_steps(leads, "first_contact").mapped("date_due")),
                {date(2026, 1, 12)},
            )
            return self.env.cr.sql_log_count - before

        regrade(2)
        self.assertEqual(regrade(3), regrade(12))

    def test_lead_steps_in_the_readers_language(self):
        """Planned by someone working in English, read in Chinese: the topics
        are stored in every language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_followup", "sales_followup_crm"], ["zh_CN"], overwrite=True
        )
        step = self._lead_steps(self._lead("a"), "lead_plan")
        self.assertEqual(
            step.with_context(lang="en_US").topic,
            "Make the follow-up plan of the lead: who, what, when.",
        )
        self.assertEqual(
            step.with_context(lang="zh_CN").topic, "制定线索跟进计划：谁跟进、跟进什么、何时跟进。"
        )
