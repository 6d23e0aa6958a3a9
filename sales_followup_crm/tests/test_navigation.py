from odoo.tests import tagged

from odoo.addons.sales_followup.tests.test_navigation import TestReadmeMenuPaths


@tagged("post_install", "-at_install")
class TestReadmeMenuPathsWithCrm(TestReadmeMenuPaths):
    """The README's paths again with CRM (and the other bridges' apps, which
    the test run installs beside it): CRM › ... paths included."""

    # Odoo's loader runs only the methods a class defines, unless told.
    allow_inherited_tests_method = True
