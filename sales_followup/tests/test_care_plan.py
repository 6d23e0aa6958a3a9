from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FollowupCommon


class CareCommon(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.followup_care_horizon_days = 90
        cls.partner.user_id = cls.salesman
        cls.template = cls.env["sales_followup.care.template"].create(
            {
                "name": "Test Care",
                "segment": "returning",
                "company_id": cls.company.id,
                "monthly_contact_cap": 0,
            }
        )

    @classmethod
    def _line(cls, name, recurrence, **values):
        return cls.env["sales_followup.care.template.line"].create(
            {
                "template_id": cls.template.id,
                "name": name,
                "recurrence": recurrence,
                **values,
            }
        )

    @classmethod
    def _plan(cls, start, partner=None, template=None, segment="returning"):
        return cls.env["sales_followup.care.plan"].create(
            {
                "partner_id": (partner or cls.partner).id,
                "segment": segment,
                "template_id": (template or cls.template).id,
                "date_start": start,
            }
        )

    def _dates(self, plan, name=None, state="planned"):
        actions = plan.action_ids.filtered(
            lambda action: action.state == state and (not name or action.name == name)
        )
        return sorted(actions.mapped("date_planned"))


@tagged("post_install", "-at_install")
class TestCareTemplates(CareCommon):
    def test_seeded_templates_follow_the_seed(self):
        """SPEC section 4: one shared template per segment with its rhythm."""
        Template = self.env["sales_followup.care.template"]
        company_2 = self.env["res.company"].create({"name": "Care Co 2"})
        templates = Template._followup_templates_by_segment(company_2)
        self.assertEqual(set(templates), {"new", "returning", "high_value", "dormant"})
        self.assertFalse(any(t.company_id for t in templates.values()))

        def rhythm(segment):
            return {
                (line.anchor, line.offset, line.offset_unit, line.recurrence)
                for line in templates[segment].line_ids
            }

        # New: thank-you within a week of delivery, revisit within a month,
        # industry solution or offer within 3 months.
        self.assertLessEqual(
            {
                ("first_delivery", 7, "days", "once"),
                ("first_delivery", 1, "months", "once"),
                ("first_delivery", 3, "months", "once"),
            },
            rhythm("new"),
        )
        recurrences = {
            segment: set(templates[segment].line_ids.mapped("recurrence")) for segment in templates
        }
        self.assertLessEqual({"quarterly", "half_yearly", "biweekly"}, recurrences["returning"])
        self.assertLessEqual({"monthly", "quarterly", "weekly"}, recurrences["high_value"])
        self.assertEqual(recurrences["dormant"], {"once"})
        executive = templates["high_value"].line_ids.filtered(
            lambda line: line.recurrence == "monthly"
        )
        self.assertEqual(executive.executor_role, "director")
        # A company's own template wins over the shared one.
        self.assertEqual(
            Template._followup_templates_by_segment(self.company)["returning"],
            self.template,
        )


@tagged("post_install", "-at_install")
class TestCareRecurrence(CareCommon):
    def _occurrences(self, line, anchors, date_from, date_to):
        return [day for _key, day in line._followup_occurrences(anchors, date_from, date_to)]

    def test_each_recurrence_across_month_ends_and_leap_years(self):
        anchors = {"plan_start": date(2028, 1, 31)}
        cases = [
            # Once, a month after 31 January 2028: 29 February (leap year).
            (
                {"recurrence": "once", "offset": 1, "offset_unit": "months"},
                date(2028, 1, 31),
                [date(2028, 2, 29)],
            ),
            # Monthly counts months from the anchor: back to the 31st in March.
            (
                {"recurrence": "monthly"},
                date(2028, 1, 31),
                [
                    date(2028, 1, 31),
                    date(2028, 2, 29),
                    date(2028, 3, 31),
                    date(2028, 4, 30),
                ],
            ),
            # Weekly across the leap day.
            (
                {"recurrence": "weekly"},
                date(2028, 2, 22),
                [
                    date(2028, 2, 22),
                    date(2028, 2, 29),
                    date(2028, 3, 7),
                    date(2028, 3, 14),
                ],
            ),
            # Every 2 weeks.
            (
                {"recurrence": "biweekly"},
                date(2028, 2, 15),
                [date(2028, 2, 15), date(2028, 2, 29), date(2028, 3, 14)],
            ),
            # Quarterly from 30 November.
            (
                {"recurrence": "quarterly"},
                date(2027, 11, 30),
                [
                    date(2027, 11, 30),
                    date(2028, 2, 29),
                    date(2028, 5, 30),
                    date(2028, 8, 30),
                ],
            ),
            # Half-yearly from 31 August: 29 February in 2028, 28 in 2029.
            (
                {"recurrence": "half_yearly"},
                date(2027, 8, 31),
                [
                    date(2027, 8, 31),
                    date(2028, 2, 29),
                    date(2028, 8, 31),
                    date(2029, 2, 28),
                ],
            ),
        ]
        for values, start, expected in cases:
            with self.subTest(recurrence=values["recurrence"]):
                line = self._line("Touch", **values)
                self.assertEqual(
                    self._occurrences(line, {"plan_start": start}, start, expected[-1]),
                    expected,
                )
        # A limit stops a recurring action.
        line = self._line("Twice", "weekly", occurrence_limit=2)
        self.assertEqual(
            self._occurrences(line, anchors, date(2028, 1, 1), date(2028, 12, 31)),
            [date(2028, 1, 31), date(2028, 2, 7)],
        )

    def test_birthday_and_anniversary(self):
        birthday = self._line(
            "Birthday greeting",
            "yearly",
            anchor="birthday",
            offset=-1,
            offset_unit="days",
        )
        anchors = {"birthday": (2, 29, 1)}
        # The day before 29 February, or before the 28th in common years.
        self.assertEqual(
            self._occurrences(birthday, anchors, date(2027, 1, 1), date(2032, 12, 31)),
            [
                date(2027, 2, 27),
                date(2028, 2, 28),
                date(2029, 2, 27),
                date(2030, 2, 27),
                date(2031, 2, 27),
                date(2032, 2, 28),
            ],
        )
        anniversary = self._line("Anniversary", "yearly", anchor="anniversary")
        # Cooperation since 31 March 2027: the first anniversary is in 2028.
        self.assertEqual(
            self._occurrences(
                anniversary,
                {"anniversary": (3, 31, 2028)},
                date(2027, 1, 1),
                date(2029, 12, 31),
            ),
            [date(2028, 3, 31), date(2029, 3, 31)],
        )
        self.assertEqual(self._occurrences(birthday, {}, date(2027, 1, 1), date(2030, 1, 1)), [])
        with self.assertRaises(ValidationError):
            self._line("Birthday", "monthly", anchor="birthday")


@tagged("post_install", "-at_install")
class TestCareGeneration(CareCommon):
    @freeze_time("2028-01-31 08:00:00")
    def test_rolling_horizon_without_duplicates(self):
        self._line("Monthly visit", "monthly")
        plan = self._plan(date(2028, 1, 31))
        plan._followup_generate_actions()
        # 90 days ahead is 30 April: planned to the end of that month.
        expected = [
            date(2028, 1, 31),
            date(2028, 2, 29),
            date(2028, 3, 31),
            date(2028, 4, 30),
        ]
        self.assertEqual(self._dates(plan), expected)
        action = plan.action_ids[0]
        self.assertEqual(action.user_id, self.salesman)
        self.assertEqual(action.executor_role, "salesperson")
        # Again, and through the scheduled action: nothing new.
        plan._followup_generate_actions()
        self.env["sales_followup.care.plan"]._cron_followup_care_generate()
        self.env["sales_followup.care.plan"]._cron_followup_care_generate()
        self.assertEqual(len(plan.action_ids), 4)
        # A rescheduled action is not planned a second time.
        plan.action_ids[1].date_planned = date(2028, 3, 2)
        with freeze_time("2028-02-01 08:00:00"):
            self.env["sales_followup.care.plan"]._cron_followup_care_generate()
        self.assertEqual(
            self._dates(plan),
            [
                date(2028, 1, 31),
                date(2028, 3, 2),
                date(2028, 3, 31),
                date(2028, 4, 30),
                date(2028, 5, 31),
            ],
        )

    @freeze_time("2028-01-31 08:00:00")
    def test_cron_failure_on_one_plan_spares_the_others(self):
        self._line("Monthly visit", "monthly")
        xmlid = "sales_followup.ir_cron_followup_care_generate"
        # The plans there were (demo data) done first.
        while self._cron_call(xmlid, "_cron_followup_care_generate")[1]:
            pass
        customers = self.partner | self.env["res.partner"].create(
            [{"name": f"Care Customer {index}", "is_company": True} for index in range(2)]
        )
        plans = self.env["sales_followup.care.plan"].concat(
            *(self._plan(date(2028, 1, 31), partner=customer) for customer in customers)
        )
        broken = plans[1]
        with self._fail_on(
            "sales_followup.care.plan", "_followup_anchors", lambda plans: broken in plans
        ):
            with self._assert_failure_logged(broken):
                self.assertEqual(self._cron_call(xmlid, "_cron_followup_care_generate"), (3, 0))
            self.assertEqual(self._cron_call(xmlid, "_cron_followup_care_generate"), (0, 0))
        self.assertEqual([len(plan.action_ids) for plan in plans], [4, 0, 4])
        self.assertFalse(broken.date_generated)

        self._end_cron_run(xmlid)
        self.assertEqual(self._cron_call(xmlid, "_cron_followup_care_generate"), (1, 0))
        self.assertEqual([len(plan.action_ids) for plan in plans], [4, 4, 4])

    @freeze_time("2028-01-31 08:00:00")
    def test_executor_roles(self):
        director = self.env["res.users"].create({"name": "Sales Director", "login": "sf_director"})
        self._line("Call", "once", executor_role="salesperson")
        self._line("Review", "once", executor_role="manager")
        self._line("Visit", "once", executor_role="director")
        order = self._create_order(1000)
        order.action_confirm()
        plan = self._plan(date(2028, 1, 31))
        plan._followup_generate_actions()
        users = {action.name: action.user_id for action in plan.action_ids}
        # Director falls back to the sales team leader of the last order.
        self.assertEqual(
            users, {"Call": self.salesman, "Review": self.leader, "Visit": self.leader}
        )
        self.company.followup_director_id = director
        self.partner.user_id = self.salesman_2
        plan._followup_close("Test")
        plan = self._plan(date(2028, 1, 31))
        plan._followup_generate_actions()
        users = {action.name: action.user_id for action in plan.action_ids}
        self.assertEqual(users, {"Call": self.salesman_2, "Review": self.leader, "Visit": director})

    @freeze_time("2028-03-01 08:00:00")
    def test_monthly_contact_cap(self):
        """At most 3 touches a month, interactions and follow-ups included; the
        actions higher in the template win."""
        self.template.monthly_contact_cap = 3
        self._line("Executive visit", "monthly", sequence=1, offset=27)
        self._line("Weekly call", "weekly", sequence=2)
        self.env["sales_followup.interaction"].create(
            {
                "partner_id": self.partner.id,
                "date": datetime(2028, 3, 1, 7, 0),
                "channel": "phone",
                "kind": "followup",
                "summary": "Customer confirmed the March delivery window for line 2.",
            }
        )
        plan = self._plan(date(2028, 3, 1))
        plan._followup_generate_actions()
        # March: 1 interaction + the visit (28 March) + 1 weekly call (1 March).
        self.assertEqual(self._dates(plan, "Executive visit")[0], date(2028, 3, 28))
        march = [day for day in self._dates(plan) if day.month == 3]
        self.assertEqual(march, [date(2028, 3, 1), date(2028, 3, 28)])
        # April: the visit and the first two weekly calls.
        april = [day for day in self._dates(plan) if day.month == 4]
        self.assertEqual(april, [date(2028, 4, 5), date(2028, 4, 12), date(2028, 4, 28)])
        # The cap holds on the next runs too.
        with freeze_time("2028-03-02 08:00:00"):
            plan._followup_generate_actions()
        self.assertEqual(len([day for day in self._dates(plan) if day.month == 3]), 2)
        # Open order follow-ups count as well.
        order = self._create_order(20_000, delivery=date(2028, 6, 20))
        order.action_confirm()
        due_in_june = len(order.followup_step_ids.filtered(lambda s: s.date_due.month == 6))
        self.assertTrue(due_in_june)
        with freeze_time("2028-03-15 08:00:00"):
            plan._followup_generate_actions()
        june = [day for day in self._dates(plan) if day.month == 6]
        self.assertEqual(len(june), 3 - due_in_june)

    @freeze_time("2028-01-31 08:00:00")
    def test_do_not_contact(self):
        self._line("Monthly visit", "monthly")
        plan = self._plan(date(2028, 1, 31))
        plan._followup_generate_actions()
        self.assertEqual(len(self._dates(plan)), 4)
        self.partner.write(
            {
                "followup_do_not_contact": True,
                "followup_do_not_contact_reason": "Asked by e-mail to stop visits.",
            }
        )
        self.assertFalse(self._dates(plan))
        self.assertEqual(len(self._dates(plan, state="cancelled")), 4)
        self.assertIn("Asked by e-mail", plan.action_ids[0].cancel_reason)
        # Nothing new is planned, by the generator or by hand.
        with freeze_time("2028-02-01 08:00:00"):
            plan._followup_generate_actions()
        self.assertFalse(self._dates(plan))
        with self.assertRaises(ValidationError):
            self.env["sales_followup.care.action"].create(
                {
                    "plan_id": plan.id,
                    "name": "Courtesy call",
                    "date_planned": date(2028, 2, 3),
                }
            )
        with self.assertRaises(ValidationError):
            plan.action_ids[0].action_reset()
        # Contact allowed again: the plan resumes from today, the touches the
        # customer refused before today stay cancelled.
        self.partner.followup_do_not_contact = False
        with freeze_time("2028-02-01 08:00:00"):
            plan._followup_generate_actions()
        self.assertEqual(
            self._dates(plan),
            [
                date(2028, 2, 29),
                date(2028, 3, 31),
                date(2028, 4, 30),
                date(2028, 5, 31),
            ],
        )
        self.assertEqual(self._dates(plan, state="cancelled"), [date(2028, 1, 31)])
        self.assertEqual(len(plan.action_ids), 5)

    @freeze_time("2028-01-10 08:00:00")
    def test_first_delivery_anchor_moves_the_action(self):
        self._line(
            "Thank-you letter",
            "once",
            anchor="first_delivery",
            offset=7,
            channel="email",
        )
        order = self._create_order(20_000, delivery=date(2028, 1, 20))
        order.action_confirm()
        plan = self._plan(date(2028, 1, 10))
        plan._followup_generate_actions()
        self.assertEqual(self._dates(plan), [date(2028, 1, 27)])
        order.commitment_date = datetime(2028, 2, 3, 9, 0)
        plan._followup_generate_actions()
        self.assertEqual(self._dates(plan), [date(2028, 2, 10)])
        self.assertEqual(len(plan.action_ids), 1)


@tagged("post_install", "-at_install")
class TestCareSegmentChange(CareCommon):
    def test_segment_change_replaces_future_keeps_past(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Riverside Clinics",
                "is_company": True,
                "user_id": self.salesman.id,
            }
        )
        with freeze_time("2028-01-05 09:00:00"):
            self._create_order(20_000, partner=customer).action_confirm()
            self.env["sales_followup.customer.stats"]._followup_update(customer, self.company)
        plan = customer.followup_care_plan_ids
        self.assertEqual(plan.segment, "new")
        self.assertEqual(plan.template_id, self.env.ref("sales_followup.care_template_new"))
        with freeze_time("2028-01-05 09:00:00"):
            plan._followup_generate_actions()
        self.assertTrue(plan.action_ids)
        first = plan.action_ids.sorted("date_planned")[0]
        # The first action is done, the second one is late.
        first.customer_feedback = "Thanked us for the guide; training wanted in March."
        first.effect = "good"
        with freeze_time(f"{first.date_planned} 10:00:00"):
            first.action_done()
        late = plan.action_ids.filtered(lambda a: a.state == "planned").sorted("date_planned")[0]
        change_day = late.date_planned.toordinal() + 2
        future = plan.action_ids.filtered(
            lambda a: a.state == "planned" and a.date_planned.toordinal() >= change_day
        )
        self.assertTrue(future)
        # A big order makes the customer high-value.
        with freeze_time(f"{date.fromordinal(change_day)} 09:00:00"):
            self._create_order(600_000, partner=customer).action_confirm()
            self.env["sales_followup.customer.stats"]._followup_update(customer, self.company)
        self.assertEqual(customer.followup_segment, "high_value")
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.date_end, date.fromordinal(change_day))
        self.assertEqual(first.state, "done", "Past actions are kept")
        self.assertEqual(late.state, "planned", "Past actions are kept")
        self.assertEqual(set(future.mapped("state")), {"cancelled"})
        self.assertIn("High Value", future[0].cancel_reason)
        customer.invalidate_recordset(["followup_care_plan_ids"])
        new_plan = customer.followup_care_plan_ids - plan
        self.assertEqual(new_plan.segment, "high_value")
        self.assertEqual(new_plan.state, "active")
        self.assertEqual(new_plan.date_start, date.fromordinal(change_day))


class CareActionCommon(CareCommon):
    """A monthly care plan and its first action, on 2028-01-31."""

    def setUp(self):
        super().setUp()
        self._line("Personalised care", "monthly", channel="im")
        self.plan = self._plan(date(2028, 1, 31))
        self.plan._followup_generate_actions()
        self.action = self.plan.action_ids.sorted("date_planned")[0]

    def _log(self, action, button, effect="good"):
        """The care action's Log dialog filled in by the salesperson, then
        ``button`` pressed."""
        wizard_action = action.action_open_done_wizard()
        with Form(
            self.env[wizard_action["res_model"]]
            .with_user(self.salesman)
            .with_context(**wizard_action["context"])
        ) as wizard:
            wizard.customer_feedback = "Reads the guide; wants to talk to the engineer."
            wizard.effect = effect
        return getattr(wizard.record, button)()


@tagged("post_install", "-at_install")
@freeze_time("2028-01-31 08:00:00")
class TestCareAction(CareActionCommon):
    def test_done_with_feedback_logs_care_interaction(self):
        action = self.action.with_user(self.salesman)
        with self.assertRaises(UserError):
            action.action_done()
        wizard_action = action.action_open_done_wizard()
        with Form(
            self.env[wizard_action["res_model"]]
            .with_user(self.salesman)
            .with_context(**wizard_action["context"])
        ) as wizard:
            self.assertEqual(wizard.channel, "im")
            wizard.customer_feedback = "Interested in the new model; asked for the brochure."
            wizard.effect = "good"
            wizard.remarks = "Brochure to send this week."
        wizard.record.action_confirm()
        self.assertEqual(self.action.state, "done")
        self.assertEqual(self.action.effect, "good")
        interaction = self.action.interaction_id
        self.assertEqual(interaction.kind, "care")
        self.assertEqual(interaction.channel, "im")
        self.assertEqual(interaction.partner_id, self.partner)
        self.assertEqual(interaction.user_id, self.salesman)
        self.assertEqual(
            interaction.summary,
            "Care action: Personalised care — customer feedback: Interested in the "
            "new model; asked for the brochure.",
        )
        with self.assertRaises(UserError):
            action.action_open_done_wizard()

    def test_access_follows_customers(self):
        self.assertEqual(
            self.env["sales_followup.care.action"]
            .with_user(self.salesman)
            .search([("plan_id", "=", self.plan.id)]),
            self.plan.action_ids,
        )
        self.assertFalse(
            self.env["sales_followup.care.plan"]
            .with_user(self.salesman_2)
            .search([("id", "=", self.plan.id)])
        )
        with self.assertRaises(AccessError):
            self.action.with_user(self.salesman_2).read(["name"])
        with self.assertRaises(AccessError):
            self.template.with_user(self.salesman).name = "Mine"
        self.assertTrue(
            self.env["sales_followup.care.plan"]
            .with_user(self.leader)
            .search([("id", "=", self.plan.id)])
        )
