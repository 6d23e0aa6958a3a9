import re
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 10:00:00")
class TestCustomerCode(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_2 = cls.env["res.partner"].create(
            {"name": "Blue Lake Foods", "is_company": True}
        )
        cls.company_2 = cls.env["res.company"].create({"name": "Follow-up HK"})

    def _confirm(self, partner, company=None, contact=None):
        company = company or self.company
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": (contact or partner).id,
                    "company_id": company.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 1000})],
                }
            )
        )
        order.action_confirm()
        return order

    def test_code_on_first_confirmed_order(self):
        self.assertFalse(self.partner.followup_customer_code)
        quotation = self._create_order(1000)
        self.assertFalse(self.partner.followup_customer_code, "Quotations give no code")
        quotation.action_confirm()
        code = self.partner.followup_customer_code
        self.assertRegex(code, r"^C20260301\d{4}$")
        self.assertEqual(self.partner.followup_cooperation_date, date(2026, 3, 1))
        # The next orders keep the code; an order placed by a contact of the
        # company codes the company, not the contact.
        contact = self.env["res.partner"].create(
            {"name": "Purchasing", "parent_id": self.partner.id}
        )
        with freeze_time("2026-04-02 10:00:00"):
            self._confirm(self.partner, contact=contact)
        self.assertEqual(self.partner.followup_customer_code, code)
        self.assertFalse(contact.followup_customer_code)
        self.assertEqual(self.partner.followup_cooperation_date, date(2026, 3, 1))
        # Another customer gets the next number.
        self._confirm(self.partner_2)
        number = int(code[-4:])
        self.assertEqual(self.partner_2.followup_customer_code, f"C20260301{number + 1:04d}")

    def test_codes_never_collide_across_companies(self):
        """Each company draws from its own sequence; a code another company's
        sequence already gave is skipped."""
        self._confirm(self.partner)
        code = self.partner.followup_customer_code
        sequence_2 = self.company_2._followup_customer_sequence()
        self.assertEqual(sequence_2.company_id, self.company_2)
        self.assertEqual(sequence_2.prefix, "C%(year)s%(month)s%(day)s")
        # Company 2's sequence is about to draw the very same code.
        sequence_2.number_next_actual = int(code[-4:])
        self._confirm(self.partner_2, company=self.company_2)
        code_2 = self.partner_2.followup_customer_code
        self.assertTrue(re.match(r"^C20260301\d{4}$", code_2), code_2)
        self.assertNotEqual(code_2, code)
        self.assertEqual(code_2, f"C20260301{int(code[-4:]) + 1:04d}")
        # The order's company decides the sequence: the main one did not move.
        self.assertEqual(
            self.company._followup_customer_sequence().number_next_actual,
            int(code[-4:]) + 1,
        )
        # Shared customers keep their first code whatever company sells next.
        self._confirm(self.partner, company=self.company_2)
        self.assertEqual(self.partner.followup_customer_code, code)

    def test_code_after_a_busy_day_of_another_company(self):
        """A new company's sequence starts at 1 while the main company drew
        more codes that day than the draws allowed per customer: it moves past
        them instead of failing the confirmation."""
        customers = self.env["res.partner"].create(
            [{"name": f"Busy Day {index}", "is_company": True} for index in range(30)]
        )
        customers._followup_assign_customer_code(self.company)
        codes = sorted(customers.mapped("followup_customer_code"))
        self.assertEqual(len(set(codes)), 30)
        # Company 2's sequence is about to draw the first of them.
        self.company_2._followup_customer_sequence().number_next_actual = int(codes[0][-4:])
        self._confirm(self.partner_2, company=self.company_2)
        code_2 = self.partner_2.followup_customer_code
        self.assertTrue(re.match(r"^C20260301\d{4}$", code_2), code_2)
        self.assertNotIn(code_2, codes)
        self.assertEqual(code_2, f"C20260301{int(codes[-1][-4:]) + 1:04d}")

    @mute_logger("odoo.sql_db")
    def test_code_unique(self):
        self._confirm(self.partner)
        with self.assertRaises(IntegrityError):
            self.partner_2.followup_customer_code = self.partner.followup_customer_code
            self.env.flush_all()

    def test_code_on_demand_and_for_earlier_customers(self):
        """A prospect gets a code from a button; customers from before the
        module get theirs at the first segmentation."""
        self.partner.action_followup_assign_code()
        self.assertRegex(self.partner.followup_customer_code, r"^C20260301\d{4}$")
        order = self._confirm(self.partner_2)
        self.partner_2.followup_customer_code = False
        self.partner_2.followup_cooperation_date = False
        self.env["sales_followup.customer.stats"]._followup_update(self.partner_2, order.company_id)
        self.assertRegex(self.partner_2.followup_customer_code, r"^C20260301\d{4}$")
        self.assertEqual(self.partner_2.followup_cooperation_date, date(2026, 3, 1))
