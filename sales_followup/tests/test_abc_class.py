from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_care_plan import CareCommon
from .test_segment import SegmentCommon


@tagged("post_install", "-at_install")
class TestAbcClass(SegmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own: the RFM ranks are among these five customers.
        cls.abc_company = cls.env["res.company"].create({"name": "ABC Trading"})
        cls.manager.company_ids |= cls.abc_company
        cls.salesman.company_ids |= cls.abc_company
        # Customer i (0 to 4) buys i + 1 times, more, more recently and for
        # more each time than customer i - 1: R = F = M = i + 1, R+F+M = 3, 6,
        # 9, 12 and 15.
        cls.customers = cls.env["res.partner"]
        for i in range(5):
            customer = cls._customer(f"ABC Customer {i}")
            for n in range(i + 1):
                cls._order_on(
                    customer, f"2026-0{n + 1}-{10 + i}", 1000 * (i + 1), company=cls.abc_company
                )
            cls.customers |= customer

    def _classes(self, day="2026-06-01"):
        customers = self._segment(self.customers, day, company=self.abc_company)
        return [customer.followup_abc_class for customer in customers]

    def test_class_from_rfm_at_default_thresholds(self):
        """Defaults: A from R+F+M 12, B from 8, else C."""
        self.assertEqual(
            (self.abc_company.followup_abc_a_score, self.abc_company.followup_abc_b_score), (12, 8)
        )
        customers = self._segment(self.customers, "2026-06-01", company=self.abc_company)
        self.assertEqual(
            customers.mapped("followup_rfm_score"), [f"R{s} F{s} M{s}" for s in range(1, 6)]
        )
        self.assertEqual(self._classes(), ["c", "c", "b", "a", "a"])

    def test_class_thresholds_per_company(self):
        """The sums at the thresholds are in the class; one more point needed
        when the threshold goes up."""
        self.abc_company.write({"followup_abc_a_score": 13, "followup_abc_b_score": 9})
        self.assertEqual(self._classes(), ["c", "c", "b", "b", "a"])
        self.abc_company.write({"followup_abc_a_score": 15, "followup_abc_b_score": 10})
        self.assertEqual(self._classes(), ["c", "c", "c", "b", "a"])
        # The main company, with no figures for these customers, shows no class.
        self.assertFalse(
            any(self.customers.with_company(self.company).mapped("followup_abc_class"))
        )
        with self.assertRaises(ValidationError):
            self.abc_company.followup_abc_a_score = 9
        with self.assertRaises(ValidationError):
            self.abc_company.followup_abc_b_score = 2
        with self.assertRaises(ValidationError):
            self.abc_company.followup_abc_a_score = 16

    def test_customer_without_orders_has_no_class(self):
        customer = self._customer("No Orders Yet")
        self.assertFalse(
            self._segment(customer, "2026-06-01", company=self.abc_company).followup_abc_class
        )

    def test_manager_pins_class_kept_nightly(self):
        self._classes()
        customer = (
            self.customers[4]
            .with_company(self.abc_company)
            .with_context(tracking_disable=False, mail_notrack=False)
        )
        customer.user_id = self.salesman
        # The manager's change tracked on its own, as in a request.
        self.env.cr.precommit.run()
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).followup_abc_class = "c"
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).followup_abc_class_pinned = True
        customer.with_user(self.manager).with_company(self.abc_company).followup_abc_class = "c"
        self.assertTrue(customer.followup_abc_class_pinned)
        self.env.cr.precommit.run()
        tracked = customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "followup_abc_class"
        )
        self.assertEqual(tracked.mapped("new_value_char"), ["C (Low Frequency)"])
        # The nightly run keeps it, the main company is not concerned.
        self.assertEqual(self._classes("2026-06-02"), ["c", "c", "b", "a", "c"])
        self.assertFalse(customer.with_company(self.company).followup_abc_class_pinned)
        # Unpinned, the nightly run decides again.
        customer.with_user(self.manager).with_company(
            self.abc_company
        ).followup_abc_class_pinned = False
        self.assertEqual(self._classes("2026-06-03"), ["c", "c", "b", "a", "a"])

    def test_search_and_group_by_class(self):
        self._classes()
        Partner = self.env["res.partner"].with_company(self.abc_company).with_user(self.manager)
        self.assertEqual(Partner.search([("followup_abc_class", "=", "a")]), self.customers[3:])
        self.assertEqual(
            Partner.search([("followup_abc_class", "in", ("b", "c"))]), self.customers[:3]
        )
        groups = {
            abc_class: count
            for abc_class, count in Partner._read_group(
                [("id", "in", self.customers.ids)], ["followup_abc_class"], ["__count"]
            )
        }
        self.assertEqual(groups, {"a": 2, "b": 1, "c": 2})
        # An employee outside the sales roles reads no class.
        employee = new_test_user(self.env, login="abc_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.customers[0].with_user(employee).read(["followup_abc_class"])


@tagged("post_install", "-at_install")
class TestAbcCadence(CareCommon):
    """Class A at least weekly, B every 2 weeks, C monthly: routine care added
    to a plan whose template has nothing as frequent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.followup_care_horizon_days = 45
        cls._line("Quarterly visit", "quarterly")

    def _customer_plan(self, name, abc_class):
        customer = self.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": self.salesman.id}
        )
        plan = self._plan("2026-03-02", partner=customer)
        with freeze_time("2026-03-02 08:00:00"):
            customer.with_user(self.manager).followup_abc_class = abc_class
        return plan

    @freeze_time("2026-03-02 08:00:00")
    def test_cadence_per_class(self):
        """Over 2 months (the horizon reaches the end of April)."""
        plans = {c: self._customer_plan(f"Class {c}", c) for c in "abc"}
        routine = "Routine care"
        self.assertEqual(
            self._dates(plans["a"], routine),
            [
                date(2026, 3, 2),
                date(2026, 3, 9),
                date(2026, 3, 16),
                date(2026, 3, 23),
                date(2026, 3, 30),
                date(2026, 4, 6),
                date(2026, 4, 13),
                date(2026, 4, 20),
                date(2026, 4, 27),
            ],
        )
        self.assertEqual(
            self._dates(plans["b"], routine),
            [
                date(2026, 3, 2),
                date(2026, 3, 16),
                date(2026, 3, 30),
                date(2026, 4, 13),
                date(2026, 4, 27),
            ],
        )
        self.assertEqual(self._dates(plans["c"], routine), [date(2026, 3, 2), date(2026, 4, 2)])
        for plan in plans.values():
            self.assertEqual(self._dates(plan, "Quarterly visit"), [date(2026, 3, 2)])
            self.assertEqual(
                set(plan.action_ids.filtered(lambda a: a.name == routine).user_id), {self.salesman}
            )
        # Generating again duplicates nothing.
        plans["a"]._followup_generate_actions()
        self.assertEqual(len(plans["a"].action_ids), 10)

    def test_class_change_replans_routine_care(self):
        plan = self._customer_plan("Moving Down", "a")
        self.assertEqual(len(self._dates(plan, "Routine care")), 9)
        with freeze_time("2026-03-02 09:00:00"):
            plan.partner_id.with_user(self.manager).followup_abc_class = "c"
        self.assertEqual(self._dates(plan, "Routine care"), [date(2026, 3, 2), date(2026, 4, 2)])
        self.assertEqual(len(self._dates(plan, "Routine care", state="cancelled")), 7)
        # Unclassed (a manager clears it): no routine care left to do.
        with freeze_time("2026-03-02 10:00:00"):
            plan.partner_id.with_user(self.manager).followup_abc_class = False
        self.assertFalse(self._dates(plan, "Routine care"))

    def test_template_as_frequent_adds_nothing(self):
        self._line("Weekly call", "weekly")
        plan = self._customer_plan("Already Weekly", "a")
        self.assertFalse(self._dates(plan, "Routine care"))
        self.assertEqual(len(self._dates(plan, "Weekly call")), 9)

    def test_cap_keeps_template_actions_first(self):
        """Light touch wins: routine care fills what the monthly cap leaves."""
        self.template.monthly_contact_cap = 3
        plan = self._customer_plan("Capped", "a")
        self.assertEqual(self._dates(plan, "Quarterly visit"), [date(2026, 3, 2)])
        self.assertEqual(
            self._dates(plan, "Routine care"),
            [
                date(2026, 3, 2),
                date(2026, 3, 9),
                date(2026, 4, 6),
                date(2026, 4, 13),
                date(2026, 4, 20),
            ],
        )
