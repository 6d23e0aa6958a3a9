import logging
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LeadCommon

_logger = logging.getLogger(__name__)

# Wednesday 14 January 2026, 10:00 UTC: a lead graded A is assigned; its plan
# and first contact are due on Thursday 15, overdue from Friday 16, and the
# weekend comes before the escalation.
WEDNESDAY = "2026-01-14 10:00:00"
THURSDAY = date(2026, 1, 15)
MONDAY = date(2026, 1, 19)
TUESDAY = date(2026, 1, 20)


@tagged("post_install", "-at_install")
class TestLeadEscalation(LeadCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation_type = cls.env.ref("sales_followup.mail_activity_type_followup_escalation")

    def _assigned_lead(self, user=None):
        with freeze_time(WEDNESDAY):
            return self._lead("a", user=user)

    def _run_cron(self, day, hour=8):
        with freeze_time(f"{day} {hour:02d}:00:00"):
            self.Step._cron_followup_reminders()
            self.env.flush_all()

    def _run_days(self, start, stop):
        """The hourly job, several times a day, every day from ``start`` to ``stop``."""
        day = start
        while day <= stop:
            for hour in (8, 13, 17):
                self._run_cron(day, hour)
            day += timedelta(days=1)

    def _escalations(self, leads):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    ("activity_type_id", "=", self.escalation_type.id),
                ]
            )
        )

    def _escalation_notes(self, lead):
        return self.env["mail.message"].search(
            [
                ("model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                ("body", "ilike", "Follow-up escalated to"),
            ]
        )

    def test_late_lead_steps_escalate_to_leader_once_after_delay(self):
        """Due Thursday, overdue Friday; one working day later, over the
        weekend, is Monday (two with a delay of 2: Tuesday). The leader is
        alerted once per step, on the lead, with one note."""
        for delay, expected in ((1, MONDAY), (2, TUESDAY)):
            with self.subTest(delay=delay):
                self.company.followup_lead_escalation_days = delay
                lead = self._assigned_lead()
                late = self._lead_steps(lead).filtered(lambda step: step.date_due == THURSDAY)
                self.assertEqual(set(late.mapped("kind")), {"lead_plan", "first_contact"})
                escalated_on = None
                day = THURSDAY
                while day <= TUESDAY:
                    for hour in (8, 13, 17):
                        self._run_cron(day, hour)
                    if day == date(2026, 1, 16):
                        self.assertEqual(set(late.mapped("state")), {"overdue"})
                    if escalated_on is None and any(late.mapped("date_escalated")):
                        escalated_on = day
                    day += timedelta(days=1)
                self.assertEqual(escalated_on, expected)
                self.assertTrue(all(late.mapped("date_escalated")))
                self.assertEqual(late.escalation_user_id, self.leader)
                activities = self._escalations(lead)
                self.assertEqual(activities.followup_escalation_step_id, late)
                self.assertEqual(len(activities), len(late), "escalated exactly once")
                self.assertEqual(activities.user_id, self.leader)
                self.assertEqual(set(activities.mapped("date_deadline")), {expected})
                notes = self._escalation_notes(lead)
                self.assertEqual(len(notes), 1)
                self.assertIn(self.leader.name, notes.body)
                self.assertIn(lead.name, notes.body)
                # The later cadence step is not late for long enough yet.
                cadence = self._lead_steps(lead, "cadence")
                self.assertFalse(cadence.date_escalated)

    def test_leader_own_lead_goes_one_level_up(self):
        """The leader's own late step goes to the follow-up manager."""
        self.company.followup_manager_id = self.manager
        own = self._assigned_lead(user=self.leader)
        rep = self._assigned_lead()
        self._run_days(THURSDAY, MONDAY)
        own_late = self._lead_steps(own, "first_contact")
        self.assertEqual(own_late.escalation_user_id, self.manager)
        self.assertEqual(self._escalations(own).user_id, self.manager)
        self.assertEqual(self._lead_steps(rep, "first_contact").escalation_user_id, self.leader)

    def test_lead_without_customer_reads_well(self):
        """A lead with no customer yet is escalated without an empty name."""
        with freeze_time(WEDNESDAY):
            lead = self._lead("a", partner_id=False)
        self._run_days(THURSDAY, MONDAY)
        body = self._escalation_notes(lead).body
        self.assertIn(lead.name, body)
        self.assertNotIn(" for ,", body)
        self.assertIn("working day(s) late", body)

    def test_no_leader_no_manager_no_escalation(self):
        """A lead of a team without a leader, in a company without a
        follow-up manager, has nobody to alert: its late steps wait."""
        team = self.env["crm.team"].create({"name": "Leaderless"})
        with freeze_time(WEDNESDAY):
            lead = self._lead("a", team_id=team.id)
        self._run_days(THURSDAY, MONDAY)
        steps = self._lead_steps(lead, "first_contact")
        self.assertEqual(steps.state, "overdue")
        self.assertFalse(steps.date_escalated)
        self.assertFalse(self._escalations(lead))

    def test_cron_queries_do_not_grow_with_lead_steps(self):
        """One run costs about the same for 5 or 40 late leads."""

        def run(count):
            with freeze_time(WEDNESDAY):
                leads = self.Lead.create(
                    [
                        {
                            "name": f"Enquiry {i}",
                            "type": "opportunity",
                            "partner_id": self.partner.id,
                            "team_id": self.team.id,
                            "user_id": self.salesman.id,
                        }
                        for i in range(count)
                    ]
                )
            self.env.flush_all()
            self.env.invalidate_all()
            # Ungraded (as B): first contact due Friday 16, escalated Tuesday 20.
            with freeze_time("2026-01-20 08:00:00"):
                before = self.cr.sql_log_count
                self.Step._cron_followup_reminders()
                self.env.flush_all()
                queries = self.cr.sql_log_count - before
            steps = self._lead_steps(leads, "first_contact")
            self.assertEqual(len(steps), count)
            self.assertEqual(set(steps.mapped("state")), {"overdue"})
            self.assertTrue(all(steps.mapped("date_escalated")))
            alerted = self._escalations(leads).followup_escalation_step_id
            self.assertEqual(alerted.filtered(lambda step: step.kind == "first_contact"), steps)
            return queries

        run(1)  # warm the caches
        five = run(5)
        forty = run(40)
        _logger.info("Reminder cron queries: %s for 5 late leads, %s for 40", five, forty)
        self.assertLessEqual(forty, five + 3, (five, forty))
