from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.text_checks import DEFAULT_VAGUE_PHRASES

CUSTOMER_CODE = "sales_followup.customer"
# The company's people in the follow-up: internal users of the company only.
FOLLOWUP_USER_FIELDS = (
    "followup_manager_id",
    "followup_after_sales_user_id",
    "followup_director_id",
    "followup_complaint_approver_id",
    "followup_management_rep_id",
    "followup_general_manager_id",
    "followup_severity_low_user_id",
    "followup_severity_medium_user_id",
    "followup_severity_high_user_id",
)
# Working days given to each stage of the complaint procedure (seed 004).
COMPLAINT_DELAY_FIELDS = (
    "followup_complaint_visit_days",
    "followup_complaint_routing_days",
    "followup_complaint_approval_days",
    "followup_complaint_reply_days",
    "followup_complaint_escalation_days",
)
# How often a customer of each A/B/C class is contacted at least: the
# recurrences of care template lines (template line RECURRENCES keys).
ABC_CADENCES = [
    ("weekly", "Every Week"),
    ("biweekly", "Every 2 Weeks"),
    ("monthly", "Every Month"),
    ("quarterly", "Every Quarter"),
]
# Sum of the three RFM scores of a customer: 3 to 15.
RFM_SUM_MIN, RFM_SUM_MAX = 3, 15


class ResCompany(models.Model):
    _inherit = "res.company"

    followup_manager_id = fields.Many2one(
        "res.users",
        string="Follow-up Manager",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Reviews and escalations go to the order's sales team leader, or to "
        "this person when the team has none or when the salesperson leads it.",
    )
    followup_vague_phrases = fields.Text(
        string="Empty Phrases",
        default=DEFAULT_VAGUE_PHRASES,
        help="Phrases that say a customer was contacted without saying what was "
        "said, one a line (e.g. 已與客戶溝通, communicated with the customer). An "
        "interaction summary is refused unless it says more than them.",
    )
    followup_summary_min_length = fields.Integer(
        string="Minimum Summary Substance",
        default=12,
        help="Letters and digits an interaction summary needs besides the empty "
        "phrases; a Chinese character counts as two.",
    )
    followup_late_hours = fields.Float(
        string="Late Logging After (Hours)",
        default=2.0,
        help="Interactions logged longer than this after the contact are flagged late.",
    )
    followup_escalation_satisfaction = fields.Integer(
        string="Escalate at Satisfaction",
        default=2,
        help="A satisfaction score (1 to 5) at or below this escalates: the "
        "salesperson's working group proposes a solution, the sales manager is "
        "informed; 0 never escalates.",
    )
    followup_escalation_hours = fields.Integer(
        string="Solution Within (Hours)",
        default=24,
        help="Time the salesperson and the working group have to propose a solution "
        "to an unsatisfied customer.",
    )
    followup_escalation_days = fields.Integer(
        string="Confirm Resolution Within (Working Days)",
        default=3,
        help="Working days after an escalation by which the salesperson confirms "
        "the resolution with the customer.",
    )
    followup_after_sales_user_id = fields.Many2one(
        "res.users",
        string="After-sales Contact",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity whenever a customer reports a quality issue. "
        "Without one, the order's team leader (else the follow-up manager) gets it.",
    )
    followup_after_sales_hours = fields.Integer(
        string="After-sales Contact Within (Hours)",
        default=24,
        help="Time after-sales has to contact a customer who reported a quality issue.",
    )
    followup_retention_months = fields.Integer(
        string="Anonymise Interactions After (Months)",
        default=36,
        help="Interactions older than this lose what was said and who took part "
        "(a scheduled action erases them); their scores stay for the statistics. "
        "0 keeps interactions as they are.",
    )

    @api.constrains(
        "followup_summary_min_length",
        "followup_late_hours",
        "followup_escalation_satisfaction",
        "followup_escalation_hours",
        "followup_escalation_days",
        "followup_after_sales_hours",
    )
    def _check_followup_interaction_settings(self):
        for company in self:
            if not 0 <= company.followup_escalation_satisfaction <= 5:
                raise ValidationError(
                    self.env._("The satisfaction that escalates must be between 0 (never) and 5.")
                )
            if (
                min(
                    company.followup_summary_min_length,
                    company.followup_late_hours,
                    company.followup_escalation_hours,
                    company.followup_escalation_days,
                    company.followup_after_sales_hours,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("Follow-up delays and minimums cannot be negative.")
                )

    followup_director_id = fields.Many2one(
        "res.users",
        string="Sales Director",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Carries out the care actions meant for the sales director, such as "
        "the monthly executive visit of high-value customers; the sales manager "
        "when empty.",
    )
    followup_new_months = fields.Integer(
        string="New Customer Window (Months)",
        default=6,
        help="A customer whose first confirmed order is more recent than this is a new customer.",
    )
    followup_high_value_amount = fields.Monetary(
        string="High-value Revenue (12 Months)",
        currency_field="currency_id",
        default=500000,
        help="Customers whose untaxed orders over the last 12 months reach this "
        "amount are high-value customers; 0 to use no threshold.",
    )
    followup_dormant_days = fields.Integer(
        string="Dormant After (Days)",
        default=180,
        help="A customer without any confirmed order for this many days is "
        "dormant; 0 to never call a customer dormant.",
    )
    followup_no_contact_days = fields.Integer(
        string="No-contact Warning (Days)",
        default=30,
        help="Warn when no interaction was logged with a customer for this many "
        "days; 0 for no warning.",
    )
    followup_at_risk_days = fields.Integer(
        string="At Risk without Contact (Days)",
        default=90,
        help="A customer with no interaction logged for this many days is at "
        "risk, whatever its other warnings; 0 to judge by the warnings alone.",
    )
    followup_care_horizon_days = fields.Integer(
        string="Care Planning Horizon (Days)",
        default=90,
        help="Care actions are planned this many days ahead, up to the end of the month reached.",
    )
    followup_report_customer_identity = fields.Selection(
        [("code", "Customer Code Only"), ("code_name", "Customer Code and Masked Name")],
        string="Customers in the Monthly Report",
        required=True,
        default="code",
        help="How the monthly report's workbook shows customers: by their "
        "pseudonymous customer code only (contacts by job position only), or by "
        "code and masked name (Zhang*).",
    )
    followup_report_protected = fields.Boolean(
        string="Protect the E-mailed Monthly Report",
        help="The monthly e-mail carries no workbook, only a link to the report, "
        "where the sales follow-up managers download it after signing in. "
        "Excel files written by Odoo cannot be encrypted.",
    )
    # A/B/C class: thresholds of the nightly proposal and the
    # cadence each class gets through its care plan.
    followup_abc_a_score = fields.Integer(
        string="Class A from R+F+M",
        default=12,
        help="Customers whose recency, frequency and monetary scores (1 to 5 "
        "each) add up to at least this are proposed class A (high value).",
    )
    followup_abc_b_score = fields.Integer(
        string="Class B from R+F+M",
        default=8,
        help="Customers below the class A sum and at least this are proposed "
        "class B (potential); the others class C (low frequency).",
    )
    followup_abc_a_cadence = fields.Selection(
        ABC_CADENCES,
        string="Class A Contact",
        default="weekly",
        help="Class A customers get a routine care action this often when their "
        "care plan has no action as frequent; empty for none.",
    )
    followup_abc_b_cadence = fields.Selection(
        ABC_CADENCES,
        string="Class B Contact",
        default="biweekly",
        help="Class B customers get a routine care action this often when their "
        "care plan has no action as frequent; empty for none.",
    )
    followup_abc_c_cadence = fields.Selection(
        ABC_CADENCES,
        string="Class C Contact",
        default="monthly",
        help="Class C customers get a routine care action this often when their "
        "care plan has no action as frequent; empty for none.",
    )
    followup_segment_run_date = fields.Date(
        string="Customers Segmented On",
        readonly=True,
        copy=False,
        help="Day of the last segmentation run.",
    )
    followup_segment_cursor = fields.Integer(
        readonly=True,
        copy=False,
        help="Last customer segmented that day: a run cut into batches resumes after it.",
    )

    # Complaints (seed 004) and severity routing (seed 003).
    followup_complaint_visit_days = fields.Integer(
        string="Visit Within (Working Days)",
        default=2,
        help="The salesperson visits or calls a complaining customer and records "
        "the cause within this many working days of the complaint.",
    )
    followup_complaint_routing_days = fields.Integer(
        string="Routing Within (Working Days)",
        default=2,
        help="After-sales classifies and routes a complaint (quality control gives "
        "the root cause and a corrective action) within this many working days of the visit.",
    )
    followup_complaint_approval_days = fields.Integer(
        string="Approval Within (Working Days)",
        default=1,
        help="The sales vice-president approves the answer within this many working days.",
    )
    followup_complaint_reply_days = fields.Integer(
        string="Result to the Customer Within (Working Days)",
        default=1,
        help="The salesperson gives the customer the approved result within this "
        "many working days of the approval.",
    )
    followup_complaint_escalation_days = fields.Integer(
        string="Escalate Late Complaint Stages After (Working Days)",
        default=1,
        help="A complaint stage still open this many working days after its "
        "deadline is escalated once to the team leader (or the follow-up manager).",
    )
    followup_complaint_approver_id = fields.Many2one(
        "res.users",
        string="Complaint Approver",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="The sales vice-president who gets the approval stage of complaints; "
        "any complaint approver of the company may approve.",
    )
    followup_management_rep_id = fields.Many2one(
        "res.users",
        string="Management Representative",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Notified of every product-quality complaint and its corrective action.",
    )
    followup_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Notified of every product-quality complaint and its corrective action.",
    )
    followup_severity_low_user_id = fields.Many2one(
        "res.users",
        string="Low Severity: Customer Service",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity for each low-severity exception or complaint.",
    )
    followup_severity_medium_user_id = fields.Many2one(
        "res.users",
        string="Medium Severity: Sales",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity for each medium-severity exception or complaint.",
    )
    followup_severity_high_user_id = fields.Many2one(
        "res.users",
        string="High Severity: Legal",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets an activity for each high-severity exception or complaint.",
    )

    _sql_constraints = [
        (
            "followup_complaint_delays_positive",
            "CHECK(followup_complaint_visit_days >= 0 AND followup_complaint_routing_days >= 0 "
            "AND followup_complaint_approval_days >= 0 AND followup_complaint_reply_days >= 0 "
            "AND followup_complaint_escalation_days >= 0)",
            "Complaint delays cannot be negative.",
        ),
        (
            "followup_care_delays_positive",
            "CHECK(followup_new_months >= 0 AND followup_dormant_days >= 0 "
            "AND followup_no_contact_days >= 0 AND followup_care_horizon_days >= 0 "
            "AND followup_at_risk_days >= 0)",
            "Customer segmentation and care delays cannot be negative.",
        ),
    ]

    @api.constrains(*FOLLOWUP_USER_FIELDS)
    def _check_followup_users(self):
        self.env["sales_followup.guard.mixin"]._followup_check_insiders(
            {(company[fname], company) for company in self for fname in FOLLOWUP_USER_FIELDS}
        )

    @api.constrains("followup_at_risk_days", "followup_no_contact_days")
    def _check_followup_at_risk_days(self):
        # In Python, not SQL: a company whose no-contact delay is above the
        # new at-risk default (90 days) still upgrades.
        for company in self:
            if 0 < company.followup_at_risk_days < company.followup_no_contact_days:
                raise ValidationError(
                    self.env._(
                        "A customer falls at risk no sooner than the no-contact warning: "
                        "the at-risk delay is 0 or at least the no-contact delay."
                    )
                )

    @api.constrains("followup_complaint_approver_id")
    def _check_followup_complaint_approver(self):
        for company in self:
            approver = company.followup_complaint_approver_id
            if approver and not approver.has_group(
                "sales_followup.group_followup_complaint_approver"
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a complaint approver: give him or her the "
                        "Complaint Approver role first.",
                        user=approver.name,
                    )
                )

    @api.constrains("followup_retention_months")
    def _check_followup_retention_months(self):
        if any(company.followup_retention_months < 0 for company in self):
            raise ValidationError(
                self.env._("The retention period of interactions cannot be negative.")
            )

    @api.constrains("followup_abc_a_score", "followup_abc_b_score")
    def _check_followup_abc_scores(self):
        for company in self:
            if not (
                RFM_SUM_MIN
                <= company.followup_abc_b_score
                <= company.followup_abc_a_score
                <= RFM_SUM_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "The R+F+M sums of the A/B/C classes go from 3 to 15, "
                        "class A's at least class B's."
                    )
                )

    def _followup_abc_class(self, rfm_sum):
        """The class a customer with RFM scores adding up to ``rfm_sum`` is
        proposed; none without scores (no confirmed order)."""
        self.ensure_one()
        if not rfm_sum:
            return False
        if rfm_sum >= self.followup_abc_a_score:
            return "a"
        return "b" if rfm_sum >= self.followup_abc_b_score else "c"

    def _followup_severity_user(self, severity):
        """Who handles an exception or complaint of ``severity`` (seed 003)."""
        self.ensure_one()
        return severity and self[f"followup_severity_{severity}_user_id"]

    def _followup_level_above(self, team, user):
        """Who is above ``user`` for a record of ``team`` (an order, a
        complaint): the team leader, else the company's follow-up manager;
        the follow-up manager when ``user`` leads the team (the team leader
        for the follow-up manager himself). ``user`` only when there is
        nobody else."""
        self.ensure_one()
        levels = [level for level in (team.user_id, self.followup_manager_id) if level]
        if not levels:
            return user.browse()
        if user in levels:
            index = levels.index(user)
            levels = levels[index + 1 :] + levels[:index]
        return next((level for level in levels if level != user), user)

    def _followup_abc_cadence(self, abc_class):
        """The recurrence of routine care for customers of ``abc_class``."""
        self.ensure_one()
        return abc_class and self[f"followup_abc_{abc_class}_cadence"]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._followup_create_default_tiers()
        return companies

    def _followup_create_default_tiers(self):
        """Give companies without tiers a copy of the seeded ones."""
        Tier = self.env["sales_followup.tier"].sudo()
        templates = Tier.browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for xmlid in (
                "sales_followup.tier_strategic",
                "sales_followup.tier_key",
                "sales_followup.tier_regular",
            )
        ).exists()
        equipped = Tier.with_context(active_test=False)._read_group(
            [("company_id", "in", self.ids)], ["company_id"]
        )
        equipped_companies = {company for (company,) in equipped}
        for company in self:
            if company not in equipped_companies:
                for template in templates:
                    template.copy({"company_id": company.id, "name": template.name})

    def _followup_today(self):
        """Today in the time zone of the company's working calendar, for the
        scheduled actions, which run for no user in particular."""
        self.ensure_one()
        return fields.Date.context_today(
            self.with_context(tz=self.resource_calendar_id.tz or "UTC")
        )

    def _followup_customer_sequence(self):
        """The sequence customer codes of this company are drawn from: its own,
        else a shared one, else a new one for it shaped like the seeded one."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", CUSTOMER_CODE), ("company_id", "in", [self.id, False])],
            order="company_id",
            limit=1,
        )
        if sequence:
            return sequence
        model = self.env.ref("sales_followup.seq_customer_code", raise_if_not_found=False)
        model = model.sudo() if model else Sequence
        return Sequence.create(
            {
                "name": self.env._("Customer Code (%(company)s)", company=self.name),
                "code": CUSTOMER_CODE,
                "prefix": model.prefix or "C%(year)s%(month)s%(day)s",
                "padding": model.padding or 4,
                "company_id": self.id,
            }
        )
