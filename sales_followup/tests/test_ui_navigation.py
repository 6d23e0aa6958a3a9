import json
import re
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged

from . import test_navigation
from .common import FollowupCommon

TOUR = Path(get_module_path("sales_followup")) / "static/tests/tours/menu_paths_tour.js"
# A path in the tour: an array of double-quoted strings.
TOUR_PATH_RE = re.compile(r'\[\s*"[^"\]]+"(?:\s*,\s*"[^"\]]+")+\s*,?\s*\]')
# README paths the tour leaves to others: CRM's belong to the CRM bridge's tests.
OTHER_APPS = {"CRM"}


@tagged("post_install", "-at_install")
class TestMenuTours(FollowupCommon, HttpCase):
    """A Sales user finds quotations, orders and every menu the README names
    by clicking through the menus (tours in menu_paths_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="sf_menu_rep",
            name="Lin Wei",
            groups="sales_team.group_sale_salesman,sales_followup.group_followup_user",
            tz="UTC",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Pearl River Foods", "is_company": True, "user_id": cls.rep.id}
        )
        today = fields.Date.context_today(cls.rep)
        cls.quotation = cls._create_order(
            20_000, today + timedelta(days=30), partner=cls.customer, user_id=cls.rep.id
        )
        cls.order = cls._create_order(
            20_000, today + timedelta(days=30), partner=cls.customer, user_id=cls.rep.id
        )
        cls.order.action_confirm()

    def test_tours_cover_the_readme_paths(self):
        """Every menu path of the README is clicked by a tour (or begins one)."""
        tour_paths = {
            tuple(json.loads(match.group())) for match in TOUR_PATH_RE.finditer(TOUR.read_text())
        }
        self.assertIn(("Sales", "Orders", "Quotations"), tour_paths)
        readme_paths = test_navigation.TestReadmeMenuPaths._readme_paths(self)
        self.assertIn(("Sales", "Follow-ups", "Monthly Reports"), readme_paths)
        for path in sorted(readme_paths):
            if path[0] in OTHER_APPS:
                continue
            with self.subTest(path=" › ".join(path)):
                self.assertTrue(
                    any(tour_path[: len(path)] == path for tour_path in tour_paths),
                    "no tour clicks through this path",
                )

    def test_rep_reaches_orders_and_followups(self):
        # Some thirty pages, each opened from the menus.
        self.start_tour("/odoo", "sales_followup_menus_rep", login=self.rep.login, timeout=180)

    def test_admin_reaches_settings_and_configuration(self):
        self.start_tour("/odoo?debug=1", "sales_followup_menus_admin", login="admin", timeout=180)
