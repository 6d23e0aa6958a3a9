import bisect
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from pytz import timezone

from odoo import models, tools


class WorkingDays:
    """Working-day arithmetic over a window of dates read once from a calendar.

    Plans need many due dates at once; reading the calendar's attendances and
    public holidays once per batch keeps order confirmation at a constant
    number of queries.  Outside the window, Monday to Friday are assumed.
    """

    def __init__(self, dates, date_from, date_to):
        self.dates = sorted(dates)
        self.date_from = date_from
        self.date_to = date_to

    def is_working(self, day):
        if self.date_from <= day <= self.date_to:
            index = bisect.bisect_left(self.dates, day)
            return index < len(self.dates) and self.dates[index] == day
        return day.weekday() < 5

    def add(self, day, count):
        """The ``count``-th working day after ``day`` (``day`` itself, or the
        next working day, when ``count`` is 0)."""
        if count <= 0:
            while not self.is_working(day):
                day += timedelta(days=1)
            return day
        while count:
            day += timedelta(days=1)
            if self.is_working(day):
                count -= 1
        return day

    def subtract(self, day, count):
        """The ``count``-th working day before ``day``."""
        while count > 0:
            day -= timedelta(days=1)
            if self.is_working(day):
                count -= 1
        return day


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "sales_followup.working.days.mixin"]

    def _followup_working_days(self, date_from, date_to):
        """Working days between two dates, public holidays excluded."""
        if not self:
            dates = [
                date_from + timedelta(days=offset)
                for offset in range((date_to - date_from).days + 1)
            ]
            return WorkingDays([day for day in dates if day.weekday() < 5], date_from, date_to)
        self.ensure_one()
        month = first = date_from.replace(day=1)
        dates = []
        while month <= date_to:
            dates.extend(self._followup_month_working_days(month))
            month += relativedelta(months=1)
        return WorkingDays(dates, first, month - timedelta(days=1))

    @tools.ormcache("self.id", "month")
    def _followup_month_working_days(self, month):
        """The working days of the month starting on ``month``, cached: every
        confirmation and cron pass asks for the same few months again. Any
        change to a calendar, its working hours or its leaves clears it."""
        tz = timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(month, time.min))
        stop = tz.localize(datetime.combine(month + relativedelta(months=1, days=-1), time.max))
        # Shared by every user: read with the calendar's own rights.
        intervals = self.sudo()._work_intervals_batch(start, stop, tz=tz)[False]
        return tuple(sorted({interval[0].date() for interval in intervals}))
