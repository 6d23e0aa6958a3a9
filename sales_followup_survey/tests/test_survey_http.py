import re

from odoo.tests import HttpCase, tagged

from .common import SurveyFollowupCommon

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestSurveyPublicRoute(SurveyFollowupCommon, HttpCase):
    """The customer answers from the e-mail's link, logged out, through the
    survey's own public routes (as survey's tests do: start, begin, submit)."""

    def _submit(self, answer, csrf_token, scores, comment):
        post = {str(self.questions[fname].id): str(score) for fname, score in scores.items()}
        post[str(self.questions["customer_feedback"].id)] = comment
        post.update(csrf_token=csrf_token, token=answer.access_token)
        url = f"/survey/submit/{self.survey.access_token}/{answer.access_token}"
        return self.opener.post(self.base_url() + url, json={"params": post})

    def test_answer_through_the_public_route(self):
        order = self._delivered_order()
        step = self._satisfaction_step(order)
        answer = self._send(order)
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )
        link = re.search(r'href="[^"]*(/survey/start/[^"]+)"', mail.body_html).group(1)

        # Logged out, the link opens the survey.
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("How did we do?", response.text)
        csrf_token = CSRF_RE.search(response.text).group(1)
        begin = f"/survey/begin/{self.survey.access_token}/{answer.access_token}"
        response = self.opener.post(self.base_url() + begin, json={})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Delivery timeliness", response.text)
        scores = {
            "satisfaction": 2,
            "satisfaction_quality": 2,
            "satisfaction_timeliness": 4,
            "satisfaction_service": 3,
        }
        response = self._submit(answer, csrf_token, scores, "Two panels arrived scratched.")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json())

        interaction = answer.followup_interaction_id
        self.assertEqual(answer.state, "done")
        self.assertEqual([interaction[fname] for fname in scores], list(scores.values()))
        self.assertEqual(interaction.customer_feedback, "Two panels arrived scratched.")
        self.assertEqual((interaction.kind, interaction.channel), ("survey", "email"))
        self.assertEqual(step.state, "done")
        self.assertEqual(step.interaction_id, interaction)
        # 2/5: escalated as a logged score is.
        self.assertTrue(interaction.is_escalated)

        # The same token again: refused by the survey, nothing changes here.
        messages = len(order.message_ids)
        response = self._submit(answer, csrf_token, dict(scores, satisfaction=5), "Fine after all")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["result"][1], {"error": "unauthorized"})
        interactions = self.env["sales_followup.interaction"].search(
            [("order_id", "=", order.id), ("kind", "=", "survey")]
        )
        self.assertEqual(interactions, interaction)
        self.assertEqual(interaction.satisfaction, 2)
        self.assertEqual(len(order.message_ids), messages)
