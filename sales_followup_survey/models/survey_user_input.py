import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import format_date, plaintext2html

from odoo.addons.sales_followup.const import OPEN_STATES, TEXT_MAX
from odoo.addons.sales_followup.tools import text_checks

from .survey_question import COMMENT_FIELD, SCORE_FIELDS

_logger = logging.getLogger(__name__)

# Working days an invitation waits for its answer before the salesperson is
# asked to call instead.
REMIND_AFTER_DAYS = 2
# Fields of an invitation only the follow-up sets.
BOOKKEEPING_FIELDS = frozenset(
    (
        "followup_step_id",
        "followup_date_sent",
        "followup_date_remind",
        "followup_date_reminded",
        "followup_handled",
        "followup_interaction_id",
    )
)
# Invitations reminded per call of the scheduled action; the runner commits
# and calls again while some remain.
REMINDER_BATCH_SIZE = 500


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    followup_step_id = fields.Many2one(
        "sales_followup.step",
        string="Follow-up Step",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The satisfaction step of the order this invitation was sent from.",
    )
    followup_date_sent = fields.Datetime(string="Survey Sent On", readonly=True, copy=False)
    followup_date_remind = fields.Date(
        string="Call If Unanswered On",
        readonly=True,
        copy=False,
        help="2 working days after the invitation was sent: the salesperson is "
        "then asked to call the customer instead.",
    )
    followup_date_reminded = fields.Datetime(
        string="Reminded to Call On", readonly=True, copy=False
    )
    followup_handled = fields.Boolean(
        string="Taken into the Follow-up",
        readonly=True,
        copy=False,
        help="The answer was taken into the follow-up (logged, or the "
        "salesperson told why not): never twice.",
    )
    followup_interaction_id = fields.Many2one(
        "sales_followup.interaction",
        string="Logged Interaction",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._followup_check_bookkeeping(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._followup_check_bookkeeping(vals)
        return super().write(vals)

    def _followup_check_bookkeeping(self, vals):
        """The invitation's link to its step and its follow-up are set by the
        follow-up itself (in sudo): a Surveys user cannot point an answer at
        another order's step."""
        refused = [fname for fname in vals if fname in BOOKKEEPING_FIELDS and vals[fname]]
        if refused and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by the follow-up itself, not by hand.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in refused
                    ),
                )
            )

    # ------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------

    def _mark_done(self):
        res = super()._mark_done()
        self.filtered("followup_step_id")._followup_record_answers()
        return res

    def _followup_record_answers(self):
        """Log each answer of a follow-up invitation as the survey
        interaction of its order (completing the satisfaction step; a low
        score escalates as a logged one does), once. What cannot be logged (an
        order cancelled, a score out of range) is told to the salesperson on
        the order; the customer, who submitted from the public page, never
        sees an error."""
        for answer in self.sudo().filtered(lambda a: not a.followup_handled and not a.test_entry):
            # sudo: bookkeeping of the invitation, first, so that a second
            # call (another worker, the same token again) changes nothing.
            answer.followup_handled = True
            try:
                with self.env.cr.savepoint():
                    answer._followup_record_answer()
            except Exception as error:  # noqa: BLE001 - never shown to the customer
                if isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                    raise  # the request is retried whole
                _logger.exception("Survey answer %s could not be logged.", answer.id)
                answer._followup_tell_salesperson(
                    answer._followup_env()._(
                        "The customer's survey answer could not be logged "
                        "(%(error)s): log it by hand from the answer in Surveys.",
                        error=error,
                    )
                )

    def _followup_env(self):
        """The add-on's environment for this answer: the superuser (the
        customer is the public user), in the company and language of the order."""
        self.ensure_one()
        company = self.followup_step_id.company_id
        return (
            self.with_user(SUPERUSER_ID)
            .with_company(company)
            .with_context(lang=company.partner_id.lang or self.env.lang)
            .env
        )

    def _followup_values(self):
        """The answers by interaction field: scores (None when out of range or
        skipped) and the comment; and the out-of-range values found."""
        values = {}
        out_of_range = {}
        for line in self.user_input_line_ids:
            fname = line.question_id.followup_interaction_field
            if not fname or line.skipped:
                continue
            if fname == COMMENT_FIELD:
                values[fname] = (line.value_text_box or line.value_char_box or "").strip()
                continue
            score = line.value_scale if line.answer_type == "scale" else line.value_numerical_box
            if isinstance(score, float) and score.is_integer():
                score = int(score)
            if isinstance(score, int) and 1 <= score <= 5:
                values[fname] = score
            else:
                out_of_range[fname] = score
        return values, out_of_range

    def _followup_record_answer(self):
        self.ensure_one()
        env = self._followup_env()
        step = self.followup_step_id.with_env(env)
        order = step.order_id
        Interaction = env["sales_followup.interaction"]
        labels = {
            fname: Interaction._fields[fname]._description_string(env)
            for fname in (*SCORE_FIELDS, COMMENT_FIELD)
        }
        if order.state == "cancel":
            self._followup_tell_salesperson(
                env._(
                    "%(contact)s answered the satisfaction survey after order %(order)s "
                    "was cancelled: nothing was logged. The answer is kept in Surveys.",
                    contact=self._followup_contact_name(),
                    order=order.name,
                )
            )
            return
        values, out_of_range = self._followup_values()
        if not values.get("satisfaction"):
            self._followup_tell_salesperson(
                env._(
                    "No overall satisfaction from 1 to 5 (answered %(value)s): nothing "
                    "was logged, call the customer to ask for it.",
                    value=out_of_range.get("satisfaction", "-"),
                )
            )
            return
        problems = [
            env._(
                "%(field)s answered %(value)s, outside 1 to 5: left unscored.",
                field=labels[fname],
                value=value,
            )
            for fname, value in out_of_range.items()
        ]
        comment, comment_problem = self._followup_comment(values.get(COMMENT_FIELD))
        if comment_problem:
            problems.append(comment_problem)
        customer = order.partner_id.commercial_partner_id
        contact = self.partner_id
        salesperson = step.user_id or order.user_id or env.ref("base.user_root")
        scores = {fname: values.get(fname, 0) for fname in SCORE_FIELDS}
        shown = {fname: f"{score}/5" if score else "-" for fname, score in scores.items()}
        interaction = Interaction.create(
            {
                "order_id": order.id,
                "partner_id": customer.id,
                "step_id": step.id if step.state in OPEN_STATES else False,
                "kind": "survey",
                "channel": "email",
                "channel_detail": env._("Online survey"),
                "date": self.end_datetime or fields.Datetime.now(),
                "user_id": salesperson.id,
                "participant_user_ids": [Command.clear()],
                "participant_contact_ids": [
                    Command.set(
                        contact.ids
                        if contact
                        and contact != customer
                        and contact.commercial_partner_id == customer
                        else []
                    )
                ],
                "summary": env._(
                    "The customer answered the satisfaction survey: overall %(overall)s, "
                    "product / service quality %(quality)s, delivery timeliness "
                    "%(timeliness)s, service experience %(service)s.",
                    overall=shown["satisfaction"],
                    quality=shown["satisfaction_quality"],
                    timeliness=shown["satisfaction_timeliness"],
                    service=shown["satisfaction_service"],
                ),
                COMMENT_FIELD: comment,
                **scores,
            }
        )
        self.followup_interaction_id = interaction
        if problems or step.state != "done" or step.interaction_id != interaction:
            problems.insert(
                0,
                env._(
                    "%(contact)s answered the satisfaction survey; it is logged as "
                    "%(interaction)s.",
                    contact=self._followup_contact_name(),
                    interaction=interaction._followup_text_display_name(),
                ),
            )
            self._followup_tell_salesperson("\n".join(problems))

    def _followup_comment(self, comment):
        """The customer's comment as it may be stored: personal data (a phone
        number, an e-mail address...) replaced by ***, too long a text cut;
        and what the salesperson is told about it, if anything."""
        if not comment:
            return False, None
        env = self._followup_env()
        problem = None
        if len(comment) > TEXT_MAX:
            comment = comment[:TEXT_MAX]
            problem = env._(
                "The comment was longer than %(limit)s characters: the rest is in "
                "the answer in Surveys.",
                limit=TEXT_MAX,
            )
        findings = text_checks.find_personal_data(comment)
        if findings:
            for finding in reversed(findings):
                comment = comment[: finding.start] + "***" + comment[finding.end :]
            problem = env._(
                "The comment held personal data (%(values)s), replaced by *** in the "
                "interaction: the follow-up records none.",
                values=", ".join(text_checks.mask(finding.value) for finding in findings),
            )
            if text_checks.find_personal_data(comment):
                comment = False
        return comment, problem

    def _followup_contact_name(self):
        self.ensure_one()
        return self.partner_id._followup_text_name() if self.partner_id else self.email or ""

    def _followup_tell_salesperson(self, text):
        """A note on the order, sent to the step's responsible."""
        self.ensure_one()
        step = self.followup_step_id.sudo()
        order = step.order_id
        if not order:
            return
        salesperson = step.user_id or order.user_id
        order.message_post(
            body=plaintext2html(text),
            subtype_xmlid="mail.mt_note",
            partner_ids=salesperson.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
        )

    # ------------------------------------------------------------
    # Unanswered invitations
    # ------------------------------------------------------------

    @api.model
    def _followup_remind_date(self, company, day):
        """The day an invitation sent on ``day`` is reminded of, if unanswered."""
        workdays = company.resource_calendar_id._followup_working_days(
            day, day + timedelta(days=7 * REMIND_AFTER_DAYS + 14)
        )
        return workdays.add(day, REMIND_AFTER_DAYS)

    @api.model
    def _followup_unanswered_domain(self):
        """Invitations of open satisfaction steps unanswered on their reminder
        day (in each company's today), not reminded yet."""
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        return expression.AND(
            [
                [
                    ("followup_step_id.state", "in", OPEN_STATES),
                    ("state", "!=", "done"),
                    ("followup_date_reminded", "=", False),
                ],
                expression.OR(
                    [
                        ("followup_step_id.company_id", "=", company.id),
                        ("followup_date_remind", "<=", company._followup_today()),
                    ]
                    for company in companies
                ),
            ]
        )

    @api.model
    def _cron_followup_survey_reminders(self, batch_size=REMINDER_BATCH_SIZE):
        """Ask the salesperson to call the customers who left a satisfaction
        survey unanswered for 2 working days, once per invitation, a batch
        per call (the runner calls again while some remain)."""
        domain = self._followup_unanswered_domain()
        cron = self.env.ref("sales_followup_survey.ir_cron_followup_survey_reminders")
        skipped = cron._followup_failed_ids()[self._name]
        if skipped:
            domain = expression.AND([domain, [("id", "not in", skipped)]])
        Answer = self.sudo()
        todo = Answer.search(domain, order="followup_date_remind, id", limit=batch_size)
        failed = cron._followup_process(todo, lambda answers: answers._followup_remind_to_call())
        remaining = Answer.search_count(expression.AND([domain, [("id", "not in", failed.ids)]]))
        self.env["ir.cron"]._notify_progress(done=len(todo), remaining=remaining)

    def _followup_remind_to_call(self):
        """One activity per invitation for its step's responsible, on the
        order, due today: call instead. The step's alerts (see
        sales_followup.step), closed with it."""
        if not self:
            return
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("sale.order")
        vals_list = []
        for answer in self:
            step = answer.followup_step_id
            order = step.order_id
            company = step.company_id
            env = self.with_context(lang=company.partner_id.lang or self.env.lang).env
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_model": "sale.order",
                    "res_id": order.id,
                    "activity_type_id": todo_type.id,
                    "user_id": (step.user_id or order.user_id).id,
                    "date_deadline": company._followup_today(),
                    "followup_survey_input_id": answer.id,
                    "summary": env._(
                        "No answer to the satisfaction survey: call %(customer)s instead",
                        customer=order.partner_id._followup_text_name(),
                    ),
                    "note": plaintext2html(
                        env._(
                            "The satisfaction survey sent on %(date)s is unanswered: "
                            "ask the three aspects and the overall score by phone "
                            "and log the call on the satisfaction step.",
                            date=format_date(env, answer.followup_date_sent),
                        )
                    ),
                }
            )
        self.followup_step_id._followup_create_alerts(vals_list)
        # sudo (the cron's): bookkeeping of the invitations.
        self.write({"followup_date_reminded": fields.Datetime.now()})
