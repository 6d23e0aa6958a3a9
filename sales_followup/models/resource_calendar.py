import bisect
from datetime import datetime, time, timedelta

from pytz import timezone

from odoo import models


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
    _inherit = "resource.calendar"

    def _followup_working_days(self, date_from, date_to):
        """Working days between two dates, public holidays excluded."""
        if not self:
            dates = [
                date_from + timedelta(days=offset)
                for offset in range((date_to - date_from).days + 1)
            ]
            return WorkingDays([day for day in dates if day.weekday() < 5], date_from, date_to)
        self.ensure_one()
        tz = timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        stop = tz.localize(datetime.combine(date_to, time.max))
        intervals = self._work_intervals_batch(start, stop, tz=tz)[False]
        return WorkingDays({interval[0].date() for interval in intervals}, date_from, date_to)
