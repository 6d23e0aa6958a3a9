from odoo import models
from odoo.exceptions import AccessError

from ..tools.masking import CUSTOMER_CODES, MASK_NAMES

EXPORT_GROUPS = "sales_followup.group_followup_manager,sales_followup.group_followup_personal_data"


class SalesFollowupPrivacyMixin(models.AbstractModel):
    """What every model holding customer follow-up data shares: who may take
    it out of Odoo, and how names look when it leaves.

    A model joins with ``_inherit = [..., "sales_followup.privacy.mixin"]``,
    plus its access lines and record rules (see README, "Who sees what").
    """

    _name = "sales_followup.privacy.mixin"
    _description = "Sales Follow-up Privacy"

    def export_data(self, fields_to_export):
        """Export (the list view's Export, /web/export, RPC) is for managers
        and personal-data officers only; for anyone but the latter, people's
        names are masked and customers shown by their code."""
        self._followup_check_export()
        records = self
        if not self.env["res.partner"]._followup_sees_personal_data():
            records = self.with_context(**{MASK_NAMES: True, CUSTOMER_CODES: True})
        return super(SalesFollowupPrivacyMixin, records).export_data(fields_to_export)

    def _followup_check_export(self):
        if self.env.su or self.env.user.has_groups(EXPORT_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only sales follow-up managers and personal data officers may export "
                "%(records)s: ask your sales manager for the report you need.",
                records=self.env["ir.model"].sudo()._get(self._name).name,
            )
        )
