from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Follow-up users land on My Follow-ups (a preference) rather than
        Discuss."""
        result = super().session_info()
        if result.get("uid") and not result.get("home_action_id"):
            action = self.env.user._followup_home_action()
            result["home_action_id"] = action.id or False
        return result
