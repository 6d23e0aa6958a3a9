"""The lead KPIs of the monthly report (seed 001): entries of the report's
KPI table (sales_followup/report/monthly_report_kpis.py), added by this
bridge through the report model's ``_followup_kpis()`` and
``_followup_kpi_queries()``, with their queries. The Leads sheet shows the
same figures, and the valid leads by source and grade."""

# Module-level texts have no environment: they are lazy, translated when
# written (see sales_followup's monthly_report_kpis).
# pylint: disable=prefer-env-translation
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.sales_followup.report.monthly_report_kpis import (
    AVERAGE,
    COUNT,
    RATE,
    Definition,
    Kpi,
)
from odoo.addons.sales_followup.report.monthly_report_queries import _local_month, _team_orders

_lt = LazyTranslate(__name__)

# The queries, by the records they count: leads created in the period, leads
# whose first-contact deadline falls in it, orders from a lead confirmed in it.
LEADS = "leads"
LEAD_FIRST_CONTACTS = "lead_first_contacts"
LEAD_ORDERS = "lead_orders"

_LEADS = Definition(
    _lt("Leads and invalid share"),
    _lt(
        "Leads created in the month, valid or not, lost and archived ones "
        "included: the company's and those of no company; with a sales team "
        "selected, the team's. The invalid share is the leads marked invalid "
        "÷ the leads created in the month. The Leads sheet counts the valid "
        "ones by UTM source and grade."
    ),
)
_LEAD_FIRST_CONTACT = Definition(
    _lt("Lead first-contact SLA compliance"),
    _lt(
        "Per grade, valid leads whose first-contact deadline (24, 48 or 72 "
        "hours after assignment for grade A, B or C, counted on working days "
        "only; a lead not graded counts as B) falls in the month and whose "
        "first-contact step was done by the deadline ÷ valid leads whose "
        "deadline falls in the month."
    ),
)
_LEAD_CONVERSION = Definition(
    _lt("Lead to order conversion"),
    _lt(
        "Valid leads created in the month that have a confirmed sales order "
        "when the report is generated ÷ valid leads created in the month."
    ),
)
_LEAD_DAYS = Definition(
    _lt("Average days to convert"),
    _lt(
        "Sales orders confirmed in the month (order date) that come from a "
        "lead: the average number of days from the lead's creation to the "
        "order's date."
    ),
)
# One label per grade: whole sentences, never put together.
_FIRST_CONTACT_LABELS = {
    "a": _lt("Lead first contact on time: grade A"),
    "b": _lt("Lead first contact on time: grade B"),
    "c": _lt("Lead first contact on time: grade C"),
}


def _first_contact_kpis(grade):
    """Grade ``grade``'s first contacts due in the period, those on time, the rate."""
    graded = f"COALESCE(l.followup_grade, 'b') = '{grade}'"
    return (
        Kpi(
            f"lead_first_contact_{grade}_count",
            COUNT,
            string=f"Lead First Contacts Due ({grade.upper()})",
            definition=_LEAD_FIRST_CONTACT,
            query=LEAD_FIRST_CONTACTS,
            aggregate=f"COUNT(*) FILTER (WHERE {graded})",
        ),
        Kpi(
            f"lead_first_contact_{grade}_on_time_count",
            COUNT,
            string=f"Lead First Contacts on Time ({grade.upper()})",
            definition=_LEAD_FIRST_CONTACT,
            query=LEAD_FIRST_CONTACTS,
            aggregate=f"COUNT(*) FILTER (WHERE {graded} AND fc.on_time)",
        ),
        Kpi(
            f"lead_first_contact_{grade}_rate",
            RATE,
            string=f"Lead First Contact on Time ({grade.upper()})",
            definition=_LEAD_FIRST_CONTACT,
            basis=(
                f"lead_first_contact_{grade}_on_time_count",
                f"lead_first_contact_{grade}_count",
            ),
            label=_FIRST_CONTACT_LABELS[grade],
        ),
    )


LEAD_KPIS = (
    Kpi(
        "lead_count",
        COUNT,
        string="Leads Created",
        definition=_LEADS,
        query=LEADS,
        aggregate="COUNT(*)",
        label=_lt("Leads created"),
    ),
    Kpi(
        "lead_invalid_count",
        COUNT,
        string="Invalid Leads",
        definition=_LEADS,
        query=LEADS,
        aggregate="COUNT(*) FILTER (WHERE NOT l.followup_lead_valid)",
    ),
    Kpi(
        "lead_invalid_rate",
        RATE,
        string="Invalid Lead Share",
        definition=_LEADS,
        basis=("lead_invalid_count", "lead_count"),
        label=_lt("Invalid lead share"),
    ),
    *_first_contact_kpis("a"),
    *_first_contact_kpis("b"),
    *_first_contact_kpis("c"),
    Kpi(
        "lead_valid_count",
        COUNT,
        string="Valid Leads",
        definition=_LEAD_CONVERSION,
        query=LEADS,
        aggregate="COUNT(*) FILTER (WHERE l.followup_lead_valid)",
    ),
    Kpi(
        "lead_converted_count",
        COUNT,
        string="Leads Converted",
        definition=_LEAD_CONVERSION,
        query=LEADS,
        aggregate="COUNT(*) FILTER (WHERE l.followup_lead_valid AND EXISTS ("
        "SELECT 1 FROM sale_order o WHERE o.opportunity_id = l.id AND o.state = 'sale'))",
    ),
    Kpi(
        "lead_conversion_rate",
        RATE,
        string="Lead to Order Conversion",
        definition=_LEAD_CONVERSION,
        basis=("lead_converted_count", "lead_valid_count"),
        label=_lt("Lead to order conversion"),
    ),
    Kpi(
        "lead_order_count",
        COUNT,
        string="Orders from Leads",
        definition=_LEAD_DAYS,
        query=LEAD_ORDERS,
        aggregate="COUNT(*)",
    ),
    Kpi(
        "lead_convert_days",
        AVERAGE,
        string="Average Days to Convert",
        definition=_LEAD_DAYS,
        query=LEAD_ORDERS,
        aggregate="AVG(EXTRACT(EPOCH FROM so.date_order - l.create_date) / 86400)",
        basis="lead_order_count",
        label=_lt("Average days to convert"),
    ),
)


def _lead_scope(report):
    """The report's leads (alias ``l``): the company's and those of no
    company; with a team, the team's."""
    team = SQL("l.team_id = %s", report.team_id.id) if report.team_id else SQL("TRUE")
    return SQL(
        "(l.company_id = %(company)s OR l.company_id IS NULL) AND %(team)s",
        company=report.company_id.id,
        team=team,
    )


# Each query below: (FROM and WHERE, salesperson column, month column). The
# lead KPIs are the company's (or team's): none has a Salespeople column.


def leads_query(report, period):
    """Leads created in the period, valid or not, archived ones included."""
    from_where = SQL(
        """
          FROM crm_lead l
         WHERE %(scope)s
           AND l.create_date >= %(start)s AND l.create_date < %(end)s
        """,
        scope=_lead_scope(report),
        **period,
    )
    return from_where, None, _local_month(report, SQL("l.create_date"))


def lead_first_contacts_query(report, period):
    """Valid leads whose first-contact deadline falls in the period, with
    whether their first-contact step was done by it."""
    from_where = SQL(
        """
          FROM crm_lead l
     LEFT JOIN LATERAL (
               SELECT BOOL_OR(s.date_done <= l.followup_first_contact_deadline) AS on_time
                 FROM sales_followup_step s
                WHERE s.lead_id = l.id AND s.kind = 'first_contact' AND s.state = 'done'
               ) fc ON TRUE
         WHERE %(scope)s
           AND l.followup_lead_valid
           AND l.followup_first_contact_deadline >= %(start)s
           AND l.followup_first_contact_deadline < %(end)s
        """,
        scope=_lead_scope(report),
        **period,
    )
    return from_where, None, _local_month(report, SQL("l.followup_first_contact_deadline"))


def lead_orders_query(report, period):
    """Sales orders from a lead confirmed in the period, with their lead."""
    from_where = SQL(
        """
          FROM sale_order so
          JOIN crm_lead l ON l.id = so.opportunity_id
         WHERE so.company_id = %(company)s
           AND so.state = 'sale'
           AND so.date_order >= %(start)s AND so.date_order < %(end)s
           AND %(team)s
        """,
        team=_team_orders(report),
        **period,
    )
    return from_where, None, _local_month(report, SQL("so.date_order"))


LEAD_QUERIES = {
    LEADS: leads_query,
    LEAD_FIRST_CONTACTS: lead_first_contacts_query,
    LEAD_ORDERS: lead_orders_query,
}
