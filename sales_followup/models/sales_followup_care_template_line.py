import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import CHANNELS, EXECUTOR_ROLES

# Recurrence: (unit, count) between two occurrences.
RECURRENCES = {
    "once": None,
    "weekly": ("weeks", 1),
    "biweekly": ("weeks", 2),
    "monthly": ("months", 1),
    "quarterly": ("months", 3),
    "half_yearly": ("months", 6),
    "yearly": ("months", 12),
}
# Anchors that come back every year on a month and day.
YEARLY_ANCHORS = ("birthday", "anniversary")


def safe_date(year, month, day):
    """``day`` of ``month`` in ``year``, or the month's last day when shorter
    (29 February is the 28th in common years)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class SalesFollowupCareTemplateLine(models.Model):
    _name = "sales_followup.care.template.line"
    _description = "Customer Care Plan Template Action"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "sales_followup.care.template",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(
        default=10,
        help="Priority: when the monthly contact cap leaves room for fewer actions "
        "than planned, the ones higher in the list are kept.",
    )
    name = fields.Char(string="Action", required=True, translate=True)
    description = fields.Text(
        string="How", translate=True, help="What to do and what to bring of value."
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    executor_role = fields.Selection(
        EXECUTOR_ROLES,
        string="Executor",
        required=True,
        default="salesperson",
        help="Salesperson: the customer's salesperson, else the one of its last "
        "order. Sales manager: the leader of that order's sales team, else the "
        "company's follow-up manager. Sales director: the company's sales "
        "director, else the sales manager.",
    )
    anchor = fields.Selection(
        [
            ("plan_start", "Start of the Plan"),
            ("first_delivery", "First Delivery"),
            ("birthday", "Birthday"),
            ("anniversary", "Cooperation Anniversary"),
        ],
        required=True,
        default="plan_start",
        help="The date the offset counts from. Birthday and anniversary come back "
        "every year; without a known date, the action is not planned.",
    )
    offset = fields.Integer(
        help="Delay from the anchor to the first occurrence; negative to plan "
        "ahead of a birthday or anniversary."
    )
    offset_unit = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")],
        required=True,
        default="days",
    )
    recurrence = fields.Selection(
        [
            ("once", "Once"),
            ("weekly", "Every Week"),
            ("biweekly", "Every 2 Weeks"),
            ("monthly", "Every Month"),
            ("quarterly", "Every Quarter"),
            ("half_yearly", "Every Half Year"),
            ("yearly", "Every Year"),
        ],
        required=True,
        default="once",
    )
    occurrence_limit = fields.Integer(
        string="At Most",
        help="Number of occurrences after which a recurring action stops; 0 for "
        "as long as the plan lasts.",
    )

    _sql_constraints = [
        (
            "occurrence_limit_positive",
            "CHECK(occurrence_limit >= 0)",
            "The number of occurrences cannot be negative.",
        ),
    ]

    @api.constrains("anchor", "recurrence")
    def _check_yearly_anchor(self):
        for line in self:
            if line.anchor in YEARLY_ANCHORS and line.recurrence != "yearly":
                raise ValidationError(
                    self.env._(
                        "%(action)s: birthdays and anniversaries come back every "
                        "year, so the action must recur every year.",
                        action=line.name,
                    )
                )

    def _followup_offset(self, day):
        return day + relativedelta(**{self.offset_unit: self.offset})

    def _followup_occurrence_date(self, anchor, index):
        """Date of occurrence ``index`` (0 for the first one).

        Months are always counted from the anchor, never from the previous
        occurrence: monthly from 31 January gives 29 February (in 2028) then
        31 March, not 29 March.
        """
        step = RECURRENCES[self.recurrence]
        if step is None:
            return self._followup_offset(anchor)
        unit, count = step
        if unit == "months" and self.offset_unit == "months":
            return anchor + relativedelta(months=self.offset + index * count)
        return self._followup_offset(anchor) + relativedelta(**{unit: index * count})

    def _followup_occurrences(self, anchors, date_from, date_to):
        """Occurrences of this action between two dates (included).

        :param dict anchors: anchor code -> date, or (month, day, first year)
            for the yearly anchors; a missing anchor plans nothing
        :return: list of (occurrence key, date); the key identifies the
            occurrence within its plan: its index, or the year for the yearly
            anchors, so that a moved anchor reschedules instead of duplicating
        """
        self.ensure_one()
        anchor = anchors.get(self.anchor)
        if not anchor:
            return []
        if self.anchor in YEARLY_ANCHORS:
            month, day, first_year = anchor
            result = []
            for year in range(max(date_from.year - 1, first_year), date_to.year + 2):
                occurrence = self._followup_offset(safe_date(year, month, day))
                if date_from <= occurrence <= date_to:
                    result.append((year, occurrence))
            return result
        if self.recurrence == "once":
            occurrence = self._followup_occurrence_date(anchor, 0)
            return [(0, occurrence)] if date_from <= occurrence <= date_to else []
        unit, count = RECURRENCES[self.recurrence]
        # Jump close to the window without passing it: a step is at least
        # 7 days per week and at most 31 days per month.
        longest_step = (7 if unit == "weeks" else 31) * count
        start = self._followup_occurrence_date(anchor, 0)
        index = max(0, (date_from - start).days // longest_step - 1)
        result = []
        while not self.occurrence_limit or index < self.occurrence_limit:
            occurrence = self._followup_occurrence_date(anchor, index)
            if occurrence > date_to:
                break
            if occurrence >= date_from:
                result.append((index, occurrence))
            index += 1
        return result

    def _followup_occurrence_for_key(self, anchors, key):
        """Date of the occurrence ``key`` with the current anchors, or None
        when it is no longer part of the plan."""
        self.ensure_one()
        anchor = anchors.get(self.anchor)
        if not anchor:
            return None
        if self.anchor in YEARLY_ANCHORS:
            month, day, first_year = anchor
            if key < first_year:
                return None
            return self._followup_offset(safe_date(key, month, day))
        if self.recurrence == "once":
            return self._followup_occurrence_date(anchor, 0) if key == 0 else None
        if self.occurrence_limit and key >= self.occurrence_limit:
            return None
        return self._followup_occurrence_date(anchor, key)

    def _followup_action_values(self, plan, key, day, user, langs):
        """Values of a care action; its name and description in each of ``langs``
        (``tools.translations.create_translated``)."""
        self.ensure_one()
        lines = {lang: self.with_context(lang=lang) for lang in langs}
        return {
            "plan_id": plan.id,
            "template_line_id": self.id,
            "occurrence": key,
            "name": {lang: line.name for lang, line in lines.items()},
            "description": self.description
            and {lang: line.description for lang, line in lines.items()},
            "channel": self.channel,
            "executor_role": self.executor_role,
            "user_id": user.id,
            "date_occurrence": day,
            "date_planned": day,
        }
