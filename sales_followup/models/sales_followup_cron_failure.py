from datetime import timedelta

from odoo import api, fields, models


class SalesFollowupCronFailure(models.Model):
    """A record a scheduled action of the add-on failed on: the run skips it
    from then on, the next run tries it again (``ir.cron._followup_process``).
    Kept a month for the administrator, who reads the error here."""

    _name = "sales_followup.cron.failure"
    _description = "Follow-up Scheduled Action Failure"
    _order = "id desc"
    _rec_name = "cron_id"

    cron_id = fields.Many2one(
        "ir.cron", string="Scheduled Action", required=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True)
    error = fields.Text(help="The error and where it was raised.")

    @api.autovacuum
    def _gc_followup_cron_failures(self):
        """Failures older than a month: their records were tried again since."""
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=30))]).unlink()
