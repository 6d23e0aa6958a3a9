from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from ..const import OPEN_STATES, REMINDER_OWNER, SEVERITIES
from ..tools.masking import MASK_NAMES
from ..tools.translations import create_translated, in_each_lang

APPROVER_GROUP = "sales_followup.group_followup_complaint_approver"
# Seed 004, 5.1: the three kinds of complaint.
CATEGORIES = [
    ("service_behaviour", "Service Behaviour"),
    ("staff_professionalism", "Sales Staff's Professional Work"),
    ("product_quality", "Product Quality"),
]
# Seed 004, 4.2: what the salesperson's visit establishes.
CAUSES = [
    ("quality_defect", "Quality Defect"),
    ("misuse", "Misuse"),
    ("service_fault", "Service Fault"),
    ("unfounded", "Unfounded"),
]
COMPLAINT_CHANNELS = [
    ("phone", "Phone"),
    ("visit", "Visit"),
    ("fax", "Fax"),
    ("email", "E-mail"),
    ("im", "WeChat / IM"),
]
# The procedure of seed 004, in order; each open stage but the last is a step.
STATES = [
    ("new", "Registered"),
    ("investigating", "Visited, Being Routed"),
    ("awaiting_approval", "Awaiting Approval"),
    ("approved", "Approved"),
    ("replied", "Result Given"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# The step each stage waits for: completing it moves the complaint on.
STAGE_STEP = {
    "new": "complaint_visit",
    "investigating": "complaint_routing",
    "awaiting_approval": "complaint_approval",
    "approved": "complaint_reply",
}
# The company's working-day delay of each step kind (res.company fields).
STEP_DELAYS = {
    "complaint_visit": "followup_complaint_visit_days",
    "complaint_routing": "followup_complaint_routing_days",
    "complaint_approval": "followup_complaint_approval_days",
    "complaint_reply": "followup_complaint_reply_days",
}
# Browser and server clocks differ a little.
CLOCK_TOLERANCE = timedelta(minutes=10)


class SalesFollowupComplaint(models.Model):
    """A customer complaint (seed 004, 客户投诉登记反馈表) and its procedure:
    each stage is a follow-up step with its deadline, reminder and escalation;
    the buttons move it from one stage to the next and no further."""

    _name = "sales_followup.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "sales_followup.privacy.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sales_followup.guard.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _followup_guarded_links = ("partner_id", "order_id", "contact_id", "interaction_id")
    _followup_fixed_links = ("interaction_id",)
    _followup_user_fields = (
        "user_id",
        "received_by_id",
        "corrective_user_id",
        "complained_user_ids",
    )
    _followup_bookkeeping_fields = (
        "name",
        "state",
        "date_visit_deadline",
        "date_visited",
        "approved_by_id",
        "date_approved",
        "date_replied",
        "date_closed",
        "quality_notified",
        "reopen_count",
    )
    _followup_text_fields = (
        "name",
        "description",
        "complained_department",
        "visit_notes",
        "root_cause",
        "corrective_proposal",
        "corrective_result",
        "approval_comment",
        "customer_result",
    )

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        context={MASK_NAMES: True},
    )
    order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('parent_id', '=', partner_id)]",
        context={MASK_NAMES: True},
        help="Who complained, at the customer.",
    )
    interaction_id = fields.Many2one(
        "sales_followup.interaction",
        string="Raised From",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The interaction (or exception) the complaint was raised from.",
    )
    channel = fields.Selection(COMPLAINT_CHANNELS, required=True, default="phone")
    received_by_id = fields.Many2one(
        "res.users",
        required=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        default=lambda self: self.env.user,
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Visits the customer, gives the approved answer and closes the complaint.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        precompute=True,
        index="btree_not_null",
    )
    description = fields.Text(
        string="Customer's Words",
        required=True,
        tracking=True,
        help="What is complained about, in the customer's own words.",
    )
    category = fields.Selection(CATEGORIES, required=True, tracking=True)
    severity = fields.Selection(
        SEVERITIES,
        required=True,
        default="low",
        tracking=True,
        help="Routes the complaint (low: customer service, medium: sales, high: "
        "legal) and picks the answer's mail template.",
    )
    complained_department = fields.Char(string="Department Complained About", tracking=True)
    complained_user_ids = fields.Many2many(
        "res.users",
        string="People Complained About",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    state = fields.Selection(
        STATES,
        string="Stage",
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
    )
    date_visit_deadline = fields.Date(
        string="Visit Deadline",
        readonly=True,
        copy=False,
        help="The salesperson visits or calls the customer by this day (working days).",
    )
    date_visited = fields.Datetime(string="Visited On", readonly=True, copy=False)
    cause = fields.Selection(
        CAUSES, tracking=True, help="What the visit established; required on quality complaints."
    )
    visit_notes = fields.Text(string="Findings of the Visit", tracking=True)
    root_cause = fields.Text(tracking=True, help="Quality control: why the product was defective.")
    corrective_proposal = fields.Text(
        string="Corrective Action Proposal",
        tracking=True,
        help="What the department complained about will do so that it does not happen again.",
    )
    corrective_user_id = fields.Many2one(
        "res.users",
        string="Corrective Action Owner",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    corrective_deadline = fields.Date(string="Corrective Action Deadline", tracking=True)
    corrective_result = fields.Text(string="Corrective Action Taken", tracking=True)
    approval_comment = fields.Text(
        tracking=True, help="The sales vice-president's decision on the answer (approvers only)."
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    customer_result = fields.Text(
        string="Result Given to the Customer",
        tracking=True,
        help="The approved answer as told to the customer, and what he said.",
    )
    satisfaction = fields.Integer(
        string="Customer Satisfaction",
        tracking=True,
        aggregator="avg",
        help="1 to 5 (0 = not given), once the customer heard the result.",
    )
    date_replied = fields.Datetime(string="Result Given On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    quality_notified = fields.Boolean(readonly=True, copy=False)
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False, tracking=True)
    step_ids = fields.One2many("sales_followup.step", "complaint_id", string="Stages")
    corrective_open = fields.Boolean(
        string="Corrective Action Open", compute="_compute_corrective_open"
    )

    _sql_constraints = [
        (
            "satisfaction_range",
            "CHECK(satisfaction BETWEEN 0 AND 5)",
            "The customer's satisfaction is scored from 1 to 5 (0 = not given).",
        ),
    ]

    @api.depends("order_id", "partner_id")
    def _compute_user_id(self):
        for complaint in self:
            complaint.user_id = (
                complaint.order_id.user_id
                or complaint.partner_id.user_id
                or complaint.user_id
                or self.env.user
            )

    @api.depends("order_id.team_id", "user_id")
    def _compute_team_id(self):
        for complaint in self:
            complaint.team_id = complaint.order_id.team_id or complaint.user_id.sudo().sale_team_id

    @api.depends("step_ids.state", "step_ids.kind")
    def _compute_corrective_open(self):
        for complaint in self:
            complaint.corrective_open = any(
                step.kind == "complaint_corrective" and step.state in OPEN_STATES
                for step in complaint.step_ids
            )

    @api.constrains("date_received")
    def _check_date_received(self):
        if any(c.date_received > fields.Datetime.now() + CLOCK_TOLERANCE for c in self):
            raise ValidationError(self.env._("A complaint cannot be received in the future."))

    @api.constrains("corrective_deadline")
    def _check_corrective_deadline(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            if complaint.corrective_deadline and complaint.corrective_deadline < today:
                raise ValidationError(
                    self.env._(
                        "The corrective action's deadline (%(date)s) is in the past: "
                        "give a day from today on.",
                        date=complaint.corrective_deadline,
                    )
                )

    @api.constrains("order_id", "partner_id")
    def _check_order_partner(self):
        for complaint in self:
            order = complaint.order_id
            if order and order.partner_id.commercial_partner_id != complaint.partner_id:
                raise ValidationError(
                    self.env._("The order %(order)s is not this customer's.", order=order.name)
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("approval_comment") for vals in vals_list):
            self._followup_check_approver()
        complaints = super().create(vals_list)
        for complaint in complaints:
            # sudo: the number is drawn from the add-on's sequence.
            complaint.sudo().name = (
                self.env["ir.sequence"]
                .sudo()
                .with_company(complaint.company_id)
                .next_by_code("sales_followup.complaint")
                or "/"
            )
        complaints._followup_start()
        complaints._followup_route_severity()
        return complaints

    def write(self, vals):
        if "approval_comment" in vals and not self.env.su:
            self._followup_check_approver()
        res = super().write(vals)
        if "severity" in vals:
            self._followup_route_severity()
        return res

    # ------------------------------------------------------------
    # The procedure
    # ------------------------------------------------------------

    def _followup_stage_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _followup_check_stage(self, *states):
        """Refuse an action out of the procedure's order, saying where each
        complaint stands and what must come first."""
        self.check_access("write")
        for complaint in self:
            if complaint.state not in states:
                raise UserError(
                    self.env._(
                        "%(complaint)s is at the stage “%(current)s”: this can only "
                        "be done at the stage “%(expected)s”. Stages cannot be skipped.",
                        complaint=complaint.name,
                        current=self._followup_stage_label(complaint.state),
                        expected=" / ".join(self._followup_stage_label(s) for s in states),
                    )
                )

    def _followup_check_approver(self):
        if not self.env.user.has_group(APPROVER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a complaint approver (the sales vice-president) can approve "
                    "the answer to a complaint or write its approval comment."
                )
            )

    def _followup_step_due(self, kind, start=None):
        """The due date of a ``kind`` step from ``start`` (today), in the
        company's working days."""
        self.ensure_one()
        days = self.company_id[STEP_DELAYS[kind]]
        start = start or fields.Date.context_today(self)
        workdays = self.company_id.resource_calendar_id._followup_working_days(
            start, start + timedelta(days=3 * days + 14)
        )
        return workdays.add(start, days)

    def _followup_open_stage(self, kind, user, date_due=None, topic=None):
        """The step of the stage ``kind``, for ``user``; its reminder follows.
        ``topic``: a text, or ``{lang: text}``; by default the stage's label."""
        self.ensure_one()
        Step = self.env["sales_followup.step"]
        if not topic:
            topic = in_each_lang(
                self.env,
                lambda env: f"{self.name} · {Step.with_env(env)._followup_kind_labels()[kind]}",
            )
        # sudo: the procedure's own steps, whoever moves the complaint on.
        step = create_translated(
            Step.sudo().with_context(**{REMINDER_OWNER: True}),
            [
                {
                    "complaint_id": self.id,
                    "kind": kind,
                    "user_id": user.id,
                    "date_due": date_due or self._followup_step_due(kind),
                    "channel": "visit" if kind == "complaint_visit" else "phone",
                    "topic": topic,
                }
            ],
        )
        # Its reminder once its topic is in every language: in its assignee's.
        step._followup_sync_reminders()
        return step

    def _followup_close_stage(self, kind):
        steps = self.step_ids.filtered(lambda s: s.kind == kind and s.state in OPEN_STATES)
        # sudo: the access to the complaint was checked by the action.
        steps.sudo()._followup_mark_done()

    def _followup_start(self):
        """Stage 1 done (registered): the visit is due within the company's
        working days from the day the complaint was received."""
        for complaint in self:
            received = fields.Date.context_today(complaint, complaint.date_received)
            deadline = complaint._followup_step_due("complaint_visit", received)
            # sudo: the deadline is the procedure's, not the user's.
            complaint.sudo().date_visit_deadline = deadline
            complaint._followup_open_stage(
                "complaint_visit",
                complaint.user_id,
                deadline,
                in_each_lang(
                    self.env,
                    lambda env, complaint=complaint: env._(
                        "Visit or call the customer, confirm the facts and record the cause: "
                        "%(words)s",
                        words=complaint.description,
                    ),
                ),
            )

    def _followup_write_stage(self, values):
        # sudo: the stage and its dates are the procedure's bookkeeping.
        self.sudo().write(values)

    def action_record_visit(self):
        """Stage 2: the customer was visited or called and the cause found."""
        self._followup_check_stage("new")
        for complaint in self:
            if not complaint.cause:
                raise UserError(
                    self.env._(
                        "Record the cause the visit found (quality defect, misuse, "
                        "service fault or unfounded) for %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if not (complaint.visit_notes or "").strip():
                raise UserError(
                    self.env._(
                        "Write what the visit found for %(complaint)s.", complaint=complaint.name
                    )
                )
        self._followup_close_stage("complaint_visit")
        self._followup_write_stage(
            {"state": "investigating", "date_visited": fields.Datetime.now()}
        )
        for complaint in self:
            complaint._followup_open_routing()
        return True

    def _followup_open_routing(self):
        self.ensure_one()
        company = self.company_id
        after_sales = company.followup_after_sales_user_id or self.team_id.user_id or self.user_id
        self._followup_open_stage(
            "complaint_routing",
            after_sales,
            topic=in_each_lang(
                self.env,
                lambda env: env._(
                    "Classify and route the complaint; a quality complaint goes to "
                    "quality control for the root cause and a corrective-action proposal."
                ),
            ),
        )

    def action_submit_approval(self):
        """Stage 3: after-sales classified and routed it; the answer goes to
        the sales vice-president."""
        self._followup_check_stage("investigating")
        for complaint in self:
            if complaint.category == "product_quality" and not complaint.cause:
                raise UserError(
                    self.env._(
                        "A product-quality complaint needs its cause (quality defect, "
                        "misuse, service fault or unfounded): %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
            if complaint.category == "product_quality" and not (
                (complaint.root_cause or "").strip()
                and (complaint.corrective_proposal or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Quality control must give the root cause and a corrective-"
                        "action proposal of %(complaint)s before it goes for approval.",
                        complaint=complaint.name,
                    )
                )
            if complaint.cause != "unfounded" and not (
                complaint.corrective_user_id and complaint.corrective_deadline
            ):
                raise UserError(
                    self.env._(
                        "Give the corrective action of %(complaint)s an owner (in the "
                        "department complained about) and a deadline.",
                        complaint=complaint.name,
                    )
                )
            if not complaint.company_id.followup_complaint_approver_id:
                raise UserError(
                    self.env._(
                        "No complaint approver (sales vice-president) is set for "
                        "%(company)s in the Sales settings.",
                        company=complaint.company_id.name,
                    )
                )
        self._followup_close_stage("complaint_routing")
        self._followup_write_stage({"state": "awaiting_approval"})
        for complaint in self:
            complaint._followup_open_stage(
                "complaint_approval", complaint.company_id.followup_complaint_approver_id
            )
        return True

    def action_approve(self):
        """Stage 4: the sales vice-president approves the answer; then quality
        complaints are notified (5), the corrective action is due (6) and the
        salesperson may give the customer the result (7)."""
        self._followup_check_approver()
        self._followup_check_stage("awaiting_approval")
        self._followup_close_stage("complaint_approval")
        self._followup_write_stage(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Answer approved by %(user)s: %(comment)s",
                    user=self.env.user.name,
                    comment=complaint.approval_comment or self.env._("no comment"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if (
                complaint.corrective_user_id
                and complaint.corrective_deadline
                and not any(
                    step.kind == "complaint_corrective" and step.state != "cancelled"
                    for step in complaint.step_ids
                )
            ):
                complaint._followup_open_stage(
                    "complaint_corrective",
                    complaint.corrective_user_id,
                    complaint.corrective_deadline,
                    complaint.corrective_proposal,
                )
            complaint._followup_open_stage("complaint_reply", complaint.user_id)
        self._followup_notify_quality()
        return True

    def _followup_notify_quality(self):
        """Seed 004, 4.6: every product-quality complaint and its corrective
        action are reported to the management representative and the general
        manager."""
        todo = self.filtered(lambda c: c.category == "product_quality" and not c.quality_notified)
        for complaint in todo:
            company = complaint.company_id
            people = company.followup_management_rep_id | company.followup_general_manager_id
            if not people:
                continue
            complaint.sudo().message_notify(
                partner_ids=people.partner_id.ids,
                subject=self.env._("Product-quality complaint %(name)s", name=complaint.name),
                body=plaintext2html(
                    self.env._(
                        "%(customer)s: %(words)s\nRoot cause: %(root)s\nCorrective "
                        "action: %(action)s, by %(owner)s before %(deadline)s.",
                        customer=complaint.partner_id._followup_text_name(),
                        words=complaint.description,
                        root=complaint.root_cause or "",
                        action=complaint.corrective_proposal or "",
                        owner=complaint.corrective_user_id.name or "",
                        deadline=complaint.corrective_deadline or "",
                    )
                ),
            )
        # sudo: bookkeeping of the procedure.
        todo.sudo().quality_notified = True

    def action_corrective_done(self):
        """Stage 6: the department complained about carried out its action."""
        for complaint in self:
            if not (complaint.corrective_result or "").strip():
                raise UserError(
                    self.env._(
                        "Write what was done as corrective action for %(complaint)s.",
                        complaint=complaint.name,
                    )
                )
        self.check_access("write")
        self._followup_close_stage("complaint_corrective")
        return True

    def action_reply(self):
        """Stage 7: the salesperson gave the customer the approved result."""
        for complaint in self:
            if complaint.state in ("new", "investigating", "awaiting_approval"):
                raise UserError(
                    self.env._(
                        "The answer to %(complaint)s is not approved yet: nobody "
                        "replies to the customer before the sales vice-president's approval.",
                        complaint=complaint.name,
                    )
                )
        self._followup_check_stage("approved")
        self._followup_check_result()
        self._followup_close_stage("complaint_reply")
        self._followup_write_stage({"state": "replied", "date_replied": fields.Datetime.now()})
        return True

    def _followup_check_result(self, satisfaction=False):
        for complaint in self:
            if not (complaint.customer_result or "").strip():
                raise UserError(
                    self.env._(
                        "Write the result given to the customer of %(complaint)s first.",
                        complaint=complaint.name,
                    )
                )
            if satisfaction and not 1 <= complaint.satisfaction <= 5:
                raise UserError(
                    self.env._(
                        "Record the customer's satisfaction (1 to 5) with the result "
                        "of %(complaint)s before closing it.",
                        complaint=complaint.name,
                    )
                )

    def action_close(self):
        self._followup_check_stage("replied")
        self._followup_check_result(satisfaction=True)
        for complaint in self:
            if complaint.corrective_open:
                raise UserError(
                    self.env._(
                        "The corrective action of %(complaint)s is not done yet.",
                        complaint=complaint.name,
                    )
                )
        self._followup_write_stage({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_reopen(self):
        """The customer is not satisfied after all: back to routing, tracked."""
        self._followup_check_stage("closed")
        for complaint in self:
            complaint._followup_write_stage(
                {
                    "state": "investigating",
                    "date_closed": False,
                    "reopen_count": complaint.reopen_count + 1,
                }
            )
            complaint._followup_open_routing()
            complaint.message_post(
                body=self.env._("Reopened by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        self._followup_check_stage(
            "new", "investigating", "awaiting_approval", "approved", "replied"
        )
        self._followup_write_stage({"state": "cancelled"})
        steps = self.step_ids.filtered(lambda s: s.state in OPEN_STATES)
        steps.sudo()._followup_cancel(
            self.env._("Complaint cancelled by %(user)s.", user=self.env.user.name)
        )
        return True

    # ------------------------------------------------------------
    # Severity routing (seed 003) and the answer
    # ------------------------------------------------------------

    def _followup_route_severity(self):
        """Each complaint to the company's person for its severity, as an activity."""
        activity_type = self.env.ref("sales_followup.mail_activity_type_escalation")
        for complaint in self:
            user = complaint.company_id._followup_severity_user(complaint.severity)
            if not user:
                continue
            severities = dict(self._fields["severity"]._description_selection(self.env))
            complaint.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._(
                    "Complaint %(name)s, severity %(severity)s",
                    name=complaint.name,
                    severity=severities[complaint.severity],
                ),
                note=plaintext2html(complaint.description),
            )

    def action_compose_answer(self):
        """The apology / compensation mail of the complaint's severity, in the
        composer: the salesperson reviews and sends it; nothing goes by itself."""
        self.ensure_one()
        if self.state in ("new", "investigating", "awaiting_approval"):
            raise UserError(
                self.env._(
                    "The answer to %(complaint)s is not approved yet: nobody "
                    "replies to the customer before the sales vice-president's approval.",
                    complaint=self.name,
                )
            )
        template = self.env.ref(f"sales_followup.mail_template_complaint_answer_{self.severity}")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
            },
        }

    # ------------------------------------------------------------
    # Raised from elsewhere
    # ------------------------------------------------------------

    @api.model
    def _followup_new_action(self, defaults):
        """The complaint form, filled with what is known (field: value)."""
        self.check_access("create")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_complaint_action"
        )
        action.update(
            views=[(False, "form")],
            view_mode="form",
            target="current",
            context={f"default_{fname}": value for fname, value in defaults.items() if value},
        )
        return action

    @api.model
    def _followup_list_action(self, domain, defaults):
        """The complaints of ``domain`` (a customer's, an order's), all stages."""
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_complaint_action"
        )
        action.update(
            domain=domain,
            view_mode="list,kanban,form",
            views=[(False, "list"), (False, "kanban"), (False, "form")],
            context={f"default_{fname}": value for fname, value in defaults.items()},
        )
        return action

    @api.model
    def _followup_counts(self, fname, records):
        """``{record id: count}``: the complaints of ``records`` (by their
        field ``fname``) that the user may see; none without the right."""
        if not records.ids or not self.has_access("read"):
            return {}
        return {
            record.id: count
            for record, count in self._read_group(
                [(fname, "in", records.ids)], [fname], ["__count"]
            )
        }
