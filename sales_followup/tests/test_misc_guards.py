from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import FollowupCommon
from .test_care_plan import CareCommon


@tagged("post_install", "-at_install")
class TestTierDeletion(FollowupCommon):
    def test_tier_in_use_not_deleted(self):
        """Deleting a tier would take it off its orders: refused, with archiving offered."""
        order = self._create_order(600_000, delivery=date(2026, 6, 1))
        order.action_confirm()
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertTrue(order.followup_step_ids)
        with self.assertRaisesRegex(UserError, r"Strategic Order \(\d+ orders\)\. Archive them"):
            self.tier_strategic.with_user(self.manager).unlink()
        self.assertTrue(self.tier_strategic.exists())
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertEqual(order.followup_step_ids.tier_id, self.tier_strategic)

    def test_tier_set_by_manager_not_deleted(self):
        tier = self.env["sales_followup.tier"].create(
            {"name": "Special", "code": "special", "min_amount": 10_000_000}
        )
        order = self._create_order(1_000)
        order.followup_tier_override_id = tier
        with self.assertRaisesRegex(UserError, "Special"):
            tier.with_user(self.manager).unlink()

    def test_unused_tier_deleted(self):
        tier = self.env["sales_followup.tier"].create(
            {"name": "Unused", "code": "unused", "min_amount": 10_000_000}
        )
        tier.with_user(self.manager).unlink()
        self.assertFalse(tier.exists())

    def test_archived_tier_not_given_to_new_orders(self):
        """An archived tier stays on its orders and is no longer given to new ones."""
        order = self._create_order(600_000)
        self.tier_strategic.with_user(self.manager).action_archive()
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        self.assertEqual(self._create_order(600_000).followup_tier_id, self.tier_key)


@tagged("post_install", "-at_install")
class TestCareTemplateDeletion(CareCommon):
    def test_template_in_use_not_deleted(self):
        """Deleting a template would take it off its plans: refused, archiving offered."""
        self._line("Call", "monthly")
        plan = self._plan(date(2026, 1, 5))
        with self.assertRaisesRegex(UserError, r"Test Care \(1 care plans\)\. Archive them"):
            self.template.with_user(self.manager).unlink()
        self.assertEqual(plan.template_id, self.template)
        self.assertTrue(self.template.line_ids)
        self.template.with_user(self.manager).action_archive()
        self.assertEqual(plan.template_id, self.template)

    def test_unused_template_deleted(self):
        self.template.with_user(self.manager).unlink()
        self.assertFalse(self.template.exists())


@tagged("post_install", "-at_install")
class TestTierWarning(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.idr = cls.env.ref("base.IDR")
        cls.idr.active = True
        cls.env["res.currency.rate"].search([("currency_id", "=", cls.idr.id)]).unlink()
        cls.idr_pricelist = cls.env["product.pricelist"].create(
            {"name": "IDR", "currency_id": cls.idr.id}
        )

    def _create_idr_order(self, amount):
        return self._create_order(
            amount,
            delivery=date(2026, 12, 20),
            pricelist_id=self.idr_pricelist.id,
            date_order=datetime(2026, 12, 3, 10, 0),
        )

    def test_negative_total_warned(self):
        order = self._create_order(-5_000, delivery=date(2026, 6, 1))
        self.assertFalse(order.followup_tier_id)
        self.assertIn("negative", order.followup_tier_warning)
        order.action_confirm()
        self.assertFalse(order.followup_step_ids)
        # A positive total: a tier and no warning.
        order.order_line.price_unit = 5_000
        self.assertEqual(order.followup_tier_id, self.tier_regular)
        self.assertFalse(order.followup_tier_warning)
        self.assertTrue(order.followup_step_ids)

    def test_missing_rate_warned_not_converted_at_one(self):
        """600,000 IDR without a rate: no tier, no plan, a warning, not Strategic."""
        self.assertNotEqual(self.company.currency_id, self.idr)
        order = self._create_idr_order(600_000)
        self.assertEqual(order.currency_id, self.idr)
        self.assertFalse(order.followup_tier_id)
        self.assertIn("No exchange rate for IDR", order.followup_tier_warning)
        self.assertIn("12/03/2026", order.followup_tier_warning)
        order.action_confirm()
        self.assertFalse(order.followup_step_ids)
        # A rate from after the order date does not help it.
        self.env["res.currency.rate"].create(
            {"currency_id": self.idr.id, "name": "2026-12-10", "rate": 16_000}
        )
        self.assertFalse(order.followup_tier_id)
        self.assertTrue(order.followup_tier_warning)
        # The rate of the order date arrives: the order is sized and planned.
        self.env["res.currency.rate"].create(
            {"currency_id": self.idr.id, "name": "2026-12-01", "rate": 16_000}
        )
        self.assertEqual(order.followup_tier_id, self.tier_regular)
        self.assertFalse(order.followup_tier_warning)
        self.assertTrue(order.followup_step_ids)

    def test_manager_tier_not_warned(self):
        order = self._create_idr_order(600_000)
        order.followup_tier_override_id = self.tier_key
        self.assertEqual(order.followup_tier_id, self.tier_key)
        self.assertFalse(order.followup_tier_warning)

    def test_warning_shown_on_order_form(self):
        arch = self.env["sale.order"].with_user(self.salesman).get_views([(False, "form")])
        form = arch["views"]["form"]["arch"]
        self.assertIn('name="followup_tier_warning"', form)


@tagged("post_install", "-at_install")
class TestFollowupFieldsForEmployees(FollowupCommon):
    """The customers' follow-up data is for the sales roles, not every employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo gives new employees the right to create contacts.
        cls.employee = new_test_user(
            cls.env, login="sf_employee", groups="base.group_user,base.group_partner_manager"
        )
        cls.partner.write(
            {
                "followup_customer_code": "C-0042",
                "followup_segment": "high_value",
                "followup_revenue_12m": 750_000,
                "followup_rfm_r": 5,
                "followup_rfm_f": 4,
                "followup_rfm_m": 5,
                "followup_health": "watch",
                "followup_company_size": "large",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": cls.partner.id}
        )
        cls.partner_fields = [
            fname for fname in cls.env["res.partner"]._fields if fname.startswith("followup_")
        ]

    def test_employee_reads_no_followup_data(self):
        customer = self.partner.with_user(self.employee)
        self.assertEqual(customer.read(["name"])[0]["name"], "Huaxin Manufacturing")
        for fname in self.partner_fields:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                customer.read([fname])
        self.assertFalse(set(self.partner_fields) & set(customer.fields_get()))
        Partner = self.env["res.partner"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Partner.read_group([], ["followup_revenue_12m:sum"], ["followup_segment"])
        with self.assertRaises(AccessError):
            Partner.search([("followup_segment", "=", "high_value")])
        # The sales roles read them.
        self.assertEqual(
            self.partner.with_user(self.salesman).read(["followup_revenue_12m"])[0][
                "followup_revenue_12m"
            ],
            750_000,
        )

    def test_employee_opens_and_edits_contacts(self):
        """The partner form and Odoo's contact flows work without the fields."""
        self.partner.followup_do_not_contact = True
        self.partner.followup_do_not_contact_reason = "Asked by phone"
        Partner = self.env["res.partner"].with_user(self.employee)
        arch = Partner.get_views([(False, "form"), (False, "list"), (False, "kanban")])
        for view in arch["views"].values():
            self.assertNotIn("followup_revenue_12m", view["arch"])
            self.assertNotIn("followup_do_not_contact", view["arch"])
        with Form(self.partner.with_user(self.employee)) as form:
            form.phone = "+86 21 5555 0100"
        with Form(Partner) as form:
            form.name = "Li Na"
            form.parent_id = self.partner
        contact = form.record
        self.assertEqual(contact.parent_id, self.partner)
        # The company's do not contact still reaches its new contact.
        self.assertTrue(contact.sudo().followup_do_not_contact)
        copy = self.contact.with_user(self.employee).copy()
        self.assertEqual(copy.parent_id, self.partner)

    def test_masking_for_employee(self):
        """Codes and masked names still shown to an employee (read in sudo there)."""
        contact = self.contact.with_user(self.employee)
        self.assertEqual(
            contact.with_context(followup_mask_names=True).display_name,
            "Huaxin Manufacturing, Zhang*",
        )
        self.assertEqual(
            contact.with_context(followup_customer_codes=True).display_name, "C-0042, Zhang*"
        )
        self.assertEqual(
            self.partner.with_user(self.employee)
            .with_context(followup_customer_codes=True)
            .display_name,
            "C-0042",
        )

    def test_order_saved_by_user_without_sales_role(self):
        """An invoicing user (write access on orders) marks a confirmed order
        delivered: its plan still follows, from the customer's data read in sudo."""
        accountant = new_test_user(
            self.env, login="sf_accountant", groups="account.group_account_invoice"
        )
        order = self._create_order(50_000, delivery=date(2026, 6, 1))
        order.action_confirm()
        self.assertFalse(self._steps(order, "satisfaction"))
        order.with_user(accountant).action_followup_mark_delivered()
        self.assertTrue(self._steps(order, "satisfaction"))
