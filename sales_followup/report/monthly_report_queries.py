"""The monthly report's KPIs computed: one grouped SQL query per kind of
record counted, whatever the volume.

Raw SQL because a report counts a month (the Trend sheet a year) of orders,
steps and interactions with conditional aggregates the ORM's ``_read_group``
cannot express (``COUNT(*) FILTER``, dates in the company's time zone); each
query selects the aggregates its KPIs declare in ``monthly_report_kpis``.
"""

from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from .monthly_report_kpis import (
    COMMITMENTS,
    COMPLAINTS,
    CUSTOMERS,
    DELIVERIES,
    INTERACTIONS,
    ORDERS,
    QUOTATIONS,
    STEPS,
    derive,
)


def period_params(report, date_from, date_to):
    """The period's bounds: days, and the UTC instants of their midnights in
    the company's time zone."""
    return {
        "company": report.company_id.id,
        "start": report._followup_utc(date_from),
        "end": report._followup_utc(date_to + timedelta(days=1)),
        "date_from": date_from,
        "date_to": date_to,
        "tz": report._followup_tz(),
    }


def compute_kpis(report, date_from, date_to, group=None, customers=True):
    """Every KPI of the period: one dict, or one per salesperson
    (``group="user"``, without the customer KPIs: a customer has no one
    salesperson) or per month (``group="month"``)."""
    report.ensure_one()
    # Raw SQL reads the tables: write what the ORM still holds first.
    report.env.flush_all()
    # by_month: the customer KPIs of each month, for the Trend sheet.
    period = {**period_params(report, date_from, date_to), "by_month": group == "month"}
    kpis = report._followup_kpis()
    merged = defaultdict(dict)
    for source, query in report._followup_kpi_queries().items():
        if source == CUSTOMERS and not customers:
            continue
        sql = _query(period, group, source, query(report, period), kpis)
        if sql is None:
            continue
        report.env.cr.execute(sql)
        for row in report.env.cr.dictfetchall():
            merged[row.pop("key")].update(row)
    if not group:
        return derive(merged[None], kpis)
    return {key: derive(values, kpis) for key, values in merged.items()}


def _query(period, group, source, query, kpis):
    """The ``kpis`` that ``source`` computes, for the whole period or by
    group: its FROM and WHERE (``query``, with its group columns) with the
    aggregates its KPIs declare. None when the source has no such group (the
    customers have no one salesperson)."""
    from_where, user, month = query
    key = {"user": user, "month": month}.get(group)
    if group and key is None:
        return None
    aggregates = SQL(", ").join(
        SQL("%s AS %s", SQL(kpi.aggregate, **period), SQL.identifier(kpi.key))
        for kpi in kpis
        if kpi.query == source
    )
    return SQL(
        "SELECT %s AS key, %s %s %s",
        key or SQL("NULL"),
        aggregates,
        from_where,
        SQL("GROUP BY 1") if group else SQL(),
    )


def _team_orders(report):
    """Restriction to the report's sales team on the orders (alias ``so``)."""
    if not report.team_id:
        return SQL("TRUE")
    return SQL("so.team_id = %s", report.team_id.id)


def _team_orders_or_members(report, alias):
    """Restriction to the report's sales team on records (alias ``alias``,
    with an ``order_id`` and a ``user_id``) that may have no order: those of
    the team's orders (alias ``so``), and those without an order of a member."""
    if not report.team_id:
        return SQL("TRUE")
    return SQL(
        """(so.team_id = %(team)s OR (%(alias)s.order_id IS NULL AND EXISTS (
                SELECT 1 FROM crm_team_member m
                 WHERE m.user_id = %(alias)s.user_id AND m.crm_team_id = %(team)s
                   AND m.active)))""",
        team=report.team_id.id,
        alias=alias,
    )


def _local_month(report, column):
    """The first day of the month of a UTC timestamp column, in the company's zone."""
    return SQL(
        "date_trunc('month', %s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date",
        column,
        report._followup_tz(),
    )


# Each query below: (FROM and WHERE, salesperson column, month column).


def _orders(report, period):
    """Orders confirmed in the period, with the reasons of their exceptions."""
    # Each order's exceptions looked up once (one index probe per order),
    # not once per reason: the trend sheet counts a year of orders.
    from_where = SQL(
        """
          FROM sale_order so
          LEFT JOIN LATERAL (
               SELECT ARRAY_AGG(i.exception_reason) AS reasons
                 FROM sales_followup_interaction i
                WHERE i.order_id = so.id AND i.exception_reason IS NOT NULL
          ) exc ON TRUE
         WHERE so.company_id = %(company)s
           AND so.state = 'sale'
           AND so.date_order >= %(start)s AND so.date_order < %(end)s
           AND %(team)s
        """,
        team=_team_orders(report),
        **period,
    )
    return from_where, SQL("so.user_id"), _local_month(report, SQL("so.date_order"))


def _quotations(report, period):
    """Quotations created in the period, whatever their state now."""
    from_where = SQL(
        """
          FROM sale_order so
         WHERE so.company_id = %(company)s
           AND so.create_date >= %(start)s AND so.create_date < %(end)s
           AND %(team)s
        """,
        team=_team_orders(report),
        **period,
    )
    return from_where, SQL("so.user_id"), _local_month(report, SQL("so.create_date"))


def _deliveries(report, period):
    """Confirmed orders delivered in the period, with the shortest lead time
    of their lines (for their expected date)."""
    from_where = SQL(
        """
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
        """,
        team=_team_orders(report),
        **period,
    )
    month = SQL("date_trunc('month', so.followup_delivered_date)::date")
    return from_where, SQL("so.user_id"), month


def _steps(report, period):
    """Plan steps due in the period (not cancelled), by their responsible,
    with the interaction that completed them."""
    from_where = SQL(
        """
          FROM sales_followup_step st
          JOIN sale_order so ON so.id = st.order_id
     LEFT JOIN sales_followup_interaction i ON i.id = st.interaction_id
         WHERE st.company_id = %(company)s
           AND st.state != 'cancelled'
           AND st.date_due BETWEEN %(date_from)s AND %(date_to)s
           AND %(team)s
        """,
        team=_team_orders(report),
        **period,
    )
    return from_where, SQL("st.user_id"), SQL("date_trunc('month', st.date_due)::date")


def _interactions(report, period):
    """Interactions that took place in the period, by who logged them; with a
    team, those of its orders and those without an order logged by a member."""
    team = _team_orders_or_members(report, SQL.identifier("i"))
    from_where = SQL(
        """
          FROM sales_followup_interaction i
     LEFT JOIN sale_order so ON so.id = i.order_id
         WHERE i.company_id = %(company)s
           AND i.date >= %(start)s AND i.date < %(end)s
           AND %(team)s
        """,
        team=team,
        **period,
    )
    return from_where, SQL("i.user_id"), _local_month(report, SQL("i.date"))


def _commitments(report, period):
    """Commitments to customers due in the period (not cancelled), by their
    keeper; with a team, those made on its orders and those without an order
    kept by a member."""
    team = _team_orders_or_members(report, SQL.identifier("c"))
    from_where = SQL(
        """
          FROM sales_followup_commitment c
     LEFT JOIN sale_order so ON so.id = c.order_id
         WHERE c.company_id = %(company)s
           AND c.state != 'cancelled'
           AND c.date_deadline BETWEEN %(date_from)s AND %(date_to)s
           AND %(team)s
        """,
        team=team,
        **period,
    )
    return from_where, SQL("c.user_id"), SQL("date_trunc('month', c.date_deadline)::date")


def _complaints(report, period):
    """Complaints received in the period (not cancelled), by their
    salesperson; with a team, the team's."""
    team = SQL("TRUE")
    if report.team_id:
        team = SQL("c.team_id = %s", report.team_id.id)
    from_where = SQL(
        """
          FROM sales_followup_complaint c
         WHERE c.company_id = %(company)s
           AND c.state != 'cancelled'
           AND c.date_received >= %(start)s AND c.date_received < %(end)s
           AND %(team)s
        """,
        team=team,
        **period,
    )
    return from_where, SQL("c.user_id"), _local_month(report, SQL("c.date_received"))


def _customer_windows(report, period):
    """The windows the customer KPIs are measured over, as a VALUES table:
    the period (key NULL), or each of its months (key ``month``) for the
    Trend sheet; each with its bounds, and those of the dormancy delay
    before its start and its end and of the 12 months up to its end, as
    UTC instants."""
    dormant_days = report._followup_dormant_days()
    windows = [(None, period["date_from"], period["date_to"] + timedelta(days=1))]
    if period["by_month"]:
        windows = []
        month = period["date_from"].replace(day=1)
        while month <= period["date_to"]:
            windows.append((month, month, month + relativedelta(months=1)))
            month += relativedelta(months=1)
    rows = SQL(", ").join(
        SQL(
            "(%s::date, %s::timestamp, %s::timestamp, %s::timestamp, %s::timestamp, %s::timestamp)",
            key,
            report._followup_utc(start),
            report._followup_utc(end),
            report._followup_utc(start - timedelta(days=dormant_days)),
            report._followup_utc(end - timedelta(days=dormant_days)),
            report._followup_utc(end - relativedelta(months=12)),
        )
        for key, start, end in windows
    )
    return SQL(
        "(VALUES %s) AS w(month, start_at, end_at, active_start, active_end, trailing_start)", rows
    )


def _customers(report, period):
    """Per window (the period, or each of its months) and commercial partner,
    from its confirmed orders up to the window's end: new (first order in
    the window), active at the window's start and end (an order within the
    company's dormancy delay), orders of the last 12 months. Never grouped
    by salesperson: a customer has no one salesperson."""
    from_where = SQL(
        """
          FROM (
            SELECT w.month,
                   MIN(so.date_order) >= w.start_at AS is_new,
                   BOOL_OR(so.date_order >= w.active_start
                           AND so.date_order < w.start_at) AS active_at_start,
                   BOOL_OR(so.date_order >= w.active_end) AS active_at_end,
                   COUNT(*) FILTER (WHERE so.date_order >= w.trailing_start) AS trailing_orders
              FROM %(windows)s
              JOIN sale_order so ON so.date_order < w.end_at
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
               AND %(team)s
          GROUP BY w.month, w.start_at, p.commercial_partner_id
          ) per_customer
        """,
        windows=_customer_windows(report, period),
        team=_team_orders(report),
        **period,
    )
    return from_where, None, SQL("per_customer.month")


QUERIES = {
    ORDERS: _orders,
    QUOTATIONS: _quotations,
    DELIVERIES: _deliveries,
    STEPS: _steps,
    INTERACTIONS: _interactions,
    COMMITMENTS: _commitments,
    COMPLAINTS: _complaints,
    CUSTOMERS: _customers,
}
