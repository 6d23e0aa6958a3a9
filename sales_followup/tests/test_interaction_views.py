from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.sales_followup_interaction import SCORE_FIELDS
from .test_interaction import GOOD_SUMMARY, InteractionCommon

CSAT_ACTION = "sales_followup.sales_followup_interaction_action_csat"


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestInteractionDisplay(InteractionCommon):
    def _arch(self, model, view_type, view=None):
        view_id = self.env.ref(view).id if view else False
        return self.env[model].get_views([(view_id, view_type)])["views"][view_type]["arch"]

    def test_logged_late_is_a_badge(self):
        """ "Logged Late" reads as a badge on the contacts logged late, and
        nothing on the others, not as a button or a checkbox on every row."""
        late = self._log(date=datetime(2026, 4, 27, 7, 30))
        on_time = self._log(date=datetime(2026, 4, 27, 9, 0))
        self.assertEqual((late.logging_status, on_time.logging_status), ("late", False))
        labels = dict(self.Interaction._fields["logging_status"]._description_selection(self.env))
        self.assertEqual(labels["late"], "Logged Late")
        archs = {
            view_type: self._arch(self.Interaction._name, view_type)
            for view_type in ("list", "kanban", "form")
        }
        archs["customer timeline"] = self._arch("res.partner", "form")
        for where, arch in archs.items():
            with self.subTest(where=where):
                self.assertRegex(
                    arch,
                    r'<field name="logging_status"[^>]*widget="badge" decoration-warning="is_late"',
                )
                self.assertNotRegex(arch, r'<field name="is_late"(?![^>]*invisible)')
                self.assertNotIn("boolean_icon", arch)

    def test_satisfaction_averages_leave_unscored_out(self):
        """The CSAT dashboard averages 5, 5 and 4 to 4.67 (shown 4.7, one
        decimal); an aspect not asked, 0 or never written, is not a score."""
        self._log(kind="survey", satisfaction=5, satisfaction_quality=4, satisfaction_timeliness=5)
        self._log(kind="survey", satisfaction=5, satisfaction_quality=5, satisfaction_timeliness=0)
        self._log(kind="survey", satisfaction=4)
        self._log(summary=GOOD_SUMMARY)  # no score at all: not on the dashboard
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT DISTINCT satisfaction_timeliness FROM sales_followup_interaction "
            "WHERE partner_id = %s AND satisfaction > 0",
            [self.partner.id],
        )
        self.assertEqual({row[0] for row in self.env.cr.fetchall()}, {5, 0, None})
        action = self.env.ref(CSAT_ACTION)
        domain = [*safe_eval(action.domain), ("partner_id", "=", self.partner.id)]
        [totals] = self.Interaction.with_user(self.manager).read_group(
            domain, [f"{fname}:avg" for fname in SCORE_FIELDS], [], lazy=False
        )
        self.assertEqual(totals["__count"], 3)
        self.assertAlmostEqual(totals["satisfaction"], 14 / 3)
        self.assertEqual(totals["satisfaction_quality"], 4.5)
        self.assertEqual(totals["satisfaction_timeliness"], 5)
        self.assertFalse(totals["satisfaction_service"], "never asked: no average, not 0")
        # Averages are shown with one decimal wherever they are measured.
        views = {
            "pivot": "sales_followup.sales_followup_interaction_view_pivot_csat",
            "graph": "sales_followup.sales_followup_interaction_view_graph_csat",
        }
        for view_type, view in views.items():
            arch = self._arch(self.Interaction._name, view_type, view)
            measures = SCORE_FIELDS if view_type == "pivot" else ("satisfaction",)
            for fname in measures:
                self.assertRegex(
                    arch, rf'<field name="{fname}" type="measure" widget="followup_score"/>'
                )
        arch = self._arch(self.Interaction._name, "pivot")
        for fname in SCORE_FIELDS:
            self.assertRegex(arch, rf'<field name="{fname}"[^>]* widget="followup_score"/>')


@tagged("post_install", "-at_install")
class TestSatisfactionPivotTour(HttpCase):
    """The CSAT pivot as a manager sees it in the browser: averages with one
    decimal (static/tests/tours/csat_pivot_tour.js)."""

    def test_csat_pivot_shows_one_decimal(self):
        # A company of its own: the demo's interactions stay out of the averages.
        company = self.env["res.company"].create({"name": "CSAT Tour Co."})
        manager = new_test_user(
            self.env,
            login="sf_csat_manager",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="UTC",
        )
        customer = self.env["res.partner"].create({"name": "Jade Valves", "is_company": True})
        contact = fields.Datetime.now() - timedelta(hours=1)
        Interaction = self.env["sales_followup.interaction"].with_user(manager)
        for satisfaction, quality in ((5, 4), (5, 5), (4, 0)):
            Interaction.create(
                {
                    "partner_id": customer.id,
                    "date": contact,
                    "kind": "survey",
                    "summary": GOOD_SUMMARY,
                    "satisfaction": satisfaction,
                    "satisfaction_quality": quality,
                }
            )
        self.start_tour(
            f"/odoo/action-{CSAT_ACTION}", "sales_followup_csat_pivot", login=manager.login
        )
