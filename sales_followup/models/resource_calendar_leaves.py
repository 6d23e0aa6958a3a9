from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "sales_followup.working.days.mixin"]

    def _followup_sets_working_days(self):
        # Public holidays and company closures (no resource) do; a person's
        # time off does not, and must not clear every worker's cache.
        return any(not leave.resource_id for leave in self)
