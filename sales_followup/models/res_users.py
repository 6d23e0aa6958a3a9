import logging
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..const import CARE_OPEN_STATES, OPEN_STATES

_logger = logging.getLogger(__name__)

# Users e-mailed per call of the digest cron; the runner calls again while
# some remain.
DIGEST_BATCH_SIZE = 200


class ResUsers(models.Model):
    _inherit = "res.users"

    followup_digest_opt_out = fields.Boolean(
        string="No Daily Follow-up Digest",
        help="Do not send me the morning e-mail listing my follow-ups and care "
        "actions due today and overdue.",
    )
    followup_digest_date = fields.Date(
        string="Last Follow-up Digest",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Day of the last digest sent, so that a day's digest goes out once.",
    )

    followup_home = fields.Boolean(
        string="Open My Follow-ups at Login",
        default=True,
        help="Start on My Follow-ups instead of Discuss, unless a home action is set on the user.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["followup_digest_opt_out", "followup_home"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["followup_digest_opt_out", "followup_home"]

    def _followup_home_action(self):
        """The home action a follow-up user lands on: the user's own one if
        set, else My Follow-ups when the preference is on."""
        self.ensure_one()
        if (
            self.action_id
            or not self.followup_home
            or not self.has_group("sales_followup.group_followup_user")
        ):
            return self.action_id
        return self.env.ref("sales_followup.sales_followup_step_action_my")

    # ------------------------------------------------------------
    # Daily digest
    # ------------------------------------------------------------

    @api.model
    def _followup_digest_recipient_domain(self):
        return [
            ("share", "=", False),
            ("email", "!=", False),
            ("followup_digest_opt_out", "=", False),
        ]

    @api.model
    def _followup_digest_candidates(self, horizon):
        """What is due up to ``horizon`` per user, one grouped query per kind.

        ``horizon`` is the latest "today" of any time zone; each user's list
        is cut to his or her own today afterwards.
        """
        recipients = self._followup_digest_recipient_domain()
        Step = self.env["sales_followup.step"].sudo()
        return {
            "steps": dict(
                Step._read_group(
                    [
                        ("state", "in", OPEN_STATES),
                        ("date_due", "<=", horizon),
                        ("user_id", "any", recipients),
                    ],
                    ["user_id"],
                    ["id:recordset"],
                )
            ),
            "escalated": dict(
                Step._read_group(
                    [
                        ("state", "in", OPEN_STATES),
                        ("escalation_activity_ids", "!=", False),
                        ("escalation_user_id", "any", recipients),
                    ],
                    ["escalation_user_id"],
                    ["id:recordset"],
                )
            ),
            "care": dict(
                self.env["sales_followup.care.action"]
                .sudo()
                ._read_group(
                    [
                        ("state", "in", CARE_OPEN_STATES),
                        ("date_planned", "<=", horizon),
                        ("user_id", "any", recipients),
                    ],
                    ["user_id"],
                    ["id:recordset"],
                )
            ),
        }

    def _followup_today(self):
        """Today in the user's time zone, else in the company's."""
        self.ensure_one()
        if not self.tz:
            return self.company_id._followup_today()
        return fields.Date.context_today(self.with_context(tz=self.tz))

    @api.model
    def _followup_digest_lines(self, user, today, candidates):
        """The digest of one user as plain values for the mail template; an
        empty dict when nothing is due."""
        base_url = user.get_base_url()
        env = self.with_context(lang=user.lang).env
        kinds = dict(env["sales_followup.step"]._fields["kind"]._description_selection(env))

        def step_line(step):
            return {
                "url": f"{base_url}/odoo/followups/{step.id}",
                "order": step._followup_document().name,
                "customer": step.partner_id._followup_display_name_for(user),
                "kind": kinds.get(step.kind, ""),
                "date": step.date_due,
                "late": step.overdue_days,
            }

        steps = (
            candidates["steps"]
            .get(user, env["sales_followup.step"])
            .sorted(lambda step: (step.date_due, step.id))
        )
        escalated = candidates["escalated"].get(user, env["sales_followup.step"])
        care = candidates["care"].get(user)
        overdue = [step_line(step) for step in steps if step.date_due < today]
        due = [step_line(step) for step in steps if step.date_due == today]
        escalations = [
            step_line(step)
            for step in escalated.sorted(lambda step: (step.date_due, step.id))
            if step.date_due < today
        ]
        care_lines = []
        for action in care or ():
            planned = action.date_planned
            if isinstance(planned, datetime):
                planned = planned.date()
            if planned and planned <= today:
                care_lines.append(
                    {
                        "url": f"{base_url}/odoo/sales_followup.care.action/{action.id}",
                        "name": action.display_name,
                        "customer": action.partner_id._followup_display_name_for(user),
                        "date": planned,
                    }
                )
        if not (overdue or due or escalations or care_lines):
            return {}
        return {
            "date": today,
            "overdue": overdue,
            "due": due,
            "escalated": escalations,
            "care": care_lines,
            "url": f"{base_url}/odoo/followups",
        }

    @api.model
    def _cron_followup_digest(self, batch_size=DIGEST_BATCH_SIZE):
        """E-mail each user, on his or her working days, the follow-ups and
        care actions due today and overdue, and the escalations received.

        Users with nothing due, or who opted out, get nothing; a user gets one
        digest a day, however often the cron runs, and however many run it at
        once (``_followup_send_digest()``). A user whose digest fails is
        logged and skipped by the other calls of the run; the next morning's
        run tries again. Progress counts the digests attempted.
        """
        template = self.env.ref(
            "sales_followup.mail_template_followup_digest", raise_if_not_found=False
        )
        if not template:
            _logger.warning("Follow-up digest: the mail template is missing.")
            return
        cron = self.env.ref("sales_followup.ir_cron_followup_digest")
        skipped = set(cron._followup_failed_ids()[self._name])
        horizon = (fields.Datetime.now() + timedelta(days=1)).date()
        candidates = self._followup_digest_candidates(horizon)
        users = self.browse()
        for per_user in candidates.values():
            for user in per_user:
                users |= user
        users = users.sudo().filtered(lambda user: user.id not in skipped).sorted("id")

        workdays_by_company = {
            company: company.resource_calendar_id._followup_working_days(
                horizon - timedelta(days=3), horizon
            )
            for company in users.company_id
        }
        digests = {}
        pending = 0
        for user in users:
            today = user._followup_today()
            if user.followup_digest_date and user.followup_digest_date >= today:
                continue
            if not workdays_by_company[user.company_id].is_working(today):
                continue
            if len(digests) >= batch_size:
                pending += 1
                continue
            lines = self._followup_digest_lines(user, today, candidates)
            if lines:
                digests[user.id] = lines

        recipients = self.browse(digests).sudo()
        failed = cron._followup_process(
            recipients, lambda users: users._followup_send_digest(template, digests)
        )
        _logger.info(
            "Follow-up digest: sent to %s user(s), %s failed, %s to go.",
            len(recipients - failed),
            len(failed),
            pending,
        )
        self.env["ir.cron"]._notify_progress(done=len(recipients), remaining=pending)

    def _followup_send_digest(self, template, digests):
        """Queue the digest of these users, ``digests`` by user id, except to
        those who got the day's digest meanwhile.

        The database decides: each user's digest day is set in one UPDATE
        whose condition only the first of two runs at once passes; the other
        one waits for it, then fails to serialize, or finds the day set and
        sends nothing.
        """
        self.flush_recordset(["followup_digest_date"])
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE res_users AS users
                   SET followup_digest_date = digest.day, write_date = %(now)s, write_uid = %(uid)s
                  FROM unnest(%(ids)s::int4[], %(days)s::date[]) AS digest(id, day)
                 WHERE users.id = digest.id
                   AND (users.followup_digest_date IS NULL
                        OR users.followup_digest_date < digest.day)
             RETURNING users.id
                """,
                now=fields.Datetime.now(),
                uid=self.env.uid,
                ids=self.ids,
                days=[digests[user_id]["date"] for user_id in self.ids],
            )
        )
        self.invalidate_recordset(["followup_digest_date", "write_date", "write_uid"])
        if rows:
            template.with_context(followup_digest=digests).send_mail_batch(
                [row[0] for row in rows], email_layout_xmlid="mail.mail_notification_light"
            )
