from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.sales_followup.const import OPEN_STATES


class SalesFollowupStep(models.Model):
    _inherit = "sales_followup.step"

    followup_survey_sent = fields.Datetime(
        string="Survey Sent On",
        compute="_compute_followup_survey",
        help="When the satisfaction survey was first e-mailed to the order's contact.",
    )
    followup_survey_state = fields.Selection(
        [("sent", "Sent, not answered"), ("answered", "Answered")],
        string="Survey",
        compute="_compute_followup_survey",
    )

    def _compute_followup_survey(self):
        # sudo: the invitations' dates and states only; reps need no Surveys rights.
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .search_fetch(
                [("followup_step_id", "in", self.ids)],
                ["followup_step_id", "followup_date_sent", "state"],
                order="id",
            )
        )
        latest = {answer.followup_step_id.id: answer for answer in answers}
        for step in self:
            answer = latest.get(step.id)
            step.followup_survey_sent = answer.followup_date_sent if answer else False
            step.followup_survey_state = (
                answer and ("answered" if answer.state == "done" else "sent")
            ) or False

    def action_followup_send_survey(self):
        """E-mail the satisfaction survey to the order's contact: the survey's
        own token link, no login needed. Sent again while unanswered, the same
        link goes out (one answer per step)."""
        self.ensure_one()
        self.check_access("write")
        order = self.order_id
        contact = order.partner_id
        if self.kind != "satisfaction" or self.state not in OPEN_STATES:
            # A customer who asked not to be contacted has no open step either.
            raise UserError(self.env._("Only an open satisfaction step sends the survey."))
        if not contact.email:
            raise UserError(
                self.env._(
                    "%(contact)s has no e-mail address: add one on the contact, or "
                    "ask the satisfaction questions by phone and log the call.",
                    contact=contact.display_name,
                )
            )
        # sudo: reps send the company's survey without rights in Surveys;
        # the invitation is the follow-up's bookkeeping.
        survey = self.env.ref(
            "sales_followup_survey.survey_followup_satisfaction", raise_if_not_found=False
        )
        if not survey or not survey.sudo().active:
            raise UserError(
                self.env._(
                    "The follow-up satisfaction survey was deleted or archived: "
                    "restore it in Surveys."
                )
            )
        Answer = self.env["survey.user_input"].sudo()
        answer = Answer.search(
            [("followup_step_id", "=", self.id), ("state", "!=", "done")], limit=1
        )
        if not answer:
            answer = survey.sudo()._create_answer(
                partner=contact,
                check_attempts=False,
                invite_token=Answer._generate_invite_token(),
                followup_step_id=self.id,
            )
        today = fields.Date.context_today(self)
        answer.write(
            {
                # The first sending counts for the response rate.
                "followup_date_sent": answer.followup_date_sent or fields.Datetime.now(),
                "followup_date_remind": Answer._followup_remind_date(self.company_id, today),
                "followup_date_reminded": False,
            }
        )
        template = self.env.ref("sales_followup_survey.mail_template_followup_survey")
        template.sudo().send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
        order.sudo().message_post(
            body=self.env._(
                "Satisfaction survey sent to %(contact)s. Unanswered on %(date)s, "
                "it reminds you to call instead.",
                contact=contact._followup_text_name(),
                date=format_date(self.env, answer.followup_date_remind),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _followup_linked_activities(self):
        """The steps' alerts include the calls asked for unanswered surveys:
        completing or cancelling the step closes them too."""
        activities = super()._followup_linked_activities()
        if not self:
            return activities
        return activities | self.env["mail.activity"].sudo().search(
            [("followup_survey_input_id.followup_step_id", "in", self.ids)]
        )
