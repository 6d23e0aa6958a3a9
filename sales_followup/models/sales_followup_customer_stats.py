from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..const import ABC_CLASSES, HEALTH_HELP, HEALTH_STATES, SEGMENTS

# Customers per call of the segmentation cron. Each call ranks every customer
# of the company once (about 0.2 s at 100,000 orders) whatever the batch, so
# larger batches mean fewer of those; 2,000 take about 2 s a call.
SEGMENT_BATCH_SIZE = 2000
ABC_CLASS_HELP = (
    "How much attention the customer deserves: proposed daily from the sum of "
    "its RFM scores and the company's thresholds (A high value, B potential, "
    "C low frequency), unless pinned by a manager. It sets how often the care "
    "plan contacts the customer at least."
)
# The figures the segmentation computes, with their value for a customer
# without confirmed order in the company.
COMPUTED_VALUES = {
    "segment": False,
    "segment_date": False,
    "first_order_date": False,
    "customer_since": False,
    "last_order_date": False,
    "order_count": 0,
    "revenue_12m": 0.0,
    "rfm_r": 0,
    "rfm_f": 0,
    "rfm_m": 0,
    "abc_class": False,
    "warning_no_contact": False,
    "warning_declining": False,
    "warning_exception": False,
    "health": False,
}


class SalesFollowupCustomerStats(models.Model):
    """A customer's figures in one company: segment, order statistics, RFM
    scores and health warnings, rewritten by the nightly segmentation.

    One row per commercial partner and company, kept apart from res.partner
    (a busy table every module writes to) so that the nightly run writes
    narrow rows of its own. The customer shows the current company's row
    through its ``followup_segment``, ``followup_rfm_*``, ``followup_health``...
    fields (see res_partner.py).
    """

    _name = "sales_followup.customer.stats"
    _inherit = ["sales_followup.privacy.mixin"]
    _description = "Customer Statistics"
    _order = "company_id, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    segment = fields.Selection(
        SEGMENTS,
        string="Customer Segment",
        help="New: first order within the company's new-customer window. "
        "Returning: bought again after it. High value: revenue over the last 12 "
        "months above the company's threshold. Dormant: no order for the "
        "company's dormancy delay. Recomputed daily unless pinned.",
    )
    segment_pinned = fields.Boolean(
        help="Set by a sales manager: the daily segmentation keeps this segment.",
    )
    segment_date = fields.Date(string="In Segment Since", readonly=True)
    first_order_date = fields.Date(string="First Order", readonly=True)
    last_order_date = fields.Date(string="Last Order", readonly=True)
    customer_since = fields.Date(
        readonly=True,
        help="The earlier of the first confirmed order and the first interaction "
        "with the customer in the company.",
    )
    order_count = fields.Integer(string="Confirmed Orders", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        readonly=True,
        help="Untaxed amount of the orders confirmed over the last 12 months, in company currency.",
    )
    rfm_r = fields.Integer(
        string="Recency Score",
        readonly=True,
        aggregator="avg",
        help="1 to 5 by quintile of the last order date among the company's "
        "customers: 5 for the most recent buyers.",
    )
    rfm_f = fields.Integer(
        string="Frequency Score",
        readonly=True,
        aggregator="avg",
        help="1 to 5 by quintile of the number of orders over the last 12 months.",
    )
    rfm_m = fields.Integer(
        string="Monetary Score",
        readonly=True,
        aggregator="avg",
        help="1 to 5 by quintile of the revenue over the last 12 months.",
    )
    rfm_score = fields.Char(string="RFM", compute="_compute_rfm_score")
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="Customer Class",
        help=ABC_CLASS_HELP,
    )
    abc_class_pinned = fields.Boolean(
        string="Class Pinned",
        help="Set by a sales manager: the daily segmentation keeps this class.",
    )
    warning_no_contact = fields.Boolean(
        string="No Recent Contact",
        readonly=True,
        help="No interaction logged for the company's no-contact delay (30 days by default).",
    )
    warning_declining = fields.Boolean(
        string="Declining Orders",
        readonly=True,
        help="The ordered amount went down two quarters in a row.",
    )
    warning_exception = fields.Boolean(
        string="Open Exceptions",
        readonly=True,
        help="An exception logged with the customer is not resolved yet.",
    )
    health = fields.Selection(
        HEALTH_STATES,
        string="Customer Health",
        readonly=True,
        help=HEALTH_HELP,
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one set of figures per company.",
        ),
    ]

    @api.depends("rfm_r", "rfm_f", "rfm_m")
    def _compute_rfm_score(self):
        for stats in self:
            scores = (stats.rfm_r, stats.rfm_f, stats.rfm_m)
            stats.rfm_score = "R{} F{} M{}".format(*scores) if all(scores) else False

    # ------------------------------------------------------------
    # Nightly segmentation
    # ------------------------------------------------------------

    @api.model
    def _cron_followup_segment(self, batch_size=SEGMENT_BATCH_SIZE):
        """Recompute segments, RFM scores and health, one batch of customers per
        call; the cron runner calls again while customers remain.

        Each company keeps a cursor (the day and the last customer done): an
        interrupted run resumes where it stopped, and a second run on the same
        day only looks at customers that appeared since. The cursor moves
        before the batch is worked on: of two runs at once, the second waits
        for the first and fails to serialize instead of doing the batch
        again. A customer whose update fails is logged and
        left behind by the cursor; the next day's run tries it again. Once
        every company is done, the care-action generator is triggered for the
        plans that changed.
        """
        today = fields.Date.context_today(self)
        self.env["res.partner"]._followup_flush_orders()
        self.env["sales_followup.care.plan"].flush_model(["company_id", "partner_id", "state"])
        self.env["res.company"].flush_model(
            ["followup_segment_cursor", "followup_segment_run_date"]
        )
        # The customers of every company (a confirmed order or an active care
        # plan) after each company's cursor, in one query rather than one
        # distinct search per company and model.
        rows = self.env.execute_query(
            SQL(
                """
                WITH customer AS (
                    SELECT so.company_id, commercial.commercial_partner_id AS partner_id
                      FROM sale_order so
                      JOIN res_partner commercial ON commercial.id = so.partner_id
                     WHERE so.state = 'sale'
                     UNION
                    SELECT plan.company_id, plan.partner_id
                      FROM sales_followup_care_plan plan
                     WHERE plan.state = 'active'
                )
                SELECT customer.company_id, customer.partner_id, COUNT(*) OVER ()
                  FROM customer
                  JOIN res_company company ON company.id = customer.company_id
                 WHERE customer.partner_id > CASE
                           WHEN company.followup_segment_run_date = %(today)s
                           THEN COALESCE(company.followup_segment_cursor, 0)
                           ELSE 0
                       END
                 ORDER BY customer.company_id, customer.partner_id
                 LIMIT %(limit)s
                """,
                today=today,
                limit=batch_size,
            )
        )
        batches = defaultdict(list)
        for company_id, partner_id, _total in rows:
            batches[company_id].append(partner_id)
        cron = self.env.ref("sales_followup.ir_cron_followup_segment")
        for company_id, partner_ids in batches.items():
            company = self.env["res.company"].sudo().browse(company_id)
            company.write(
                {
                    "followup_segment_run_date": today,
                    "followup_segment_cursor": partner_ids[-1],
                }
            )
            cron._followup_process(
                self.env["res.partner"].browse(partner_ids),
                lambda partners, company=company: self._followup_update(partners, company, today),
            )
        remaining = rows[0][2] - len(rows) if rows else 0
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        if not remaining:
            generator = self.env.ref(
                "sales_followup.ir_cron_followup_care_generate",
                raise_if_not_found=False,
            )
            if generator:
                generator.sudo()._trigger()
        return remaining

    @api.model
    def _followup_update(self, partners, company=None, today=None):
        """Recompute the figures of the commercial partners ``partners`` in
        ``company``, then align their care plans; return the plans created.

        A constant number of queries whatever the number of partners: order
        statistics and RFM ranks in one SQL query, interactions and exceptions
        in one grouped read each, the existing rows in one search, and only
        changed values written.
        """
        company = company or self.env.company
        today = today or fields.Date.context_today(self)
        # tracking_disable: the nightly figures are not a person's change to
        # track on every customer's chatter.
        partners = (
            partners.sudo()
            .with_company(company)
            .with_context(followup_segmentation=True, tracking_disable=True)
        )
        Stats = self.sudo().with_company(company)
        order_stats = self._followup_order_stats(partners, company, today)
        contacts = self._followup_interaction_dates(partners, company)
        open_exceptions = self._followup_open_exception_counts(partners, company)
        # Customers from before the module was installed.
        partners.filtered(
            lambda partner: partner.id in order_stats and not partner.followup_customer_code
        )._followup_assign_customer_code(company)
        rows = {
            stats.partner_id.id: stats
            for stats in Stats.search(
                [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
            )
        }
        to_create = []
        reclassed = []
        for partner in partners:
            stats = rows.get(partner.id, Stats)
            values = stats._followup_values(
                company,
                today,
                order_stats.get(partner.id),
                contacts.get(partner.id, (False, False)),
                open_exceptions.get(partner.id, (0, 0)),
            )
            if stats:
                changes = {
                    fname: value
                    for fname, value in values.items()
                    if not _same_value(stats[fname], value)
                }
                if changes:
                    stats.write(changes)
                if "abc_class" in changes:
                    reclassed.append(partner.id)
            elif any(values.values()):
                to_create.append(dict(values, partner_id=partner.id, company_id=company.id))
            # The cooperation started no later than the first order or contact
            # known; a date set earlier by hand is kept.
            since = values["customer_since"]
            if since and not (
                partner.followup_cooperation_date and partner.followup_cooperation_date <= since
            ):
                partner.followup_cooperation_date = since
        Stats.create(to_create)
        self._followup_replan_cadence(partners.browse(reclassed), company)
        return self._followup_sync_care_plans(partners, company, today)

    @api.model
    def _followup_replan_cadence(self, partners, company):
        """The care plans of ``partners``, whose class changed, are planned
        again by the next generation, today's included: the routine care
        follows the new class."""
        self.env["sales_followup.care.plan"].sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
            ]
        ).write({"date_generated": False})

    @api.model
    def _followup_order_stats(self, partners, company, today):
        """Order statistics and RFM ranks of ``partners`` in ``company``.

        Ranks are taken over every customer of the company that has a
        confirmed order, statistics returned for ``partners``.
        ``*_below`` is the number of customers with a strictly lower value.
        """
        year_ago = today - relativedelta(years=1)
        quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        partners._followup_flush_orders()
        # Ranks over every customer of the company with their aggregates, in
        # one query: window functions over a grouped read, which the ORM has
        # not (about 0.2 s at 100,000 orders, against minutes in Python).
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH orders AS (
                    SELECT commercial.commercial_partner_id AS partner_id,
                           so.date_order,
                           -- No amount, rather than one converted at 1, for an
                           -- order in a currency without a rate at its date.
                           CASE WHEN so.currency_id = %(currency)s OR EXISTS (
                                    SELECT 1
                                      FROM res_currency_rate rate
                                     WHERE rate.currency_id = so.currency_id
                                       AND rate.name <= so.date_order::date
                                       AND (rate.company_id IS NULL
                                            OR rate.company_id = %(root_company)s))
                                THEN so.amount_untaxed / NULLIF(so.currency_rate, 0)
                                ELSE 0
                           END AS amount
                      FROM sale_order so
                      JOIN res_partner commercial ON commercial.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                ), stats AS (
                    SELECT partner_id,
                           MIN(date_order)::date AS first_order,
                           MAX(date_order)::date AS last_order,
                           COUNT(*) AS order_count,
                           COUNT(*) FILTER (WHERE date_order >= %(year_ago)s) AS frequency,
                           COALESCE(SUM(amount) FILTER (
                               WHERE date_order >= %(year_ago)s), 0) AS monetary,
                           COALESCE(SUM(amount) FILTER (
                               WHERE date_order >= %(q3)s AND date_order < %(q2)s), 0
                           ) AS quarter_3,
                           COALESCE(SUM(amount) FILTER (
                               WHERE date_order >= %(q2)s AND date_order < %(q1)s), 0
                           ) AS quarter_2,
                           COALESCE(SUM(amount) FILTER (
                               WHERE date_order >= %(q1)s AND date_order < %(q0)s), 0
                           ) AS quarter_1
                      FROM orders
                  GROUP BY partner_id
                ), ranked AS (
                    SELECT stats.*,
                           RANK() OVER (ORDER BY last_order) - 1 AS recency_below,
                           RANK() OVER (ORDER BY frequency) - 1 AS frequency_below,
                           RANK() OVER (ORDER BY monetary) - 1 AS monetary_below,
                           COUNT(*) OVER () AS customers
                      FROM stats
                )
                SELECT * FROM ranked WHERE partner_id = ANY(%(partner_ids)s)
                """,
                company=company.id,
                currency=company.currency_id.id,
                root_company=company.root_id.id,
                year_ago=year_ago,
                q0=quarter,
                q1=quarter - relativedelta(months=3),
                q2=quarter - relativedelta(months=6),
                q3=quarter - relativedelta(months=9),
                partner_ids=partners.ids,
            )
        )
        return {row["partner_id"]: row for row in rows}

    @api.model
    def _followup_interaction_dates(self, partners, company):
        """Days of the first and the last interaction with each customer or
        its contacts: ``{commercial_id: (first, last)}``."""
        groups = (
            self.env["sales_followup.interaction"]
            .sudo()
            ._read_group(
                [("partner_id", "child_of", partners.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["date:min", "date:max"],
            )
        )
        result = {}
        for partner, first, last in groups:
            first = fields.Date.context_today(self, first)
            last = fields.Date.context_today(self, last)
            commercial_id = partner.commercial_partner_id.id
            known_first, known_last = result.get(commercial_id, (first, last))
            result[commercial_id] = (min(first, known_first), max(last, known_last))
        return result

    @api.model
    def _followup_open_exception_counts(self, partners, company):
        """Open (or in progress) exceptions per customer, and how many of
        them are of high severity: ``{commercial_id: (count, high)}``."""
        groups = (
            self.env["sales_followup.interaction"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("company_id", "=", company.id),
                    ("exception_state", "in", ("open", "in_progress")),
                ],
                ["partner_id", "exception_severity"],
                ["__count"],
            )
        )
        result = defaultdict(lambda: (0, 0))
        for partner, severity, count in groups:
            total, high = result[partner.commercial_partner_id.id]
            result[partner.commercial_partner_id.id] = (
                total + count,
                high + (count if severity == "high" else 0),
            )
        return result

    def _followup_values(self, company, today, stats, contacts, open_exceptions):
        """Segment, statistics, RFM scores and health of one customer, whose
        current figures are ``self`` (empty for a customer seen the first time).

        ``contacts`` is the day of its first and last interaction,
        ``open_exceptions`` the number of its open exceptions and of the high
        ones among them.
        """
        values = dict(COMPUTED_VALUES)
        pinned = self.segment_pinned
        if pinned:
            values["segment"] = self.segment
            values["segment_date"] = self.segment_date
        if self.abc_class_pinned:
            values["abc_class"] = self.abc_class
        if not stats:
            return values
        customers = stats["customers"]
        first_contact, last_contact = contacts
        values.update(
            first_order_date=stats["first_order"],
            customer_since=min(filter(None, (first_contact, stats["first_order"]))),
            last_order_date=stats["last_order"],
            order_count=stats["order_count"],
            revenue_12m=company.currency_id.round(float(stats["monetary"])),
            rfm_r=_quintile(stats["recency_below"], customers),
            rfm_f=_quintile(stats["frequency_below"], customers),
            rfm_m=_quintile(stats["monetary_below"], customers),
        )
        if not self.abc_class_pinned:
            values["abc_class"] = company._followup_abc_class(
                values["rfm_r"] + values["rfm_f"] + values["rfm_m"]
            )
        if not pinned:
            segment = self._followup_classify(company, today, stats)
            values["segment"] = segment
            values["segment_date"] = (
                self.segment_date if segment == self.segment and self.segment_date else today
            )
        # A customer nobody talked to yet is quiet since its first order.
        quiet_days = (today - max(filter(None, (last_contact, stats["first_order"])))).days
        exception_count, high_exceptions = open_exceptions
        warnings = {
            "warning_no_contact": bool(
                company.followup_no_contact_days and quiet_days >= company.followup_no_contact_days
            ),
            "warning_declining": stats["quarter_3"] > stats["quarter_2"] > stats["quarter_1"],
            "warning_exception": exception_count > 0,
        }
        values.update(warnings)
        values["health"] = self._followup_health(
            company, sum(warnings.values()), quiet_days, high_exceptions
        )
        return values

    @api.model
    def _followup_health(self, company, warnings, quiet_days, high_exceptions):
        """Health from the number of warnings, the days since the last
        contact and the open exceptions of high severity (see HEALTH_HELP)."""
        at_risk_days = company.followup_at_risk_days
        if warnings >= 2 or high_exceptions or (at_risk_days and quiet_days >= at_risk_days):
            return "at_risk"
        return "watch" if warnings else "good"

    @api.model
    def _followup_classify(self, company, today, stats):
        """The segment of a customer from its order statistics.

        Dormant first (no order for the dormancy delay), then high value
        (12-month revenue at the threshold), then new (first order within the
        new-customer window), then returning (bought more than once). A customer
        who bought once and is past the window stays new until it buys again or
        falls dormant.
        """
        if company.followup_dormant_days and stats["last_order"] <= today - timedelta(
            days=company.followup_dormant_days
        ):
            return "dormant"
        threshold = company.followup_high_value_amount
        if (
            threshold
            and company.currency_id.compare_amounts(float(stats["monetary"]), threshold) >= 0
        ):
            return "high_value"
        if stats["first_order"] > today - relativedelta(months=company.followup_new_months):
            return "new"
        if stats["order_count"] > 1:
            return "returning"
        return "new"

    @api.model
    def _followup_sync_care_plans(self, partners, company, today):
        """Give each of ``partners`` the care plan of its segment in ``company``.

        A customer whose segment changed gets its old plan closed (future planned
        actions cancelled, past ones kept) and a new plan from the template of
        its new segment. Returns the plans created.
        """
        Plan = self.env["sales_followup.care.plan"].sudo()
        partners = partners.sudo().with_company(company)
        segment_of = {
            stats.partner_id.id: stats.segment
            for stats in self.sudo().search(
                [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
            )
        }
        plan_of = {
            plan.partner_id.id: plan
            for plan in Plan.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "active"),
                ]
            )
        }
        templates = (
            self.env["sales_followup.care.template"].sudo()._followup_templates_by_segment(company)
        )
        to_close = defaultdict(lambda: Plan)
        starting = partners.browse()
        for partner in partners:
            segment = segment_of.get(partner.id, False)
            plan = plan_of.get(partner.id)
            if plan and plan.segment == segment:
                continue
            if plan:
                to_close[segment] |= plan
            if segment in templates:
                starting |= partner
        segments = dict(self._fields["segment"]._description_selection(self.env))
        for segment, plans in to_close.items():
            plans._followup_close(
                self.env._(
                    "The customer moved to the segment %(segment)s.",
                    segment=segments.get(segment, self.env._("none")),
                )
                if segment
                else self.env._("The customer has no segment any more."),
                today,
            )
        if not starting:
            return Plan
        contacts = starting._followup_order_contacts(company)
        # The customer's chatter says why the plan started (above): no
        # tracking message of the new plan's values.
        return Plan.with_context(tracking_disable=True).create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "segment": segment_of[partner.id],
                    "template_id": templates[segment_of[partner.id]].id,
                    "date_start": today,
                    "user_id": partner.user_id.id or contacts.get(partner.id, {}).get("user_id"),
                }
                for partner in starting
            ]
        )


def _quintile(below, total):
    """Score 1 to 5 of a value with ``below`` values strictly lower among
    ``total``: ties share a score, the top fifth gets 5."""
    return min(5, 1 + 5 * below // total) if total else 0


def _same_value(current, new):
    if isinstance(new, float):
        return float_compare(current or 0.0, new, precision_digits=2) == 0
    return (current or False) == (new or False)
