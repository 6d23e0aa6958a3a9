from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import LeadCommon

# Who may read (r), search (s), write (w) and delete (u) the follow-up data
# (steps, interactions) of rep A's lead "a" and rep B's lead "b": the
# bridge's own matrix, beside sales_followup's (tests/access_matrix.py).
LEAD_MATRIX = {
    "rep_a": {"a": "rsw", "b": ""},
    "rep_b": {"a": "", "b": "rsw"},
    # The leader of rep A's team, with only his own documents in Sales: the
    # follow-up of his members, as sales_followup gives him.
    "leader_a": {"a": "rsw", "b": ""},
    "all_documents": {"a": "rsw", "b": "rsw"},
    "manager": {"a": "rswu", "b": "rswu"},
}


class LeadAccessCommon(LeadCommon):
    """Rep A's lead "a" in team A (led by leader_a), rep B's lead "b" in
    team B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "sales_team.group_sale_salesman"
        cls.users = {
            "rep_a": new_test_user(cls.env, login="la_rep_a", groups=groups, tz="UTC"),
            "rep_b": new_test_user(cls.env, login="la_rep_b", groups=groups, tz="UTC"),
            "leader_a": new_test_user(cls.env, login="la_leader_a", groups=groups, tz="UTC"),
            "all_documents": cls.leader,
            "manager": cls.manager,
        }
        team_a = cls.env["crm.team"].create({"name": "Team A", "user_id": cls.users["leader_a"].id})
        team_b = cls.env["crm.team"].create({"name": "Team B"})
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": team_a.id, "user_id": cls.users["rep_a"].id},
                {"crm_team_id": team_b.id, "user_id": cls.users["rep_b"].id},
            ]
        )
        cls.leads = {
            "a": cls._lead("b", user=cls.users["rep_a"], team_id=team_a.id),
            "b": cls._lead("b", user=cls.users["rep_b"], team_id=team_b.id),
        }

    def _records(self, key):
        lead = self.leads[key]
        interaction = self.Interaction.with_user(lead.user_id).create(
            {
                "partner_id": lead.partner_id.id,
                "lead_id": lead.id,
                "summary": "Confirmed the lab plan and the visit on Thursday.",
                "date": datetime(2026, 1, 12, 8),
            }
        )
        return self._lead_steps(lead)[:1], interaction


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12 09:00:00")
class TestLeadAccess(LeadAccessCommon):
    def test_matrix(self):
        records = {key: self._records(key) for key in self.leads}
        for role, cells in LEAD_MATRIX.items():
            user = self.users[role]
            for key, allowed in cells.items():
                for record in records[key]:
                    as_user = record.with_user(user)
                    with self.subTest(role=role, record=record, op="read"):
                        if "r" in allowed:
                            as_user.read(["display_name"])
                        else:
                            with self.assertRaises(AccessError):
                                as_user.read(["display_name"])
                    with self.subTest(role=role, record=record, op="search"):
                        found = as_user.search([("id", "=", record.id)])
                        self.assertEqual(bool(found), "s" in allowed)
                    with (
                        self.subTest(role=role, record=record, op="write"),
                        self.env.cr.savepoint(),
                    ):
                        field = (
                            "topic" if record._name == "sales_followup.step" else "customer_request"
                        )
                        if "w" in allowed:
                            as_user.write({field: "Bring the lab layout on Thursday."})
                        else:
                            with self.assertRaises(AccessError):
                                as_user.write({field: "Bring the lab layout on Thursday."})
                    with (
                        self.subTest(role=role, record=record, op="unlink"),
                        self.env.cr.savepoint(),
                    ):
                        if "u" in allowed:
                            as_user.unlink()
                        else:
                            with self.assertRaises(AccessError):
                                as_user.unlink()


@tagged("post_install", "-at_install")
class TestLeadAccessRpc(LeadAccessCommon, HttpCase):
    """The same rules through the web client's JSON-RPC, as a rep calls them."""

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_rep_sees_and_links_only_his_leads(self):
        (step_a, log_a), (step_b, log_b) = self._records("a"), self._records("b")
        lead_a, lead_b = self.leads["a"], self.leads["b"]
        self.authenticate("la_rep_a", "la_rep_a")
        domain = [("lead_id", "in", [lead_a.id, lead_b.id])]
        steps = self._call("sales_followup.step", "search_read", domain, fields=["lead_id"])
        self.assertEqual({row["id"] for row in steps}, set(lead_a.followup_step_ids.ids))
        logs = self._call("sales_followup.interaction", "search_read", domain, fields=["lead_id"])
        self.assertEqual([row["id"] for row in logs], log_a.ids)
        for other in (step_b, log_b):
            with (
                self.subTest(model=other._name),
                self.assertRaisesRegex(JsonRpcException, "AccessError"),
            ):
                self._call(other._name, "read", other.ids, ["display_name"])
        # Pointing his own log at rep B's lead is refused, and nothing moves.
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("sales_followup.interaction", "write", log_a.ids, {"lead_id": lead_b.id})
        self.assertEqual(log_a.lead_id, lead_a)
        self.assertTrue(step_a)
