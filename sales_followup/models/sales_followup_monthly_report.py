import base64
import logging
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from pytz import UTC, timezone

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tools.sql import create_unique_index

from ..report.monthly_report_kpis import KPIS, kpi_field
from ..report.monthly_report_queries import QUERIES, compute_kpis
from ..report.monthly_report_xlsx import MonthlyReportWorkbook
from ..tools.months import month_label

_logger = logging.getLogger(__name__)

# Default dormancy delay when the company has none configured.
DEFAULT_DORMANT_DAYS = 180


class SalesFollowupMonthlyReport(models.Model):
    _name = "sales_followup.monthly.report"
    _description = "Monthly Sales and Customer Report"
    _order = "date_from desc, company_id, team_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="Month",
        required=True,
        readonly=True,
        help="First day of the reported month.",
    )
    date_to = fields.Date(string="Month End", compute="_compute_date_to", store=True)
    period = fields.Char(
        compute="_compute_period",
        help="The month as the reader writes it: November 2026, 2026年11月.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="Empty: the whole company. Otherwise every figure comes from the "
        "team's orders (and the steps, interactions and customers of those orders).",
    )
    xlsx_file = fields.Binary(string="Workbook", attachment=True, readonly=True, copy=False)
    xlsx_filename = fields.Char(string="File Name", readonly=True, copy=False)
    generated_by = fields.Many2one("res.users", readonly=True, copy=False)
    generated_on = fields.Datetime(readonly=True, copy=False)
    improvement_ids = fields.One2many(
        "sales_followup.improvement",
        "report_id",
        string="Improvement Measures",
        help="The measures decided at the month's review; the next month's "
        "workbook tells whether each was carried out on time.",
    )
    mail_sent_on = fields.Datetime(
        string="E-mailed On",
        readonly=True,
        copy=False,
        help="When the scheduled action e-mailed the workbook to the sales managers.",
    )

    # The month's KPIs: one stored field per entry of the KPI table
    # (report/monthly_report_kpis.py), in its order, added to the class body
    # where Odoo collects a model's fields, so that a KPI is declared once.
    locals().update((kpi.key, kpi_field(kpi)) for kpi in KPIS)

    def init(self):
        # One report per company, month and team, the whole company (no team)
        # included: a plain unique constraint would let NULL teams repeat.
        create_unique_index(
            self.env.cr,
            "sales_followup_monthly_report_month_uniq",
            self._table,
            ["company_id", "date_from", "COALESCE(team_id, 0)"],
        )

    # ------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_period(self):
        for report in self:
            report.period = report.date_from and month_label(self.env, report.date_from)

    @api.depends("date_from")
    def _compute_date_to(self):
        for report in self:
            report.date_to = report.date_from and report.date_from + relativedelta(day=31)

    @api.depends("date_from", "company_id.name", "team_id.name")
    def _compute_name(self):
        for report in self:
            parts = [
                report.date_from and report.date_from.strftime("%Y-%m"),
                report.company_id.name,
                report.team_id.name,
            ]
            report.name = " · ".join(part for part in parts if part)

    @api.constrains("date_from")
    def _check_date_from(self):
        for report in self:
            if report.date_from.day != 1:
                raise ValidationError(
                    self.env._("A monthly report starts on the first day of its month.")
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    @api.model
    def _followup_get_or_create(self, company, date_from, team=None):
        """The report of this company, month and team, created when missing."""
        date_from = date_from.replace(day=1)
        domain = [
            ("company_id", "=", company.id),
            ("date_from", "=", date_from),
            ("team_id", "=", team.id if team else False),
        ]
        report = self.search(domain, limit=1)
        if not report:
            report = self.create(
                {
                    "company_id": company.id,
                    "date_from": date_from,
                    "team_id": team.id if team else False,
                }
            )
        return report

    def action_generate(self):
        """Compute the KPIs and build the workbook; generating again replaces both."""
        for report in self:
            if not self.env.su and report.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "You cannot generate a report for %(company)s.",
                        company=report.company_id.name,
                    )
                )
            report._followup_generate()
        return True

    def action_download(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": self._followup_download_url(),
            "target": "download",
        }

    def _followup_download_url(self):
        """Odoo's content route, which checks read access to the report and to
        its workbook field (a report the user may not read is "not found")."""
        return (
            f"/web/content/{self._name}/{self.id}/xlsx_file"
            "?filename_field=xlsx_filename&download=true"
        )

    # ------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------

    def _followup_generate(self):
        self.ensure_one()
        kpis = self._followup_compute_kpis(self.date_from, self.date_to)
        content = self._followup_build_workbook(kpis)
        # A rate or an average that is n/a (None) is stored as 0, told apart
        # by its basis being 0.
        values = {kpi.key: kpis.get(kpi.key) or 0 for kpi in self._followup_kpis()}
        values.update(
            xlsx_file=base64.b64encode(content),
            xlsx_filename=self._followup_filename(),
            generated_by=self.env.uid,
            generated_on=fields.Datetime.now(),
        )
        self.write(values)

    def _followup_filename(self):
        parts = ["monthly-report", self.date_from.strftime("%Y-%m"), self.company_id.name]
        if self.team_id:
            parts.append(self.team_id.name)
        name = "-".join(parts)
        safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in name)
        return f"{safe}.xlsx"

    def _followup_tz(self):
        return self.company_id.resource_calendar_id.tz or "UTC"

    def _followup_utc(self, day):
        """Midnight starting ``day`` in the company's time zone, as naive UTC."""
        local = timezone(self._followup_tz()).localize(datetime.combine(day, time.min))
        return local.astimezone(UTC).replace(tzinfo=None)

    def _followup_dormant_days(self):
        """Days without an order after which a customer is dormant: the
        company's setting of the customer segments.

        The report counts dormant customers from the orders, as of the end of
        the month, rather than from ``res.partner.followup_segment``: the
        segment is today's (and may be pinned by a manager), while a report
        must give the same figures for a past month when generated again.
        """
        return self.company_id.followup_dormant_days or DEFAULT_DORMANT_DAYS

    # ------------------------------------------------------------
    # KPIs and workbook
    # ------------------------------------------------------------

    @api.model
    def _followup_kpis(self):
        """The report's KPI table (report/monthly_report_kpis.py); a bridge
        add-on adds its own entries, their fields and their queries."""
        return KPIS

    @api.model
    def _followup_kpi_queries(self):
        """``{source: query}``: the queries of the KPIs (``Kpi.query``), in
        the order they run (see report/monthly_report_queries.py)."""
        return dict(QUERIES)

    def _followup_compute_kpis(self, date_from, date_to, group=None, customers=True):
        """Every KPI of the period: one dict, or one per salesperson
        (``group="user"``, without the customer KPIs) or per month
        (``group="month"``). A fixed number of queries whatever the volume."""
        return compute_kpis(self, date_from, date_to, group=group, customers=customers)

    def _followup_add_sheets(self, book, subtitles, kpis):
        """Extension point: bridge add-ons add their sheets to the workbook
        (``book``, a ``tools.xlsx_report.ReportWorkbook``) here; ``subtitles``
        head every sheet, ``kpis`` are the month's figures (their KPIs'
        included, see ``_followup_kpis``), which the sheets show rather than
        compute again."""
        self.ensure_one()

    def _followup_build_workbook(self, kpis):
        """The workbook's bytes, from the month's ``kpis``."""
        return MonthlyReportWorkbook(self).build(kpis)

    # ------------------------------------------------------------
    # Scheduled action and e-mail
    # ------------------------------------------------------------

    @api.model
    def _cron_followup_monthly_report(self, batch_size=1):
        """On the 1st: each company's report of the previous month, generated
        and e-mailed to its sales managers.

        Idempotent: a company whose report of that month was already e-mailed
        is skipped. ``batch_size`` companies per call; the cron runner commits
        and calls again while some remain. The reports of a batch are created
        before they are generated: of two runs at once, the second fails on
        their key (one report per company and month), or finds the report
        e-mailed. A report whose generation or e-mail fails is
        logged and skipped by the rest of the run; a sales manager can
        generate it by hand.
        """
        Report = self.sudo()
        cron = self.env.ref("sales_followup.ir_cron_followup_monthly_report")
        skipped = set(cron._followup_failed_ids()[self._name])
        companies = self.env["res.company"].sudo().search([("active", "=", True)], order="id")
        todo = [
            (company, company._followup_today().replace(day=1) - relativedelta(months=1))
            for company in companies
        ]
        reports = {
            (report.company_id, report.date_from): report
            for report in Report.search(
                [
                    ("company_id", "in", companies.ids),
                    ("team_id", "=", False),
                    ("date_from", "in", list({date_from for __, date_from in todo})),
                ]
            )
        }
        todo = [
            item
            for item in todo
            if item not in reports
            or not (reports[item].mail_sent_on or reports[item].id in skipped)
        ]
        batch = Report.concat(
            *(
                reports.get((company, date_from))
                or Report.with_company(company)._followup_get_or_create(company, date_from)
                for company, date_from in todo[:batch_size]
            )
        )
        cron._followup_process(batch, lambda reports: reports._followup_generate_and_send())
        remaining = max(len(todo) - batch_size, 0)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining

    def _followup_generate_and_send(self):
        """Generate these reports and e-mail them to the managers, each in the
        language of its company, as it goes to its managers."""
        for report in self:
            company = report.company_id
            report = report.with_company(company).with_context(
                lang=company.partner_id.lang or self.env.lang
            )
            report.action_generate()
            report._followup_send_to_managers()

    def _followup_manager_users(self):
        """The company's sales follow-up managers who can receive e-mail."""
        self.ensure_one()
        group = self.env.ref("sales_followup.group_followup_manager")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", self.company_id.ids),
                    ("share", "=", False),
                    ("email", "!=", False),
                    ("id", "!=", SUPERUSER_ID),
                ]
            )
        )

    def _followup_send_to_managers(self):
        """Queue the report's e-mail to the managers: with the workbook, or,
        when the company protects the e-mailed report, with a link to the
        report only (the template's), since xlsxwriter cannot encrypt a
        workbook and an attachment, once sent, is out of reach of Odoo's
        access rights."""
        template = self.env.ref("sales_followup.mail_template_followup_monthly_report")
        for report in self:
            managers = report._followup_manager_users()
            if managers:
                values = {"recipient_ids": [Command.set(managers.partner_id.ids)]}
                if not report.company_id.followup_report_protected:
                    values["attachments"] = [(report.xlsx_filename, report.xlsx_file)]
                template.sudo().send_mail(report.id, email_values=values)
            else:
                _logger.info(
                    "Monthly report %s: no sales follow-up manager with an e-mail "
                    "address to send it to.",
                    report.name,
                )
            report.mail_sent_on = fields.Datetime.now()
