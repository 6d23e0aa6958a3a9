from odoo import models
from odoo.exceptions import AccessError
from odoo.tools.i18n import format_list


class IrActionsActWindow(models.Model):
    _inherit = "ir.actions.act_window"

    def _get_action_dict(self):
        """Refuse the follow-up's pages restricted to some groups (as their
        menus are) to other users, saying whom they are for.

        Odoo 18 uses an action's groups to hide it from the Action menu only:
        opened by its address (/odoo/followup-monthly-reports), a page the
        user's menus do not show would open anyway and end on the model's raw
        access error, or show a manager's page to a rep."""
        self.ensure_one()
        groups = self.sudo().groups_id
        if groups and not groups & self.env.user.groups_id and self._followup_is_own():
            raise AccessError(
                self.env._(
                    "“%(page)s” is for %(groups)s. Ask your manager for access "
                    "if you need this page.",
                    page=self.sudo().name,
                    groups=format_list(self.env, groups.mapped("full_name"), style="or"),
                )
            )
        return super()._get_action_dict()

    def _followup_is_own(self):
        """Whether the follow-up add-ons define this action: other add-ons'
        actions keep Odoo's behaviour."""
        xmlid = self.sudo().get_external_id().get(self.id, "")
        return xmlid.partition(".")[0].startswith("sales_followup")
