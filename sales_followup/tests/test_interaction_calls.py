from contextlib import contextmanager
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .test_interaction import GOOD_SUMMARY, InteractionCommon

QUICK_VIEW = "sales_followup.sales_followup_interaction_view_form_quick"


@tagged("post_install", "-at_install")
@freeze_time("2026-05-05 10:00:00")
class TestCalls(InteractionCommon):
    """Every call is logged, reached or not (seeds 001, 002, 004)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-04-30 10:00:00"):
            cls.order = cls._create_order(150_000, delivery=date(2026, 5, 22))
            cls.order.action_confirm()
        cls.step = cls.order.followup_step_ids.filtered(lambda s: s.kind == "first_contact")

    @contextmanager
    def _refused(self, pattern):
        """Refused with a message matching ``pattern``, nothing saved (the
        savepoint of Odoo's assertRaises)."""
        with self.assertRaises(ValidationError) as error:
            yield
        self.assertRegex(str(error.exception), pattern)

    def _attempt(self, outcome="no_answer", when="2026-05-05 09:00:00", **values):
        values = {"summary": "客户不在", **values}
        return self._log(
            order_id=self.order.id, step_id=self.step.id, call_outcome=outcome, date=when, **values
        )

    def test_unreached_attempts_are_counted_and_leave_the_step_open(self):
        first = self._attempt(when="2026-05-05 08:00:00")
        second = self._attempt("busy", when="2026-05-05 08:30:00", summary="Line busy")
        third = self._attempt(when="2026-05-05 09:00:00")
        self.assertEqual(first.summary, "客户不在")
        self.assertEqual(self.step.state, "planned")
        self.assertFalse(self.step.interaction_id)
        self.assertEqual(self.step.with_user(self.salesman).call_attempt_count, 3)
        # The rep's reminder of the step stays open.
        self.assertEqual(
            self._followup_activities(self.order, self.salesman).followup_step_id, self.step
        )
        reached = self._attempt(
            "reached", when="2026-05-05 09:30:00", summary=GOOD_SUMMARY, duration_minutes=6
        )
        self.assertEqual(self.step.state, "done")
        self.assertEqual(self.step.interaction_id, reached)
        self.assertEqual(self.step.call_attempt_count, 3)
        # The timeline numbers each attempt: reached at the 4th.
        timeline = self.order.with_user(self.salesman).followup_interaction_ids
        self.assertEqual(
            [(i.call_outcome, i.call_attempt) for i in timeline.sorted("date")],
            [("no_answer", 1), ("busy", 2), ("no_answer", 3), ("reached", 4)],
        )
        self.assertEqual((first | second | third).mapped("call_attempt"), [1, 2, 3])

    def test_vague_rule_still_applies_to_reached_calls(self):
        with self._refused("too vague|too short"):
            self._attempt("reached", summary="客户不在", duration_minutes=3)
        self.assertEqual(self.step.state, "planned")

    def test_personal_data_refused_in_a_short_note(self):
        with self._refused("a mobile phone number"):
            self._attempt(summary="客户不在，改打13800138000")
        self.assertEqual(self.step.call_attempt_count, 0)

    def test_reached_call_needs_its_duration(self):
        with self._refused("how many minutes the call"):
            self._attempt("reached", summary=GOOD_SUMMARY)
        self.assertEqual(self.step.state, "planned")
        with self._refused("0 or more"):
            self._attempt("reached", summary=GOOD_SUMMARY, duration_minutes=-5)

    def test_long_call_needs_confirmation(self):
        with self._refused("more than 10 hours"):
            self._attempt("reached", summary=GOOD_SUMMARY, duration_minutes=650)
        call = self._attempt(
            "reached", summary=GOOD_SUMMARY, duration_minutes=650, duration_confirmed=True
        )
        self.assertEqual(call.duration_minutes, 650)
        # 600 minutes is still plausible without confirmation.
        other = self._log(channel="phone", call_outcome="reached", duration_minutes=600)
        self.assertEqual(other.duration_minutes, 600)

    def test_outcome_only_for_calls(self):
        with self._refused("for calls"):
            self._log(channel="email", call_outcome="no_answer", summary="No reply")

    def test_attempt_then_reached_by_changing_the_outcome(self):
        call = self._attempt()
        self.assertEqual(self.step.state, "planned")
        call.with_user(self.salesman).write(
            {"call_outcome": "reached", "summary": GOOD_SUMMARY, "duration_minutes": 4}
        )
        self.assertEqual(self.step.state, "done")
        self.assertEqual(self.step.interaction_id, call)

    def test_quick_log_offers_talking_points_and_guideline(self):
        action = self.step.with_user(self.salesman).action_log_interaction()
        form = Form(
            self.Interaction.with_user(self.salesman).with_context(**action["context"]),
            view=QUICK_VIEW,
        )
        self.assertEqual(form.step_topic, self.step.topic)
        self.assertTrue(form.step_topic)
        arch = self.env.ref(QUICK_VIEW).arch
        self.assertIn("about 5 minutes", arch)
        self.assertIn("open questions", arch)
        form.call_outcome = "no_answer"
        form.summary = "客户不在"
        attempt = form.save()
        self.assertEqual(attempt.call_attempt, 1)
        self.assertEqual(self.step.state, "planned")
        # Help, not rules: a reached call of 12 minutes is fine.
        form = Form(
            self.Interaction.with_user(self.salesman).with_context(**action["context"]),
            view=QUICK_VIEW,
        )
        form.call_outcome = "reached"
        form.duration_minutes = 12
        form.summary = GOOD_SUMMARY
        form.date = datetime(2026, 5, 5, 9, 50)
        form.save()
        self.assertEqual(self.step.state, "done")

    def test_attempt_numbers_read_in_one_query(self):
        """A timeline page numbers its calls with one query, however many."""
        calls = self.Interaction
        for hour in range(8, 14):
            calls |= self._log(
                channel="phone",
                call_outcome="no_answer",
                summary="客户不在",
                date=f"2026-05-0{1 + hour % 4} {hour:02d}:00:00",
            )
        calls |= self._attempt()
        for count in (2, len(calls)):
            page = calls[:count].with_user(self.salesman)
            page.invalidate_recordset()
            page.fetch(["call_outcome", "date", "step_id", "order_id", "partner_id"])
            with self.assertQueryCount(1):
                page.mapped("call_attempt")
        self.assertEqual(sorted(calls[:6].mapped("call_attempt")), [1, 2, 3, 4, 5, 6])

    def test_promise_made_in_the_quick_log(self):
        action = self.step.with_user(self.salesman).action_log_interaction()
        form = Form(
            self.Interaction.with_user(self.salesman).with_context(**action["context"]),
            view=QUICK_VIEW,
        )
        form.call_outcome = "reached"
        form.duration_minutes = 5
        form.summary = GOOD_SUMMARY
        with form.commitment_ids.new() as promise:
            promise.name = "Send the heat-resistance test data"
            self.assertEqual(promise.user_id, self.salesman)
            promise.date_deadline = date(2026, 5, 8)
        interaction = form.save()
        commitment = interaction.commitment_ids
        self.assertEqual(commitment.partner_id, self.partner)
        self.assertEqual(
            self.env["mail.activity"]
            .search([("followup_commitment_id", "=", commitment.id)])
            .date_deadline,
            date(2026, 5, 8),
        )
