from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import LeadCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-09 10:00:00")
class TestAssignment(LeadCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.education = cls.env.ref("base.res_partner_industry_P")
        cls.school = cls.env["res.partner"].create(
            {"name": "Hangzhou Polytechnic", "is_company": True, "industry_id": cls.education.id}
        )
        cls.east = cls.env["crm.team"].create(
            {
                "name": "East China",
                "user_id": cls.leader.id,
                "assignment_domain": str(
                    [
                        (
                            "state_id",
                            "in",
                            [
                                cls.env.ref(f"base.state_cn_{code}").id
                                for code in ("SH", "JS", "ZJ")
                            ],
                        )
                    ]
                ),
            }
        )
        cls.north = cls.env["crm.team"].create(
            {
                "name": "North China",
                "assignment_domain": str([("state_id", "=", cls.env.ref("base.state_cn_BJ").id)]),
            }
        )
        cls.env["crm.team.member"].create(
            [
                {
                    "crm_team_id": cls.east.id,
                    "user_id": cls.salesman.id,
                    "assignment_max": 300,
                    "assignment_domain": f"[('partner_id.industry_id', '=', {cls.education.id})]",
                },
                {
                    "crm_team_id": cls.east.id,
                    "user_id": cls.salesman_2.id,
                    "assignment_max": 300,
                    "assignment_domain": f"[('partner_id.industry_id', '!=', {cls.education.id})]",
                },
                {
                    "crm_team_id": cls.north.id,
                    "user_id": cls.source_owner.id,
                    "assignment_max": 300,
                },
            ]
        )

    def _new_lead(self, partner, state_xmlid):
        return self.Lead.create(
            {
                "name": f"Enquiry from {partner.name}",
                "partner_id": partner.id,
                "state_id": self.env.ref(state_xmlid).id,
                "team_id": False,
                "user_id": False,
            }
        )

    def test_assignment_by_region_and_industry(self):
        school = self._new_lead(self.school, "base.state_cn_ZJ")
        factory = self._new_lead(self.partner, "base.state_cn_SH")
        beijing = self._new_lead(self.partner, "base.state_cn_BJ")
        (self.east | self.north)._action_assign_leads(force_quota=True)
        self.assertEqual((school.team_id, school.user_id), (self.east, self.salesman))
        self.assertEqual((factory.team_id, factory.user_id), (self.east, self.salesman_2))
        self.assertEqual((beijing.team_id, beijing.user_id), (self.north, self.source_owner))
        # Assigned by the rules: each gets its plan, for its assignee.
        for lead in school | factory | beijing:
            steps = self._lead_steps(lead, "first_contact")
            self.assertEqual(steps.user_id, lead.user_id)
            self.assertEqual(steps.date_due, date(2026, 1, 13))

    def test_key_lead_goes_to_team_leader(self):
        self.team.followup_key_lead_amount = 100000
        small = self._lead(expected_revenue=50000)
        key = self._lead(expected_revenue=200000)
        values = {"followup_grade": "a", "followup_grade_reason": "Budget signed by the CFO."}
        (small | key).with_user(self.senior).write(values)
        self.assertEqual(small.user_id, self.salesman)
        self.assertEqual(key.user_id, self.leader)
        self.assertEqual(self._lead_steps(key).user_id, self.leader)


@tagged("post_install", "-at_install")
@freeze_time("2026-01-09 10:00:00")
class TestHandover(LeadCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.after_sales = new_test_user(
            cls.env, login="sf_after_sales", groups="sales_team.group_sale_salesman", tz="UTC"
        )
        cls.handover_type = cls.env.ref("sales_followup_crm.mail_activity_type_handover")

    def _confirm_quotation(self, lead):
        order = self._create_order(1000, opportunity_id=lead.id)
        order.with_user(self.salesman).action_confirm()
        return order

    def _handover(self, order):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("activity_type_id", "=", self.handover_type.id),
            ]
        )

    def test_handover_to_configured_owner_within_24_hours(self):
        self.team.followup_handover_user_id = self.after_sales
        lead = self._lead("a", followup_need="Forty workstations, a data report on the 5th.")
        order = self._confirm_quotation(lead)
        handover = self._handover(order)
        self.assertEqual(handover.user_id, self.after_sales)
        # Friday 10:00 + 24 hours on working days: Monday.
        self.assertEqual(handover.date_deadline, date(2026, 1, 12))
        self.assertIn("data report on the 5th", handover.note)
        # The lead is won: its plan is closed.
        self.assertTrue(lead.stage_id.is_won)
        self.assertFalse(self._lead_steps(lead))

    def test_handover_falls_back_to_team_leader(self):
        lead = self._lead("b")
        self.assertEqual(self._handover(self._confirm_quotation(lead)).user_id, self.leader)
