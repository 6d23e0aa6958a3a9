from odoo import api, models


class SalesFollowupWorkingDaysMixin(models.AbstractModel):
    """Models that decide which days are working days: calendars, their
    working hours and their leaves. Changing them clears the working days
    cached per calendar and month (``resource.calendar._followup_month_working_days``),
    in every worker."""

    _name = "sales_followup.working.days.mixin"
    _description = "Sales Follow-up Working Days Cache"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
