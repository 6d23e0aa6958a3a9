"""The survey KPIs of the monthly report: entries of the report's KPI table
(sales_followup/report/monthly_report_kpis.py), added by this bridge through
the report model's ``_followup_kpis()`` and ``_followup_kpi_queries()``.
The three aspects' averages are the base's (interactions of every channel)."""

# Module-level texts have no environment: they are lazy, translated when
# written (see sales_followup's monthly_report_kpis).
# pylint: disable=prefer-env-translation
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.sales_followup.report.monthly_report_kpis import (
    COUNT,
    RATE,
    Definition,
    Kpi,
)
from odoo.addons.sales_followup.report.monthly_report_queries import _local_month, _team_orders

_lt = LazyTranslate(__name__)

# The query of the invitations sent in the period.
SURVEYS = "surveys"

_RESPONSE = Definition(
    _lt("Survey response rate"),
    _lt(
        "Satisfaction surveys e-mailed from a satisfaction step in the month "
        "(first sending) that the customer answered by the time the report is "
        "generated ÷ surveys e-mailed in the month."
    ),
)

SURVEY_KPIS = (
    Kpi(
        "survey_sent_count",
        COUNT,
        string="Surveys Sent",
        definition=_RESPONSE,
        query=SURVEYS,
        aggregate="COUNT(*)",
        label=_lt("Satisfaction surveys sent"),
        column=(_lt("Surveys Sent"), 10),
    ),
    Kpi(
        "survey_answered_count",
        COUNT,
        string="Surveys Answered",
        definition=_RESPONSE,
        query=SURVEYS,
        aggregate="COUNT(*) FILTER (WHERE ui.state = 'done')",
    ),
    Kpi(
        "survey_response_rate",
        RATE,
        string="Survey Response Rate",
        definition=_RESPONSE,
        basis=("survey_answered_count", "survey_sent_count"),
        label=_lt("Survey response rate"),
        column=(_lt("Survey Response"), 12),
    ),
)


def surveys_query(report, period):
    """Invitations first e-mailed in the period from the satisfaction steps
    of the report's orders, by the step's responsible."""
    from_where = SQL(
        """
          FROM survey_user_input ui
          JOIN sales_followup_step st ON st.id = ui.followup_step_id
          JOIN sale_order so ON so.id = st.order_id
         WHERE st.company_id = %(company)s
           AND ui.followup_date_sent >= %(start)s AND ui.followup_date_sent < %(end)s
           AND NOT ui.test_entry
           AND %(team)s
        """,
        team=_team_orders(report),
        **period,
    )
    return from_where, SQL("st.user_id"), _local_month(report, SQL("ui.followup_date_sent"))
