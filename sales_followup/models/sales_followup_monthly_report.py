import base64
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta
from pytz import UTC, timezone

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date, split_every
from odoo.tools.misc import babel_locale_parse, get_lang
from odoo.tools.sql import create_unique_index

from ..tools import text_checks, xlsx_report
from ..tools.masking import mask_name
from ..tools.xlsx_report import (
    AMOUNT,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    PERCENT,
    POINTS,
    TEXT,
    WRAP,
)

_logger = logging.getLogger(__name__)

# Records read per batch for the detail sheets; the cache is emptied after
# each batch so that memory stays flat whatever the month's size.
DETAIL_BATCH_SIZE = 500
# Default dormancy delay when the company has none configured.
DEFAULT_DORMANT_DAYS = 180
TREND_MONTHS = 12
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXCEPTION_REASON_FIELDS = {
    "delivery_delay": "exception_delay_count",
    "quality_mismatch": "exception_quality_count",
    "requirement_change": "exception_change_count",
    "other": "exception_other_count",
}
SCORE_FIELDS = (
    "score_responsiveness",
    "score_resolution",
    "score_professionalism",
    "score_proactiveness",
)
# Rates: (numerator, denominator). A rate whose denominator is 0 is "n/a":
# stored as 0 and told apart by its denominator field being 0.
RATES = {
    "conversion_rate": ("quotation_confirmed_count", "quotation_count"),
    "on_time_rate": ("delivered_on_time_count", "delivered_count"),
    "exception_rate": ("exception_order_count", "order_count"),
    "first_contact_rate": ("first_contact_on_time_count", "first_contact_due_count"),
    "step_completion_rate": ("step_done_count", "step_due_count"),
    "logging_timeliness_rate": ("interaction_on_time_count", "interaction_count"),
    "csat_top_rate": ("csat_top_count", "csat_count"),
    "churn_rate": ("churned_count", "churn_base_count"),
    "repurchase_rate": ("repurchase_count", "repurchase_base_count"),
}
# Averages of 1-5 scores: (average, number of scores). "n/a" without scores.
AVERAGES = {
    "csat_avg": "csat_count",
    **{f"{name}_avg": f"{name}_count" for name in SCORE_FIELDS},
}
COUNTS = (
    "order_count",
    "quotation_count",
    "quotation_confirmed_count",
    "delivered_count",
    "delivered_on_time_count",
    "exception_order_count",
    *EXCEPTION_REASON_FIELDS.values(),
    "first_contact_due_count",
    "first_contact_on_time_count",
    "step_due_count",
    "step_done_count",
    "interaction_count",
    "interaction_on_time_count",
    "csat_count",
    "csat_top_count",
    *(f"{name}_count" for name in SCORE_FIELDS),
    "churn_base_count",
    "churned_count",
    "repurchase_base_count",
    "repurchase_count",
    "new_customer_count",
    "dormant_customer_count",
)


def derive_rates(values):
    """Add the rates and keep the averages of raw counts; ``None`` = n/a."""
    result = dict(values)
    for rate, (numerator, denominator) in RATES.items():
        total = values.get(denominator) or 0
        result[rate] = (values.get(numerator) or 0) / total if total else None
    for average, count in AVERAGES.items():
        value = values.get(average)
        result[average] = float(value) if values.get(count) and value is not None else None
    return result


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
    mail_sent_on = fields.Datetime(
        string="E-mailed On",
        readonly=True,
        copy=False,
        help="When the scheduled action e-mailed the workbook to the sales managers.",
    )

    # KPIs of the month (definitions in the README and the workbook).
    order_count = fields.Integer(string="Orders Confirmed", readonly=True)
    order_amount = fields.Monetary(
        string="Confirmed Amount",
        readonly=True,
        help="Total (taxes included) of the orders confirmed in the month, in "
        "company currency at each order's rate.",
    )
    quotation_count = fields.Integer(string="Quotations Created", readonly=True)
    quotation_confirmed_count = fields.Integer(string="Quotations Converted", readonly=True)
    conversion_rate = fields.Float(readonly=True, aggregator="avg")
    delivered_count = fields.Integer(string="Orders Delivered", readonly=True)
    delivered_on_time_count = fields.Integer(string="Delivered on Time", readonly=True)
    on_time_rate = fields.Float(string="On-time Delivery", readonly=True, aggregator="avg")
    exception_order_count = fields.Integer(string="Exception Orders", readonly=True)
    exception_rate = fields.Float(string="Exception-order Ratio", readonly=True, aggregator="avg")
    exception_delay_count = fields.Integer(string="Exceptions: Delivery Delay", readonly=True)
    exception_quality_count = fields.Integer(string="Exceptions: Quality Mismatch", readonly=True)
    exception_change_count = fields.Integer(string="Exceptions: Requirement Change", readonly=True)
    exception_other_count = fields.Integer(string="Exceptions: Other", readonly=True)
    first_contact_due_count = fields.Integer(string="First Contacts Due", readonly=True)
    first_contact_on_time_count = fields.Integer(string="First Contacts on Time", readonly=True)
    first_contact_rate = fields.Float(string="First-contact SLA", readonly=True, aggregator="avg")
    step_due_count = fields.Integer(string="Steps Due", readonly=True)
    step_done_count = fields.Integer(string="Steps Done", readonly=True)
    step_completion_rate = fields.Float(string="Step Completion", readonly=True, aggregator="avg")
    interaction_count = fields.Integer(string="Interactions Logged", readonly=True)
    interaction_on_time_count = fields.Integer(string="Logged in Time", readonly=True)
    logging_timeliness_rate = fields.Float(
        string="Logging Timeliness", readonly=True, aggregator="avg"
    )
    csat_count = fields.Integer(string="CSAT Responses", readonly=True)
    csat_avg = fields.Float(string="CSAT Average", readonly=True, aggregator="avg")
    csat_top_count = fields.Integer(string="CSAT 4-5", readonly=True)
    csat_top_rate = fields.Float(string="CSAT Share of 4-5", readonly=True, aggregator="avg")
    score_responsiveness_count = fields.Integer(string="Responsiveness Scores", readonly=True)
    score_responsiveness_avg = fields.Float(
        string="Responsiveness", readonly=True, aggregator="avg"
    )
    score_resolution_count = fields.Integer(string="Resolution Scores", readonly=True)
    score_resolution_avg = fields.Float(
        string="Resolution Efficiency", readonly=True, aggregator="avg"
    )
    score_professionalism_count = fields.Integer(string="Professionalism Scores", readonly=True)
    score_professionalism_avg = fields.Float(
        string="Professionalism", readonly=True, aggregator="avg"
    )
    score_proactiveness_count = fields.Integer(string="Proactiveness Scores", readonly=True)
    score_proactiveness_avg = fields.Float(string="Proactiveness", readonly=True, aggregator="avg")
    churn_base_count = fields.Integer(string="Active Customers at Start", readonly=True)
    churned_count = fields.Integer(string="Churned Customers", readonly=True)
    churn_rate = fields.Float(readonly=True, aggregator="avg")
    repurchase_base_count = fields.Integer(string="Buying Customers (12 Months)", readonly=True)
    repurchase_count = fields.Integer(string="Repeat Customers (12 Months)", readonly=True)
    repurchase_rate = fields.Float(readonly=True, aggregator="avg")
    new_customer_count = fields.Integer(string="New Customers", readonly=True)
    dormant_customer_count = fields.Integer(string="Dormant Customers", readonly=True)

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
        return f"/sales_followup/monthly_report/{self.id}/xlsx"

    # ------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------

    def _followup_generate(self):
        self.ensure_one()
        kpis = self._followup_compute_kpis(self.date_from, self.date_to)
        content = self._followup_build_workbook(kpis)
        values = {name: kpis.get(name) or 0 for name in COUNTS}
        values["order_amount"] = kpis.get("order_amount") or 0.0
        for name in (*RATES, *AVERAGES):
            values[name] = kpis[name] or 0.0
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

    def _followup_localizer(self):
        """A function giving a naive UTC datetime in the company's time zone
        (naive, for Excel), the time zone read once for a sheet's dates."""
        zone = timezone(self._followup_tz())

        def local(value):
            if not value:
                return None
            return value.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)

        return local

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
    # KPIs: grouped SQL, a fixed number of queries whatever the volume
    # ------------------------------------------------------------

    def _followup_period(self, date_from, date_to):
        return {
            "company": self.company_id.id,
            "start": self._followup_utc(date_from),
            "end": self._followup_utc(date_to + timedelta(days=1)),
            "date_from": date_from,
            "date_to": date_to,
            "tz": self._followup_tz(),
        }

    def _followup_team_orders(self, alias="so"):
        """Restriction to the report's sales team on an order alias."""
        if not self.team_id:
            return SQL("TRUE")
        return SQL("%s.team_id = %s", SQL.identifier(alias), self.team_id.id)

    def _followup_group_key(self, group, user, month):
        if group == "user":
            return user
        if group == "month":
            return month
        return SQL("NULL")

    def _followup_local_month(self, column):
        """The first day of the month of a UTC timestamp column, in the company's zone."""
        return SQL(
            "date_trunc('month', %s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date",
            column,
            self._followup_tz(),
        )

    def _followup_fetch(self, query, group):
        self.env.cr.execute(query)
        rows = self.env.cr.dictfetchall()
        if not group:
            rows[0].pop("key", None)
            return {None: rows[0]}
        return {row.pop("key"): row for row in rows}

    def _followup_kpi_orders(self, period, group=None):
        """Orders confirmed in the period, their amount and exceptions."""
        # Each order's exceptions looked up once (one index probe per order),
        # not once per reason: the trend sheet counts a year of orders.
        per_reason = [
            SQL(
                "COALESCE(BOOL_OR(i.exception_reason = %s), FALSE) AS %s",
                reason,
                SQL.identifier(field),
            )
            for reason, field in EXCEPTION_REASON_FIELDS.items()
        ]
        counts = [
            SQL(
                "COUNT(*) FILTER (WHERE exc.%s) AS %s", SQL.identifier(field), SQL.identifier(field)
            )
            for field in EXCEPTION_REASON_FIELDS.values()
        ]
        query = SQL(
            """
            SELECT %(key)s AS key,
                   COUNT(*) AS order_count,
                   COALESCE(SUM(COALESCE(so.amount_total / NULLIF(so.currency_rate, 0),
                                         so.amount_total)), 0) AS order_amount,
                   COUNT(*) FILTER (WHERE exc.any_exception) AS exception_order_count,
                   %(counts)s
              FROM sale_order so
              LEFT JOIN LATERAL (
                   SELECT COUNT(*) > 0 AS any_exception, %(per_reason)s
                     FROM sales_followup_interaction i
                    WHERE i.order_id = so.id AND i.exception_reason IS NOT NULL
              ) exc ON TRUE
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
               AND so.date_order >= %(start)s AND so.date_order < %(end)s
               AND %(team)s
            %(group_by)s
            """,
            key=self._followup_group_key(
                group, SQL("so.user_id"), self._followup_local_month(SQL("so.date_order"))
            ),
            counts=SQL(", ").join(counts),
            per_reason=SQL(", ").join(per_reason),
            company=period["company"],
            start=period["start"],
            end=period["end"],
            team=self._followup_team_orders(),
            group_by=SQL("GROUP BY 1") if group else SQL(),
        )
        result = self._followup_fetch(query, group)
        for row in result.values():
            row["order_amount"] = float(row["order_amount"] or 0.0)
        return result

    def _followup_kpi_quotations(self, period, group=None):
        """Quotations created in the period and those confirmed by its end."""
        query = SQL(
            """
            SELECT %(key)s AS key,
                   COUNT(*) AS quotation_count,
                   COUNT(*) FILTER (WHERE so.state = 'sale' AND so.date_order < %(end)s)
                       AS quotation_confirmed_count
              FROM sale_order so
             WHERE so.company_id = %(company)s
               AND so.create_date >= %(start)s AND so.create_date < %(end)s
               AND %(team)s
            %(group_by)s
            """,
            key=self._followup_group_key(
                group, SQL("so.user_id"), self._followup_local_month(SQL("so.create_date"))
            ),
            company=period["company"],
            start=period["start"],
            end=period["end"],
            team=self._followup_team_orders(),
            group_by=SQL("GROUP BY 1") if group else SQL(),
        )
        return self._followup_fetch(query, group)

    def _followup_kpi_deliveries(self, period, group=None):
        """Orders delivered in the period, and those delivered by the committed
        date (else the expected date as Odoo computes it: order date plus the
        shortest lead time of its lines), both as dates in the company's zone."""
        query = SQL(
            """
            SELECT %(key)s AS key,
                   COUNT(*) AS delivered_count,
                   COUNT(*) FILTER (
                       WHERE so.followup_delivered_date <= COALESCE(
                           (so.commitment_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                           ((so.date_order + lead.days * INTERVAL '1 day')
                               AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date)
                   ) AS delivered_on_time_count
              FROM sale_order so
         LEFT JOIN LATERAL (
                   SELECT MIN(COALESCE(sol.customer_lead, 0)) AS days
                     FROM sale_order_line sol
                    WHERE sol.order_id = so.id AND sol.display_type IS NULL
                   ) lead ON TRUE
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
               AND so.followup_delivered_date BETWEEN %(date_from)s AND %(date_to)s
               AND %(team)s
            %(group_by)s
            """,
            key=self._followup_group_key(
                group,
                SQL("so.user_id"),
                SQL("date_trunc('month', so.followup_delivered_date)::date"),
            ),
            tz=period["tz"],
            company=period["company"],
            date_from=period["date_from"],
            date_to=period["date_to"],
            team=self._followup_team_orders(),
            group_by=SQL("GROUP BY 1") if group else SQL(),
        )
        return self._followup_fetch(query, group)

    def _followup_kpi_steps(self, period, group=None):
        """Plan steps due in the period (not cancelled): done, and first
        contacts made on or before their due date."""
        query = SQL(
            """
            SELECT %(key)s AS key,
                   COUNT(*) AS step_due_count,
                   COUNT(*) FILTER (WHERE st.state = 'done') AS step_done_count,
                   COUNT(*) FILTER (WHERE st.kind = 'first_contact') AS first_contact_due_count,
                   COUNT(*) FILTER (
                       WHERE st.kind = 'first_contact' AND st.state = 'done'
                         AND (COALESCE(i.date, st.date_done)
                              AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date <= st.date_due
                   ) AS first_contact_on_time_count
              FROM sales_followup_step st
              JOIN sale_order so ON so.id = st.order_id
         LEFT JOIN sales_followup_interaction i ON i.id = st.interaction_id
             WHERE st.company_id = %(company)s
               AND st.state != 'cancelled'
               AND st.date_due BETWEEN %(date_from)s AND %(date_to)s
               AND %(team)s
            %(group_by)s
            """,
            key=self._followup_group_key(
                group, SQL("st.user_id"), SQL("date_trunc('month', st.date_due)::date")
            ),
            tz=period["tz"],
            company=period["company"],
            date_from=period["date_from"],
            date_to=period["date_to"],
            team=self._followup_team_orders(),
            group_by=SQL("GROUP BY 1") if group else SQL(),
        )
        return self._followup_fetch(query, group)

    def _followup_kpi_interactions(self, period, group=None):
        """Interactions that took place in the period: logged in time,
        satisfaction and the four service-quality scores (0 = not scored)."""
        team = SQL("TRUE")
        if self.team_id:
            team = SQL(
                """(so.team_id = %(team)s OR (i.order_id IS NULL AND EXISTS (
                        SELECT 1 FROM crm_team_member m
                         WHERE m.user_id = i.user_id AND m.crm_team_id = %(team)s
                           AND m.active)))""",
                team=self.team_id.id,
            )
        scores = SQL(", ").join(
            SQL(
                "COUNT(*) FILTER (WHERE i.%s > 0) AS %s, AVG(i.%s) FILTER (WHERE i.%s > 0) AS %s",
                SQL.identifier(name),
                SQL.identifier(f"{name}_count"),
                SQL.identifier(name),
                SQL.identifier(name),
                SQL.identifier(f"{name}_avg"),
            )
            for name in SCORE_FIELDS
        )
        query = SQL(
            """
            SELECT %(key)s AS key,
                   COUNT(*) AS interaction_count,
                   COUNT(*) FILTER (WHERE NOT COALESCE(i.is_late, FALSE))
                       AS interaction_on_time_count,
                   COUNT(*) FILTER (WHERE i.satisfaction > 0) AS csat_count,
                   AVG(i.satisfaction) FILTER (WHERE i.satisfaction > 0) AS csat_avg,
                   COUNT(*) FILTER (WHERE i.satisfaction >= 4) AS csat_top_count,
                   %(scores)s
              FROM sales_followup_interaction i
         LEFT JOIN sale_order so ON so.id = i.order_id
             WHERE i.company_id = %(company)s
               AND i.date >= %(start)s AND i.date < %(end)s
               AND %(team)s
            %(group_by)s
            """,
            key=self._followup_group_key(
                group, SQL("i.user_id"), self._followup_local_month(SQL("i.date"))
            ),
            scores=scores,
            company=period["company"],
            start=period["start"],
            end=period["end"],
            team=team,
            group_by=SQL("GROUP BY 1") if group else SQL(),
        )
        return self._followup_fetch(query, group)

    def _followup_kpi_customers(self, period):
        """Churn, repurchase, new and dormant customers, from confirmed orders
        per commercial partner (see the definitions)."""
        dormant_days = self._followup_dormant_days()
        start_day, end_day = period["date_from"], period["date_to"] + timedelta(days=1)
        query = SQL(
            """
            WITH per_customer AS (
                SELECT p.commercial_partner_id AS customer,
                       MIN(so.date_order) AS first_order,
                       BOOL_OR(so.date_order >= %(active_start)s
                               AND so.date_order < %(start)s) AS active_at_start,
                       BOOL_OR(so.date_order >= %(active_end)s) AS active_at_end,
                       COUNT(*) FILTER (WHERE so.date_order >= %(trailing)s) AS trailing_orders
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s
                   AND so.state = 'sale'
                   AND so.date_order < %(end)s
                   AND %(team)s
              GROUP BY p.commercial_partner_id
            )
            SELECT COUNT(*) FILTER (WHERE active_at_start) AS churn_base_count,
                   COUNT(*) FILTER (WHERE active_at_start AND NOT active_at_end)
                       AS churned_count,
                   COUNT(*) FILTER (WHERE trailing_orders >= 1) AS repurchase_base_count,
                   COUNT(*) FILTER (WHERE trailing_orders >= 2) AS repurchase_count,
                   COUNT(*) FILTER (WHERE first_order >= %(start)s) AS new_customer_count,
                   COUNT(*) FILTER (WHERE NOT active_at_end) AS dormant_customer_count
              FROM per_customer
            """,
            company=period["company"],
            start=period["start"],
            end=period["end"],
            active_start=self._followup_utc(start_day - timedelta(days=dormant_days)),
            active_end=self._followup_utc(end_day - timedelta(days=dormant_days)),
            trailing=self._followup_utc(end_day - relativedelta(months=12)),
            team=self._followup_team_orders(),
        )
        return self._followup_fetch(query, None)

    def _followup_compute_kpis(self, date_from, date_to, group=None, customers=True):
        """Every KPI of the period: one dict, or one per salesperson
        (``group="user"``) or per month (``group="month"``) without the
        customer KPIs. A fixed number of queries whatever the volume."""
        self.ensure_one()
        # Raw SQL reads the tables: write what the ORM still holds first.
        self.env.flush_all()
        period = self._followup_period(date_from, date_to)
        parts = [
            self._followup_kpi_orders(period, group),
            self._followup_kpi_quotations(period, group),
            self._followup_kpi_deliveries(period, group),
            self._followup_kpi_steps(period, group),
            self._followup_kpi_interactions(period, group),
        ]
        if customers and not group:
            parts.append(self._followup_kpi_customers(period))
        merged = defaultdict(dict)
        for part in parts:
            for key, values in part.items():
                merged[key].update(values)
        if not group:
            return derive_rates(merged[None])
        return {key: derive_rates(values) for key, values in merged.items()}

    # ------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------

    def _followup_kpi_rows(self):
        """Summary rows: (key, label, cell kind, basis) where basis is the
        (numerator, denominator) of a rate or the count behind an average."""
        reasons = dict(
            self.env["sales_followup.interaction"]
            ._fields["exception_reason"]
            ._description_selection(self.env)
        )
        rows = [
            ("order_count", self.env._("Orders confirmed"), INTEGER, None),
            ("order_amount", self.env._("Confirmed amount (company currency)"), AMOUNT, None),
            ("quotation_count", self.env._("Quotations created"), INTEGER, None),
            ("conversion_rate", self.env._("Quotation → order conversion"), PERCENT, None),
            ("delivered_count", self.env._("Orders delivered"), INTEGER, None),
            ("on_time_rate", self.env._("On-time delivery rate"), PERCENT, None),
            ("exception_rate", self.env._("Exception-order ratio"), PERCENT, None),
        ]
        rows += [
            (
                field,
                self.env._("Exception orders: %(reason)s", reason=reasons[reason]),
                INTEGER,
                None,
            )
            for reason, field in EXCEPTION_REASON_FIELDS.items()
        ]
        rows += [
            ("first_contact_rate", self.env._("First-contact SLA compliance"), PERCENT, None),
            ("step_completion_rate", self.env._("Plan-step completion"), PERCENT, None),
            ("logging_timeliness_rate", self.env._("Logging timeliness"), PERCENT, None),
            ("csat_avg", self.env._("CSAT average (1-5)"), DECIMAL, None),
            ("csat_top_rate", self.env._("CSAT share of 4-5"), PERCENT, None),
            ("score_responsiveness_avg", self.env._("Responsiveness (1-5)"), DECIMAL, None),
            ("score_resolution_avg", self.env._("Resolution efficiency (1-5)"), DECIMAL, None),
            ("score_professionalism_avg", self.env._("Professionalism (1-5)"), DECIMAL, None),
            ("score_proactiveness_avg", self.env._("Proactiveness (1-5)"), DECIMAL, None),
            ("churn_rate", self.env._("Churn rate"), PERCENT, None),
            ("repurchase_rate", self.env._("Repurchase rate"), PERCENT, None),
            ("new_customer_count", self.env._("New customers"), INTEGER, None),
            (
                "dormant_customer_count",
                self.env._("Dormant customers (at month end)"),
                INTEGER,
                None,
            ),
        ]
        result = []
        for key, label, kind, __ in rows:
            basis = RATES.get(key) or AVERAGES.get(key)
            result.append((key, label, kind, basis))
        return result

    def _followup_definitions(self):
        """Each metric's definition, as on the workbook's Definitions sheet
        and in the README (keep both in line)."""
        dormant_days = self._followup_dormant_days()
        return [
            (
                self.env._("Period and scope"),
                self.env._(
                    "A calendar month in the time zone of the company's working "
                    "schedule. Only the company's records count; with a sales team "
                    "selected, only that team's orders, their steps and interactions, "
                    "interactions without an order logged by a team member, the "
                    "customers of the team's orders and the care actions of its "
                    "members. Figures are as recorded when the "
                    "report is generated; generating again refreshes them."
                ),
            ),
            (
                self.env._("Orders confirmed"),
                self.env._(
                    "Sales orders in state Sales Order whose order date (the "
                    "confirmation date) falls in the month. Cancelled orders are "
                    "excluded."
                ),
            ),
            (
                self.env._("Confirmed amount"),
                self.env._(
                    "Sum of the totals (taxes included) of the orders confirmed, each "
                    "converted to the company currency at the rate of its order date "
                    "(total ÷ the order's currency rate)."
                ),
            ),
            (
                self.env._("Quotation → order conversion"),
                self.env._(
                    "Quotations created in the month that are confirmed by the end of "
                    "the month ÷ all quotations created in the month, whatever their "
                    "state now (cancelled quotations count in the denominator; an order "
                    "cancelled after confirmation no longer counts as converted)."
                ),
            ),
            (
                self.env._("On-time delivery rate"),
                self.env._(
                    "Confirmed orders marked delivered in the month (Delivered On) on "
                    "or before the committed delivery date (the order's Delivery Date, "
                    "else its expected date) ÷ confirmed orders delivered in the month."
                ),
            ),
            (
                self.env._("Exception-order ratio and reasons"),
                self.env._(
                    "Orders confirmed in the month with at least one interaction that "
                    "records an exception ÷ orders confirmed in the month. The reasons "
                    "count those orders per exception reason (an order with two reasons "
                    "counts under each)."
                ),
            ),
            (
                self.env._("First-contact SLA compliance"),
                self.env._(
                    "First-contact steps due in the month (not cancelled) that were "
                    "done on or before their due date (the date of the interaction "
                    "that completed them, else the date they were marked done) ÷ "
                    "first-contact steps due in the month."
                ),
            ),
            (
                self.env._("Plan-step completion"),
                self.env._(
                    "Follow-up steps of every kind due in the month (not cancelled) "
                    "that are done ÷ steps due in the month."
                ),
            ),
            (
                self.env._("Logging timeliness"),
                self.env._(
                    "Interactions that took place in the month and were not logged "
                    "late (within the company's delay, 2 hours by default) ÷ "
                    "interactions that took place in the month."
                ),
            ),
            (
                self.env._("CSAT"),
                self.env._(
                    "Average satisfaction (1 to 5) of the interactions of the month "
                    "that carry a score, and the share of those scores that are 4 or 5."
                ),
            ),
            (
                self.env._("Service quality"),
                self.env._(
                    "Average of each of the four scores (responsiveness, resolution "
                    "efficiency, professionalism, proactiveness) over the interactions "
                    "of the month that carry that score (1 to 5; 0 means not scored)."
                ),
            ),
            (
                self.env._("Customer"),
                self.env._(
                    "The commercial partner of a confirmed order. Customer figures use "
                    "confirmed orders only, at their order date."
                ),
            ),
            (
                self.env._("Churn rate"),
                self.env._(
                    "Customers with a confirmed order in the %(days)s days before the "
                    "month (active at its start) and none in the %(days)s days up to "
                    "the month's last day ÷ customers active at the start.",
                    days=dormant_days,
                ),
            ),
            (
                self.env._("Repurchase rate"),
                self.env._(
                    "Customers with at least two confirmed orders in the 12 months "
                    "ending on the month's last day ÷ customers with at least one."
                ),
            ),
            (
                self.env._("New customers"),
                self.env._("Customers whose first confirmed order ever falls in the month."),
            ),
            (
                self.env._("Dormant customers"),
                self.env._(
                    "Customers with a confirmed order before the month's end and none "
                    "in the %(days)s days up to its last day (the company's dormancy "
                    "delay).",
                    days=dormant_days,
                ),
            ),
            (
                self.env._("n/a"),
                self.env._(
                    "A rate or an average with nothing to count (no quotation, no "
                    "delivery, no score...) is shown as n/a, never as 0; in the Trend "
                    "sheet its cell is left empty."
                ),
            ),
            (
                self.env._("Privacy"),
                self.env._(
                    "Customers appear by customer code and masked name only (first "
                    "word or first character, then *); contacts are masked the same "
                    "way. No phone number or e-mail address is written; any found in "
                    "free text is replaced by ***."
                ),
            ),
        ]

    def _followup_month_label(self, day):
        """The month as its reader writes it: "April 2026", "2026年4月"."""
        locale = babel_locale_parse(get_lang(self.env).code)
        return format_skeleton("yMMMM", day, locale=locale)

    def _followup_build_workbook(self, kpis):
        """The workbook's bytes: summary, salespeople, the seed's three tables,
        trend with charts, definitions."""
        self.ensure_one()
        company = self.company_id
        period = self._followup_month_label(self.date_from)
        header = period if not self.team_id else f"{period} · {self.team_id.name}"
        book = xlsx_report.ReportWorkbook(
            company.name, header, not_available=self.env._("n/a"), lang=self.env.lang
        )
        subtitles = [
            self.env._("Company: %(company)s", company=company.name),
            self.env._(
                "Period: %(period)s (%(start)s to %(end)s) · Sales team: %(team)s",
                period=period,
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
                team=self.team_id.name or self.env._("all"),
            ),
        ]
        self._followup_sheet_summary(book, subtitles, kpis)
        self._followup_sheet_salespeople(book, subtitles, kpis)
        self._followup_sheet_orders(book, subtitles)
        self._followup_sheet_interactions(book, subtitles)
        self._followup_sheet_care(book, subtitles)
        self._followup_sheet_trend(book, subtitles)
        book.add_table(
            self.env._("Definitions"),
            self.env._("Definitions"),
            subtitles,
            [(self.env._("Metric"), 32, TEXT), (self.env._("Definition"), 110, WRAP)],
            self._followup_definitions(),
        )
        return book.close()

    def _followup_sheet_summary(self, book, subtitles, kpis):
        previous_from = self.date_from - relativedelta(months=1)
        previous = self._followup_compute_kpis(previous_from, self.date_from - timedelta(days=1))
        columns = [
            (self.env._("KPI"), 40, TEXT),
            (self._followup_month_label(self.date_from), 16, TEXT),
            (self._followup_month_label(previous_from), 16, TEXT),
            (self.env._("Change"), 14, TEXT),
            (self.env._("Basis This Month"), 18, TEXT),
            (self.env._("Basis Previous Month"), 18, TEXT),
        ]
        sheet, row = book.add_sheet(
            self.env._("Summary"),
            self.env._("Monthly Sales and Customer Report"),
            [
                *subtitles,
                self.env._(
                    "Generated by %(user)s on %(date)s",
                    user=self.env.user.name,
                    date=format_date(self.env, fields.Date.context_today(self)),
                ),
            ],
            columns,
        )
        for key, label, kind, basis in self._followup_kpi_rows():
            row += 1
            current, before = kpis.get(key), previous.get(key)
            sheet.write_string(row, 0, label, book.formats[TEXT])
            book.write_value(sheet, row, 1, current, kind)
            book.write_value(sheet, row, 2, before, kind)
            if current is None or before is None:
                book.write_value(sheet, row, 3, None, INTEGER)
            elif kind == PERCENT:
                book.write_value(sheet, row, 3, (current - before) * 100, POINTS)
            else:
                book.write_value(sheet, row, 3, current - before, kind)
            for col, values in ((4, kpis), (5, previous)):
                sheet.write_string(row, col, self._followup_basis(values, basis), book.na)

    def _followup_basis(self, values, basis):
        if not basis:
            return ""
        if isinstance(basis, tuple):
            numerator, denominator = basis
            return f"{values.get(numerator) or 0} / {values.get(denominator) or 0}"
        return self.env._("Scores: %(count)s", count=values.get(basis) or 0)

    def _followup_sheet_salespeople(self, book, subtitles, kpis):
        per_user = self._followup_compute_kpis(self.date_from, self.date_to, group="user")
        users = self.env["res.users"].sudo().browse(key for key in per_user if key)
        names = {user.id: user.name for user in users.with_context(active_test=False)}
        fields_kinds = [
            ("order_count", self.env._("Orders Confirmed"), 12, INTEGER),
            ("order_amount", self.env._("Confirmed Amount"), 16, AMOUNT),
            ("quotation_count", self.env._("Quotations"), 12, INTEGER),
            ("conversion_rate", self.env._("Conversion"), 12, PERCENT),
            ("delivered_count", self.env._("Delivered"), 11, INTEGER),
            ("on_time_rate", self.env._("On-time Delivery"), 12, PERCENT),
            ("exception_order_count", self.env._("Exception Orders"), 12, INTEGER),
            ("exception_rate", self.env._("Exception Ratio"), 12, PERCENT),
            ("first_contact_due_count", self.env._("First Contacts Due"), 12, INTEGER),
            ("first_contact_rate", self.env._("First-contact SLA"), 12, PERCENT),
            ("step_due_count", self.env._("Steps Due"), 10, INTEGER),
            ("step_completion_rate", self.env._("Step Completion"), 12, PERCENT),
            ("interaction_count", self.env._("Interactions"), 12, INTEGER),
            ("logging_timeliness_rate", self.env._("Logging Timeliness"), 12, PERCENT),
            ("csat_count", self.env._("CSAT Responses"), 11, INTEGER),
            ("csat_avg", self.env._("CSAT Average"), 11, DECIMAL),
        ]
        columns = [(self.env._("Salesperson"), 26, TEXT)] + [
            (label, width, kind) for __, label, width, kind in fields_kinds
        ]
        ordered = sorted(per_user, key=lambda key: (key is None, names.get(key, "")))

        def rows():
            for key in ordered:
                values = per_user[key]
                name = names.get(key) or self.env._("(no salesperson)")
                yield [name] + [self._followup_cell(values, field) for field, *__ in fields_kinds]

        total = [self.env._("Total")] + [
            self._followup_cell(kpis, field) for field, *__ in fields_kinds
        ]
        book.add_table(
            self.env._("Salespeople"),
            self.env._("Per Salesperson"),
            subtitles,
            columns,
            rows(),
            total=total,
        )

    def _followup_cell(self, values, field):
        """A KPI for a cell: counts default to 0, rates and averages to n/a."""
        if field in RATES or field in AVERAGES:
            return values.get(field)
        return values.get(field) or 0

    # -- detail sheets ---------------------------------------------------

    @api.model
    def _followup_customer_code(self, partner):
        """The customer's pseudonymous code; ``#<id>`` until it has one."""
        partner = partner.commercial_partner_id
        return partner.followup_customer_code or f"#{partner.id}"

    @api.model
    def _followup_customer_codes(self):
        """``_followup_customer_code`` remembering the customers seen: a
        customer comes back on many rows of a sheet."""
        codes = {}

        def code(partner):
            if partner.id not in codes:
                codes[partner.id] = self._followup_customer_code(partner)
            return codes[partner.id]

        return code

    @api.model
    def _followup_clean(self, text):
        """Free text for the workbook, with any personal identifier replaced."""
        if not text:
            return ""
        findings = text_checks.find_personal_data(text)
        for finding in reversed(findings):
            text = text[: finding.start] + "***" + text[finding.end :]
        return text

    def _followup_batches(self, model, domain, order):
        """Records of ``domain`` by batches, the cache emptied between them."""
        Model = self.env[model].sudo()
        for ids in split_every(DETAIL_BATCH_SIZE, Model.search(domain, order=order).ids):
            yield Model.browse(ids)
            self.env.invalidate_all()

    def _followup_order_domain(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "sale"),
            ("date_order", ">=", self._followup_utc(self.date_from)),
            ("date_order", "<", self._followup_utc(self.date_to + timedelta(days=1))),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        return domain

    def _followup_sheet_orders(self, book, subtitles):
        columns = [
            (self.env._("Order Number"), 14, TEXT),
            (self.env._("Customer Code"), 14, TEXT),
            (self.env._("Customer"), 16, TEXT),
            (self.env._("Order Date"), 11, DATE),
            (self.env._("Amount (Company Currency)"), 15, AMOUNT),
            (self.env._("Products / Services"), 30, WRAP),
            (self.env._("Delivery Date"), 11, DATE),
            (self.env._("Delivered On"), 11, DATE),
            (self.env._("Customer Contact"), 18, TEXT),
            (self.env._("Follow-up Plan (Date / Channel / Content)"), 40, WRAP),
            (self.env._("Follow-up Records (Time / Channel / Content / Next Action)"), 55, WRAP),
            (self.env._("Order Status"), 14, TEXT),
            (self.env._("Exception Description"), 36, WRAP),
            (self.env._("Handling Result"), 30, WRAP),
        ]
        book.add_table(
            self.env._("Order Follow-up"),
            self.env._("Sales Order Follow-up"),
            subtitles,
            columns,
            self._followup_order_rows(),
            empty_note=self.env._("No order confirmed this month."),
        )

    def _followup_selection(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _followup_order_rows(self):
        step_kinds = self._followup_selection("sales_followup.step", "kind")
        step_states = self._followup_selection("sales_followup.step", "state")
        channels = self._followup_selection("sales_followup.interaction", "channel")
        reasons = self._followup_selection("sales_followup.interaction", "exception_reason")
        severities = self._followup_selection("sales_followup.interaction", "exception_severity")
        exception_states = self._followup_selection("sales_followup.interaction", "exception_state")
        local = self._followup_localizer()
        for orders in self._followup_batches(
            "sale.order", self._followup_order_domain(), "date_order, id"
        ):
            for order in orders:
                partner = order.partner_id
                customer = partner.commercial_partner_id
                contact = ""
                if partner != customer:
                    contact = "/".join(
                        part for part in (mask_name(partner.name), partner.function) if part
                    )
                products = "\n".join(
                    f"{line.product_id.display_name or line.name} × "
                    f"{line.product_uom_qty:g} {line.product_uom.name or ''}".strip()
                    for line in order.order_line
                    if not line.display_type
                )
                plan = "\n".join(
                    f"{step.date_due} {channels.get(step.channel, '')}: "
                    f"{step_kinds.get(step.kind, '')} ({step_states.get(step.state, '')})"
                    for step in order.followup_step_ids.sorted(lambda s: (s.date_due, s.id))
                    if step.state != "cancelled"
                )
                interactions = order.followup_interaction_ids.sorted(lambda i: (i.date, i.id))
                records = "\n".join(
                    self._followup_interaction_line(interaction, channels, local)
                    for interaction in interactions
                )
                exceptions = interactions.filtered("exception_reason")
                description, handling = [], []
                for exception in exceptions:
                    reason = reasons.get(exception.exception_reason, "")
                    if exception.exception_severity:
                        reason += f" ({severities[exception.exception_severity]})"
                    description.append(f"{reason}: {self._followup_clean(exception.summary)}")
                    result = exception_states.get(exception.exception_state, "")
                    if exception.exception_resolution:
                        result += f": {self._followup_clean(exception.exception_resolution)}"
                    handling.append(result)
                delivery = order.commitment_date or order.expected_date
                yield [
                    order.name,
                    self._followup_customer_code(customer),
                    mask_name(customer.name, company=customer.is_company),
                    local(order.date_order).date(),
                    order.amount_total / (order.currency_rate or 1.0),
                    products,
                    delivery and local(delivery).date(),
                    order.followup_delivered_date or None,
                    contact,
                    plan,
                    records,
                    self.env._("Delivered")
                    if order.followup_delivered_date
                    else self.env._("In progress"),
                    "\n".join(description),
                    "\n".join(handling),
                ]

    def _followup_interaction_line(self, interaction, channels, local):
        when = local(interaction.date)
        line = (
            f"{when:%Y-%m-%d %H:%M} {channels.get(interaction.channel, '')}: "
            f"{self._followup_clean(interaction.summary)}"
        )
        if interaction.next_action:
            line += " → " + self.env._(
                "Next: %(action)s", action=self._followup_clean(interaction.next_action)
            )
        return line

    def _followup_sheet_interactions(self, book, subtitles):
        columns = [
            (self.env._("Customer Code"), 14, TEXT),
            (self.env._("Customer"), 16, TEXT),
            (self.env._("Date"), 16, DATETIME),
            (self.env._("Interaction Type"), 16, TEXT),
            (self.env._("Channel"), 18, TEXT),
            (self.env._("Participants"), 24, WRAP),
            (self.env._("Order"), 13, TEXT),
            (self.env._("Summary"), 45, WRAP),
            (self.env._("Customer Request / Feedback"), 35, WRAP),
            (self.env._("Solution"), 30, WRAP),
            (self.env._("Result"), 30, WRAP),
            (self.env._("Satisfaction (1-5)"), 12, INTEGER),
            (self.env._("Next Follow-up"), 30, WRAP),
            (self.env._("Logged Late"), 10, TEXT),
        ]
        book.add_table(
            self.env._("Interactions"),
            self.env._("Customer Interaction Log"),
            subtitles,
            columns,
            self._followup_interaction_rows(),
            empty_note=self.env._("No interaction this month."),
        )

    def _followup_interaction_rows(self):
        kinds = self._followup_selection("sales_followup.interaction", "kind")
        channels = self._followup_selection("sales_followup.interaction", "channel")
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self._followup_utc(self.date_from)),
            ("date", "<", self._followup_utc(self.date_to + timedelta(days=1))),
        ]
        if self.team_id:
            domain += [
                "|",
                ("order_id.team_id", "=", self.team_id.id),
                "&",
                ("order_id", "=", False),
                ("user_id", "in", self.team_id.member_ids.ids),
            ]
        local = self._followup_localizer()
        customer_code = self._followup_customer_codes()
        for interactions in self._followup_batches(
            "sales_followup.interaction", domain, "date, id"
        ):
            # Of the orders and customers, only what the sheet shows, not
            # their every column.
            interactions.order_id.fetch(["name"])
            interactions.partner_id.fetch(["commercial_partner_id"])
            customers = interactions.partner_id.commercial_partner_id
            customers.fetch(["name", "is_company", "followup_customer_code"])
            for interaction in interactions:
                participants = [user.name for user in interaction.participant_user_ids]
                participants += [
                    "/".join(part for part in (mask_name(contact.name), contact.function) if part)
                    for contact in interaction.participant_contact_ids
                ]
                request = "\n".join(
                    self._followup_clean(text)
                    for text in (interaction.customer_request, interaction.customer_feedback)
                    if text
                )
                next_action = self._followup_clean(interaction.next_action)
                if next_action and interaction.next_action_date:
                    next_action = f"{interaction.next_action_date}: {next_action}"
                channel = channels.get(interaction.channel, "")
                if interaction.channel_detail:
                    channel = f"{channel} ({self._followup_clean(interaction.channel_detail)})"
                yield [
                    customer_code(interaction.partner_id),
                    mask_name(
                        interaction.partner_id.commercial_partner_id.name,
                        company=interaction.partner_id.commercial_partner_id.is_company,
                    ),
                    local(interaction.date),
                    kinds.get(interaction.kind, ""),
                    channel,
                    "\n".join(participants),
                    interaction.order_id.name or "",
                    self._followup_clean(interaction.summary),
                    request,
                    self._followup_clean(interaction.solution),
                    self._followup_clean(interaction.result),
                    interaction.satisfaction or "",
                    next_action,
                    self.env._("Yes") if interaction.is_late else self.env._("No"),
                ]

    def _followup_sheet_care(self, book, subtitles):
        columns = [
            (self.env._("Customer Code"), 14, TEXT),
            (self.env._("Customer"), 16, TEXT),
            (self.env._("Customer Type"), 14, TEXT),
            (self.env._("Care Cycle"), 14, TEXT),
            (self.env._("Care Action"), 34, WRAP),
            (self.env._("Planned Date"), 11, DATE),
            (self.env._("Done On"), 11, DATE),
            (self.env._("Executor"), 18, TEXT),
            (self.env._("Status"), 11, TEXT),
            (self.env._("Customer Feedback"), 36, WRAP),
            (self.env._("Effect"), 10, TEXT),
            (self.env._("Remarks"), 30, WRAP),
        ]
        book.add_table(
            self.env._("Care Plan"),
            self.env._("Customer Relationship Care Plan"),
            subtitles,
            columns,
            self._followup_care_rows(),
            empty_note=self.env._("No care action this month."),
        )

    def _followup_care_rows(self):
        """Care actions planned in the month (cancelled ones left out)."""
        model = "sales_followup.care.action"
        segments = self._followup_selection(model, "segment")
        states = self._followup_selection(model, "state")
        effects = self._followup_selection(model, "effect")
        recurrences = self._followup_selection("sales_followup.care.template.line", "recurrence")
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "cancelled"),
            ("date_planned", ">=", self.date_from),
            ("date_planned", "<=", self.date_to),
        ]
        if self.team_id:
            domain.append(("user_id", "in", self.team_id.member_ids.ids))
        local = self._followup_localizer()
        for actions in self._followup_batches(model, domain, "date_planned, id"):
            for action in actions:
                cycle = recurrences.get(action.template_line_id.recurrence, "")
                yield [
                    self._followup_customer_code(action.partner_id),
                    mask_name(
                        action.partner_id.commercial_partner_id.name,
                        company=action.partner_id.commercial_partner_id.is_company,
                    ),
                    segments.get(action.segment, ""),
                    cycle,
                    self._followup_clean(action.name),
                    action.date_planned or None,
                    action.date_done and local(action.date_done).date(),
                    action.user_id.name or "",
                    states.get(action.state, ""),
                    self._followup_clean(action.customer_feedback),
                    effects.get(action.effect, ""),
                    self._followup_clean(action.remarks),
                ]

    def _followup_sheet_trend(self, book, subtitles):
        first = self.date_from - relativedelta(months=TREND_MONTHS - 1)
        per_month = self._followup_compute_kpis(first, self.date_to, group="month")
        columns = [
            (self.env._("Month"), 14, TEXT),
            (self.env._("Orders Confirmed"), 12, INTEGER),
            (self.env._("Quotations Created"), 12, INTEGER),
            (self.env._("Conversion"), 12, PERCENT),
            (self.env._("Orders Delivered"), 12, INTEGER),
            (self.env._("On-time Delivery"), 12, PERCENT),
            (self.env._("CSAT Responses"), 12, INTEGER),
            (self.env._("CSAT Average"), 12, DECIMAL),
        ]
        empty = derive_rates({})
        months = [first + relativedelta(months=index) for index in range(TREND_MONTHS)]
        plotted = {
            column: any(per_month.get(month, empty)[field] is not None for month in months)
            for column, field in ((3, "conversion_rate"), (5, "on_time_rate"), (7, "csat_avg"))
        }

        def rows():
            for month in months:
                values = per_month.get(month, empty)
                yield [
                    month.strftime("%Y-%m"),
                    values.get("order_count") or 0,
                    values.get("quotation_count") or 0,
                    # Empty cells make gaps in the charts, where 0 would lie.
                    "" if values["conversion_rate"] is None else values["conversion_rate"],
                    values.get("delivered_count") or 0,
                    "" if values["on_time_rate"] is None else values["on_time_rate"],
                    values.get("csat_count") or 0,
                    "" if values["csat_avg"] is None else values["csat_avg"],
                ]

        # Twelve rows: the table prints on one page without a repeated
        # header, and the charts side by side on the next one.
        sheet, header_row, last = book.add_table(
            self.env._("Trend"),
            self.env._("12-Month Trend"),
            [*subtitles, self.env._("Empty cell: nothing to measure that month (n/a).")],
            columns,
            rows(),
            repeat_header=False,
        )
        name = sheet.get_name()
        categories = [name, header_row + 1, 0, last, 0]

        def series(col, color):
            return {
                "name": [name, header_row, col],
                "categories": categories,
                "values": [name, header_row + 1, col, last, col],
                "marker": {"type": "circle"},
                "line": {"color": color},
                "fill": {"color": color},
            }

        # A chart with nothing to plot (every month n/a) is left out.
        charts_row = last + 2
        sheet.set_h_pagebreaks([charts_row])
        if plotted[7]:
            book.add_chart(
                sheet,
                "line",
                f"A{charts_row + 2}",
                self.env._("CSAT Average"),
                [series(7, "#2E75B6")],
                {"min": 0, "max": 5, "major_unit": 1},
            )
        rates = [
            series(col, color) for col, color in ((3, "#70AD47"), (5, "#ED7D31")) if plotted[col]
        ]
        if rates:
            book.add_chart(
                sheet,
                "column",
                f"G{charts_row + 2}",
                self.env._("Conversion and On-time Delivery"),
                rates,
                {"min": 0, "max": 1, "num_format": "0%"},
            )

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
        """Queue the report's e-mail, with the workbook, to the managers."""
        template = self.env.ref("sales_followup.mail_template_followup_monthly_report")
        for report in self:
            managers = report._followup_manager_users()
            if managers:
                template.sudo().send_mail(
                    report.id,
                    email_values={
                        "recipient_ids": [Command.set(managers.partner_id.ids)],
                        "attachments": [(report.xlsx_filename, report.xlsx_file)],
                    },
                )
            else:
                _logger.info(
                    "Monthly report %s: no sales follow-up manager with an e-mail "
                    "address to send it to.",
                    report.name,
                )
            report.mail_sent_on = fields.Datetime.now()
