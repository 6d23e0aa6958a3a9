from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SurveyFollowupCommon

CRON = "sales_followup_survey.ir_cron_followup_survey_reminders"
METHOD = "_cron_followup_survey_reminders"


@tagged("post_install", "-at_install")
class TestSurveyReminder(SurveyFollowupCommon):
    def _call_reminders(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("followup_survey_input_id", "!=", False),
            ]
        )

    def _sent_thursday(self):
        with freeze_time("2026-04-30 10:00:00"):
            order = self._delivered_order()
            answer = self._send(order)
        return order, answer

    def test_unanswered_after_2_working_days_reminds_to_call(self):
        order, answer = self._sent_thursday()
        # Thursday 30 April + 2 working days (Friday 1 May is Labour Day): Tuesday 5 May.
        self.assertEqual(answer.followup_date_remind, date(2026, 5, 5))
        with freeze_time("2026-05-04 10:00:00"):
            self.assertEqual(self._cron_call(CRON, METHOD), (0, 0))
        self.assertFalse(self._call_reminders(order))
        with freeze_time("2026-05-05 10:00:00"):
            self.assertEqual(self._cron_call(CRON, METHOD), (1, 0))
            # Once per invitation.
            self.assertEqual(self._cron_call(CRON, METHOD), (0, 0))
        activity = self._call_reminders(order)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.date_deadline, date(2026, 5, 5))
        self.assertIn("No answer to the satisfaction survey: call", activity.summary)
        self.assertTrue(answer.followup_date_reminded)
        # The customer answers after all: the step is done, the call is no longer asked.
        with freeze_time("2026-05-06 09:00:00"):
            self._answer(answer, satisfaction=4)
        self.assertEqual(self._satisfaction_step(order).state, "done")
        # Done (a to-do done is not kept, as in Odoo).
        self.assertFalse(activity.exists())

    def test_call_logged_instead_closes_the_reminder(self):
        order, answer = self._sent_thursday()
        with freeze_time("2026-05-05 10:00:00"):
            self._cron_call(CRON, METHOD)
            activity = self._call_reminders(order)
            self.env["sales_followup.interaction"].with_user(self.salesman).create(
                {
                    "step_id": self._satisfaction_step(order).id,
                    "kind": "survey",
                    "channel": "phone",
                    "summary": "Customer rated the delivery 4: on time, packaging intact.",
                    "satisfaction": 4,
                }
            )
        self.assertTrue(activity)
        self.assertFalse(activity.exists())
        # The survey, answered too late, is still logged (without the step).
        with freeze_time("2026-05-06 09:00:00"):
            interaction = self._answer(answer, satisfaction=5)
        self.assertFalse(interaction.step_id)

    def test_answered_or_closed_steps_not_reminded(self):
        order, answer = self._sent_thursday()
        other, __ = self._sent_thursday()
        with freeze_time("2026-05-04 10:00:00"):
            self._answer(answer, satisfaction=5)
            self._satisfaction_step(other).with_user(self.salesman).action_done()
        with freeze_time("2026-05-05 10:00:00"):
            self.assertEqual(self._cron_call(CRON, METHOD), (0, 0))
        self.assertFalse(self._call_reminders(order) | self._call_reminders(other))

    def test_reminders_batched_in_flat_queries(self):
        """One pass of the scheduled action costs as many queries for 8
        invitations as for 4 (each salesperson gets one notice for more
        than 3 alerts, see the reminder mixin); a first pass warms the caches."""
        counts = []
        for size in (4, 4, 8):
            with freeze_time("2026-04-30 10:00:00"):
                orders = [self._delivered_order() for __ in range(size)]
                for order in orders:
                    self._send(order)
            with freeze_time("2026-05-05 10:00:00"):
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                self.assertEqual(self._cron_call(CRON, METHOD), (size, 0))
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(sum(len(self._call_reminders(order)) for order in orders), size)
        self.assertEqual(counts[1], counts[2], counts)
