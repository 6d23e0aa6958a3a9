from odoo import api, models


class SalesFollowupWorkingDaysMixin(models.AbstractModel):
    """Models that decide which days are working days: calendars, their
    working hours and their leaves. Changing them clears the working days
    cached per calendar and month (``resource.calendar._followup_month_working_days``),
    in every worker."""

    _name = "sales_followup.working.days.mixin"
    _description = "Sales Follow-up Working Days Cache"

    def _followup_sets_working_days(self):
        """Whether these records take part in the company's working days."""
        return bool(self)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._followup_sets_working_days():
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        before = self._followup_sets_working_days()
        res = super().write(vals)
        if before or self._followup_sets_working_days():
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        if self._followup_sets_working_days():
            self.env.registry.clear_cache()
        return super().unlink()
