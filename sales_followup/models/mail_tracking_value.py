from odoo import api, models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    @api.model
    def _create_tracking_values(self, initial_value, new_value, col_name, col_info, record):
        """A change of customer or contact on the module's records is kept in
        their chatter, which everyone who reads the record reads: people's
        names are written masked, whoever makes the change."""
        values = super()._create_tracking_values(
            initial_value, new_value, col_name, col_info, record
        )
        field = record._fields.get(col_name)
        if (
            field
            and field.relational
            and field.comodel_name == "res.partner"
            and isinstance(record, self.pool["sales_followup.privacy.mixin"])
        ):
            values["old_value_char"] = _text_names(initial_value)
            values["new_value_char"] = _text_names(new_value)
        return values


def _text_names(partners):
    return ", ".join(partner._followup_text_name() for partner in partners or ())
