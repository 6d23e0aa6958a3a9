import base64
import io
from datetime import datetime, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import FollowupCommon


@tagged("post_install", "-at_install")
class TestFollowupTours(FollowupCommon, HttpCase):
    """The rep's day in a real browser (tours in static/tests/tours/).

    The browser's today is the real one, so the steps are moved around today:
    the rep has the first contact of one order overdue and the first contact
    of another due today, each order with its pre-delivery step later on.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="sf_tour_rep",
            name="Lin Wei",
            groups="sales_team.group_sale_salesman",
            tz="UTC",
        )
        # The browser's clock is not frozen: a calendar with no holiday.
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Tour calendar", "tz": "UTC"}
        )
        cls.today = fields.Date.context_today(cls.rep)
        cls.customer_late = cls.env["res.partner"].create(
            {"name": "Pearl River Foods", "is_company": True}
        )
        cls.customer_today = cls.env["res.partner"].create(
            {"name": "Yangtze Tooling", "is_company": True}
        )

    def _rep_order(self, partner, first_contact_due, state="planned"):
        """A confirmed regular order of the rep: first contact and pre-delivery
        (and the leader's review)."""
        order = self._create_order(
            20_000,
            delivery=self.today + timedelta(days=30),
            partner=partner,
            user_id=self.rep.id,
        )
        order.action_confirm()
        first_contact = self._steps(order, "first_contact")
        first_contact.write({"date_due": first_contact_due, "state": state})
        order._followup_sync_activities()
        # The rep's steps; the manager review is the team leader's.
        rep_steps = self._steps(order).filtered(lambda step: step.user_id == self.rep)
        self.assertEqual(rep_steps.mapped("kind"), ["first_contact", "pre_delivery"])
        return order, first_contact

    def test_rep_day(self):
        __, late = self._rep_order(
            self.customer_late, self.today - timedelta(days=3), state="overdue"
        )
        order, due = self._rep_order(self.customer_today, self.today)

        self.start_tour("/odoo", "sales_followup_rep_day", login=self.rep.login)

        # What the tour saw is what the database says.
        self.assertEqual(due.state, "done")
        interaction = due.interaction_id
        self.assertEqual(interaction.user_id, self.rep)
        self.assertEqual(interaction.mood, "satisfied")
        self.assertEqual(interaction.next_action, "Send the logistics tracking link")
        self.assertEqual(interaction.next_action_date, self.today + timedelta(days=2))
        reminders = self._followup_activities(order, self.rep)
        self.assertEqual(reminders.followup_step_id.kind, "pre_delivery")
        self.assertEqual(interaction.next_action_activity_id.user_id, self.rep)
        self.assertEqual(late.state, "overdue")

    def test_rep_day_zh_tw(self):
        """The rep's day in Traditional Chinese, on a plan confirmed by an
        English-speaking colleague: topics, steps and buttons in Chinese."""
        self.env["res.lang"]._activate_lang("zh_TW")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_followup"], ["zh_TW"], overwrite=True
        )
        self.rep.lang = "zh_TW"
        order, due = self._rep_order(self.customer_today, self.today)
        self.assertEqual(due.with_context(lang="en_US").topic, self.tier_regular.topics)

        self.start_tour("/odoo", "sales_followup_rep_day_zh_tw", login=self.rep.login)

        self.assertEqual(due.state, "done")
        interaction = due.interaction_id
        self.assertEqual(interaction.user_id, self.rep)
        self.assertEqual(interaction.mood, "satisfied")
        reminders = self._followup_activities(order, self.rep)
        self.assertEqual(reminders.followup_step_id.kind, "pre_delivery")
        self.assertEqual(reminders.summary, "交付前確認")

    def test_vague_summary_refused(self):
        __, step = self._rep_order(self.customer_today, self.today)
        # The server logs the refused save as a warning: expected here.
        with mute_logger("odoo.http"):
            self.start_tour("/odoo", "sales_followup_vague_summary", login=self.rep.login)
        self.assertEqual(step.state, "planned")
        self.assertFalse(
            self.env["sales_followup.interaction"].search(
                [("partner_id", "=", self.customer_today.id)]
            )
        )

    def test_vague_summary_refused_in_traditional_chinese(self):
        """The same refusal for a rep working in Traditional Chinese: menus,
        buttons and the message come out in Chinese."""
        self.env["res.lang"]._activate_lang("zh_TW")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_followup"], ["zh_TW"], overwrite=True
        )
        self.rep.lang = "zh_TW"
        __, step = self._rep_order(self.customer_today, self.today)
        with mute_logger("odoo.http"):
            self.start_tour("/odoo", "sales_followup_vague_summary_zh_tw", login=self.rep.login)
        self.assertEqual(step.state, "planned")

    def test_manager_generates_and_downloads_the_monthly_report(self):
        """The manager's side: a past month's report generated from the UI,
        its figures shown, its workbook downloaded."""
        company = self.env["res.company"].create(
            {"name": "Tour Trading Co.", "currency_id": self.env.ref("base.USD").id}
        )
        manager = new_test_user(
            self.env,
            login="sf_tour_manager",
            name="Wang Fang",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="UTC",
        )
        # Twelve months ago: no demo data there (the tour computes the same month).
        month = self.today.replace(day=1) - relativedelta(months=12)
        for day, amount in ((5, 200_000), (12, 50_000)):
            with freeze_time(datetime.combine(month.replace(day=day), datetime.min.time())):
                order = self._create_order(
                    amount,
                    delivery=month.replace(day=day) + timedelta(days=20),
                    company_id=company.id,
                    user_id=manager.id,
                    team_id=False,
                )
                order.action_confirm()

        self.start_tour("/odoo", "sales_followup_manager_report", login=manager.login)

        report = self.env["sales_followup.monthly.report"].search(
            [("company_id", "=", company.id), ("date_from", "=", month)]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.generated_by, manager)
        self.assertEqual(report.order_count, 2)
        self.assertEqual(report.order_amount, 250_000)
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        self.assertGreater(len(workbook.sheetnames), 3)
