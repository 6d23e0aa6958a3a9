"""The monthly report's workbook: the sheets, from the report's KPIs and its
month's records.

The KPI sheets (Summary, Salespeople, Trend, Definitions) follow the KPI
table of ``monthly_report_kpis``; the detail sheets (Order Follow-up,
Interactions, Care Plan) read the month's records by batches; Improvement
Measures lists last month's review measures and this month's;
``tools.xlsx_report`` does the layout and print setup. Customers appear as
the company's setting says (``followup_report_customer_identity``): by code
only, or by code and masked name.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from pytz import UTC, timezone

from odoo import fields
from odoo.tools import format_date, split_every
from odoo.tools.translate import LazyTranslate

from ..tools import text_checks, xlsx_report
from ..tools.masking import mask_name
from ..tools.months import month_label
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
from .monthly_report_kpis import AMOUNT as AMOUNT_KPI
from .monthly_report_kpis import (
    AVERAGE,
    COUNT,
    RATE,
    RATIO,
    definitions,
    derive,
    translate,
)

# Module-level texts have no environment: they are lazy, translated when
# written (see monthly_report_kpis).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# Records read per batch for the detail sheets; the cache is emptied after
# each batch so that memory stays flat whatever the month's size.
DETAIL_BATCH_SIZE = 500
TREND_MONTHS = 12
CHART_ROWS = 18
# The Trend sheet's charts: title, type, the KPIs plotted (their Trend
# columns) with their colours, and the value axis.
TREND_CHARTS = (
    (
        _lt("CSAT Average"),
        "line",
        (("csat_avg", "#2E75B6"),),
        {"min": 0, "max": 5, "major_unit": 1},
    ),
    (
        _lt("Conversion and On-time Delivery"),
        "column",
        (("conversion_rate", "#70AD47"), ("on_time_rate", "#ED7D31")),
        {"min": 0, "max": 1, "num_format": "0%"},
    ),
    (
        _lt("Churn, Repurchase and Exception Ratio"),
        "line",
        (("churn_rate", "#C00000"), ("repurchase_rate", "#7030A0"), ("exception_rate", "#BF8F00")),
        {"min": 0, "max": 1, "num_format": "0%"},
    ),
)
# The order table's statuses (seed 000, table 1), as ``_order_status`` decides them.
ORDER_STATUSES = {
    "exception": _lt("Exception handling"),
    "completed": _lt("Completed"),
    "delivered": _lt("Delivered"),
    "in_progress": _lt("In progress"),
    "to_follow_up": _lt("To follow up"),
}
# Whether an improvement measure of last month's review was carried out on
# time, as ``_improvement_timing`` decides it; this month's are new.
IMPROVEMENT_TIMINGS = {
    "on_time": _lt("Done on time"),
    "late": _lt("Done late"),
    "overdue": _lt("Open, overdue"),
    "open": _lt("Not yet due"),
    "new": _lt("New this month"),
}
# The cells of each kind of KPI.
CELL_KINDS = {COUNT: INTEGER, AMOUNT_KPI: AMOUNT, RATE: PERCENT, RATIO: DECIMAL, AVERAGE: DECIMAL}


class MonthlyReportWorkbook:
    """The workbook of one ``sales_followup.monthly.report``, in the language
    of its environment."""

    def __init__(self, report):
        report.ensure_one()
        self.report = report
        self.env = report.env
        self.identity = report.company_id.followup_report_customer_identity or "code"
        self.with_names = self.identity == "code_name"
        self.kpis = report._followup_kpis()

    def build(self, kpis):
        """The workbook's bytes: summary, salespeople, the seed's three tables,
        improvement measures, trend with charts, definitions. ``kpis``: the
        month's, computed."""
        report = self.report
        company = report.company_id
        period = month_label(self.env, report.date_from)
        header = period if not report.team_id else f"{period} · {report.team_id.name}"
        book = xlsx_report.ReportWorkbook(
            company.name, header, not_available=self.env._("n/a"), lang=self.env.lang
        )
        subtitles = [
            self.env._("Company: %(company)s", company=company.name),
            self.env._(
                "Period: %(period)s (%(start)s to %(end)s) · Sales team: %(team)s",
                period=period,
                start=format_date(self.env, report.date_from),
                end=format_date(self.env, report.date_to),
                team=report.team_id.name or self.env._("all"),
            ),
        ]
        self._sheet_summary(book, subtitles, kpis)
        self._sheet_salespeople(book, subtitles, kpis)
        self._sheet_orders(book, subtitles)
        self._sheet_interactions(book, subtitles)
        self._sheet_care(book, subtitles)
        self._sheet_complaints(book, subtitles)
        self._sheet_improvements(book, subtitles)
        # Sheets of bridge add-ons (leads with CRM...), before the trend.
        self.report._followup_add_sheets(book, subtitles, kpis)
        self._sheet_trend(book, subtitles)
        self._sheet_definitions(book, subtitles)
        return book.close()

    # -- KPI sheets ------------------------------------------------------

    def _sheet_summary(self, book, subtitles, kpis):
        """Each KPI with a label: this month, the previous one, the change
        (rates in percentage points) and the basis of each."""
        date_from = self.report.date_from
        previous_from = date_from - relativedelta(months=1)
        previous = self.report._followup_compute_kpis(previous_from, date_from - timedelta(days=1))
        columns = [
            (self.env._("KPI"), 40, TEXT),
            (month_label(self.env, date_from), 16, TEXT),
            (month_label(self.env, previous_from), 16, TEXT),
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
                    date=format_date(self.env, fields.Date.context_today(self.report)),
                ),
            ],
            columns,
        )
        reasons = self._selection("sales_followup.interaction", "exception_reason")
        for kpi in self.kpis:
            if not kpi.label:
                continue
            row += 1
            params = {"reason": reasons[kpi.exception_reason]} if kpi.exception_reason else {}
            label = translate(self.env, kpi.label, **params)
            kind = CELL_KINDS[kpi.kind]
            current, before = kpis.get(kpi.key), previous.get(kpi.key)
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
                sheet.write_string(row, col, self._basis(values, kpi), book.na)

    def _basis(self, values, kpi):
        """What a rate or an average is over: "numerator / denominator", "Scores: n"."""
        if kpi.kind in (RATE, RATIO):
            numerator, denominator = kpi.basis
            return f"{values.get(numerator) or 0} / {values.get(denominator) or 0}"
        if kpi.kind == AVERAGE:
            return self.env._("Scores: %(count)s", count=values.get(kpi.basis) or 0)
        return ""

    def _sheet_salespeople(self, book, subtitles, kpis):
        """The KPIs with a column, per salesperson, and the company's total."""
        report = self.report
        per_user = report._followup_compute_kpis(report.date_from, report.date_to, group="user")
        users = self.env["res.users"].sudo().browse(key for key in per_user if key)
        names = {user.id: user.name for user in users.with_context(active_test=False)}
        shown = [kpi for kpi in self.kpis if kpi.column]
        columns = [(self.env._("Salesperson"), 26, TEXT)] + [
            (self.env._(kpi.column[0]), kpi.column[1], CELL_KINDS[kpi.kind]) for kpi in shown
        ]
        ordered = sorted(per_user, key=lambda key: (key is None, names.get(key, "")))

        def rows():
            for key in ordered:
                name = names.get(key) or self.env._("(no salesperson)")
                yield [name] + [self._cell(per_user[key], kpi) for kpi in shown]

        total = [self.env._("Total")] + [self._cell(kpis, kpi) for kpi in shown]
        book.add_table(
            self.env._("Salespeople"),
            self.env._("Per Salesperson"),
            subtitles,
            columns,
            rows(),
            total=total,
        )

    def _cell(self, values, kpi):
        """A KPI for a cell: counts default to 0, rates and averages to n/a."""
        if kpi.kind in (RATE, RATIO, AVERAGE):
            return values.get(kpi.key)
        return values.get(kpi.key) or 0

    def _sheet_definitions(self, book, subtitles):
        """Each term of the KPI table, the dormancy delay filled in."""
        days = self.report._followup_dormant_days()
        book.add_table(
            self.env._("Definitions"),
            self.env._("Definitions"),
            subtitles,
            [(self.env._("Metric"), 32, TEXT), (self.env._("Definition"), 110, WRAP)],
            [
                (self.env._(definition.term), translate(self.env, definition.text, days=days))
                for definition in definitions(self.identity, self.kpis)
            ],
        )

    # -- detail sheets ---------------------------------------------------

    def _customer_columns(self):
        """The columns that name a customer: its code, and its masked name
        when the company shows names."""
        columns = [(self.env._("Customer Code"), 14, TEXT)]
        if self.with_names:
            columns.append((self.env._("Customer"), 16, TEXT))
        return columns

    def _customer_cells(self, partner, code=None):
        """The cells of ``_customer_columns`` for ``partner``'s customer;
        ``code``: a memoized ``_customer_code_or_id``."""
        customer = partner.commercial_partner_id
        cells = [(code or self._customer_code_or_id)(customer)]
        if self.with_names:
            cells.append(mask_name(customer.name, company=customer.is_company))
        return cells

    def _contact_label(self, contact):
        """A customer's contact person: masked name and job position, or the
        job position only when the company shows customers by code only."""
        if not self.with_names:
            return contact.function or self.env._("Contact")
        return "/".join(part for part in (mask_name(contact.name), contact.function) if part)

    def _customer_code_or_id(self, partner):
        """The customer's pseudonymous code; ``#<id>`` until it has one."""
        partner = partner.commercial_partner_id
        return partner.followup_customer_code or f"#{partner.id}"

    def _memoized_customer_code_or_id(self):
        """``_customer_code_or_id`` remembering the customers seen: a
        customer comes back on many rows of a sheet."""
        codes = {}

        def code(partner):
            if partner.id not in codes:
                codes[partner.id] = self._customer_code_or_id(partner)
            return codes[partner.id]

        return code

    def _localizer(self):
        """A function giving a naive UTC datetime in the company's time zone
        (naive, for Excel), the time zone read once for a sheet's dates."""
        zone = timezone(self.report._followup_tz())

        def local(value):
            if not value:
                return None
            return value.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)

        return local

    def _clean(self, text):
        """Free text for the workbook, with any personal identifier replaced."""
        if not text:
            return ""
        findings = text_checks.find_personal_data(text)
        for finding in reversed(findings):
            text = text[: finding.start] + "***" + text[finding.end :]
        return text

    def _batches(self, model, domain, order):
        """Records of ``domain`` by batches, the cache emptied between them."""
        Model = self.env[model].sudo()
        for ids in split_every(DETAIL_BATCH_SIZE, Model.search(domain, order=order).ids):
            yield Model.browse(ids)
            self.env.invalidate_all()

    def _order_domain(self):
        """The orders under follow-up in the month (see ``UNDER_FOLLOWUP``):
        confirmed before its end, and confirmed or delivered in it or with a
        step open in it."""
        report = self.report
        start = report._followup_utc(report.date_from)
        domain = [
            ("company_id", "=", report.company_id.id),
            ("state", "=", "sale"),
            ("date_order", "<", report._followup_utc(report.date_to + timedelta(days=1))),
            "|",
            "|",
            ("date_order", ">=", start),
            "&",
            ("followup_delivered_date", ">=", report.date_from),
            ("followup_delivered_date", "<=", report.date_to),
            (
                "followup_step_ids",
                "any",
                [
                    ("state", "!=", "cancelled"),
                    "|",
                    ("state", "in", ("planned", "overdue")),
                    ("date_done", ">=", start),
                ],
            ),
        ]
        if report.team_id:
            domain.append(("team_id", "=", report.team_id.id))
        return domain

    def _sheet_orders(self, book, subtitles):
        columns = [
            (self.env._("Order Number"), 14, TEXT),
            *self._customer_columns(),
            (self.env._("Order Date"), 11, DATE),
            (self.env._("Amount (Company Currency)"), 15, AMOUNT),
            (self.env._("Products / Services"), 30, WRAP),
            (self.env._("Delivery Date"), 11, DATE),
            (self.env._("Delivered On"), 11, DATE),
            (self.env._("Payment Terms"), 16, WRAP),
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
            self._order_rows(),
            empty_note=self.env._("No order under follow-up this month."),
        )

    def _selection(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _order_rows(self):
        step_kinds = self._selection("sales_followup.step", "kind")
        step_states = self._selection("sales_followup.step", "state")
        channels = self._selection("sales_followup.interaction", "channel")
        reasons = self._selection("sales_followup.interaction", "exception_reason")
        severities = self._selection("sales_followup.interaction", "exception_severity")
        exception_states = self._selection("sales_followup.interaction", "exception_state")
        local = self._localizer()
        for orders in self._batches("sale.order", self._order_domain(), "date_order, id"):
            for order in orders:
                partner = order.partner_id
                customer = partner.commercial_partner_id
                contact = self._contact_label(partner) if partner != customer else ""
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
                    self._interaction_line(interaction, channels, local)
                    for interaction in interactions
                )
                exceptions = interactions.filtered("exception_reason")
                description, handling = [], []
                for exception in exceptions:
                    reason = reasons.get(exception.exception_reason, "")
                    if exception.exception_severity:
                        reason += f" ({severities[exception.exception_severity]})"
                    description.append(f"{reason}: {self._clean(exception.summary)}")
                    result = exception_states.get(exception.exception_state, "")
                    if exception.exception_resolution:
                        result += f": {self._clean(exception.exception_resolution)}"
                    handling.append(result)
                delivery = order.commitment_date or order.expected_date
                yield [
                    order.name,
                    *self._customer_cells(customer),
                    local(order.date_order).date(),
                    order.amount_total / (order.currency_rate or 1.0),
                    products,
                    delivery and local(delivery).date(),
                    order.followup_delivered_date or None,
                    order.payment_term_id.name or "",
                    contact,
                    plan,
                    records,
                    self.env._(ORDER_STATUSES[self._order_status(order, interactions)]),
                    "\n".join(description),
                    "\n".join(handling),
                ]

    def _order_status(self, order, interactions):
        """The order's status in the seed's words, as now (see ``ORDER_STATUS``)."""
        if any(i.exception_reason and i.exception_state != "resolved" for i in interactions):
            return "exception"
        steps = order.followup_step_ids
        if order.followup_delivered_date:
            if any(step.state in ("planned", "overdue") for step in steps):
                return "delivered"
            return "completed"
        if interactions or any(step.state == "done" for step in steps):
            return "in_progress"
        return "to_follow_up"

    def _interaction_line(self, interaction, channels, local):
        when = local(interaction.date)
        line = (
            f"{when:%Y-%m-%d %H:%M} {channels.get(interaction.channel, '')}: "
            f"{self._clean(interaction.summary)}"
        )
        if interaction.next_action:
            line += " → " + self.env._(
                "Next: %(action)s", action=self._clean(interaction.next_action)
            )
        return line

    def _sheet_interactions(self, book, subtitles):
        columns = [
            *self._customer_columns(),
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
            self._interaction_rows(),
            empty_note=self.env._("No interaction this month."),
        )

    def _interaction_rows(self):
        report = self.report
        kinds = self._selection("sales_followup.interaction", "kind")
        channels = self._selection("sales_followup.interaction", "channel")
        domain = [
            ("company_id", "=", report.company_id.id),
            ("date", ">=", report._followup_utc(report.date_from)),
            ("date", "<", report._followup_utc(report.date_to + timedelta(days=1))),
        ]
        if report.team_id:
            domain += [
                "|",
                ("order_id.team_id", "=", report.team_id.id),
                "&",
                ("order_id", "=", False),
                ("user_id", "in", report.team_id.member_ids.ids),
            ]
        local = self._localizer()
        customer_code = self._memoized_customer_code_or_id()
        for interactions in self._batches("sales_followup.interaction", domain, "date, id"):
            # Of the orders and customers, only what the sheet shows, not
            # their every column.
            interactions.order_id.fetch(["name"])
            interactions.partner_id.fetch(["commercial_partner_id"])
            customers = interactions.partner_id.commercial_partner_id
            customers.fetch(["name", "is_company", "followup_customer_code"])
            for interaction in interactions:
                participants = [user.name for user in interaction.participant_user_ids]
                participants += [
                    self._contact_label(contact) for contact in interaction.participant_contact_ids
                ]
                request = "\n".join(
                    self._clean(text)
                    for text in (interaction.customer_request, interaction.customer_feedback)
                    if text
                )
                next_action = self._clean(interaction.next_action)
                if next_action and interaction.next_action_date:
                    next_action = f"{interaction.next_action_date}: {next_action}"
                channel = channels.get(interaction.channel, "")
                if interaction.channel_detail:
                    channel = f"{channel} ({self._clean(interaction.channel_detail)})"
                yield [
                    *self._customer_cells(interaction.partner_id, customer_code),
                    local(interaction.date),
                    kinds.get(interaction.kind, ""),
                    channel,
                    "\n".join(participants),
                    interaction.order_id.name or "",
                    self._clean(interaction.summary),
                    request,
                    self._clean(interaction.solution),
                    self._clean(interaction.result),
                    interaction.satisfaction or "",
                    next_action,
                    self.env._("Yes") if interaction.is_late else self.env._("No"),
                ]

    def _sheet_care(self, book, subtitles):
        columns = [
            *self._customer_columns(),
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
            self._care_rows(),
            empty_note=self.env._("No care action this month."),
        )

    def _care_rows(self):
        """Care actions planned in the month (cancelled ones left out)."""
        report = self.report
        model = "sales_followup.care.action"
        segments = self._selection(model, "segment")
        states = self._selection(model, "state")
        effects = self._selection(model, "effect")
        recurrences = self._selection("sales_followup.care.template.line", "recurrence")
        domain = [
            ("company_id", "=", report.company_id.id),
            ("state", "!=", "cancelled"),
            ("date_planned", ">=", report.date_from),
            ("date_planned", "<=", report.date_to),
        ]
        if report.team_id:
            domain.append(("user_id", "in", report.team_id.member_ids.ids))
        local = self._localizer()
        for actions in self._batches(model, domain, "date_planned, id"):
            for action in actions:
                cycle = recurrences.get(action.template_line_id.recurrence, "")
                yield [
                    *self._customer_cells(action.partner_id),
                    segments.get(action.segment, ""),
                    cycle,
                    self._clean(action.name),
                    action.date_planned or None,
                    action.date_done and local(action.date_done).date(),
                    action.user_id.name or "",
                    states.get(action.state, ""),
                    self._clean(action.customer_feedback),
                    effects.get(action.effect, ""),
                    self._clean(action.remarks),
                ]

    def _sheet_complaints(self, book, subtitles):
        """Seed 004's register: the complaints received in the month, their
        stage, whether the visit kept its deadline, and the result."""
        columns = [
            (self.env._("Number"), 14, TEXT),
            (self.env._("Received On"), 11, DATE),
            *self._customer_columns(),
            (self.env._("Category"), 18, TEXT),
            (self.env._("Severity"), 9, TEXT),
            (self.env._("Cause"), 14, TEXT),
            (self.env._("Salesperson"), 18, TEXT),
            (self.env._("Visit Deadline"), 11, DATE),
            (self.env._("Visited On"), 11, DATE),
            (self.env._("Stage"), 14, TEXT),
            (self.env._("Approved On"), 11, DATE),
            (self.env._("Closed On"), 11, DATE),
            (self.env._("Satisfaction (1-5)"), 12, INTEGER),
            (self.env._("Customer's Words"), 40, WRAP),
        ]
        book.add_table(
            self.env._("Complaints"),
            self.env._("Customer Complaint Register"),
            subtitles,
            columns,
            self._complaint_rows(),
            empty_note=self.env._("No complaint received this month."),
        )

    def _complaint_rows(self):
        report = self.report
        model = "sales_followup.complaint"
        selections = {
            fname: self._selection(model, fname)
            for fname in ("category", "severity", "cause", "state")
        }
        domain = [
            ("company_id", "=", report.company_id.id),
            ("state", "!=", "cancelled"),
            ("date_received", ">=", report._followup_utc(report.date_from)),
            ("date_received", "<", report._followup_utc(report.date_to + timedelta(days=1))),
        ]
        if report.team_id:
            domain.append(("team_id", "=", report.team_id.id))
        local = self._localizer()
        code = self._memoized_customer_code_or_id()
        for complaints in self._batches(model, domain, "date_received, id"):
            for complaint in complaints:
                yield [
                    complaint.name,
                    local(complaint.date_received).date(),
                    *self._customer_cells(complaint.partner_id, code),
                    selections["category"].get(complaint.category, ""),
                    selections["severity"].get(complaint.severity, ""),
                    selections["cause"].get(complaint.cause, ""),
                    complaint.user_id.name or "",
                    complaint.date_visit_deadline or None,
                    complaint.date_visited and local(complaint.date_visited).date(),
                    selections["state"].get(complaint.state, ""),
                    complaint.date_approved and local(complaint.date_approved).date(),
                    complaint.date_closed and local(complaint.date_closed).date(),
                    complaint.satisfaction or None,
                    self._clean(complaint.description),
                ]

    def _sheet_improvements(self, book, subtitles):
        """The review's loop (seed 000 step 6, note 5): last month's measures,
        whether each was done on time and its effect, then this month's."""
        columns = [
            (self.env._("Review"), 14, TEXT),
            (self.env._("Measure"), 36, WRAP),
            (self.env._("Owner"), 18, TEXT),
            (self.env._("Deadline"), 11, DATE),
            (self.env._("Status"), 11, TEXT),
            (self.env._("Done On"), 11, DATE),
            (self.env._("On Time"), 14, TEXT),
            (self.env._("Result"), 40, WRAP),
            (self.env._("Effect"), 10, TEXT),
        ]
        book.add_table(
            self.env._("Improvement Measures"),
            self.env._("Improvement Measures"),
            subtitles,
            columns,
            self._improvement_rows(),
            empty_note=self.env._("No improvement measure decided last month or this month."),
        )

    def _improvement_rows(self):
        """The measures of last month's report of the same company and team,
        then those of this report."""
        report = self.report
        model = "sales_followup.improvement"
        states = self._selection(model, "state")
        effects = self._selection(model, "effect")
        previous = report.search(
            [
                ("company_id", "=", report.company_id.id),
                ("team_id", "=", report.team_id.id),
                ("date_from", "=", report.date_from - relativedelta(months=1)),
            ],
            limit=1,
        )
        # As at the month's end, or today for a month not over yet.
        as_at = min(report.date_to, fields.Date.context_today(report))
        Improvement = self.env[model].sudo()
        for source, label in ((previous, previous.date_from), (report, report.date_from)):
            if not source:
                continue
            month = month_label(self.env, label)
            for measure in Improvement.search([("report_id", "=", source.id)]):
                timing = "new" if source == report else self._improvement_timing(measure, as_at)
                yield [
                    month,
                    self._clean(measure.name),
                    measure.user_id.name or "",
                    measure.date_deadline or None,
                    states.get(measure.state, ""),
                    measure.date_done or None,
                    self.env._(IMPROVEMENT_TIMINGS[timing]) if timing else "",
                    self._clean(measure.result),
                    effects.get(measure.effect, ""),
                ]

    def _improvement_timing(self, measure, as_at):
        """Done on time (by its deadline), done late, open and overdue on
        ``as_at``, or open; nothing for a cancelled measure."""
        if measure.state == "done":
            return "on_time" if measure.date_done <= measure.date_deadline else "late"
        if measure.state == "planned":
            return "overdue" if measure.date_deadline < as_at else "open"
        return None

    def _sheet_trend(self, book, subtitles):
        """The KPIs with a Trend column, month by month over a year, and the
        charts of ``TREND_CHARTS``."""
        report = self.report
        first = report.date_from - relativedelta(months=TREND_MONTHS - 1)
        per_month = report._followup_compute_kpis(first, report.date_to, group="month")
        shown = [kpi for kpi in self.kpis if kpi.trend]
        columns = [(self.env._("Month"), 14, TEXT)] + [
            (self.env._(kpi.trend), 12, CELL_KINDS[kpi.kind]) for kpi in shown
        ]
        empty = derive({}, self.kpis)
        months = [first + relativedelta(months=index) for index in range(TREND_MONTHS)]

        def rows():
            for month in months:
                values = per_month.get(month, empty)
                # Empty cells (n/a) make gaps in the charts, where 0 would lie.
                cells = [self._cell(values, kpi) for kpi in shown]
                yield [month.strftime("%Y-%m")] + ["" if cell is None else cell for cell in cells]

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
        column_of = {kpi.key: index + 1 for index, kpi in enumerate(shown)}

        def series(key, color):
            col = column_of[key]
            return {
                "name": [name, header_row, col],
                "categories": categories,
                "values": [name, header_row + 1, col, last, col],
                "marker": {"type": "circle"},
                "line": {"color": color},
                "fill": {"color": color},
            }

        # A series with nothing to plot (every month n/a) is left out, and a
        # chart left without series.
        charts_row = last + 2
        sheet.set_h_pagebreaks([charts_row])
        # Two charts side by side on a page, the third below them (each 320
        # pixels high: 16 rows, and two of margin).
        anchors = iter(
            (f"A{charts_row + 2}", f"G{charts_row + 2}", f"A{charts_row + 2 + CHART_ROWS}")
        )
        for title, chart_type, plotted, axis in TREND_CHARTS:
            lines = [
                series(key, color)
                for key, color in plotted
                if any(per_month.get(month, empty)[key] is not None for month in months)
            ]
            if lines:
                book.add_chart(
                    sheet,
                    chart_type,
                    next(anchors),
                    self.env._(title),
                    lines,
                    axis,
                )
