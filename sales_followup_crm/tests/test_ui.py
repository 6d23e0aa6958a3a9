from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import LeadCommon


@tagged("post_install", "-at_install")
class TestLeadTour(LeadCommon, HttpCase):
    """The leader grades a lead, the rep logs the first call (a real browser,
    on today's date: the browser's clock is not frozen)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader.name = "Wang Lei"
        cls.lead = cls._lead(name="Lab workstations for Hangzhou Polytechnic")

    def _url(self):
        return f"/odoo/action-crm.crm_lead_action_pipeline/{self.lead.id}"

    def test_leader_grades_and_rep_logs_first_call(self):
        self.start_tour(self._url(), "sales_followup_crm_leader_grades", login=self.leader.login)
        self.assertEqual(self.lead.followup_grade, "a")
        self.assertEqual(self.lead.followup_graded_by_id, self.leader)
        first = self._lead_steps(self.lead, "first_contact")
        self.start_tour(self._url(), "sales_followup_crm_rep_first_call", login=self.salesman.login)
        self.assertEqual(first.state, "done")
        self.assertEqual(first.interaction_id.user_id, self.salesman)

    def test_rpc_grading_and_other_reps_leads(self):
        """Over XML-RPC as in any client: a rep cannot grade, and does not
        see another rep's lead steps."""
        other = self._lead("b", user=self.salesman_2)

        def call(user, model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
            )

        with self.assertRaises(Fault) as error:
            call(
                self.salesman,
                "crm.lead",
                "write",
                [self.lead.id],
                {"followup_grade": "a", "followup_grade_reason": "Budget approved."},
            )
        self.assertIn("may grade a lead", error.exception.faultString)
        self.assertFalse(self.lead.followup_grade)
        found = call(
            self.salesman,
            "sales_followup.step",
            "search_read",
            [("lead_id", "in", [self.lead.id, other.id])],
            fields=["lead_id"],
        )
        self.assertEqual({row["lead_id"][0] for row in found}, {self.lead.id})
