from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import FollowupCommon


@tagged("post_install", "-at_install")
class TestTier(FollowupCommon):
    def test_tier_boundaries(self):
        """The seed's thresholds: < 100,000 regular, < 500,000 key, else strategic."""
        expected = {
            99_999.99: self.tier_regular,
            100_000: self.tier_key,
            499_999.99: self.tier_key,
            500_000: self.tier_strategic,
            0: self.tier_regular,
        }
        for amount, tier in expected.items():
            with self.subTest(amount=amount):
                order = self._create_order(amount)
                self.assertEqual(order.amount_total, amount)
                self.assertEqual(order.followup_tier_id, tier)

    def test_tier_follows_amount_changes(self):
        order = self._create_order(50_000)
        self.assertEqual(order.followup_tier_id, self.tier_regular)
        order.order_line.price_unit = 600_000
        self.assertEqual(order.followup_tier_id, self.tier_strategic)

    def test_tier_foreign_currency_at_order_date(self):
        """60,000 EUR is 120,000 USD at the rate of the order date: key, not regular."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        self.env["res.currency.rate"].create(
            [
                # 1 company-currency unit = 1 EUR until 2025 ...
                {"currency_id": eur.id, "name": "2024-01-01", "rate": 1.0},
                # ... then 1 company-currency unit = 0.5 EUR.
                {"currency_id": eur.id, "name": "2026-01-01", "rate": 0.5},
            ]
        )
        self.assertNotEqual(self.company.currency_id, eur)
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        order = self._create_order(
            60_000,
            pricelist_id=pricelist.id,
            date_order=datetime(2026, 3, 2, 10, 0),
        )
        self.assertEqual(order.currency_id, eur)
        self.assertEqual(order.followup_tier_id, self.tier_key)
        # At a date where both currencies were at par, the same order is regular.
        order.date_order = datetime(2025, 6, 1, 10, 0)
        self.assertEqual(order.followup_tier_id, self.tier_regular)

    def test_tier_per_company(self):
        company_2 = self.env["res.company"].create({"name": "Follow-up Company 2"})
        tiers = self.env["sales_followup.tier"].search([("company_id", "=", company_2.id)])
        self.assertEqual(sorted(tiers.mapped("code")), ["key", "regular", "strategic"])
        tiers.filtered(lambda tier: tier.code == "key").min_amount = 50_000
        order = (
            self.env["sale.order"]
            .with_company(company_2)
            .create(
                {
                    "partner_id": self.partner.id,
                    "company_id": company_2.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": 60_000})],
                }
            )
        )
        self.assertEqual(order.followup_tier_id.company_id, company_2)
        self.assertEqual(order.followup_tier_id.code, "key")
        # The first company keeps its own threshold.
        self.assertEqual(self._create_order(60_000).followup_tier_id, self.tier_regular)

    def test_manager_override_tracked(self):
        order = self._create_order(20_000).with_context(tracking_disable=False, mail_notrack=False)
        self.env.cr.precommit.run()
        order.with_user(self.manager).followup_tier_override_id = self.tier_strategic
        self.env.cr.precommit.run()
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        # The override survives amount changes.
        order.order_line.price_unit = 30_000
        self.assertEqual(order.followup_tier_id, self.tier_strategic)
        tracking = order.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "followup_tier_id"
        )
        self.assertEqual(tracking.old_value_char, self.tier_regular.display_name)
        self.assertEqual(tracking.new_value_char, self.tier_strategic.display_name)
        # Clearing the override gives the computed tier back.
        order.with_user(self.manager).followup_tier_override_id = False
        self.assertEqual(order.followup_tier_id, self.tier_regular)

    def test_salesman_cannot_override(self):
        order = self._create_order(20_000)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write(
                {"followup_tier_override_id": self.tier_strategic.id}
            )
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"followup_tier_id": self.tier_strategic.id})
        self.assertEqual(order.followup_tier_id, self.tier_regular)

    def test_salesman_edits_order_in_form(self):
        """A rep changing lines in the form saves fine and the tier follows."""
        order = self._create_order(20_000)
        with Form(order.with_user(self.salesman)) as form:
            with form.order_line.edit(0) as line:
                line.price_unit = 150_000
        self.assertEqual(order.followup_tier_id, self.tier_key)

    @freeze_time("2026-04-30 10:00:00")
    def test_strategic_owner_is_salesperson_and_manager(self):
        """SPEC §1: a Strategic order's plan belongs to the salesperson and
        the sales manager (the team leader, else the company's follow-up
        manager): both get its reminders, each his earliest open step."""
        self.assertEqual(self.tier_strategic.responsible, "salesperson_manager")
        self.assertEqual(self.tier_key.responsible, "salesperson")

        def reminders(order):
            return {
                (act.user_id, act.followup_step_id.kind, act.date_deadline)
                for act in self._followup_activities(order)
            }

        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        # The leader's own review first, then the salesperson's steps.
        self.assertEqual(
            reminders(order),
            {
                (self.salesman, "first_contact", date(2026, 5, 4)),
                (self.leader, "manager_review", date(2026, 5, 4)),
            },
        )
        self._steps(order, "manager_review").with_user(self.leader).action_done()
        self.assertEqual(
            reminders(order),
            {
                (self.salesman, "first_contact", date(2026, 5, 4)),
                (self.leader, "first_contact", date(2026, 5, 4)),
            },
        )
        # Done by either, the step's reminders are done for both.
        self._steps(order, "first_contact").with_user(self.salesman).action_done()
        self.assertEqual(
            reminders(order),
            {
                (self.salesman, "cadence", date(2026, 5, 11)),
                (self.leader, "cadence", date(2026, 5, 11)),
            },
        )
        # Without a team leader, the company's follow-up manager.
        self.company.followup_manager_id = self.manager
        loose = self._create_order(600_000, delivery=date(2026, 5, 22), team_id=False)
        loose.action_confirm()
        self.assertIn(self.manager, self._followup_activities(loose).user_id)
        self.assertEqual(
            {act.followup_step_id.kind for act in self._followup_activities(loose)},
            {"manager_review", "first_contact"},
        )
        # A Key order's plan is the salesperson's alone (the review aside).
        key = self._create_order(150_000, delivery=date(2026, 5, 22))
        key.action_confirm()
        self.assertEqual(
            {(act.user_id, act.followup_step_id.kind) for act in self._followup_activities(key)},
            {(self.salesman, "first_contact"), (self.leader, "manager_review")},
        )
        self.assertFalse(key.followup_step_ids.co_owner_id)
