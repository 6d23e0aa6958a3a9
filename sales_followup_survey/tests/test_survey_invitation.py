from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SurveyFollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestSurveyInvitation(SurveyFollowupCommon):
    def _mails(self, answer):
        return self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )

    def test_invitation_mailed_with_token_link(self):
        order = self._delivered_order()
        answer = self._send(order)
        self.assertEqual(len(answer), 1)
        self.assertEqual((answer.survey_id, answer.partner_id), (self.survey, self.contact))
        self.assertEqual(answer.state, "new")
        # Sent Monday 27 April: unanswered on Wednesday 29, the rep calls.
        self.assertEqual(answer.followup_date_remind, date(2026, 4, 29))
        mail = self._mails(answer)
        self.assertEqual(mail.recipient_ids, self.contact)
        self.assertIn(order.name, mail.subject)
        link = f"/survey/start/{self.survey.access_token}?answer_token={answer.access_token}"
        self.assertIn(link, mail.body_html)
        self.assertIn("Satisfaction survey sent to", self._order_notes(order)[0])
        step = self._satisfaction_step(order)
        self.assertEqual(step.followup_survey_state, "sent")
        # Sent again while unanswered: the same link, not a second invitation.
        self.assertEqual(self._send(order), answer)
        self.assertEqual(len(self._mails(answer)), 2)
        self.assertIn(link, self._mails(answer)[0].body_html)

    def test_invitation_refused_with_reason(self):
        order = self._delivered_order()
        step = self._satisfaction_step(order).with_user(self.salesman)
        # Delivered before its first contact was due: the plan keeps the
        # manager's review and the survey call.
        review = self._steps(order, "manager_review").with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "Only an open satisfaction step"):
            review.action_followup_send_survey()
        self.contact.email = False
        with self.assertRaisesRegex(UserError, "has no e-mail address"):
            step.action_followup_send_survey()
        self.contact.email = "zhang.wei@huaxin.example.com"
        # Another salesperson's order is not his to survey.
        with self.assertRaises(AccessError):
            step.with_user(self.salesman_2).action_followup_send_survey()
        # A customer who asked not to be contacted has no open step to send from.
        self.partner.write(
            {"followup_do_not_contact": True, "followup_do_not_contact_reason": "Tender closed"}
        )
        with self.assertRaisesRegex(UserError, "Only an open satisfaction step"):
            step.action_followup_send_survey()
        self.assertFalse(self.env["survey.user_input"].search([("followup_step_id", "=", step.id)]))

    def test_invitation_links_not_writable_by_survey_users(self):
        order = self._delivered_order()
        answer = self._send(order)
        other = self._delivered_order()
        survey_user = new_test_user(
            self.env, login="sf_survey_officer", groups="survey.group_survey_user"
        )
        with self.assertRaisesRegex(AccessError, "set by the follow-up itself"):
            answer.with_user(survey_user).write(
                {"followup_step_id": self._satisfaction_step(other).id}
            )
        with self.assertRaisesRegex(AccessError, "set by the follow-up itself"):
            self.env["survey.user_input"].with_user(survey_user).create(
                {"survey_id": self.survey.id, "followup_handled": True}
            )
        self.assertEqual(answer.followup_step_id, self._satisfaction_step(order))
