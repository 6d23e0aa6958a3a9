"""The monthly report's KPIs, one entry each.

This table is the only place a KPI is declared. It gives the report model its
stored fields (same names: they are public), the queries their aggregates,
the workbook its Summary rows, Salespeople and Trend columns and Definitions
sheet, and the README its table of definitions (``readme_definitions()``,
compared with the README by a test). Adding a KPI: one ``Kpi`` entry below and, when no
query computes it yet, its ``FROM`` in ``monthly_report_queries``.

A bridge add-on adds its KPIs the same way, in a table of its own: the
report model's ``_followup_kpis()`` and ``_followup_kpi_queries()`` return
them with these, and its stored fields are ``kpi_field()``'s of its entries.
"""

# Module-level texts have no environment: they are lazy (Odoo's LazyTranslate),
# translated when written, so pylint-odoo's advice to use self.env._ does not apply.
# pylint: disable=prefer-env-translation
from dataclasses import KW_ONLY, dataclass

from odoo import fields
from odoo.tools.translate import LazyGettext, LazyTranslate

_lt = LazyTranslate(__name__)

# Kinds: how a KPI is stored, derived and shown.
COUNT = "count"
AMOUNT = "amount"
RATE = "rate"  # numerator / denominator of two counts; None (n/a) when the denominator is 0
RATIO = "ratio"  # as a rate, shown as a number (2.5 calls per reached call), not a share
AVERAGE = "average"  # of 1-5 scores; None (n/a) without any score

# Queries (monthly_report_queries.QUERIES), by the records they count.
ORDERS = "orders"
QUOTATIONS = "quotations"
DELIVERIES = "deliveries"
STEPS = "steps"
INTERACTIONS = "interactions"
COMMITMENTS = "commitments"
CUSTOMERS = "customers"  # per commercial partner; the whole month only, never grouped
COMPLAINTS = "complaints"


# eq=False: entries are compared by identity (lazy texts refuse ``==``).
@dataclass(frozen=True, eq=False)
class Definition:
    """A term and its definition, on the Definitions sheet and in the README.

    ``requires``: a term the definition uses, written once before it."""

    term: LazyGettext
    text: LazyGettext
    requires: "Definition | None" = None


@dataclass(frozen=True, eq=False)
class Kpi:
    """One KPI of the month.

    - ``key``: the report's stored field;
    - ``kind``: COUNT, AMOUNT, RATE, RATIO or AVERAGE;
    - ``definition``: what it counts, shared by the KPIs of one definition;
    - ``string`` / ``help``: the field's label (None: Odoo's, from the key) and help;
    - ``query`` and ``aggregate``: the query that computes it and its SQL
      aggregate there (``%(tz)s``, ``%(start)s``, ``%(end)s`` are the
      period's); a rate or ratio has neither, it is derived from its basis;
    - ``basis``: a rate's or ratio's (numerator, denominator), an average's count;
    - ``label``: its row on the Summary sheet (None: not shown there);
      ``exception_reason`` fills its ``%(reason)s``;
    - ``column``: (label, width) of its Salespeople column, None if none;
    - ``trend``: its Trend column's label, None if none.
    """

    key: str
    kind: str
    _: KW_ONLY
    definition: Definition
    string: str | None = None
    query: str | None = None
    aggregate: str | None = None
    basis: tuple[str, str] | str | None = None
    label: LazyGettext | None = None
    column: tuple[LazyGettext, int] | None = None
    help: str | None = None
    exception_reason: str | None = None
    trend: LazyGettext | None = None


# ------------------------------------------------------------
# Definitions
# ------------------------------------------------------------

SCOPE = Definition(
    _lt("Period and scope"),
    _lt(
        "A calendar month in the time zone of the company's working "
        "schedule. Only the company's records count; with a sales team "
        "selected, only that team's orders, their steps and interactions, "
        "interactions without an order logged by a team member, the "
        "customers of the team's orders and the care actions of its "
        "members. Figures are as recorded when the "
        "report is generated; generating again refreshes them."
    ),
)
NOT_AVAILABLE = Definition(
    _lt("n/a"),
    _lt(
        "A rate or an average with nothing to count (no quotation, no "
        "delivery, no score...) is shown as n/a, never as 0; in the Trend "
        "sheet its cell is left empty."
    ),
)
# Privacy, by the company's setting of customer identity in the workbook
# (res.company.followup_report_customer_identity).
PRIVACY = {
    "code": Definition(
        _lt("Privacy"),
        _lt(
            "Customers appear by customer code only (the internal pseudonymous "
            "code); their contacts by job position only. No name, phone number "
            "or e-mail address is written; any phone number or e-mail address "
            "found in free text is replaced by ***."
        ),
    ),
    "code_name": Definition(
        _lt("Privacy"),
        _lt(
            "Customers appear by customer code and masked name only (first "
            "word or first character, then *); contacts are masked the same "
            "way. No phone number or e-mail address is written; any found in "
            "free text is replaced by ***."
        ),
    ),
}
# The order table's rows and status (seed 000, table 1).
UNDER_FOLLOWUP = Definition(
    _lt("Order under follow-up"),
    _lt(
        "A sales order (not cancelled) confirmed before the month's end that "
        "was confirmed in the month, or marked delivered in the month, or had "
        "a follow-up step open in the month (a step, not cancelled, still open "
        "or done on or after the month's first day). An order confirmed "
        "earlier whose follow-up goes on is therefore in the order table."
    ),
)
ORDER_STATUS = Definition(
    _lt("Order status"),
    _lt(
        "As when the report is generated, the first that applies: Exception "
        "handling (an exception logged on the order is not resolved); "
        "Completed (delivered, no step open); Delivered (delivered, steps "
        "still open, such as the satisfaction survey); In progress (a step "
        "done or an interaction logged); To follow up (nothing done yet)."
    ),
)
# The Improvement Measures sheet's status (seed 000 step 6, note 5).
IMPROVEMENT_ON_TIME = Definition(
    _lt("Done on time"),
    _lt(
        "An improvement measure decided at last month's review and marked done "
        "on or before its deadline; Done late: marked done after it; Open, "
        "overdue: not done and its deadline passed by the month's end (by the "
        "day the report is generated for a month not over)."
    ),
)
TABLE_DEFINITIONS = (UNDER_FOLLOWUP, ORDER_STATUS, IMPROVEMENT_ON_TIME)

_ORDERS = Definition(
    _lt("Orders confirmed"),
    _lt(
        "Sales orders in state Sales Order whose order date (the "
        "confirmation date) falls in the month. Cancelled orders are "
        "excluded."
    ),
)
_AMOUNT = Definition(
    _lt("Confirmed amount"),
    _lt(
        "Sum of the totals (taxes included) of the orders confirmed, each "
        "converted to the company currency at the rate of its order date "
        "(total ÷ the order's currency rate)."
    ),
)
_CONVERSION = Definition(
    _lt("Quotation → order conversion"),
    _lt(
        "Quotations created in the month that are confirmed by the end of "
        "the month ÷ all quotations created in the month, whatever their "
        "state now (cancelled quotations count in the denominator; an order "
        "cancelled after confirmation no longer counts as converted)."
    ),
)
_ON_TIME = Definition(
    _lt("On-time delivery rate"),
    _lt(
        "Confirmed orders marked delivered in the month (Delivered On) on "
        "or before the committed delivery date (the order's Delivery Date, "
        "else its expected date) ÷ confirmed orders delivered in the month."
    ),
)
_EXCEPTIONS = Definition(
    _lt("Exception-order ratio and reasons"),
    _lt(
        "Orders confirmed in the month with at least one interaction that "
        "records an exception ÷ orders confirmed in the month. The reasons "
        "count those orders per exception reason (an order with two reasons "
        "counts under each)."
    ),
)
_FIRST_CONTACT = Definition(
    _lt("First-contact SLA compliance"),
    _lt(
        "First-contact steps due in the month (not cancelled) that were "
        "done on or before their due date (the date of the interaction "
        "that completed them, else the date they were marked done) ÷ "
        "first-contact steps due in the month."
    ),
)
_STEPS = Definition(
    _lt("Plan-step completion"),
    _lt(
        "Follow-up steps of every kind due in the month (not cancelled) "
        "that are done ÷ steps due in the month."
    ),
)
_LOGGING = Definition(
    _lt("Logging timeliness"),
    _lt(
        "Interactions that took place in the month and were not logged "
        "late (within the company's delay, 2 hours by default) ÷ "
        "interactions that took place in the month."
    ),
)
_CSAT = Definition(
    _lt("CSAT"),
    _lt(
        "Average satisfaction (1 to 5) of the interactions of the month "
        "that carry a score, and the share of those scores that are 4 or 5."
    ),
)
_ASPECTS = Definition(
    _lt("Satisfaction aspects"),
    _lt(
        "Average of each of the three aspects of the satisfaction survey "
        "(product / service quality, delivery timeliness, service "
        "experience) over the interactions of the month that carry that "
        "aspect (1 to 5; 0 means not asked)."
    ),
)
_QUALITY = Definition(
    _lt("Service quality"),
    _lt(
        "Average of each of the four scores (responsiveness, resolution "
        "efficiency, professionalism, proactiveness) over the interactions "
        "of the month that carry that score (1 to 5; 0 means not scored)."
    ),
)
_CALLS = Definition(
    _lt("Call attempts per reached call"),
    _lt(
        "Calls of the month with an outcome (reached, no answer, busy, "
        "refused, wrong number) ÷ those that reached the customer: 1.0 means "
        "every call got through; 3.0, two failed attempts per conversation."
    ),
)
_PROMISES = Definition(
    _lt("Promises kept on time"),
    _lt(
        "Commitments to customers due in the month (not cancelled) that were "
        "kept on or before the date promised (the day of the interaction that "
        "told the customer, else the day marked kept) ÷ commitments due in the "
        "month. The others are broken promises: kept late, or still open."
    ),
)
_CUSTOMER = Definition(
    _lt("Customer"),
    _lt(
        "The commercial partner of a confirmed order. Customer figures use "
        "confirmed orders only, at their order date."
    ),
)
# %(days)s: the company's dormancy delay (followup_dormant_days).
_CHURN = Definition(
    _lt("Churn rate"),
    _lt(
        "Customers with a confirmed order in the %(days)s days before the "
        "month (active at its start) and none in the %(days)s days up to "
        "the month's last day ÷ customers active at the start."
    ),
    requires=_CUSTOMER,
)
_REPURCHASE = Definition(
    _lt("Repurchase rate"),
    _lt(
        "Customers with at least two confirmed orders in the 12 months "
        "ending on the month's last day ÷ customers with at least one."
    ),
    requires=_CUSTOMER,
)
_NEW = Definition(
    _lt("New customers"),
    _lt("Customers whose first confirmed order ever falls in the month."),
    requires=_CUSTOMER,
)
_DORMANT = Definition(
    _lt("Dormant customers"),
    _lt(
        "Customers with a confirmed order before the month's end and none "
        "in the %(days)s days up to its last day (the company's dormancy "
        "delay)."
    ),
    requires=_CUSTOMER,
)

# Complaints (seed 004): those received in the month, as they stand when the
# report is generated.
_COMPLAINTS = Definition(
    _lt("Complaints"),
    _lt(
        "Customer complaints received in the month (Received On), cancelled "
        "ones excluded, whatever their stage now; counted per category "
        "(service behaviour, sales staff's professional work, product quality) "
        "and per cause found at the visit (quality defect, misuse, service "
        "fault, unfounded). With a sales team selected, the team's complaints."
    ),
)
_COMPLAINT_VISIT = Definition(
    _lt("Complaints visited in time"),
    _lt(
        "Complaints of the month whose customer was visited or called (Visited "
        "On) on or before the visit deadline (2 working days after the "
        "complaint by default) ÷ complaints of the month."
    ),
    requires=_COMPLAINTS,
)
_COMPLAINT_CLOSE = Definition(
    _lt("Days to close a complaint"),
    _lt(
        "Median of the calendar days from receiving to closing, over the "
        "complaints of the month that are closed."
    ),
    requires=_COMPLAINTS,
)
_COMPLAINT_DEADLINES = Definition(
    _lt("Complaints closed within the deadlines"),
    _lt(
        "Complaints of the month that are closed with every stage done on or "
        "before its due date ÷ complaints of the month that are closed."
    ),
    requires=_COMPLAINTS,
)
_COMPLAINT_SATISFACTION = Definition(
    _lt("Satisfaction after resolution"),
    _lt(
        "Average satisfaction (1 to 5) the customers gave the result of the "
        "complaints of the month, over those that carry a score."
    ),
    requires=_COMPLAINTS,
)

# ------------------------------------------------------------
# KPIs, in the order of the fields, the Summary rows and the Salespeople columns
# ------------------------------------------------------------

KPIS = (
    Kpi(
        "order_count",
        COUNT,
        string="Orders Confirmed",
        definition=_ORDERS,
        query=ORDERS,
        aggregate="COUNT(*)",
        label=_lt("Orders confirmed"),
        column=(_lt("Orders Confirmed"), 12),
        trend=_lt("Orders Confirmed"),
    ),
    Kpi(
        "order_amount",
        AMOUNT,
        string="Confirmed Amount",
        definition=_AMOUNT,
        query=ORDERS,
        aggregate="COALESCE(SUM(COALESCE(so.amount_total / NULLIF(so.currency_rate, 0), "
        "so.amount_total)), 0)",
        label=_lt("Confirmed amount (company currency)"),
        column=(_lt("Confirmed Amount"), 16),
        help="Total (taxes included) of the orders confirmed in the month, in "
        "company currency at each order's rate.",
    ),
    Kpi(
        "quotation_count",
        COUNT,
        string="Quotations Created",
        definition=_CONVERSION,
        query=QUOTATIONS,
        aggregate="COUNT(*)",
        label=_lt("Quotations created"),
        column=(_lt("Quotations"), 12),
        trend=_lt("Quotations Created"),
    ),
    Kpi(
        "quotation_confirmed_count",
        COUNT,
        string="Quotations Converted",
        definition=_CONVERSION,
        query=QUOTATIONS,
        aggregate="COUNT(*) FILTER (WHERE so.state = 'sale' AND so.date_order < %(end)s)",
    ),
    Kpi(
        "conversion_rate",
        RATE,
        definition=_CONVERSION,
        basis=("quotation_confirmed_count", "quotation_count"),
        label=_lt("Quotation → order conversion"),
        column=(_lt("Conversion"), 12),
        trend=_lt("Conversion"),
    ),
    Kpi(
        "delivered_count",
        COUNT,
        string="Orders Delivered",
        definition=_ON_TIME,
        query=DELIVERIES,
        aggregate="COUNT(*)",
        label=_lt("Orders delivered"),
        column=(_lt("Delivered"), 11),
        trend=_lt("Orders Delivered"),
    ),
    Kpi(
        "delivered_on_time_count",
        COUNT,
        string="Delivered on Time",
        definition=_ON_TIME,
        query=DELIVERIES,
        # Dates in the company's time zone; the expected date as Odoo
        # computes it: order date plus the shortest lead time of its lines.
        aggregate="COUNT(*) FILTER (WHERE so.followup_delivered_date <= COALESCE("
        "(so.commitment_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date, "
        "((so.date_order + lead.days * INTERVAL '1 day')"
        " AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date))",
    ),
    Kpi(
        "on_time_rate",
        RATE,
        string="On-time Delivery",
        definition=_ON_TIME,
        basis=("delivered_on_time_count", "delivered_count"),
        label=_lt("On-time delivery rate"),
        column=(_lt("On-time Delivery"), 12),
        trend=_lt("On-time Delivery"),
    ),
    Kpi(
        "exception_order_count",
        COUNT,
        string="Exception Orders",
        definition=_EXCEPTIONS,
        query=ORDERS,
        aggregate="COUNT(*) FILTER (WHERE exc.reasons IS NOT NULL)",
        column=(_lt("Exception Orders"), 12),
    ),
    Kpi(
        "exception_rate",
        RATE,
        string="Exception-order Ratio",
        definition=_EXCEPTIONS,
        basis=("exception_order_count", "order_count"),
        label=_lt("Exception-order ratio"),
        column=(_lt("Exception Ratio"), 12),
        trend=_lt("Exception Ratio"),
    ),
    Kpi(
        "exception_delay_count",
        COUNT,
        string="Exceptions: Delivery Delay",
        definition=_EXCEPTIONS,
        query=ORDERS,
        aggregate="COUNT(*) FILTER (WHERE 'delivery_delay' = ANY(exc.reasons))",
        label=_lt("Exception orders: %(reason)s"),
        exception_reason="delivery_delay",
    ),
    Kpi(
        "exception_quality_count",
        COUNT,
        string="Exceptions: Quality Mismatch",
        definition=_EXCEPTIONS,
        query=ORDERS,
        aggregate="COUNT(*) FILTER (WHERE 'quality_mismatch' = ANY(exc.reasons))",
        label=_lt("Exception orders: %(reason)s"),
        exception_reason="quality_mismatch",
    ),
    Kpi(
        "exception_change_count",
        COUNT,
        string="Exceptions: Requirement Change",
        definition=_EXCEPTIONS,
        query=ORDERS,
        aggregate="COUNT(*) FILTER (WHERE 'requirement_change' = ANY(exc.reasons))",
        label=_lt("Exception orders: %(reason)s"),
        exception_reason="requirement_change",
    ),
    Kpi(
        "exception_other_count",
        COUNT,
        string="Exceptions: Other",
        definition=_EXCEPTIONS,
        query=ORDERS,
        aggregate="COUNT(*) FILTER (WHERE 'other' = ANY(exc.reasons))",
        label=_lt("Exception orders: %(reason)s"),
        exception_reason="other",
    ),
    Kpi(
        "first_contact_due_count",
        COUNT,
        string="First Contacts Due",
        definition=_FIRST_CONTACT,
        query=STEPS,
        aggregate="COUNT(*) FILTER (WHERE st.kind = 'first_contact')",
        column=(_lt("First Contacts Due"), 12),
    ),
    Kpi(
        "first_contact_on_time_count",
        COUNT,
        string="First Contacts on Time",
        definition=_FIRST_CONTACT,
        query=STEPS,
        aggregate="COUNT(*) FILTER (WHERE st.kind = 'first_contact' AND st.state = 'done' "
        "AND (COALESCE(i.date, st.date_done) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date "
        "<= st.date_due)",
    ),
    Kpi(
        "first_contact_rate",
        RATE,
        string="First-contact SLA",
        definition=_FIRST_CONTACT,
        basis=("first_contact_on_time_count", "first_contact_due_count"),
        label=_lt("First-contact SLA compliance"),
        column=(_lt("First-contact SLA"), 12),
    ),
    Kpi(
        "step_due_count",
        COUNT,
        string="Steps Due",
        definition=_STEPS,
        query=STEPS,
        aggregate="COUNT(*)",
        column=(_lt("Steps Due"), 10),
    ),
    Kpi(
        "step_done_count",
        COUNT,
        string="Steps Done",
        definition=_STEPS,
        query=STEPS,
        aggregate="COUNT(*) FILTER (WHERE st.state = 'done')",
    ),
    Kpi(
        "step_completion_rate",
        RATE,
        string="Step Completion",
        definition=_STEPS,
        basis=("step_done_count", "step_due_count"),
        label=_lt("Plan-step completion"),
        column=(_lt("Step Completion"), 12),
    ),
    Kpi(
        "interaction_count",
        COUNT,
        string="Interactions Logged",
        definition=_LOGGING,
        query=INTERACTIONS,
        aggregate="COUNT(*)",
        column=(_lt("Interactions"), 12),
    ),
    Kpi(
        "interaction_on_time_count",
        COUNT,
        string="Logged in Time",
        definition=_LOGGING,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE NOT COALESCE(i.is_late, FALSE))",
    ),
    Kpi(
        "logging_timeliness_rate",
        RATE,
        string="Logging Timeliness",
        definition=_LOGGING,
        basis=("interaction_on_time_count", "interaction_count"),
        label=_lt("Logging timeliness"),
        column=(_lt("Logging Timeliness"), 12),
    ),
    Kpi(
        "csat_count",
        COUNT,
        string="CSAT Responses",
        definition=_CSAT,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.satisfaction > 0)",
        column=(_lt("CSAT Responses"), 11),
        trend=_lt("CSAT Responses"),
    ),
    Kpi(
        "csat_avg",
        AVERAGE,
        string="CSAT Average",
        definition=_CSAT,
        query=INTERACTIONS,
        aggregate="AVG(i.satisfaction) FILTER (WHERE i.satisfaction > 0)",
        basis="csat_count",
        label=_lt("CSAT average (1-5)"),
        column=(_lt("CSAT Average"), 11),
        trend=_lt("CSAT Average"),
    ),
    Kpi(
        "csat_top_count",
        COUNT,
        string="CSAT 4-5",
        definition=_CSAT,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.satisfaction >= 4)",
    ),
    Kpi(
        "csat_top_rate",
        RATE,
        string="CSAT Share of 4-5",
        definition=_CSAT,
        basis=("csat_top_count", "csat_count"),
        label=_lt("CSAT share of 4-5"),
    ),
    # The three aspects of the satisfaction survey: 0 means not asked.
    Kpi(
        "satisfaction_quality_count",
        COUNT,
        string="Product / Service Quality Scores",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.satisfaction_quality > 0)",
    ),
    Kpi(
        "satisfaction_quality_avg",
        AVERAGE,
        string="Product / Service Quality",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="AVG(i.satisfaction_quality) FILTER (WHERE i.satisfaction_quality > 0)",
        basis="satisfaction_quality_count",
        label=_lt("Product / service quality (1-5)"),
    ),
    Kpi(
        "satisfaction_timeliness_count",
        COUNT,
        string="Delivery Timeliness Scores",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.satisfaction_timeliness > 0)",
    ),
    Kpi(
        "satisfaction_timeliness_avg",
        AVERAGE,
        string="Delivery Timeliness",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="AVG(i.satisfaction_timeliness) FILTER (WHERE i.satisfaction_timeliness > 0)",
        basis="satisfaction_timeliness_count",
        label=_lt("Delivery timeliness (1-5)"),
    ),
    Kpi(
        "satisfaction_service_count",
        COUNT,
        string="Service Experience Scores",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.satisfaction_service > 0)",
    ),
    Kpi(
        "satisfaction_service_avg",
        AVERAGE,
        string="Service Experience",
        definition=_ASPECTS,
        query=INTERACTIONS,
        aggregate="AVG(i.satisfaction_service) FILTER (WHERE i.satisfaction_service > 0)",
        basis="satisfaction_service_count",
        label=_lt("Service experience (1-5)"),
    ),
    # The four service-quality scores: 0 means not scored.
    Kpi(
        "score_responsiveness_count",
        COUNT,
        string="Responsiveness Scores",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.score_responsiveness > 0)",
    ),
    Kpi(
        "score_responsiveness_avg",
        AVERAGE,
        string="Responsiveness",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="AVG(i.score_responsiveness) FILTER (WHERE i.score_responsiveness > 0)",
        basis="score_responsiveness_count",
        label=_lt("Responsiveness (1-5)"),
    ),
    Kpi(
        "score_resolution_count",
        COUNT,
        string="Resolution Scores",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.score_resolution > 0)",
    ),
    Kpi(
        "score_resolution_avg",
        AVERAGE,
        string="Resolution Efficiency",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="AVG(i.score_resolution) FILTER (WHERE i.score_resolution > 0)",
        basis="score_resolution_count",
        label=_lt("Resolution efficiency (1-5)"),
    ),
    Kpi(
        "score_professionalism_count",
        COUNT,
        string="Professionalism Scores",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.score_professionalism > 0)",
    ),
    Kpi(
        "score_professionalism_avg",
        AVERAGE,
        string="Professionalism",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="AVG(i.score_professionalism) FILTER (WHERE i.score_professionalism > 0)",
        basis="score_professionalism_count",
        label=_lt("Professionalism (1-5)"),
    ),
    Kpi(
        "score_proactiveness_count",
        COUNT,
        string="Proactiveness Scores",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.score_proactiveness > 0)",
    ),
    Kpi(
        "score_proactiveness_avg",
        AVERAGE,
        string="Proactiveness",
        definition=_QUALITY,
        query=INTERACTIONS,
        aggregate="AVG(i.score_proactiveness) FILTER (WHERE i.score_proactiveness > 0)",
        basis="score_proactiveness_count",
        label=_lt("Proactiveness (1-5)"),
    ),
    Kpi(
        "call_count",
        COUNT,
        string="Calls",
        definition=_CALLS,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.call_outcome IS NOT NULL)",
    ),
    Kpi(
        "call_reached_count",
        COUNT,
        string="Calls Reached",
        definition=_CALLS,
        query=INTERACTIONS,
        aggregate="COUNT(*) FILTER (WHERE i.call_outcome = 'reached')",
    ),
    Kpi(
        "call_attempts_per_reached",
        RATIO,
        string="Call Attempts per Reached Call",
        definition=_CALLS,
        basis=("call_count", "call_reached_count"),
        label=_lt("Call attempts per reached call"),
        column=(_lt("Attempts per Reached Call"), 12),
    ),
    Kpi(
        "commitment_due_count",
        COUNT,
        string="Promises Due",
        definition=_PROMISES,
        query=COMMITMENTS,
        aggregate="COUNT(*)",
        label=_lt("Promises due"),
    ),
    Kpi(
        "commitment_on_time_count",
        COUNT,
        string="Promises Kept on Time",
        definition=_PROMISES,
        query=COMMITMENTS,
        aggregate="COUNT(*) FILTER (WHERE c.state = 'kept' AND c.date_kept <= c.date_deadline)",
    ),
    Kpi(
        "commitment_on_time_rate",
        RATE,
        string="Promises Kept on Time (Share)",
        definition=_PROMISES,
        basis=("commitment_on_time_count", "commitment_due_count"),
        label=_lt("Promises kept on time"),
        column=(_lt("Promises Kept on Time"), 12),
    ),
    Kpi(
        "complaint_count",
        COUNT,
        string="Complaints",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*)",
        label=_lt("Complaints received"),
        column=(_lt("Complaints"), 11),
    ),
    Kpi(
        "complaint_service_count",
        COUNT,
        string="Service Behaviour Complaints",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.category = 'service_behaviour')",
        label=_lt("Complaints: service behaviour"),
    ),
    Kpi(
        "complaint_staff_count",
        COUNT,
        string="Sales Staff Complaints",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.category = 'staff_professionalism')",
        label=_lt("Complaints: sales staff's professional work"),
    ),
    Kpi(
        "complaint_quality_count",
        COUNT,
        string="Product Quality Complaints",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.category = 'product_quality')",
        label=_lt("Complaints: product quality"),
    ),
    Kpi(
        "complaint_defect_count",
        COUNT,
        string="Complaints Caused by a Quality Defect",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.cause = 'quality_defect')",
        label=_lt("Complaint causes: quality defect"),
    ),
    Kpi(
        "complaint_misuse_count",
        COUNT,
        string="Complaints Caused by Misuse",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.cause = 'misuse')",
        label=_lt("Complaint causes: misuse"),
    ),
    Kpi(
        "complaint_service_fault_count",
        COUNT,
        string="Complaints Caused by a Service Fault",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.cause = 'service_fault')",
        label=_lt("Complaint causes: service fault"),
    ),
    Kpi(
        "complaint_unfounded_count",
        COUNT,
        string="Unfounded Complaints",
        definition=_COMPLAINTS,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.cause = 'unfounded')",
        label=_lt("Complaint causes: unfounded"),
    ),
    Kpi(
        "complaint_visited_count",
        COUNT,
        string="Complaints Visited in Time",
        definition=_COMPLAINT_VISIT,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE (c.date_visited AT TIME ZONE 'UTC' "
        "AT TIME ZONE %(tz)s)::date <= c.date_visit_deadline)",
    ),
    Kpi(
        "complaint_visit_rate",
        RATE,
        definition=_COMPLAINT_VISIT,
        basis=("complaint_visited_count", "complaint_count"),
        label=_lt("Complaints visited in time"),
        column=(_lt("Visited in Time"), 12),
    ),
    Kpi(
        "complaint_closed_count",
        COUNT,
        string="Complaints Closed",
        definition=_COMPLAINT_CLOSE,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.state = 'closed')",
        label=_lt("Complaints closed"),
    ),
    Kpi(
        "complaint_close_days",
        AVERAGE,
        string="Median Days to Close a Complaint",
        definition=_COMPLAINT_CLOSE,
        query=COMPLAINTS,
        aggregate="PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
        "c.date_closed - c.date_received) / 86400) FILTER (WHERE c.state = 'closed')",
        basis="complaint_closed_count",
        label=_lt("Median days to close a complaint"),
    ),
    Kpi(
        "complaint_closed_in_time_count",
        COUNT,
        string="Complaints Closed within the Deadlines",
        definition=_COMPLAINT_DEADLINES,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.state = 'closed' AND NOT EXISTS ("
        "SELECT 1 FROM sales_followup_step cs WHERE cs.complaint_id = c.id "
        "AND cs.state = 'done' AND (cs.date_done AT TIME ZONE 'UTC' "
        "AT TIME ZONE %(tz)s)::date > cs.date_due))",
    ),
    Kpi(
        "complaint_deadline_rate",
        RATE,
        definition=_COMPLAINT_DEADLINES,
        basis=("complaint_closed_in_time_count", "complaint_closed_count"),
        label=_lt("Complaints closed within the deadlines"),
    ),
    Kpi(
        "complaint_satisfaction_count",
        COUNT,
        string="Complaint Satisfaction Scores",
        definition=_COMPLAINT_SATISFACTION,
        query=COMPLAINTS,
        aggregate="COUNT(*) FILTER (WHERE c.satisfaction > 0)",
    ),
    Kpi(
        "complaint_satisfaction_avg",
        AVERAGE,
        string="Satisfaction after Resolution",
        definition=_COMPLAINT_SATISFACTION,
        query=COMPLAINTS,
        aggregate="AVG(c.satisfaction) FILTER (WHERE c.satisfaction > 0)",
        basis="complaint_satisfaction_count",
        label=_lt("Satisfaction after resolution (1-5)"),
    ),
    # Customers: aggregates over the query's per-customer figures.
    Kpi(
        "churn_base_count",
        COUNT,
        string="Active Customers at Start",
        definition=_CHURN,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE active_at_start)",
    ),
    Kpi(
        "churned_count",
        COUNT,
        string="Churned Customers",
        definition=_CHURN,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE active_at_start AND NOT active_at_end)",
    ),
    Kpi(
        "churn_rate",
        RATE,
        definition=_CHURN,
        basis=("churned_count", "churn_base_count"),
        label=_lt("Churn rate"),
        trend=_lt("Churn Rate"),
    ),
    Kpi(
        "repurchase_base_count",
        COUNT,
        string="Buying Customers (12 Months)",
        definition=_REPURCHASE,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE trailing_orders >= 1)",
    ),
    Kpi(
        "repurchase_count",
        COUNT,
        string="Repeat Customers (12 Months)",
        definition=_REPURCHASE,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE trailing_orders >= 2)",
    ),
    Kpi(
        "repurchase_rate",
        RATE,
        definition=_REPURCHASE,
        basis=("repurchase_count", "repurchase_base_count"),
        label=_lt("Repurchase rate"),
        trend=_lt("Repurchase Rate"),
    ),
    Kpi(
        "new_customer_count",
        COUNT,
        string="New Customers",
        definition=_NEW,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE is_new)",
        label=_lt("New customers"),
    ),
    Kpi(
        "dormant_customer_count",
        COUNT,
        string="Dormant Customers",
        definition=_DORMANT,
        query=CUSTOMERS,
        aggregate="COUNT(*) FILTER (WHERE NOT active_at_end)",
        label=_lt("Dormant customers (at month end)"),
    ),
)


def kpi_field(kpi):
    """The report's stored field of a KPI; rates and averages average when grouped."""
    values = {"string": kpi.string, "help": kpi.help, "readonly": True}
    if kpi.kind == COUNT:
        return fields.Integer(**values)
    if kpi.kind == AMOUNT:
        return fields.Monetary(**values)
    return fields.Float(aggregator="avg", **values)


def kpi_definitions(kpis=KPIS):
    """The definitions of ``kpis`` in their order, each once, a term one
    requires written before it."""
    result = []
    for kpi in kpis:
        for definition in (kpi.definition.requires, kpi.definition):
            if definition and all(definition is not seen for seen in result):
                result.append(definition)
    return result


def definitions(identity="code", kpis=KPIS):
    """Every row of the Definitions sheet: the scope, the KPIs', the order
    table's, n/a, privacy (by the company's customer ``identity``)."""
    return [SCOPE, *kpi_definitions(kpis), *TABLE_DEFINITIONS, NOT_AVAILABLE, PRIVACY[identity]]


def derive(values, kpis=KPIS):
    """The rates and averages of ``kpis`` from one group's aggregates
    (``None`` = n/a), its amounts as floats."""
    result = dict(values)
    for kpi in kpis:
        if kpi.kind in (RATE, RATIO):
            numerator, denominator = kpi.basis
            total = values.get(denominator) or 0
            result[kpi.key] = (values.get(numerator) or 0) / total if total else None
        elif kpi.kind == AVERAGE:
            value = values.get(kpi.key)
            result[kpi.key] = float(value) if values.get(kpi.basis) and value is not None else None
        elif kpi.kind == AMOUNT and kpi.key in values:
            result[kpi.key] = float(values[kpi.key] or 0.0)
    return result


def translate(env, text, **params):
    """A lazy text in the language of ``env``, its ``%(name)s`` filled with
    ``params`` (``env._`` takes no parameters with a lazy text)."""
    translated = env._(text)
    return translated % params if params else translated


def readme_definitions(env, kpis=KPIS, tables=TABLE_DEFINITIONS):
    """The README's table of the definitions of ``kpis`` and of ``tables``
    (English, N for the dormancy delay), which a test keeps equal to this
    module (a bridge's, to its own table)."""
    env = env(context=dict(env.context, lang="en_US"))
    lines = ["| KPI | definition |", "| --- | --- |"]
    for definition in (*kpi_definitions(kpis), *tables):
        text = translate(env, definition.text, days="N")
        lines.append(f"| {env._(definition.term)} | {text} |")
    return "\n".join(lines)
