import json
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from odoo.addons.sales_followup.tests import test_ui_navigation
from odoo.addons.sales_followup.tests.test_navigation import TestReadmeMenuPaths

TOUR = Path(get_module_path("sales_followup_crm")) / "static/tests/tours/menu_paths_tour.js"


@tagged("post_install", "-at_install")
class TestReadmeMenuPathsWithCrm(TestReadmeMenuPaths):
    """The README's paths again with CRM (and the other bridges' apps, which
    the test run installs beside it): CRM › ... paths included."""

    # Odoo's loader runs only the methods a class defines, unless told.
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestCrmMenuTour(HttpCase):
    """The README's CRM paths, clicked through the menus (menu_paths_tour.js)."""

    def test_tour_covers_the_readme_crm_paths(self):
        tour_paths = {
            tuple(json.loads(match.group()))
            for match in test_ui_navigation.TOUR_PATH_RE.finditer(TOUR.read_text())
        }
        crm_paths = {path for path in TestReadmeMenuPaths._readme_paths(self) if path[0] == "CRM"}
        self.assertTrue(crm_paths)
        for path in sorted(crm_paths):
            with self.subTest(path=" › ".join(path)):
                self.assertTrue(any(tour[: len(path)] == path for tour in tour_paths))

    def test_admin_reaches_the_crm_paths(self):
        self.start_tour("/odoo", "sales_followup_crm_menus", login="admin")
