from odoo.fields import Command
from odoo.tests import new_test_user

from .common import FollowupCommon

SUMMARY = "Customer confirmed delivery to building 3 on 17 March."


class PrivacyCommon(FollowupCommon):
    """Two reps in two teams, a team leader who only has "own documents",
    a personal-data officer, portal and public users, a second company, and
    for each rep a customer (with a contact person), a confirmed order with
    its plan and an interaction; the same in the second company.

    Rep A (``salesman``) is in team A, led by ``team_leader``; rep B
    (``salesman_2``) is in team B. ``leader`` has "all documents",
    ``manager`` is a sales manager of the first company only.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_a, cls.rep_b = cls.salesman, cls.salesman_2
        cls.team_leader = new_test_user(
            cls.env,
            login="sf_team_leader",
            groups="sales_team.group_sale_salesman",
            tz="UTC",
        )
        cls.team_a = cls.env["crm.team"].create(
            {
                "name": "Team A",
                "user_id": cls.team_leader.id,
                "member_ids": [Command.link(cls.rep_a.id)],
            }
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Team B", "member_ids": [Command.link(cls.rep_b.id)]}
        )
        cls.officer = new_test_user(
            cls.env,
            login="sf_officer",
            groups="sales_team.group_sale_salesman,sales_followup.group_followup_personal_data",
            tz="UTC",
        )
        cls.portal_user = new_test_user(cls.env, login="sf_portal", groups="base.group_portal")
        cls.public_user = new_test_user(cls.env, login="sf_public", groups="base.group_public")

        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Customer A Machinery", "is_company": True, "user_id": cls.rep_a.id}
        )
        cls.contact_a = Partner.create({"name": "Zhang Wei", "parent_id": cls.customer_a.id})
        cls.customer_b = Partner.create(
            {"name": "Customer B Textiles", "is_company": True, "user_id": cls.rep_b.id}
        )
        cls.contact_b = Partner.create({"name": "李四", "parent_id": cls.customer_b.id})

        cls.order_a = cls._confirmed_order(cls.customer_a, cls.rep_a, cls.team_a)
        cls.order_b = cls._confirmed_order(cls.customer_b, cls.rep_b, cls.team_b)
        cls.step_a = cls.order_a.followup_step_ids[:1]
        cls.step_b = cls.order_b.followup_step_ids[:1]
        Interaction = cls.env["sales_followup.interaction"]
        cls.interaction_a = Interaction.with_user(cls.rep_a).create(
            {
                "order_id": cls.order_a.id,
                "summary": SUMMARY,
                "participant_contact_ids": [Command.link(cls.contact_a.id)],
            }
        )
        cls.interaction_b = Interaction.with_user(cls.rep_b).create(
            {
                "order_id": cls.order_b.id,
                "summary": SUMMARY,
                "participant_contact_ids": [Command.link(cls.contact_b.id)],
            }
        )

        cls.company_2 = cls.env["res.company"].create({"name": "Follow-up Company 2"})
        cls.customer_2 = Partner.create(
            {"name": "Customer of Company 2", "is_company": True, "company_id": cls.company_2.id}
        )
        cls.order_2 = cls._confirmed_order(cls.customer_2, cls.env.user, False, cls.company_2)
        cls.step_2 = cls.order_2.followup_step_ids[:1]
        cls.interaction_2 = Interaction.with_company(cls.company_2).create(
            {"order_id": cls.order_2.id, "summary": SUMMARY}
        )
        cls.tier_2 = cls.env["sales_followup.tier"].search(
            [("company_id", "=", cls.company_2.id)], limit=1
        )

        # Customer care: a plan with one action per customer.
        cls.care_plan_a, cls.care_action_a = cls._care_plan(cls.customer_a, cls.rep_a)
        cls.care_plan_b, cls.care_action_b = cls._care_plan(cls.customer_b, cls.rep_b)
        cls.care_plan_2, cls.care_action_2 = cls._care_plan(
            cls.customer_2, cls.env.user, cls.company_2
        )
        cls.care_template = cls.env.ref("sales_followup.care_template_new")
        cls.care_template_line = cls.care_template.line_ids[:1]
        cls.care_template_2 = cls.env["sales_followup.care.template"].create(
            {
                "name": "Company 2 Care",
                "segment": "new",
                "company_id": cls.company_2.id,
                "line_ids": [Command.create({"name": "Welcome call", "channel": "phone"})],
            }
        )
        cls.care_template_line_2 = cls.care_template_2.line_ids

        # A complaint of each customer, registered by its rep.
        Complaint = cls.env["sales_followup.complaint"]
        cls.complaint_a = Complaint.with_user(cls.rep_a).create(
            {
                "partner_id": cls.customer_a.id,
                "order_id": cls.order_a.id,
                "category": "service_behaviour",
                "description": "The driver was rude at the gate.",
            }
        )
        cls.complaint_b = Complaint.with_user(cls.rep_b).create(
            {
                "partner_id": cls.customer_b.id,
                "order_id": cls.order_b.id,
                "category": "product_quality",
                "description": "Two housings cracked.",
            }
        )
        cls.complaint_2 = Complaint.with_company(cls.company_2).create(
            {
                "partner_id": cls.customer_2.id,
                "category": "product_quality",
                "description": "Two housings cracked.",
            }
        )

        # Monthly reports of each company (records only, not generated).
        Report = cls.env["sales_followup.monthly.report"]
        cls.report = Report.create({"company_id": cls.company.id, "date_from": "2026-03-01"})
        cls.report_2 = Report.create({"company_id": cls.company_2.id, "date_from": "2026-03-01"})

    @classmethod
    def _confirmed_order(cls, customer, user, team, company=None):
        """A confirmed key-tier order (150,000), so that it has a plan."""
        company = company or cls.company
        order = cls._create_order(
            150_000,
            partner=customer,
            user_id=user.id,
            team_id=team and team.id,
            company_id=company.id,
        )
        order.with_company(company).action_confirm()
        assert order.followup_step_ids, "the confirmed order has no follow-up plan"
        return order

    @classmethod
    def _care_plan(cls, customer, user, company=None):
        company = company or cls.company
        plan = cls.env["sales_followup.care.plan"].create(
            {
                "partner_id": customer.id,
                "segment": "returning",
                "user_id": user.id,
                "company_id": company.id,
            }
        )
        action = cls.env["sales_followup.care.action"].create(
            {
                "plan_id": plan.id,
                "name": "Quarterly care call",
                "date_planned": "2026-06-01",
                "user_id": user.id,
            }
        )
        return plan, action
