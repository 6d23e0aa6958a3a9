from odoo.tests import new_test_user

from odoo.addons.sales_followup.tests.common import FollowupCommon

GOOD_SUMMARY = "The dean confirmed forty workstations and a budget decision on 20 January."


class LeadCommon(FollowupCommon):
    """Leads of the follow-up team (led by ``leader``), on the UTC calendar
    of FollowupCommon (Monday to Friday)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = new_test_user(
            cls.env,
            login="sf_senior",
            groups="sales_team.group_sale_salesman,"
            "sales_followup_crm.group_followup_senior_salesperson",
            tz="UTC",
        )
        cls.source_owner = new_test_user(
            cls.env, login="sf_source_owner", groups="sales_team.group_sale_salesman", tz="UTC"
        )
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team.id, "user_id": user.id}
                for user in (cls.salesman, cls.salesman_2, cls.senior)
            ]
        )
        cls.Lead = cls.env["crm.lead"]
        cls.Step = cls.env["sales_followup.step"]
        cls.Interaction = cls.env["sales_followup.interaction"]

    @classmethod
    def _lead(cls, grade=None, user=None, **values):
        vals = {
            "name": "Lab workstations",
            "type": "opportunity",
            "partner_id": cls.partner.id,
            "team_id": cls.team.id,
            "user_id": (user or cls.salesman).id,
            **values,
        }
        if grade:
            vals.update(
                followup_grade=grade,
                followup_grade_reason="Need, budget and decision chain checked on the call.",
            )
        return cls.Lead.create(vals)

    def _lead_steps(self, lead, kind=None, states=("planned", "overdue")):
        steps = lead.followup_step_ids.filtered(lambda step: step.state in states)
        if kind:
            steps = steps.filtered(lambda step: step.kind == kind)
        return steps.sorted("date_due")

    def _log(self, lead, user=None, **values):
        values = {
            "partner_id": lead.partner_id.id,
            "lead_id": lead.id,
            "summary": GOOD_SUMMARY,
            **values,
        }
        return self.Interaction.with_user(user or self.salesman).create(values)
