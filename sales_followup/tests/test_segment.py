import logging
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import FollowupCommon

_logger = logging.getLogger(__name__)


class SegmentCommon(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "followup_new_months": 6,
                "followup_high_value_amount": 500_000,
                "followup_dormant_days": 180,
                "followup_no_contact_days": 30,
            }
        )

    @classmethod
    def _customer(cls, name, company=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "company_id": company and company.id,
            }
        )

    @classmethod
    def _order_on(cls, partner, day, amount, company=None, **values):
        """A confirmed order of ``amount`` (untaxed) placed on ``day``."""
        company = company or cls.company
        with freeze_time(f"{day} 09:00:00"):
            order = (
                cls.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": cls.salesman.id,
                        "order_line": [
                            (0, 0, {"product_id": cls.product.id, "price_unit": amount})
                        ],
                        **values,
                    }
                )
            )
            order.action_confirm()
        return order

    def _segment(self, partners, day, company=None):
        with freeze_time(f"{day} 06:00:00"):
            self.env["sales_followup.customer.stats"]._followup_update(
                partners, company or self.company
            )
        return partners.with_company(company or self.company)


@tagged("post_install", "-at_install")
class TestSegment(SegmentCommon):
    def test_new_window_boundary(self):
        """New for 6 months after the first order, then returning when it bought
        again."""
        customer = self._customer("Hengda Tools")
        self._order_on(customer, "2026-01-15", 10_000)
        self._order_on(customer, "2026-02-15", 10_000)
        self.assertEqual(self._segment(customer, "2026-07-14").followup_segment, "new")
        self.assertEqual(customer.followup_segment_date, date(2026, 7, 14), "Segment since")
        customer = self._segment(customer, "2026-07-15")
        self.assertEqual(customer.followup_segment, "returning")
        self.assertEqual(customer.followup_segment_date, date(2026, 7, 15))
        self.assertEqual(customer.followup_first_order_date, date(2026, 1, 15))
        self.assertEqual(customer.followup_last_order_date, date(2026, 2, 15))
        self.assertEqual(customer.followup_order_count, 2)

    def test_single_order_past_window_stays_new(self):
        customer = self._customer("Lone Order Ltd")
        self._order_on(customer, "2026-01-15", 10_000)
        self.company.followup_new_months = 3
        self.assertEqual(self._segment(customer, "2026-05-01").followup_segment, "new")

    def test_dormant_boundary(self):
        customer = self._customer("Quiet River Paper")
        self._order_on(customer, "2025-12-01", 10_000)
        self._order_on(customer, "2026-01-15", 10_000)
        # 179 days after the last order: still returning.
        self.assertEqual(self._segment(customer, "2026-07-13").followup_segment, "returning")
        # 180 days: dormant.
        self.assertEqual(self._segment(customer, "2026-07-14").followup_segment, "dormant")
        # A new order wakes it up.
        self._order_on(customer, "2026-07-20", 10_000)
        self.assertEqual(self._segment(customer, "2026-07-21").followup_segment, "returning")

    def test_high_value_boundary(self):
        """Revenue over the last 12 months, the first day included."""
        customer = self._customer("Summit Steel")
        self._order_on(customer, "2025-06-01", 300_000)
        self._order_on(customer, "2026-03-01", 199_999.99)
        customer = self._segment(customer, "2026-05-31")
        self.assertEqual(customer.followup_segment, "returning")
        self.assertEqual(customer.followup_revenue_12m, 499_999.99)
        self._order_on(customer, "2026-05-31", 0.01)
        customer = self._segment(customer, "2026-06-01")
        self.assertEqual(customer.followup_revenue_12m, 500_000)
        self.assertEqual(customer.followup_segment, "high_value")
        # The June 2025 order leaves the 12-month window.
        customer = self._segment(customer, "2026-06-02")
        self.assertEqual(customer.followup_revenue_12m, 200_000)
        self.assertEqual(customer.followup_segment, "returning")

    def test_revenue_in_company_currency(self):
        """60,000 EUR at 0.5 EUR per company-currency unit is 120,000."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "name": "2026-01-01", "rate": 0.5}
        )
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        customer = self._customer("Rhine Valley Kitchens")
        order = self._order_on(customer, "2026-03-02", 60_000, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, eur)
        customer = self._segment(customer, "2026-03-03")
        self.assertEqual(customer.followup_revenue_12m, 120_000)

    def test_revenue_without_rate_not_converted_at_one(self):
        """600,000 IDR without a rate: no revenue rather than 600,000, not high value."""
        idr = self.env.ref("base.IDR")
        idr.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", idr.id)]).unlink()
        pricelist = self.env["product.pricelist"].create({"name": "IDR", "currency_id": idr.id})
        customer = self._customer("Batavia Trading")
        self._order_on(customer, "2026-03-02", 600_000, pricelist_id=pricelist.id)
        customer = self._segment(customer, "2026-03-03")
        self.assertEqual(customer.followup_order_count, 1)
        self.assertEqual(customer.followup_revenue_12m, 0)
        self.assertEqual(customer.followup_segment, "new")

    def test_thresholds_per_company(self):
        company_2 = self.env["res.company"].create(
            {"name": "Follow-up Shanghai", "followup_high_value_amount": 50_000}
        )
        customer = self._customer("Twin Harbour Trading")
        self._order_on(customer, "2026-03-02", 60_000)
        self._order_on(customer, "2026-03-02", 60_000, company=company_2)
        self.assertEqual(self._segment(customer, "2026-03-03").followup_segment, "new")
        customer_2 = self._segment(customer, "2026-03-03", company=company_2)
        self.assertEqual(customer_2.followup_segment, "high_value")
        # Each company reads its own value.
        self.assertEqual(customer.with_company(self.company).followup_segment, "new")

    def test_manager_pins_segment(self):
        customer = self._customer("Pearl Delta Hotels")
        customer.user_id = self.salesman
        self._order_on(customer, "2026-03-02", 20_000)
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).followup_segment = "high_value"
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).followup_segment_pinned = True
        with freeze_time("2026-03-05 10:00:00"):
            customer.with_user(self.manager).followup_segment = "high_value"
        self.assertTrue(customer.followup_segment_pinned)
        self.assertEqual(customer.followup_segment_date, date(2026, 3, 5))
        plan = customer.followup_care_plan_ids.filtered(lambda p: p.state == "active")
        self.assertEqual(plan.segment, "high_value", "The plan follows at once")
        # The nightly run leaves the segment alone but refreshes the figures.
        self._order_on(customer, "2026-03-06", 30_000)
        customer = self._segment(customer, "2026-03-07")
        self.assertEqual(customer.followup_segment, "high_value")
        self.assertEqual(customer.followup_order_count, 2)
        # Unpinned, it is computed again.
        customer.with_user(self.manager).followup_segment_pinned = False
        self.assertEqual(self._segment(customer, "2026-03-08").followup_segment, "new")


@tagged("post_install", "-at_install")
class TestRfm(SegmentCommon):
    def test_rfm_quintiles(self):
        """Ten customers of a company of their own, scores worked out by hand.

        A score is 1 + 5 x (customers strictly below) / 10, at most 5: ties
        share the score of the lowest of them.
        """
        company = self.env["res.company"].create({"name": "RFM Trading"})
        # name: (days since last order, orders in 12 months, amount per order)
        data = {
            "c1": (300, 1, 1000),
            "c2": (250, 1, 5000),
            "c3": (200, 1, 2000),
            "c4": (150, 2, 4000),
            "c5": (120, 2, 1500),
            "c6": (90, 3, 3000),
            "c7": (60, 3, 2000),
            "c8": (30, 4, 1000),
            "c9": (10, 5, 2000),
            "c10": (10, 1, 7000),
        }
        today = date(2026, 6, 30)
        customers = {}
        for name, (days, count, amount) in data.items():
            customer = self._customer(f"RFM {name}")
            for index in range(count):
                day = date.fromordinal(today.toordinal() - days - index)
                self._order_on(customer, day, amount, company=company)
            customers[name] = customer
        partners = self.env["res.partner"].concat(*customers.values())
        partners = self._segment(partners, today, company=company)
        # Recency (older first): c1 c2 | c3 c4 | c5 c6 | c7 c8 | c9=c10.
        # Frequency: 1 x4 (c1 c2 c3 c10) -> 1; 2 x2 -> 3; 3 x2 -> 4; 4, 5 -> 5.
        # Monetary: 1000 c1, 2000 c3 | 3000 c5, 4000 c8 | 5000 c2, 6000 c7 |
        #           7000 c10, 8000 c4 | 9000 c6, 10000 c9.
        expected = {
            "c1": (1, 1, 1),
            "c2": (1, 1, 3),
            "c3": (2, 1, 1),
            "c4": (2, 3, 4),
            "c5": (3, 3, 2),
            "c6": (3, 4, 5),
            "c7": (4, 4, 3),
            "c8": (4, 5, 2),
            "c9": (5, 5, 5),
            "c10": (5, 1, 4),
        }
        for name, scores in expected.items():
            customer = customers[name].with_company(company)
            with self.subTest(customer=name):
                self.assertEqual(
                    (
                        customer.followup_rfm_r,
                        customer.followup_rfm_f,
                        customer.followup_rfm_m,
                    ),
                    scores,
                )
        self.assertEqual(customers["c6"].with_company(company).followup_rfm_score, "R3 F4 M5")
        # Scores belong to the company: the main company has none for them.
        self.assertFalse(customers["c9"].with_company(self.company).followup_rfm_r)


@tagged("post_install", "-at_install")
class TestHealth(SegmentCommon):
    def _interaction(self, partner, when, summary):
        return self.env["sales_followup.interaction"].create(
            {
                "partner_id": partner.id,
                "date": when,
                "channel": "phone",
                "kind": "followup",
                "summary": summary,
            }
        )

    def test_no_contact_for_30_days(self):
        customer = self._customer("Silent Valley Farms")
        self._order_on(customer, "2026-01-05", 10_000)
        # Counted from the first order while nothing is logged.
        self.assertFalse(self._segment(customer, "2026-02-03").followup_warning_no_contact)
        self.assertTrue(self._segment(customer, "2026-02-04").followup_warning_no_contact)
        self._interaction(
            customer,
            "2026-02-01 10:00:00",
            "Customer confirmed the second production line starts in March.",
        )
        customer = self._segment(customer, "2026-03-02")
        self.assertFalse(customer.followup_warning_no_contact)
        self.assertEqual(customer.followup_health, "good")
        customer = self._segment(customer, "2026-03-03")
        self.assertTrue(customer.followup_warning_no_contact)
        self.assertEqual(customer.followup_health, "watch")

    def test_orders_down_two_quarters_in_a_row(self):
        declining = self._customer("Falling Leaf Furniture")
        steady = self._customer("Steady Oak Furniture")
        for customer, amounts in (
            (declining, (100_000, 60_000, 30_000)),
            (steady, (100_000, 60_000, 70_000)),
        ):
            for day, amount in zip(
                ("2025-08-10", "2025-11-10", "2026-02-10"), amounts, strict=False
            ):
                self._order_on(customer, day, amount)
            # Last spoken to 45 days before the run: no recent contact, not
            # yet the at-risk delay (90 days).
            self._interaction(
                customer,
                "2026-03-01 10:00:00",
                "Buyer confirmed the spring order volume; no change to the delivery terms.",
            )
        # Compared on complete quarters: Q3 2025, Q4 2025, Q1 2026.
        partners = self._segment(declining | steady, "2026-04-15")
        self.assertTrue(partners[0].followup_warning_declining)
        self.assertFalse(partners[1].followup_warning_declining)
        # Both also had no contact for 30 days: two warnings put one at risk.
        self.assertEqual(partners[0].followup_health, "at_risk")
        self.assertEqual(partners[1].followup_health, "watch")
        # In the quarter of the last order, Q1 is not complete yet.
        self.assertFalse(self._segment(declining, "2026-03-31").followup_warning_declining)

    def test_open_exceptions(self):
        """An open exception in the interaction log raises the warning until resolved."""
        customer = self._customer("Broken Crate Logistics")
        self._order_on(customer, "2026-03-02", 10_000)
        interaction = self._interaction(
            customer,
            "2026-03-02 15:00:00",
            "Customer reported 3 damaged crates in delivery SO-0042; replacement asked.",
        )
        interaction.write(
            {
                "kind": "exception",
                "exception_reason": "quality_mismatch",
                "exception_severity": "medium",
            }
        )
        self.assertEqual(interaction.exception_state, "open")
        self.assertTrue(self._segment(customer, "2026-03-03").followup_warning_exception)
        interaction.write(
            {"exception_state": "resolved", "exception_resolution": "Crates replaced on 5 March."}
        )
        self.assertFalse(self._segment(customer, "2026-03-04").followup_warning_exception)

    def _values(self, today, last_contact=None, declining=False, exceptions=(0, 0), company=None):
        """The figures of a customer who first ordered on 5 January 2026, as
        the nightly run computes them on ``today``."""
        first_order = date(2026, 1, 5)
        stats = {
            "customers": 1,
            "first_order": first_order,
            "last_order": first_order,
            "order_count": 1,
            "monetary": 10_000,
            "recency_below": 0,
            "frequency_below": 0,
            "monetary_below": 0,
            "quarter_3": 30_000 if declining else 0,
            "quarter_2": 20_000 if declining else 0,
            "quarter_1": 10_000 if declining else 0,
        }
        contacts = (last_contact and date(2026, 1, 10), last_contact)
        return self.env["sales_followup.customer.stats"]._followup_values(
            company or self.company, today, stats, contacts, exceptions
        )

    def test_health_thresholds(self):
        """Healthy without warning; Watch from the no-contact delay (30 days)
        or any one warning; At Risk from the at-risk delay (90 days), an open
        exception of high severity, or two warnings."""
        self.company.followup_at_risk_days = 90
        today = date(2026, 6, 30)
        cases = [
            ("contacted 29 days ago", {"last_contact": date(2026, 6, 1)}, "good"),
            ("contacted 30 days ago", {"last_contact": date(2026, 5, 31)}, "watch"),
            ("contacted 89 days ago", {"last_contact": date(2026, 4, 2)}, "watch"),
            ("contacted 90 days ago", {"last_contact": date(2026, 4, 1)}, "at_risk"),
            ("never contacted, first order long ago", {}, "at_risk"),
            ("open medium exception", {"last_contact": today, "exceptions": (1, 0)}, "watch"),
            ("open high exception", {"last_contact": today, "exceptions": (2, 1)}, "at_risk"),
            ("declining orders", {"last_contact": today, "declining": True}, "watch"),
            (
                "declining orders and an open exception",
                {"last_contact": today, "declining": True, "exceptions": (1, 0)},
                "at_risk",
            ),
        ]
        for name, kwargs, health in cases:
            with self.subTest(name):
                self.assertEqual(self._values(today, **kwargs)["health"], health)

    def test_at_risk_delay_per_company(self):
        today = date(2026, 6, 30)
        quiet = {"last_contact": date(2026, 4, 1)}  # 90 days ago
        company_2 = self.env["res.company"].create({"name": "Quiet Hills Trading"})
        company_2.write({"followup_no_contact_days": 30, "followup_at_risk_days": 120})
        self.assertEqual(self._values(today, company=company_2, **quiet)["health"], "watch")
        # 0: judged by the warnings alone, however long the silence.
        self.company.followup_at_risk_days = 0
        self.assertEqual(self._values(today, **quiet)["health"], "watch")
        self.assertEqual(self._values(today)["health"], "watch")
        # Never sooner than the no-contact warning.
        with self.assertRaises(ValidationError):
            self.company.followup_at_risk_days = 20

    def test_high_severity_exception_puts_at_risk(self):
        customer = self._customer("Cracked Pane Glassworks")
        self._order_on(customer, "2026-03-02", 10_000)
        interaction = self._interaction(
            customer,
            "2026-03-03 15:00:00",
            "Plant manager reported the glass panels of order SO-0051 cracked in transit.",
        )
        interaction.write(
            {
                "kind": "exception",
                "exception_reason": "quality_mismatch",
                "exception_severity": "high",
            }
        )
        customer = self._segment(customer, "2026-03-04")
        self.assertEqual(customer.followup_warnings, "Open Exceptions")
        self.assertEqual(customer.followup_health, "at_risk")
        interaction.exception_severity = "medium"
        self.assertEqual(self._segment(customer, "2026-03-05").followup_health, "watch")

    def test_warnings_read_as_a_list(self):
        customer = self._customer("Two Rivers Paper")
        self._order_on(customer, "2026-01-05", 10_000)
        interaction = self._interaction(
            customer,
            "2026-01-06 10:00:00",
            "Customer reported the paper rolls of the first delivery arrived wet.",
        )
        interaction.write(
            {
                "kind": "exception",
                "exception_reason": "quality_mismatch",
                "exception_severity": "low",
            }
        )
        customer = self._segment(customer, "2026-03-02")
        self.assertEqual(customer.followup_warnings, "No Recent Contact and Open Exceptions")
        self.assertEqual(customer.followup_health, "at_risk")

    def test_customer_since_first_order_or_interaction(self):
        """Customer since: the earlier of the first confirmed order and the
        first interaction, per company; the cooperation start follows it
        back, a date set earlier by hand stays."""
        talked_first = self._customer("Early Bird Packaging")
        ordered_first = self._customer("Straight Line Packaging")
        self._interaction(
            talked_first,
            "2025-11-10 10:00:00",
            "First call with the buyer: they compare three suppliers for next year.",
        )
        self._order_on(talked_first, "2026-03-02", 10_000)
        self._order_on(ordered_first, "2026-03-02", 10_000)
        self._interaction(
            ordered_first,
            "2026-03-05 10:00:00",
            "Buyer confirmed the delivery address of the first order.",
        )
        self.assertEqual(talked_first.followup_cooperation_date, date(2026, 3, 2))
        partners = self._segment(talked_first | ordered_first, "2026-03-10")
        self.assertEqual(partners[0].followup_customer_since, date(2025, 11, 10))
        self.assertEqual(partners[0].followup_cooperation_date, date(2025, 11, 10))
        self.assertEqual(partners[1].followup_customer_since, date(2026, 3, 2))
        ordered_first.followup_cooperation_date = date(2020, 5, 1)
        self._segment(ordered_first, "2026-03-11")
        self.assertEqual(ordered_first.followup_cooperation_date, date(2020, 5, 1))
        # Per company: none in a company the customer never dealt with.
        company_2 = self.env["res.company"].create({"name": "Far Shore Trading"})
        self.assertFalse(talked_first.with_company(company_2).followup_customer_since)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 06:00:00")
class TestSegmentCron(SegmentCommon):
    def _drain(self, **kwargs):
        runs = 0
        while self.env["sales_followup.customer.stats"]._cron_followup_segment(**kwargs):
            runs += 1
            self.assertLess(runs, 1000)
        return runs

    def _fail_on_customer(self, customer):
        """Make the segmentation of any batch holding ``customer`` raise."""
        Stats = type(self.env["sales_followup.customer.stats"])
        update = Stats._followup_update

        def broken(model, partners, *args, **kwargs):
            if customer in partners:
                raise ValueError(f"Injected failure on {partners!r}")
            return update(model, partners, *args, **kwargs)

        return patch.object(Stats, "_followup_update", broken)

    def _company_with_customers(self, count, name, confirm=True):
        company = self.env["res.company"].create({"name": name})
        customers = self.env["res.partner"].create(
            [{"name": f"{name} {index}", "is_company": True} for index in range(count)]
        )
        with freeze_time("2026-04-20 09:00:00"):
            orders = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    [
                        {
                            "partner_id": customer.id,
                            "company_id": company.id,
                            "user_id": self.salesman.id,
                            "order_line": [
                                (
                                    0,
                                    0,
                                    {"product_id": self.product.id, "price_unit": 5000},
                                )
                            ],
                        }
                        for customer in customers
                    ]
                )
            )
            if confirm:
                orders.action_confirm()
        return company, customers, orders

    def test_batches_resume_and_rerun_is_safe(self):
        self._drain()
        company, customers, _orders = self._company_with_customers(3, "Batch Co")
        Stats = self.env["sales_followup.customer.stats"]
        self.assertEqual(Stats._cron_followup_segment(batch_size=2), 1)
        done = customers.with_company(company).filtered("followup_segment")
        self.assertEqual(done, customers[:2])
        self.assertEqual(company.followup_segment_cursor, customers[1].id)
        self.assertEqual(Stats._cron_followup_segment(batch_size=2), 0)
        self.assertEqual(customers.with_company(company).mapped("followup_segment"), ["new"] * 3)
        plans = self.env["sales_followup.care.plan"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(len(plans), 3)
        # Running again the same day changes nothing.
        self.env.flush_all()
        stats = Stats.search([("partner_id", "in", customers.ids)])
        self.assertEqual(stats.partner_id, customers)
        self.assertEqual(stats.company_id, company)
        write_dates = customers.mapped("write_date")
        stats_write_dates = stats.mapped("write_date")
        self.assertEqual(Stats._cron_followup_segment(), 0)
        self.assertEqual(customers.mapped("write_date"), write_dates)
        self.assertEqual(stats.mapped("write_date"), stats_write_dates)
        self.assertEqual(
            self.env["sales_followup.care.plan"].search([("partner_id", "in", customers.ids)]),
            plans,
        )
        # The next day, everybody is looked at again; nothing changed, nothing
        # is written.
        with freeze_time("2026-04-28 06:00:00"):
            self._drain()
        self.assertEqual(customers.mapped("write_date"), write_dates)
        self.assertEqual(stats.mapped("write_date"), stats_write_dates)
        # The generator runs once the segmentation is through.
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [
                    (
                        "cron_id",
                        "=",
                        self.env.ref("sales_followup.ir_cron_followup_care_generate").id,
                    )
                ]
            )
        )

    def test_failure_on_one_customer_spares_the_others(self):
        """The cursor leaves a customer that fails behind: the others of its
        batch are segmented, the run ends, the next day's run tries again."""
        self._drain()
        company, customers, _orders = self._company_with_customers(3, "Broken Co")
        broken = customers[1]
        xmlid = "sales_followup.ir_cron_followup_segment"
        with self._fail_on_customer(broken):
            with self._assert_failure_logged(broken):
                self.assertEqual(self._cron_call(xmlid, "_cron_followup_segment"), (3, 0))
            self.assertEqual(self._cron_call(xmlid, "_cron_followup_segment"), (0, 0))
        segmented = customers.with_company(company)
        self.assertEqual(segmented.mapped("followup_segment"), ["new", False, "new"])
        self.assertEqual(company.followup_segment_cursor, customers[2].id)
        plans = self.env["sales_followup.care.plan"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(plans.partner_id, customers - broken)

        with freeze_time("2026-04-28 06:00:00"):
            self._drain()
        self.assertEqual(segmented.mapped("followup_segment"), ["new"] * 3)

    def test_segmentation_queries_do_not_grow_with_customers(self):
        """Customers of a company each confirmed a first order: one run segments
        them all and starts their care plans, in as many queries for 50 as for 5."""
        # Companies first: creating one empties the caches.
        batches = {
            name: self._company_with_customers(count, name, confirm=False)
            for name, count in (("Warm-up Co", 5), ("Five Co", 5), ("Fifty Co", 50))
        }

        def queries(name):
            company, customers, orders = batches[name]
            with freeze_time("2026-04-20 09:00:00"):
                orders.action_confirm()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            remaining = self.env["sales_followup.customer.stats"]._cron_followup_segment()
            self.env.flush_all()
            count = self.cr.sql_log_count - before
            self.assertEqual(remaining, 0)
            self.assertEqual(
                customers.with_company(company).mapped("followup_segment"),
                ["new"] * len(customers),
            )
            self.assertEqual(len(customers.followup_care_plan_ids), len(customers))
            return count

        self._drain()
        queries("Warm-up Co")
        five = queries("Five Co")
        fifty = queries("Fifty Co")
        _logger.info("Segmentation queries: %s for 5 customers, %s for 50", five, fifty)
        self.assertEqual(five, fifty)


@tagged("post_install", "-at_install")
class TestSegmentStorage(SegmentCommon):
    """Figures live in sales_followup.customer.stats, one row per customer and
    company; the customer's followup_* fields read the current company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stats = cls.env["sales_followup.customer.stats"]
        cls.company_2 = cls.env["res.company"].create(
            {"name": "Follow-up Chengdu", "followup_high_value_amount": 50_000}
        )
        cls.salesman.company_ids |= cls.company_2
        cls.dormant = cls._customer("Stats Dormant Glass")
        cls._order_on(cls.dormant, "2025-06-02", 10_000)
        cls.big = cls._customer("Stats Big Cranes")
        cls._order_on(cls.big, "2026-03-02", 600_000)
        cls._order_on(cls.big, "2026-03-02", 80_000, company=cls.company_2)
        cls.small = cls._customer("Stats Small Tools")
        cls._order_on(cls.small, "2026-02-02", 20_000)
        cls._order_on(cls.small, "2026-03-01", 30_000)
        cls.prospect = cls._customer("Stats Prospect Paper")
        cls.customers = cls.dormant | cls.big | cls.small | cls.prospect
        with freeze_time("2026-03-03 06:00:00"):
            cls.Stats._followup_update(cls.customers, cls.company)
            cls.Stats._followup_update(cls.customers, cls.company_2)

    def test_one_row_per_customer_and_company(self):
        rows = self.Stats.search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(
            sorted((row.partner_id.name, row.company_id.name, row.segment) for row in rows),
            [
                ("Stats Big Cranes", "Follow-up Chengdu", "high_value"),
                ("Stats Big Cranes", self.company.name, "high_value"),
                ("Stats Dormant Glass", self.company.name, "dormant"),
                ("Stats Small Tools", self.company.name, "new"),
            ],
            "No row for a customer without order in the company",
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Stats.create({"partner_id": self.big.id, "company_id": self.company.id})
            self.env.flush_all()

    def test_search_as_columns(self):
        """Domains on the customer's fields, negative ones included, match as
        they did when the figures were columns of the customer: a customer
        without figures in the company has empty ones."""
        Partner = self.env["res.partner"].with_user(self.salesman)
        customers = [("id", "in", self.customers.ids)]

        def found(domain, company=self.company):
            return Partner.with_company(company).search(customers + domain)

        self.assertEqual(found([("followup_segment", "=", "dormant")]), self.dormant)
        self.assertEqual(found([("followup_segment", "=", False)]), self.prospect)
        self.assertEqual(
            found([("followup_segment", "!=", "dormant")]),
            self.big | self.small | self.prospect,
        )
        self.assertEqual(found([("followup_segment", "!=", False)]), self.customers - self.prospect)
        self.assertEqual(
            found([("followup_segment", "in", ["new", "high_value"])]), self.big | self.small
        )
        self.assertEqual(found([("followup_order_count", ">=", 2)]), self.small)
        self.assertEqual(found([("followup_order_count", "<", 2)]), self.customers - self.small)
        self.assertEqual(found([("followup_revenue_12m", ">", 40_000)]), self.big | self.small)
        self.assertEqual(found([("followup_warning_no_contact", "=", True)]), self.dormant)
        self.assertEqual(
            found([("followup_warning_no_contact", "=", False)]),
            self.customers - self.dormant,
        )
        self.assertEqual(found([("followup_last_order_date", "<", "2026-01-01")]), self.dormant)
        self.assertEqual(found([("followup_segment_date", "=", False)]), self.prospect)
        self.assertEqual(found([("followup_rfm_r", "=", 0)]), self.prospect)
        self.assertEqual(
            found([("followup_health", "not in", ["good"])]), self.dormant | self.prospect
        )
        # The other company's figures.
        self.assertEqual(
            found([("followup_segment", "!=", False)], company=self.company_2), self.big
        )
        self.assertEqual(
            found([("followup_segment", "=", "high_value")], company=self.company_2), self.big
        )
        self.assertEqual(
            found([("followup_segment", "=", "dormant")], company=self.company_2),
            Partner.browse(),
        )
        # The menu of customers needing attention, with its default filter.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.res_partner_action_attention"
        )
        self.assertEqual(found(safe_eval(action["domain"])), self.customers - self.prospect)
        arch = etree.fromstring(self.env.ref("sales_followup.res_partner_view_search").arch)
        [attention] = arch.xpath("//filter[@name='followup_attention']")
        self.assertEqual(
            found(safe_eval(action["domain"]) + safe_eval(attention.get("domain"))),
            self.dormant,
        )

    def test_group_sort_and_sum_as_columns(self):
        """Customers grouped by segment with their revenue summed, and sorted
        by revenue, in the current company."""
        Partner = self.env["res.partner"].with_user(self.salesman)
        customers = [("id", "in", self.customers.ids)]
        groups = Partner._read_group(
            customers, ["followup_segment"], ["__count", "followup_revenue_12m:sum"]
        )
        self.assertEqual(
            sorted(groups, key=lambda group: str(group[0])),
            [
                (False, 1, False),
                ("dormant", 1, 10_000.0),
                ("high_value", 1, 600_000.0),
                ("new", 1, 50_000.0),
            ],
        )
        groups = Partner.with_company(self.company_2)._read_group(
            customers, ["followup_health"], ["__count"]
        )
        self.assertEqual(sorted(groups, key=lambda group: str(group[0])), [(False, 3), ("good", 1)])
        # Without figures (a NULL) last, as when they were columns.
        self.assertEqual(
            list(Partner.search(customers, order="followup_revenue_12m, id")),
            [self.dormant, self.small, self.big, self.prospect],
        )
        # The web client offers them as columns.
        described = Partner.fields_get(
            ["followup_segment", "followup_revenue_12m"], ["groupable", "sortable", "aggregator"]
        )
        self.assertTrue(described["followup_segment"]["groupable"])
        self.assertTrue(described["followup_revenue_12m"]["sortable"])
        self.assertEqual(described["followup_revenue_12m"]["aggregator"], "sum")

    def test_figures_of_the_current_company(self):
        self.assertEqual(self.big.with_company(self.company).followup_revenue_12m, 600_000)
        self.assertEqual(self.big.with_company(self.company_2).followup_revenue_12m, 80_000)
        self.assertEqual(self.small.with_company(self.company_2).followup_segment, False)
        row = self.Stats.search(
            [("partner_id", "=", self.small.id), ("company_id", "=", self.company.id)]
        )
        self.assertTrue(row.rfm_r and row.rfm_f and row.rfm_m)
        self.assertEqual(
            self.small.with_company(self.company).followup_rfm_score,
            f"R{row.rfm_r} F{row.rfm_f} M{row.rfm_m}",
        )
        self.assertEqual(row.rfm_score, self.small.with_company(self.company).followup_rfm_score)

    def test_nightly_run_leaves_the_partner_row_alone(self):
        """A customer's new figures are written to its statistics, never to
        res_partner."""
        self._order_on(self.small, "2026-03-04", 40_000)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT write_date, xmin::text FROM res_partner WHERE id = %s", [self.small.id]
        )
        before = self.env.cr.fetchone()
        customer = self._segment(self.small, "2026-03-05")
        self.env.flush_all()
        self.assertEqual(customer.followup_order_count, 3)
        self.env.cr.execute(
            "SELECT write_date, xmin::text FROM res_partner WHERE id = %s", [self.small.id]
        )
        self.assertEqual(self.env.cr.fetchone(), before)

    def test_statistics_for_sales_roles_only(self):
        employee = new_test_user(self.env, login="stats_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Stats.with_user(employee).search([])
        row = self.Stats.search(
            [("partner_id", "=", self.big.id), ("company_id", "=", self.company.id)]
        )
        # Readable by the sales roles, written only by the segmentation and
        # through the customer's fields.
        self.assertTrue(row.with_user(self.salesman).read(["segment"]))
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).write({"segment": "dormant"})
        # Another company's rows stay in it.
        outsider = new_test_user(
            self.env,
            login="stats_outsider",
            groups="sales_team.group_sale_salesman",
            company_id=self.company_2.id,
            company_ids=[(6, 0, self.company_2.ids)],
        )
        self.assertEqual(
            self.Stats.with_user(outsider)
            .search([("partner_id", "in", self.customers.ids)])
            .company_id,
            self.company_2,
        )

    def test_written_through_the_customer(self):
        """A segment set on customers lands in their statistics of the current
        company, created for the one without; the other company's stay."""
        partners = (self.small | self.prospect).with_company(self.company_2)
        with freeze_time("2026-03-10 10:00:00"):
            partners.write({"followup_segment": "dormant"})
        rows = self.Stats.search(
            [("partner_id", "in", partners.ids), ("company_id", "=", self.company_2.id)]
        )
        self.assertEqual(rows.partner_id, partners)
        self.assertEqual(set(rows.mapped("segment")), {"dormant"})
        self.assertTrue(all(rows.mapped("segment_pinned")))
        self.assertEqual(set(rows.mapped("segment_date")), {date(2026, 3, 10)})
        self.assertEqual(partners.mapped("followup_segment"), ["dormant", "dormant"])
        self.assertEqual(self.small.with_company(self.company).followup_segment, "new")
        self.assertFalse(self.prospect.with_company(self.company).followup_segment)

    def test_people_masked_in_statistics(self):
        """A person buying in his own name shows masked in the statistics'
        views, as in the customer's lists, without the personal-data role."""
        person = self.env["res.partner"].create({"name": "Zhang Wei"})
        self._order_on(person, "2026-03-02", 10_000)
        self._segment(person, "2026-03-03")
        Stats = self.Stats.with_user(self.salesman)
        [row] = Stats.web_search_read(
            [("partner_id", "=", person.id)], {"partner_id": {"fields": {"display_name": {}}}}
        )["records"]
        self.assertEqual(row["partner_id"]["display_name"], "Zhang*")
        [row] = Stats.search_read([("partner_id", "=", person.id)], ["partner_id"])
        self.assertEqual(row["partner_id"][1], "Zhang*")
