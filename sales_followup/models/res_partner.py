import calendar

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, escape_psql, format_list

from ..const import (
    ABC_CLASSES,
    CARE_OPEN_STATES,
    CHANNELS,
    HEALTH_HELP,
    HEALTH_STATES,
    OPEN_STATES,
    PROACTIVE_KINDS,
    SEGMENTS,
)
from ..tools.masking import CUSTOMER_CODES, MASK_NAMES, mask_name

COMPANY_SIZES = [
    ("micro", "Micro (fewer than 10 people)"),
    ("small", "Small (10 to 99)"),
    ("medium", "Medium (100 to 499)"),
    ("large", "Large (500 to 1,999)"),
    ("enterprise", "Enterprise (2,000 or more)"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
PERSONAL_DATA = "sales_followup.group_followup_personal_data"
# The health warnings, in the order the customer lists show them.
WARNING_FIELDS = (
    "followup_warning_no_contact",
    "followup_warning_exception",
    "followup_warning_declining",
)
# The follow-up data of customers (do not contact, code, profile, figures,
# segment, RFM, health, care) is for the sales roles, not every employee;
# not copied, so that any employee may duplicate a contact.
FOLLOWUP_USER = "sales_followup.group_followup_user"
# Customers whose pause ended, lifted per call of the resume-contact cron.
RESUME_BATCH_SIZE = 200
# Draws of a customer code before giving up on finding a free one.
MAX_CODE_DRAWS = 20

# Where people write on the customer: one detector for every follow-up text.
PARTNER_TEXT_FIELDS = (
    "followup_do_not_contact_reason",
    "followup_decision_chain",
    "followup_historical_needs",
)


# The customer's figures in the current company, kept in its statistics
# (sales_followup.customer.stats) under the same name without "followup_".
STATS_FIELDS = (
    "followup_segment",
    "followup_segment_pinned",
    "followup_segment_date",
    "followup_abc_class",
    "followup_abc_class_pinned",
    "followup_first_order_date",
    "followup_last_order_date",
    "followup_customer_since",
    "followup_order_count",
    "followup_revenue_12m",
    "followup_rfm_r",
    "followup_rfm_f",
    "followup_rfm_m",
    "followup_warning_no_contact",
    "followup_warning_declining",
    "followup_warning_exception",
    "followup_health",
)


def _from_stats(fname):
    """Compute, inverse and search of the partner field ``fname``: read from
    and written to the customer's statistics in the current company; searched,
    grouped and sorted in SQL through ``ResPartner._field_to_sql``."""
    return {
        "compute": lambda partners: partners._followup_read_stats(fname),
        "inverse": lambda partners: partners._followup_write_stats(fname),
        "search": lambda partners, operator, value: partners._followup_search_stats(
            fname, operator, value
        ),
        "depends": [
            "followup_stats_ids.company_id",
            f"followup_stats_ids.{fname.removeprefix('followup_')}",
        ],
        "depends_context": ["company"],
    }


class ResPartner(models.Model):
    _inherit = "res.partner"
    # The customer's follow-up texts: the detector and the privacy lookup.
    _followup_text_fields = PARTNER_TEXT_FIELDS

    followup_do_not_contact = fields.Boolean(
        string="Do Not Contact",
        tracking=True,
        copy=False,
        help="The customer asked not to be contacted: no proactive follow-up is "
        "planned, and the open ones are cancelled.",
        groups=FOLLOWUP_USER,
    )
    followup_do_not_contact_reason = fields.Char(
        string="Do Not Contact Reason", tracking=True, copy=False, groups=FOLLOWUP_USER
    )
    followup_do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_followup_do_not_contact_date",
        store=True,
        readonly=False,
        copy=False,
        groups=FOLLOWUP_USER,
    )
    followup_do_not_contact_until = fields.Date(
        string="Do Not Contact Until",
        compute="_compute_followup_do_not_contact_until",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        help="Last day of quiet the customer asked for: the day after, contact "
        "resumes by itself and the care plan comes back. Empty: until the flag "
        "is removed by hand.",
        groups=FOLLOWUP_USER,
    )
    followup_do_not_contact_label = fields.Char(
        string="Contact Status",
        compute="_compute_followup_do_not_contact_label",
        groups=FOLLOWUP_USER,
    )

    followup_interaction_ids = fields.One2many(
        "sales_followup.interaction",
        "partner_id",
        string="Interactions",
        groups=FOLLOWUP_USER,
    )
    followup_interaction_count = fields.Integer(
        string="Interaction Count",
        compute="_compute_followup_interaction_stats",
        groups=FOLLOWUP_USER,
    )
    followup_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_followup_complaint_count",
        groups=FOLLOWUP_USER,
    )
    followup_last_interaction_date = fields.Datetime(
        string="Last Interaction",
        compute="_compute_followup_interaction_stats",
        groups=FOLLOWUP_USER,
    )
    followup_satisfaction_avg = fields.Float(
        string="Average Satisfaction",
        digits=(2, 1),
        compute="_compute_followup_interaction_stats",
        groups=FOLLOWUP_USER,
        help="Average of the satisfaction scores (1 to 5) the customer gave.",
    )
    followup_commitment_late_count = fields.Integer(
        string="Broken Promises",
        compute="_compute_followup_commitment_late_count",
        groups=FOLLOWUP_USER,
        help="Promises made to the customer that were kept after the date given, "
        "or are still open past it.",
    )

    # Customer code and profile, kept on the commercial partner.
    followup_customer_code = fields.Char(
        string="Customer Code",
        copy=False,
        readonly=True,
        help="Pseudonymous code shown in reports instead of the customer's name. "
        "Drawn from the sequence of the company of the first confirmed order.",
        groups=FOLLOWUP_USER,
    )
    followup_company_size = fields.Selection(
        COMPANY_SIZES, string="Company Size", copy=False, groups=FOLLOWUP_USER
    )
    followup_decision_chain = fields.Text(
        string="Decision Chain",
        groups=PERSONAL_DATA,
        copy=False,
        help="Who recommends, approves and signs, by role: e.g. the purchasing "
        "manager recommends, the plant director approves, finance signs.",
    )
    followup_historical_needs = fields.Text(
        string="Historical Needs",
        copy=False,
        help="What the customer bought and asked for before, and why.",
        groups=FOLLOWUP_USER,
    )
    followup_preferred_channel = fields.Selection(
        CHANNELS, string="Preferred Channel", copy=False, groups=FOLLOWUP_USER
    )
    followup_birthday_month = fields.Selection(
        MONTHS,
        string="Birthday Month",
        groups=PERSONAL_DATA,
        copy=False,
        help="Birthday of the customer's key contact, for greetings; the year is never recorded.",
    )
    followup_birthday_day = fields.Integer(string="Birthday Day", groups=PERSONAL_DATA, copy=False)
    followup_cooperation_date = fields.Date(
        string="Cooperation Start",
        copy=False,
        help="Start of the cooperation, whose anniversary is a care date: the "
        "first confirmed order or interaction, whichever is earlier, unless set "
        "earlier by hand.",
        groups=FOLLOWUP_USER,
    )
    # Segment, RFM and health of the current company (see STATS_FIELDS).
    followup_stats_ids = fields.One2many(
        "sales_followup.customer.stats",
        "partner_id",
        string="Customer Statistics",
        groups=FOLLOWUP_USER,
    )
    followup_segment = fields.Selection(
        SEGMENTS,
        string="Customer Segment",
        help="New: first order within the company's new-customer window. "
        "Returning: bought again after it. High value: revenue over the last 12 "
        "months above the company's threshold. Dormant: no order for the "
        "company's dormancy delay. Recomputed daily unless pinned.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_segment"),
    )
    followup_segment_pinned = fields.Boolean(
        string="Segment Pinned",
        help="Set by a sales manager: the daily segmentation keeps this segment.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_segment_pinned"),
    )
    followup_segment_date = fields.Date(
        string="In Segment Since",
        readonly=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_segment_date"),
    )
    followup_abc_class = fields.Selection(
        ABC_CLASSES,
        string="Customer Class",
        help="How much attention the customer deserves: proposed daily from the "
        "sum of its RFM scores and the company's thresholds (A high value, B "
        "potential, C low frequency), unless pinned by a manager. It sets how "
        "often the care plan contacts the customer at least.",
        tracking=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_abc_class"),
    )
    followup_abc_class_pinned = fields.Boolean(
        string="Class Pinned",
        help="Set by a sales manager: the daily segmentation keeps this class.",
        tracking=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_abc_class_pinned"),
    )
    followup_first_order_date = fields.Date(
        string="First Order",
        readonly=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_first_order_date"),
    )
    followup_last_order_date = fields.Date(
        string="Last Order",
        readonly=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_last_order_date"),
    )
    followup_customer_since = fields.Date(
        string="Customer Since",
        readonly=True,
        help="The earlier of the first confirmed order and the first interaction "
        "with the customer in the company.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_customer_since"),
    )
    followup_order_count = fields.Integer(
        string="Confirmed Orders",
        readonly=True,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_order_count"),
    )
    followup_currency_id = fields.Many2one(
        "res.currency",
        string="Company Currency",
        compute="_compute_followup_currency_id",
        groups=FOLLOWUP_USER,
    )
    followup_revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        readonly=True,
        currency_field="followup_currency_id",
        help="Untaxed amount of the orders confirmed over the last 12 months, in company currency.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_revenue_12m"),
    )
    followup_rfm_r = fields.Integer(
        string="Recency Score",
        readonly=True,
        help="1 to 5 by quintile of the last order date among the company's "
        "customers: 5 for the most recent buyers.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_rfm_r"),
    )
    followup_rfm_f = fields.Integer(
        string="Frequency Score",
        readonly=True,
        help="1 to 5 by quintile of the number of orders over the last 12 months.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_rfm_f"),
    )
    followup_rfm_m = fields.Integer(
        string="Monetary Score",
        readonly=True,
        help="1 to 5 by quintile of the revenue over the last 12 months.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_rfm_m"),
    )
    followup_rfm_score = fields.Char(
        string="RFM", compute="_compute_followup_rfm_score", groups=FOLLOWUP_USER
    )
    followup_warning_no_contact = fields.Boolean(
        string="No Recent Contact",
        readonly=True,
        help="No interaction logged for the company's no-contact delay (30 days by default).",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_warning_no_contact"),
    )
    followup_warning_declining = fields.Boolean(
        string="Declining Orders",
        readonly=True,
        help="The ordered amount went down two quarters in a row.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_warning_declining"),
    )
    followup_warning_exception = fields.Boolean(
        string="Open Exceptions",
        readonly=True,
        help="An exception logged with the customer is not resolved yet.",
        groups=FOLLOWUP_USER,
        **_from_stats("followup_warning_exception"),
    )
    followup_health = fields.Selection(
        HEALTH_STATES,
        string="Customer Health",
        readonly=True,
        help=HEALTH_HELP,
        groups=FOLLOWUP_USER,
        **_from_stats("followup_health"),
    )
    followup_warnings = fields.Char(
        string="Warnings",
        compute="_compute_followup_warnings",
        groups=FOLLOWUP_USER,
        help="The health warnings the customer raises in the current company.",
    )
    followup_care_plan_ids = fields.One2many(
        "sales_followup.care.plan", "partner_id", string="Care Plans", groups=FOLLOWUP_USER
    )
    followup_care_action_count = fields.Integer(
        string="Planned Care Actions",
        compute="_compute_followup_care_action_count",
        groups=FOLLOWUP_USER,
    )
    followup_care_action_planned_ids = fields.One2many(
        "sales_followup.care.action",
        "partner_id",
        string="Next Care Actions",
        domain=[("state", "in", CARE_OPEN_STATES)],
        groups=FOLLOWUP_USER,
        help="The care plan's actions still to do, shown on the customer.",
    )

    _sql_constraints = [
        (
            "followup_customer_code_uniq",
            "unique(followup_customer_code)",
            "This customer code is already used by another customer.",
        ),
    ]

    @api.depends_context(MASK_NAMES, CUSTOMER_CODES, "uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        context = self.env.context
        codes = bool(context.get(CUSTOMER_CODES))
        if not (codes or context.get(MASK_NAMES)) or self._followup_sees_personal_data():
            return
        people = set(self._followup_maskable().ids)
        for partner in self:
            if partner.id in people or (
                codes and partner.commercial_partner_id._followup_customer_code()
            ):
                partner.display_name = partner._followup_masked_name(codes=codes)

    @api.depends_context("company")
    def _compute_followup_currency_id(self):
        # The figures are the current company's, in its currency.
        self.followup_currency_id = self.env.company.currency_id

    @api.depends(*WARNING_FIELDS)
    @api.depends_context("company", "lang")
    def _compute_followup_warnings(self):
        labels = {
            fname: self._fields[fname]._description_string(self.env) for fname in WARNING_FIELDS
        }
        for partner in self:
            raised = [labels[fname] for fname in WARNING_FIELDS if partner[fname]]
            partner.followup_warnings = format_list(self.env, raised) if raised else False

    @api.depends("followup_do_not_contact")
    def _compute_followup_do_not_contact_date(self):
        for partner in self:
            if not partner.followup_do_not_contact:
                partner.followup_do_not_contact_date = False
            elif not partner.followup_do_not_contact_date:
                partner.followup_do_not_contact_date = fields.Date.context_today(partner)

    @api.depends("followup_do_not_contact")
    def _compute_followup_do_not_contact_until(self):
        for partner in self.filtered(lambda partner: not partner.followup_do_not_contact):
            partner.followup_do_not_contact_until = False

    @api.depends("followup_do_not_contact", "followup_do_not_contact_until")
    def _compute_followup_do_not_contact_label(self):
        for partner in self:
            until = partner.followup_do_not_contact_until
            if not partner.followup_do_not_contact:
                partner.followup_do_not_contact_label = False
            elif until:
                partner.followup_do_not_contact_label = self.env._(
                    "Do Not Contact until %(date)s", date=fields.Date.to_string(until)
                )
            else:
                partner.followup_do_not_contact_label = self.env._("Do Not Contact")

    def _compute_followup_interaction_stats(self):
        """Timeline figures of the customer (contacts show their company's),
        over the interactions the user may read."""
        Interaction = self.env["sales_followup.interaction"]
        commercial = self.commercial_partner_id._origin
        stats, averages = {}, {}
        if commercial and Interaction.has_access("read"):
            stats = {
                partner: (count, last)
                for partner, count, last in Interaction._read_group(
                    [("partner_id", "in", commercial.ids)],
                    ["partner_id"],
                    ["__count", "date:max"],
                )
            }
            averages = dict(
                Interaction._read_group(
                    [("partner_id", "in", commercial.ids), ("satisfaction", ">", 0)],
                    ["partner_id"],
                    ["satisfaction:avg"],
                )
            )
        for partner in self:
            key = partner.commercial_partner_id._origin
            count, last = stats.get(key, (0, False))
            partner.followup_interaction_count = count
            partner.followup_last_interaction_date = last
            partner.followup_satisfaction_avg = averages.get(key, 0.0)

    def _compute_followup_commitment_late_count(self):
        """Over the commitments the user may read (contacts show their
        company's), one query for all."""
        Commitment = self.env["sales_followup.commitment"]
        commercial = self.commercial_partner_id._origin
        counts = {}
        if commercial and Commitment.has_access("read"):
            counts = dict(
                Commitment._read_group(
                    [("partner_id", "in", commercial.ids), ("is_late", "=", True)],
                    ["partner_id"],
                    ["__count"],
                )
            )
        for partner in self:
            partner.followup_commitment_late_count = counts.get(
                partner.commercial_partner_id._origin, 0
            )

    @api.depends_context("uid")
    def _compute_followup_complaint_count(self):
        counts = self.env["sales_followup.complaint"]._followup_counts(
            "partner_id", self.commercial_partner_id
        )
        for partner in self:
            partner.followup_complaint_count = counts.get(partner.commercial_partner_id.id, 0)

    # ------------------------------------------------------------
    # Masking
    # ------------------------------------------------------------

    @api.model
    def _followup_sees_personal_data(self, user=None):
        """Whether ``user`` (default: the current user) sees people's names."""
        return (user or self.env.user).has_group(PERSONAL_DATA)

    def _followup_maskable(self):
        """The people among these partners: contacts and individual customers,
        not companies and not our own colleagues (internal users)."""
        people = self.filtered(lambda partner: not partner.is_company and partner.name)
        colleagues = (
            people.sudo().with_context(active_test=False).user_ids.filtered(lambda u: not u.share)
        )
        return people - colleagues.partner_id

    def _followup_customer_code(self):
        self.ensure_one()
        return self.sudo().followup_customer_code

    def _followup_masked_name(self, codes=False):
        """The display name with the person's name masked ("Huaxin, Zhang*"),
        and with ``codes`` the customer's code instead of its name."""
        self.ensure_one()
        code = codes and self.commercial_partner_id._followup_customer_code()
        if self.is_company or not self.name:
            return code or self.display_name
        masked = mask_name(self.name)
        company = code or self.commercial_company_name or self.sudo().parent_id.name
        return f"{company}, {masked}" if company else masked

    def _followup_display_name_for(self, user):
        """The name as ``user`` may see it: masked without the personal-data
        role. For texts someone else than the current user reads: mail
        templates, activities, reports."""
        if not self:
            return ""
        self.ensure_one()
        if self._followup_sees_personal_data(user) or not self._followup_maskable():
            return self.display_name
        return self._followup_masked_name()

    def _followup_text_name(self):
        """The name the module writes into texts that stay for others to read
        (activities, chatter notes and tracking, care plan names): people
        masked whoever writes or reads, companies and colleagues named."""
        if not self:
            return ""
        self.ensure_one()
        if not self._followup_maskable():
            return self.display_name
        return self._followup_masked_name()

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "followup_do_not_contact",
            "followup_do_not_contact_reason",
            "followup_do_not_contact_date",
            "followup_do_not_contact_until",
        ]

    def _followup_read_stats(self, fname):
        """Set ``fname`` of these partners from their statistics in the
        current company, empty without."""
        company = self.env.company
        current = {
            stats.partner_id: stats
            for stats in self.followup_stats_ids
            if stats.company_id == company
        }
        empty = self.env["sales_followup.customer.stats"]
        stats_fname = fname.removeprefix("followup_")
        for partner in self:
            partner[fname] = current.get(partner._origin, empty)[stats_fname]

    def _followup_write_stats(self, fname):
        """Store the value of ``fname`` of these partners in their statistics
        of the current company, created by a first value."""
        company = self.env.company
        # write() checked the partners' access and the field's groups.
        Stats = self.env["sales_followup.customer.stats"].sudo()
        current = {
            stats.partner_id: stats
            for stats in Stats.search(
                [("partner_id", "in", self.ids), ("company_id", "=", company.id)]
            )
        }
        stats_fname = fname.removeprefix("followup_")
        to_create = []
        for partner in self:
            if partner in current:
                current[partner][stats_fname] = partner[fname]
            else:
                to_create.append(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        stats_fname: partner[fname],
                    }
                )
        Stats.create(to_create)

    def _followup_search_stats(self, fname, operator, value):
        """Domain of the partners whose statistics in the current company
        meet the condition; partners without statistics read empty values,
        and match when an empty value does."""
        self.check_field_access_rights("read", [fname])
        # The company's rows, whoever may read them: the partner field's
        # groups were checked.
        Stats = self.env["sales_followup.customer.stats"].sudo()
        company = [("company_id", "=", self.env.company.id)]
        condition = [(fname.removeprefix("followup_"), operator, value)]
        matching = Stats._search(company + condition).subselect("partner_id")
        if not Stats.new().filtered_domain(condition):
            return [("id", "in", matching)]
        known = Stats._search(company).subselect("partner_id")
        return ["|", ("id", "in", matching), ("id", "not in", known)]

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """The fields of STATS_FIELDS are the columns of the statistics of the
        current company, joined to the partner: searched, grouped, summed and
        sorted as the partner's own columns."""
        if fname not in STATS_FIELDS:
            return super()._field_to_sql(alias, fname, query, flush)
        self.check_field_access_rights("read", [fname])
        Stats = self.env["sales_followup.customer.stats"]
        # Joined on the current company as the ORM joins company-dependent
        # values: list filters, group-bys and sums keep working on the customer.
        stats_alias = query.make_alias(alias, "followup_stats")
        query.add_join(
            "LEFT JOIN",
            stats_alias,
            Stats._table,
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(stats_alias, "partner_id", to_flush=Stats._fields["partner_id"]),
                SQL.identifier(alias, "id"),
                SQL.identifier(stats_alias, "company_id", to_flush=Stats._fields["company_id"]),
                self.env.company.id,
            ),
        )
        return Stats._field_to_sql(stats_alias, fname.removeprefix("followup_"), query, flush)

    @api.depends_context("company")
    @api.depends("followup_rfm_r", "followup_rfm_f", "followup_rfm_m")
    def _compute_followup_rfm_score(self):
        for partner in self:
            scores = (
                partner.followup_rfm_r,
                partner.followup_rfm_f,
                partner.followup_rfm_m,
            )
            partner.followup_rfm_score = "R{} F{} M{}".format(*scores) if all(scores) else False

    @api.depends_context("company")
    def _compute_followup_care_action_count(self):
        counts = dict(
            self.env["sales_followup.care.action"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "in", CARE_OPEN_STATES),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.followup_care_action_count = counts.get(partner, 0)

    @api.constrains(*PARTNER_TEXT_FIELDS)
    def _check_followup_texts(self):
        for partner in self:
            self.env["sales_followup.guard.mixin"]._followup_check_texts(
                partner, PARTNER_TEXT_FIELDS
            )

    @api.constrains("followup_do_not_contact_until")
    def _check_followup_do_not_contact_until(self):
        for partner in self:
            partner._followup_check_do_not_contact_until(partner.followup_do_not_contact_until)

    def _followup_check_do_not_contact_until(self, until):
        """A pause asked for ends today or later: a past end would lift it at once."""
        self.ensure_one()
        if until and until < fields.Date.context_today(self):
            raise ValidationError(
                self.env._(
                    "%(customer)s cannot be left alone until %(date)s: that day is "
                    "past. Give a date from today on, or none for as long as they ask.",
                    customer=self.display_name,
                    date=fields.Date.to_string(until),
                )
            )

    @api.constrains("followup_birthday_month", "followup_birthday_day")
    def _check_followup_birthday(self):
        for partner in self.sudo():
            month, day = partner.followup_birthday_month, partner.followup_birthday_day
            if not month and not day:
                continue
            # February accepts the 29th: the year is never known.
            last_day = calendar.monthrange(2000, int(month))[1] if month else 0
            if not month or not 1 <= day <= last_day:
                raise ValidationError(
                    self.env._(
                        "The birthday of %(customer)s needs a month and a day that "
                        "exists in that month (no year).",
                        customer=partner.display_name,
                    )
                )

    def write(self, vals):
        if {"followup_segment", "followup_segment_pinned"} & vals.keys():
            vals = self._followup_prepare_segment_write(vals)
        if {"followup_abc_class", "followup_abc_class_pinned"} & vals.keys():
            vals = self._followup_prepare_abc_class_write(vals)
        res = super().write(vals)
        if vals.get("followup_do_not_contact"):
            self._followup_stop_contact()
            self._followup_stop_care()
        self._followup_care_after_write(vals)
        return res

    def _followup_stop_contact(self):
        """Cancel the open proactive steps of customers who asked for quiet."""
        commercial = self.commercial_partner_id.filtered("followup_do_not_contact")
        steps = (
            self.env["sales_followup.step"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("state", "in", OPEN_STATES),
                    ("kind", "in", PROACTIVE_KINDS),
                ]
            )
        )
        for partner in commercial:
            reason = self.env._(
                "Customer asked not to be contacted: %(reason)s",
                reason=partner.followup_do_not_contact_reason or self.env._("no reason given"),
            )
            steps.filtered(lambda step, p=partner: step.partner_id == p)._followup_cancel(
                reason, sync=False
            )
        steps.order_id._followup_sync_activities()

    def action_followup_log_interaction(self):
        self.ensure_one()
        # Contacts are readable by every employee: the interaction log is not.
        self.env["sales_followup.interaction"].check_access("create")
        return self.env["sales_followup.interaction"]._followup_quick_log_action(
            {"partner_id": self.commercial_partner_id.id}
        )

    def action_view_followup_interactions(self):
        self.ensure_one()
        self.env["sales_followup.interaction"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_followup_view_late_commitments(self):
        self.ensure_one()
        self.env["sales_followup.commitment"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_commitment_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_late": 1}
        return action

    def action_followup_view_complaints(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.env["sales_followup.complaint"]._followup_list_action(
            [("partner_id", "=", customer.id)], {"partner_id": customer.id}
        )

    # ------------------------------------------------------------
    # Customer code
    # ------------------------------------------------------------

    def action_followup_assign_code(self):
        """Give the customer its code now, from the current company's sequence."""
        if not self.env.user.has_group("sales_followup.group_followup_user"):
            raise AccessError(self.env._("Only sales follow-up users can assign customer codes."))
        self.check_access("write")
        self.commercial_partner_id._followup_assign_customer_code(self.env.company)
        return True

    def action_followup_view_care_actions(self):
        """The care actions of this customer in the current company."""
        self.ensure_one()
        self.env["sales_followup.care.action"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_care_action_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_planned": 1}
        return action

    def _followup_assign_customer_code(self, company):
        """Draw a code for the commercial partners of ``self`` that have none.

        Codes come from ``company``'s sequence; one taken already (another
        company's sequence may use the same prefix) is skipped, so that codes
        never collide, which a unique constraint guarantees in the end.
        """
        partners = self.commercial_partner_id.sudo().filtered(
            lambda partner: not partner.followup_customer_code
        )
        if not partners:
            return
        sequence = company._followup_customer_sequence()
        codes = [sequence.next_by_id() for _partner in partners]
        Partner = self.sudo().with_context(active_test=False)
        for _attempt in range(MAX_CODE_DRAWS):
            taken = set(
                Partner.search([("followup_customer_code", "in", codes)]).mapped(
                    "followup_customer_code"
                )
            )
            if not taken:
                break
            # Another company's sequence, shaped alike, drew these already and
            # may be far ahead (a busy day): move past its highest code first.
            prefix, suffix = sequence._get_prefix_suffix()
            shape = f"{escape_psql(prefix)}%{escape_psql(suffix)}"
            highest = Partner.search(
                [("followup_customer_code", "=like", shape)],
                order="followup_customer_code desc",
                limit=1,
            ).followup_customer_code
            number = highest[len(prefix) : len(highest) - len(suffix)]
            if number.isdigit() and int(number) >= sequence.number_next_actual:
                sequence.number_next_actual = int(number) + 1
            codes = [sequence.next_by_id() if code in taken else code for code in codes]
        for partner, code in zip(partners, codes, strict=False):
            partner.followup_customer_code = code

    # ------------------------------------------------------------
    # Segments, RFM and health
    # ------------------------------------------------------------

    def _followup_prepare_segment_write(self, vals):
        """Only managers set segments; a segment set by hand is pinned."""
        self._followup_check_manager(
            self.env._("Only sales follow-up managers can set or pin a customer's segment.")
        )
        if "followup_segment" not in vals:
            return vals
        vals = dict(vals, followup_segment_date=fields.Date.context_today(self))
        if vals["followup_segment"]:
            vals.setdefault("followup_segment_pinned", True)
        return vals

    def _followup_prepare_abc_class_write(self, vals):
        """Only managers set classes; a class set by hand is pinned."""
        self._followup_check_manager(
            self.env._("Only sales follow-up managers can set or pin a customer's class.")
        )
        if vals.get("followup_abc_class"):
            vals = dict(vals)
            vals.setdefault("followup_abc_class_pinned", True)
        return vals

    def _followup_check_manager(self, message):
        if not self.env.su and not self.env.user.has_group("sales_followup.group_followup_manager"):
            raise AccessError(message)

    def _followup_care_after_write(self, vals):
        """Keep care plans in line with a segment, class or care date changed
        by hand."""
        if self.env.context.get("followup_segmentation"):
            return
        if "followup_segment" in vals:
            today = fields.Date.context_today(self)
            plans = self.env["sales_followup.customer.stats"]._followup_sync_care_plans(
                self.commercial_partner_id, self.env.company, today
            )
            plans._followup_generate_actions(today)
        if {
            "followup_birthday_month",
            "followup_birthday_day",
            "followup_cooperation_date",
            "followup_abc_class",
        } & vals.keys():
            self.env["sales_followup.care.plan"].sudo().search(
                [("partner_id", "in", self.ids), ("state", "=", "active")]
            )._followup_generate_actions()

    def _followup_stop_care(self):
        """Cancel the open care actions of customers who asked for quiet."""
        commercial = self.commercial_partner_id.filtered("followup_do_not_contact")
        actions = (
            self.env["sales_followup.care.action"]
            .sudo()
            .search([("partner_id", "in", commercial.ids), ("state", "in", CARE_OPEN_STATES)])
        )
        for partner in commercial:
            actions.filtered(lambda action, p=partner: action.partner_id == p)._followup_cancel(
                self.env._(
                    "Customer asked not to be contacted: %(reason)s",
                    reason=partner.followup_do_not_contact_reason or self.env._("no reason given"),
                ),
                automatic=True,
            )

    # ------------------------------------------------------------
    # Do not contact for now
    # ------------------------------------------------------------

    @api.model
    def _cron_followup_resume_contact(self, batch_size=RESUME_BATCH_SIZE):
        """Nightly: lift Do Not Contact from the customers whose pause ended,
        one batch per call; the cron runner calls again while some remain.

        A customer whose lifting fails is left as it was, logged, and skipped
        by the other calls of the run; the next day's run tries it again.
        Progress counts the customers attempted."""
        cron = self.env.ref("sales_followup.ir_cron_followup_resume_contact")
        domain = self._followup_resume_contact_domain()
        skipped = cron._followup_failed_ids()[self._name]
        if skipped:
            domain = expression.AND([domain, [("id", "not in", skipped)]])
        Partner = self.sudo()
        partners = Partner.search(domain, limit=batch_size, order="id")
        failed = cron._followup_process(
            partners, lambda partners: partners._followup_resume_contact()
        )
        remaining = Partner.search_count(expression.AND([domain, [("id", "not in", failed.ids)]]))
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
        return remaining

    @api.model
    def _followup_resume_contact_domain(self):
        """Customers (contacts follow their company) whose pause ended before
        today in their company's time zone, the main company's when shared."""
        ended = [
            [
                ("company_id", "=", company.id),
                ("followup_do_not_contact_until", "<", company._followup_today()),
            ]
            for company in self.env["res.company"].sudo().search([])
        ]
        ended.append(
            [
                ("company_id", "=", False),
                ("followup_do_not_contact_until", "<", self.env.company._followup_today()),
            ]
        )
        return expression.AND(
            [
                [("followup_do_not_contact", "=", True)],
                ["|", ("is_company", "=", True), ("parent_id", "=", False)],
                expression.OR(ended),
            ]
        )

    def _followup_resume_contact(self):
        """Contact the customers again: the flag is lifted, their chatter says
        why, and their care plans are planned again from today as for a
        customer never flagged (the actions the flag cancelled come back)."""
        ends = {partner: partner.followup_do_not_contact_until for partner in self}
        # The end and the start of the pause go with the flag.
        self.write({"followup_do_not_contact": False})
        for partner, until in ends.items():
            partner.message_post(
                body=self.env._(
                    "Contact resumes: the pause the customer asked for ended on %(date)s.",
                    date=fields.Date.to_string(until),
                ),
                subtype_xmlid="mail.mt_note",
            )
        plans = (
            self.env["sales_followup.care.plan"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        for company, company_plans in plans.grouped("company_id").items():
            company_plans._followup_generate_actions(company._followup_today())

    def _followup_order_contacts(self, company):
        """Salesperson and team of each customer's last order in ``company``, and
        the delivery date of its first one (delivered, else committed, else
        ordered)."""
        if not self:
            return {}
        self._followup_flush_orders()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT commercial.commercial_partner_id AS partner_id,
                       (ARRAY_AGG(so.user_id ORDER BY so.date_order DESC, so.id DESC)
                           FILTER (WHERE so.user_id IS NOT NULL))[1] AS user_id,
                       (ARRAY_AGG(so.team_id ORDER BY so.date_order DESC, so.id DESC)
                           FILTER (WHERE so.team_id IS NOT NULL))[1] AS team_id,
                       (ARRAY_AGG(COALESCE(so.followup_delivered_date,
                                           so.commitment_date::date,
                                           so.date_order::date)
                                  ORDER BY so.date_order, so.id))[1] AS first_delivery
                  FROM sale_order so
                  JOIN res_partner commercial ON commercial.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND so.company_id = %(company)s
                   AND commercial.commercial_partner_id = ANY(%(partner_ids)s)
              GROUP BY commercial.commercial_partner_id
                """,
                company=company.id,
                partner_ids=self.ids,
            )
        )
        return {row["partner_id"]: row for row in rows}

    def _followup_flush_orders(self):
        """Write pending changes of what the order queries read."""
        self.env["sale.order"].flush_model(
            [
                "amount_untaxed",
                "commitment_date",
                "company_id",
                "currency_rate",
                "date_order",
                "followup_delivered_date",
                "partner_id",
                "state",
                "team_id",
                "user_id",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["res.currency.rate"].flush_model(["company_id", "currency_id", "name"])
