import json

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

REFUSAL = "“{page}” is for {group}. Ask your manager for access if you need this page."


@tagged("post_install", "-at_install")
class TestRestrictedPages(HttpCase):
    """A page whose menus a user does not see, opened by its address, is
    refused at once with a sentence saying whom it is for, rather than
    drawn and ended by the model's access error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, "sf_page_rep", groups="sales_team.group_sale_salesman")
        cls.manager = new_test_user(
            cls.env, "sf_page_manager", groups="sales_team.group_sale_manager"
        )

    def _load(self, user, action):
        """What the web client gets when ``user`` opens ``action`` (an
        address as in /odoo/followup-tiers, or an XML id)."""
        self.authenticate(user.login, user.login)
        payload = {"jsonrpc": "2.0", "method": "call", "params": {"action_id": action}}
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/action/load",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        response.raise_for_status()
        return response.json()

    def test_rep_told_whom_a_page_is_for(self):
        """Monthly reports and the configuration are the managers': a rep
        opening them by their address is told so, in a sentence."""
        pages = {
            "followup-monthly-reports": "Monthly Reports",
            "followup-tiers": "Follow-up Tiers",
            "sales_followup.sales_followup_care_template_action": "Care Plan Templates",
        }
        for action, page in pages.items():
            with self.subTest(page=page):
                error = self._load(self.rep, action)["error"]["data"]
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                self.assertEqual(
                    error["message"], REFUSAL.format(page=page, group="Sales Follow-up / Manager")
                )
                self.assertEqual(self._load(self.manager, action)["result"]["name"], page)
        # The rep's own pages open as before; so do Overdue & Escalations,
        # where a team leader with his own documents only sees his team's.
        for action in ("my-followups", "followup-escalations"):
            result = self._load(self.rep, action)["result"]
            self.assertEqual(result["res_model"], "sales_followup.step")

    def test_other_actions_keep_odoo_behaviour(self):
        """Only the follow-up's own actions are refused: an action of another
        add-on (here one made in the database) loads whatever its groups."""
        managers = self.env.ref("sales_followup.group_followup_manager")
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "Someone Else's Page",
                "res_model": "res.partner",
                "groups_id": [Command.link(managers.id)],
            }
        )
        result = self._load(self.rep, action.id)["result"]
        self.assertEqual(result["name"], "Someone Else's Page")

    def test_rep_sees_the_sentence_in_the_browser(self):
        with mute_logger("odoo.http"):
            self.start_tour(
                "/odoo/followup-monthly-reports",
                "sales_followup_manager_page_refused",
                login=self.rep.login,
            )
