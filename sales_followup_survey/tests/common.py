from datetime import date

from odoo.fields import Command

from odoo.addons.sales_followup.tests.common import FollowupCommon

ASPECTS = ("satisfaction_quality", "satisfaction_timeliness", "satisfaction_service")


class SurveyFollowupCommon(FollowupCommon):
    """A customer with a contact who has an e-mail address, and the seeded
    satisfaction survey, its questions by the interaction field they fill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Zhang Wei",
                "parent_id": cls.partner.id,
                "function": "Purchasing Manager",
                "email": "zhang.wei@huaxin.example.com",
            }
        )
        cls.survey = cls.env.ref("sales_followup_survey.survey_followup_satisfaction")
        cls.questions = {
            question.followup_interaction_field: question for question in cls.survey.question_ids
        }
        cls.template = cls.env.ref("sales_followup_survey.mail_template_followup_survey")

    @classmethod
    def _delivered_order(cls, amount=50_000, delivered=None, **values):
        """A confirmed order to the contact, delivered: its satisfaction step is open."""
        order = cls._create_order(amount, delivery=date(2026, 4, 20), partner=cls.contact, **values)
        order.action_confirm()
        if delivered:
            order.followup_delivered_date = delivered
        else:
            order.action_followup_mark_delivered()
        return order

    def _satisfaction_step(self, order):
        return self._steps(order, "satisfaction")

    def _send(self, order, user=None):
        """Send the survey from the order's satisfaction step; the invitation."""
        step = self._satisfaction_step(order)
        step.with_user(user or self.salesman).action_followup_send_survey()
        return self.env["survey.user_input"].search([("followup_step_id", "=", step.id)])

    def _answer(self, answer, comment=None, **scores):
        """The customer's answers saved as the survey saves them, then the
        answer marked done as the survey's submit route marks it."""
        answer = answer.sudo()
        lines = [
            Command.create(
                {
                    "question_id": self.questions[fname].id,
                    "answer_type": "scale",
                    "value_scale": score,
                }
            )
            for fname, score in scores.items()
        ]
        if comment is not None:
            lines.append(
                Command.create(
                    {
                        "question_id": self.questions["customer_feedback"].id,
                        "answer_type": "text_box",
                        "value_text_box": comment,
                    }
                )
            )
        answer.write({"user_input_line_ids": lines})
        answer._mark_done()
        return answer.followup_interaction_id

    def _order_notes(self, order):
        return order.message_ids.filtered(lambda m: m.subtype_id.internal).mapped("body")
