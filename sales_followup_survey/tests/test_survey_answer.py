from freezegun import freeze_time

from odoo.tests import tagged

from .common import SurveyFollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestSurveyAnswer(SurveyFollowupCommon):
    def setUp(self):
        super().setUp()
        self.order = self._delivered_order()
        self.step = self._satisfaction_step(self.order)
        self.answer = self._send(self.order)

    def _survey_interactions(self):
        return self.env["sales_followup.interaction"].search(
            [("order_id", "=", self.order.id), ("kind", "=", "survey")]
        )

    def test_answer_logged_completes_the_step(self):
        interaction = self._answer(
            self.answer,
            comment="Delivered on time; two cartons had dented corners.",
            satisfaction=4,
            satisfaction_quality=3,
            satisfaction_timeliness=5,
            satisfaction_service=4,
        )
        self.assertEqual(self._survey_interactions(), interaction)
        self.assertEqual(
            [
                interaction[fname]
                for fname in (
                    "satisfaction",
                    "satisfaction_quality",
                    "satisfaction_timeliness",
                    "satisfaction_service",
                )
            ],
            [4, 3, 5, 4],
        )
        self.assertEqual((interaction.kind, interaction.channel), ("survey", "email"))
        self.assertEqual(interaction.partner_id, self.partner)
        self.assertEqual(interaction.participant_contact_ids, self.contact)
        self.assertEqual(interaction.user_id, self.salesman)
        self.assertEqual(
            interaction.customer_feedback, "Delivered on time; two cartons had dented corners."
        )
        self.assertIn("overall 4/5", interaction.summary)
        self.assertFalse(interaction.is_escalated)
        self.assertEqual(self.step.state, "done")
        self.assertEqual(self.step.interaction_id, interaction)
        self.assertEqual(self.step.followup_survey_state, "answered")

    def test_low_score_escalates_like_a_logged_one(self):
        interaction = self._answer(
            self.answer,
            comment="The modules arrived scratched and nobody called back.",
            satisfaction=2,
            satisfaction_quality=1,
            satisfaction_timeliness=4,
            satisfaction_service=2,
        )
        # The interaction's own escalation, as for a score logged by hand:
        # the salesperson's solution (24 hours) and the customer's
        # confirmation (3 working days), the sales manager told and following.
        self.assertTrue(interaction.is_escalated)
        self.assertEqual(self._steps(self.order, "solution").user_id, self.salesman)
        self.assertEqual(self._steps(self.order, "escalation").user_id, self.salesman)
        self.assertIn(self.leader.partner_id, self.order.message_partner_ids)

    def test_second_submission_changes_nothing(self):
        interaction = self._answer(self.answer, satisfaction=5)
        notes = len(self.order.message_ids)
        steps = len(self.order.followup_step_ids)
        self.answer.sudo()._mark_done()
        self.assertEqual(self._survey_interactions(), interaction)
        self.assertEqual(self.answer.followup_interaction_id, interaction)
        self.assertEqual(len(self.order.message_ids), notes)
        self.assertEqual(len(self.order.followup_step_ids), steps)

    def test_answer_for_a_cancelled_order_tells_the_rep(self):
        self.order._action_cancel()
        self.assertEqual(self.step.state, "cancelled")
        self.assertFalse(self._answer(self.answer, satisfaction=1))
        self.assertFalse(self._survey_interactions())
        self.assertTrue(self.answer.followup_handled)
        note = self.order.message_ids[0]
        self.assertIn("after order", note.body)
        self.assertIn("was cancelled: nothing was logged", note.body)
        self.assertIn(self.salesman.partner_id, note.partner_ids)

    def test_overall_score_outside_1_to_5_logs_nothing(self):
        self.assertFalse(self._answer(self.answer, satisfaction=7, satisfaction_quality=4))
        self.assertFalse(self._survey_interactions())
        self.assertEqual(self.step.state, "planned")
        body = self.order.message_ids[0].body
        self.assertIn("No overall satisfaction from 1 to 5 (answered 7): nothing was logged", body)
        self.assertIn("call the customer", body)

    def test_aspect_outside_1_to_5_left_unscored(self):
        interaction = self._answer(self.answer, satisfaction=4, satisfaction_quality=9)
        self.assertEqual((interaction.satisfaction, interaction.satisfaction_quality), (4, 0))
        self.assertEqual(self.step.state, "done")
        self.assertIn(
            "Product / Service Quality answered 9, outside 1 to 5: left unscored",
            self.order.message_ids[0].body,
        )

    def test_personal_data_in_the_comment_is_masked(self):
        interaction = self._answer(
            self.answer,
            comment="Please call me back on 13812345678 about the invoice.",
            satisfaction=3,
        )
        self.assertEqual(
            interaction.customer_feedback, "Please call me back on *** about the invoice."
        )
        body = self.order.message_ids[0].body
        self.assertIn("personal data (138****5678)", body)

    def test_step_done_meanwhile_logs_the_answer_without_it(self):
        self.step.with_user(self.salesman).action_done()
        interaction = self._answer(self.answer, satisfaction=5)
        self.assertEqual(interaction.order_id, self.order)
        self.assertFalse(interaction.step_id)
        self.assertIn("it is logged as", self.order.message_ids[0].body)
