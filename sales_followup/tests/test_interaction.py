from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import FollowupCommon

GOOD_SUMMARY = "Customer confirmed delivery to building 3 on 17 March."


class InteractionCommon(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Interaction = cls.env["sales_followup.interaction"]
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": cls.partner.id}
        )
        cls.other_partner = cls.env["res.partner"].create(
            {"name": "Blue River Logistics", "is_company": True}
        )
        cls.escalation_type = cls.env.ref("sales_followup.mail_activity_type_escalation")

    def _log(self, user=None, **values):
        values = {"partner_id": self.partner.id, "summary": GOOD_SUMMARY, **values}
        return self.Interaction.with_user(user or self.salesman).create(values)

    def _activities(self, record, activity_type=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if activity_type:
            domain.append(("activity_type_id", "=", activity_type.id))
        return self.env["mail.activity"].search(domain)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestInteractionValidation(InteractionCommon):
    def test_vague_summary_refused_with_advice(self):
        summaries = ("已與客戶溝通", "已沟通", "Communicated with the customer.", "Followed up.")
        for summary in summaries:
            with self.subTest(summary=summary), self.assertRaises(ValidationError) as error:
                self._log(summary=summary)
            self.assertIn(summary.rstrip("."), str(error.exception))
            self.assertIn("Write what was said", str(error.exception))
        with self.assertRaisesRegex(ValidationError, "too short"):
            self._log(summary="OK")

    def test_specific_summary_accepted_unchanged(self):
        summary = "已与客户沟通：客户确认交付地址为园区3号楼，收货人为仓库主管。"
        interaction = self._log(summary=summary)
        self.assertEqual(interaction.summary, summary)

    def test_vague_rules_are_company_settings(self):
        self.company.followup_vague_phrases = "touched base"
        self.company.followup_summary_min_length = 4
        self.assertTrue(self._log(summary="已沟通，无异议"))
        with self.assertRaisesRegex(ValidationError, "Touched base"):
            self._log(summary="Touched base.")

    def test_personal_data_refused_naming_what_and_where(self):
        mobile, card = "a mobile phone number", "a bank card number"
        cases = [
            ("summary", "Call him back on 13800138000 tomorrow", mobile, "Summary"),
            (
                "customer_feedback",
                "Quote to zhang.san@example.com",
                "an e-mail address",
                "Customer Feedback",
            ),
            (
                "solution",
                "Visitor pass for ID 440304198506151237",
                "a resident ID number",
                "Our Solution",
            ),
            ("result", "Refund to card 6222021234567890128", card, "Result"),
            (
                "channel_detail",
                "desk line 010-12345678",
                "a landline phone number",
                "Channel Detail",
            ),
            ("next_action", "Call +44 20 7946 0958 about parts", "a phone number", "Next Action"),
            (
                "score_responsiveness_example",
                "answered from 13912345678",
                mobile,
                "Responsiveness Example",
            ),
            ("exception_resolution", "Refunded to 6228 4800 1234 5671", card, "Handling Result"),
        ]
        for fname, text, what, where in cases:
            values = {fname: text}
            if fname == "next_action":
                values["next_action_date"] = date(2026, 4, 30)
            if fname == "exception_resolution":
                values["exception_reason"] = "other"
            with self.subTest(field=fname), self.assertRaises(ValidationError) as error:
                self._log(**values)
            message = str(error.exception)
            self.assertIn(what, message)
            self.assertIn(where, message)
            self.assertNotIn(text, message, "the identifier itself is masked")
        # Editing later is checked too.
        interaction = self._log()
        with self.assertRaisesRegex(ValidationError, "e-mail address"):
            interaction.with_user(self.salesman).write({"result": "wrote to li@example.com"})

    def test_numbers_that_only_look_numeric_pass(self):
        values = {
            "summary": "Order SO2024030100012 confirmed; amount 1,250,000.00 (1250000 net), "
            "delivery 2024-03-01, packing list 20240301.",
            "customer_feedback": "Serial 440304198506151238 is on the nameplate.",
            "result": "Waybill 6222021234567890128 handed to the carrier.",
            "channel_detail": "PO-6228480012345671 review call",
        }
        interaction = self._log(**values)
        for fname, text in values.items():
            self.assertEqual(interaction[fname], text)

    def test_satisfaction_required_on_surveys_and_between_1_and_5(self):
        with self.assertRaisesRegex(ValidationError, "satisfaction survey needs"):
            self._log(kind="survey")
        for score in (6, -1):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                self._log(kind="survey", satisfaction=score)
        self.assertEqual(self._log(kind="survey", satisfaction=5).satisfaction, 5)
        self.assertEqual(self._log(kind="followup").satisfaction, 0)

    def test_scores_between_1_and_5(self):
        for fname in (
            "score_responsiveness",
            "score_resolution",
            "score_professionalism",
            "score_proactiveness",
        ):
            with self.subTest(field=fname), self.assertRaisesRegex(ValidationError, "1 to 5"):
                self._log(**{fname: 6})
            self.assertEqual(self._log(**{fname: 1})[fname], 1)

    def test_satisfaction_aspects_between_1_and_5(self):
        labels = {
            "satisfaction_quality": "Product / Service Quality",
            "satisfaction_timeliness": "Delivery Timeliness",
            "satisfaction_service": "Service Experience",
        }
        for fname, label in labels.items():
            for score in (6, -1):
                with (
                    self.subTest(field=fname, score=score),
                    self.assertRaisesRegex(ValidationError, f"{label} is scored from 1 to 5"),
                ):
                    self._log(kind="survey", satisfaction=4, **{fname: score})
            interaction = self._log(kind="survey", satisfaction=4, **{fname: 2})
            self.assertEqual(interaction[fname], 2)
            with self.assertRaisesRegex(ValidationError, "1 to 5"):
                interaction.with_user(self.salesman).write({fname: 9})
        # An aspect is optional: 0 means not asked.
        self.assertEqual(self._log(kind="survey", satisfaction=4).satisfaction_quality, 0)

    def test_next_action_due_date(self):
        # Not given: two working days after the contact, Monday to Wednesday.
        interaction = self._log(next_action="Send the heat-resistance test data")
        self.assertEqual(interaction.next_action_date, date(2026, 4, 29))
        self.assertEqual(interaction.next_action_activity_id.date_deadline, date(2026, 4, 29))
        # Removed on purpose, it is asked for; never in the past.
        with self.assertRaisesRegex(ValidationError, "by when"):
            self._log(next_action="Send the heat-resistance test data", next_action_date=False)
        with self.assertRaisesRegex(ValidationError, "before the interaction"):
            self._log(next_action="Send the data", next_action_date=date(2026, 4, 26))

    def test_exception_needs_reason_and_resolution_to_close(self):
        with self.assertRaisesRegex(ValidationError, "what the complaint"):
            self._log(kind="exception")
        interaction = self._log(kind="exception", exception_reason="delivery_delay")
        with self.assertRaisesRegex(ValidationError, "handling result"):
            interaction.exception_state = "resolved"

    def test_customer_order_and_step_must_match(self):
        with self.assertRaisesRegex(ValidationError, "add Zhang Wei as a customer contact"):
            self._log(partner_id=self.contact.id)
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        with self.assertRaisesRegex(ValidationError, "is for Huaxin"):
            self._log(partner_id=self.other_partner.id, order_id=order.id)

    def test_future_contact_refused(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self._log(date=datetime(2026, 4, 27, 11, 0))
        self.assertTrue(self._log(date=datetime(2026, 4, 27, 10, 5)))


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestInteractionFlow(InteractionCommon):
    def test_plain_values_fill_customer_and_timeline_reads_back(self):
        """What an RPC client does: create with plain values, read the timeline."""
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        interaction = self.Interaction.with_user(self.salesman).create(
            {"order_id": order.id, "summary": GOOD_SUMMARY, "channel": "im"}
        )
        self.assertEqual(interaction.partner_id, self.partner)
        self.assertEqual(interaction.company_id, order.company_id)
        timeline = self.Interaction.with_user(self.salesman).search_read(
            [("partner_id", "=", self.partner.id)], ["date", "channel", "summary", "is_late"]
        )
        self.assertEqual([row["summary"] for row in timeline], [GOOD_SUMMARY])

    def test_logging_against_steps_completes_them_in_batch(self):
        orders = self._create_order(150_000, delivery=date(2026, 5, 22))
        orders |= self._create_order(150_000, delivery=date(2026, 5, 29))
        orders.action_confirm()
        steps = orders.followup_step_ids.filtered(lambda step: step.kind == "first_contact")
        interactions = self.Interaction.with_user(self.salesman).create(
            [{"step_id": step.id, "summary": GOOD_SUMMARY} for step in steps]
        )
        self.assertEqual(steps.mapped("state"), ["done", "done"])
        self.assertEqual(steps.interaction_id, interactions)
        self.assertEqual(interactions.order_id, orders, "the order comes from the step")
        for order in orders:
            reminders = self._followup_activities(order)
            # The rep's next step; the review (every tier has one) is the leader's.
            self.assertEqual(
                {(act.user_id, act.followup_step_id.kind) for act in reminders},
                {(self.salesman, "cadence"), (self.leader, "manager_review")},
            )

    def test_next_action_becomes_an_activity(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        interaction = self._log(
            order_id=order.id,
            next_action="Ask production whether delivery can move to 17 May",
            next_action_user_id=self.salesman_2.id,
            next_action_date=date(2026, 4, 29),
        )
        activity = interaction.next_action_activity_id
        self.assertEqual(activity, self._activities(order) - self._followup_activities(order))
        self.assertEqual(
            (activity.user_id, activity.date_deadline, activity.summary),
            (self.salesman_2, date(2026, 4, 29), interaction.next_action),
        )
        interaction.with_user(self.salesman).next_action_date = date(2026, 4, 30)
        self.assertEqual(activity.date_deadline, date(2026, 4, 30))
        interaction.with_user(self.salesman).write(
            {"next_action": False, "next_action_date": False}
        )
        self.assertFalse(activity.exists())
        # Without an order, the activity goes on the customer, for the logger.
        loose = self._log(next_action="Send the catalogue", next_action_date=date(2026, 5, 4))
        self.assertEqual(loose.next_action_activity_id, self._activities(self.partner))
        self.assertEqual(loose.next_action_activity_id.user_id, self.salesman)

    @freeze_time("2026-04-29 10:00:00")
    def test_satisfaction_2_escalates(self):
        """Wednesday 29 April: the salesperson's solution is due within 24
        hours, the customer's confirmation 3 working days later, across Labour
        Day (Friday 1 May) and the weekend; the team leader is informed (see
        test_order_rules for the working group)."""
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        interaction = self._log(order_id=order.id, kind="survey", satisfaction=2)
        self.assertEqual(
            [
                (step.kind, step.date_due, step.user_id)
                for step in interaction.solution_step_id | interaction.escalation_step_id
            ],
            [
                ("solution", date(2026, 4, 30), self.salesman),
                ("escalation", date(2026, 5, 5), self.salesman),
            ],
        )
        self.assertFalse(interaction.escalation_step_id.plan_key)
        self.assertTrue(interaction.is_escalated)
        self.assertIn(self.leader.partner_id, order.message_partner_ids)
        # Editing the escalated interaction does not escalate twice.
        interaction.with_user(self.salesman).satisfaction = 1
        self.assertEqual(len(order.followup_step_ids.filtered(lambda s: s.kind == "escalation")), 1)

    def test_satisfaction_3_does_not_escalate(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        interaction = self._log(order_id=order.id, kind="survey", satisfaction=3)
        self.assertFalse(interaction.is_escalated)
        self.assertFalse(self._activities(order, self.escalation_type))
        self.assertFalse(order.followup_step_ids.filtered(lambda s: s.kind == "escalation"))
        # A company that escalates at 3 does.
        self.company.followup_escalation_satisfaction = 3
        self.assertTrue(self._log(order_id=order.id, kind="survey", satisfaction=3).is_escalated)

    def test_escalation_without_order_goes_to_company_manager(self):
        """No order: the two deadlines are the rep's activities on the
        customer; the company's follow-up manager is informed."""
        self.company.followup_manager_id = self.manager
        interaction = self._log(kind="survey", satisfaction=1)
        activities = self._activities(self.partner, self.escalation_type)
        self.assertEqual(
            sorted(activities.mapped("date_deadline")), [date(2026, 4, 28), date(2026, 4, 30)]
        )
        self.assertEqual(activities.user_id, self.salesman)
        self.assertIn(self.manager.partner_id, interaction.message_partner_ids)

    def test_quality_issue_notifies_after_sales(self):
        after_sales = new_test_user(
            self.env, login="sf_after_sales", groups="sales_team.group_sale_salesman"
        )
        self.company.followup_after_sales_user_id = after_sales
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        interaction = self._log(
            order_id=order.id, kind="exception", exception_reason="quality_mismatch"
        )
        activity = self._activities(order, self.escalation_type)
        self.assertEqual(activity.user_id, after_sales)
        self.assertEqual(activity.date_deadline, date(2026, 4, 28), "within 24 hours")
        self.assertTrue(interaction.after_sales_notified)
        # Other exceptions do not concern after-sales.
        self._log(order_id=order.id, kind="exception", exception_reason="delivery_delay")
        self.assertEqual(len(self._activities(order, self.escalation_type)), 1)

    def test_late_logging_flagged(self):
        self.assertTrue(self._log(date=datetime(2026, 4, 27, 7, 30)).is_late)
        self.assertFalse(self._log(date=datetime(2026, 4, 27, 8, 0)).is_late)
        self.company.followup_late_hours = 3
        self.assertFalse(self._log(date=datetime(2026, 4, 27, 7, 30)).is_late)
        # Backdating by a rep is refused: the logging time is the server's.
        with self.assertRaises(AccessError):
            self._log(date=datetime(2026, 4, 27, 9, 30), date_logged=datetime(2026, 4, 27, 9, 40))
        interaction = self._log(date=datetime(2026, 4, 27, 9, 30))
        self.assertEqual(interaction.date_logged, datetime(2026, 4, 27, 10, 0))

    def test_late_flag_follows_a_corrected_date(self):
        interaction = self._log(date=datetime(2026, 4, 27, 9, 0))
        self.assertFalse(interaction.is_late)
        with freeze_time("2026-04-28 10:00:00"):
            interaction.with_user(self.manager).date = datetime(2026, 4, 27, 6, 0)
        self.assertTrue(interaction.is_late, "4 hours between contact and logging")

    def test_precomputed_values_match_computes(self):
        """Logging sets the fields computed at creation from the values
        (sparing a new() record): they are what the computes give."""
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        other_company = self.env["res.company"].create({"name": "Other Follow-up Co"})
        self.salesman.company_ids |= other_company
        precomputed = [
            fname for fname, field in self.Interaction._fields.items() if field.precompute
        ]
        cases = {
            "customer only": {},
            "order, no customer": {"order_id": order.id, "partner_id": False},
            "order and customer": {"order_id": order.id},
            "next action": {
                "next_action": "Send the revised quote.",
                "next_action_date": "2026-04-29",
                "order_id": order.id,
            },
            "next action, no date": {"next_action": "Call back about the sample."},
            "next action for someone": {
                "next_action": "Call the warehouse.",
                "next_action_date": "2026-04-29",
                "next_action_user_id": self.leader.id,
            },
            "exception": {"kind": "exception", "exception_reason": "delivery_delay"},
            "resolved exception": {
                "kind": "exception",
                "exception_reason": "other",
                "exception_state": "resolved",
                "exception_resolution": "Replaced the damaged part.",
            },
            "logged late": {"date": "2026-04-27 06:00:00"},
            "given company": {"company_id": other_company.id},
        }
        Interaction = self.Interaction.with_user(self.salesman)
        for case, values in cases.items():
            with self.subTest(case=case):
                values = {"partner_id": self.partner.id, "summary": GOOD_SUMMARY, **values}
                if not values["partner_id"]:
                    del values["partner_id"]
                interaction = Interaction.create(values)
                # The computes on a new record with the same values.
                expected = Interaction.new(dict(values, date_logged=interaction.date_logged))
                for fname in precomputed:
                    self.assertEqual(interaction[fname], expected[fname], fname)
        self.assertTrue(Interaction.search([("is_late", "=", True)]), "one case is late")

    def test_logged_in_the_order_company(self):
        """A rep of two companies logs a touch on an order of his second one:
        the interaction is that company's, with that company's defaults."""
        hk = self.env["res.company"].create({"name": "Follow-up Hong Kong"})
        self.salesman.company_ids |= hk
        self.env["ir.default"].set(
            "sales_followup.interaction", "channel", "visit", company_id=hk.id
        )
        order = self._create_order(20_000, company_id=hk.id, team_id=False)
        order.action_confirm()
        on_order = self._log(order_id=order.id)
        self.assertEqual(on_order.company_id, hk)
        self.assertEqual(on_order.channel, "visit")
        # Without an order, the rep's main company and its defaults.
        self.assertEqual(self._log().company_id, self.salesman.company_id)
        self.assertEqual(self._log().channel, "phone")

    def test_exception_lifecycle_on_the_order(self):
        order = self._create_order(20_000, delivery=date(2026, 5, 22))
        interaction = self._log(
            order_id=order.id,
            kind="exception",
            exception_reason="delivery_delay",
            exception_severity="high",
        )
        self.assertEqual(interaction.exception_state, "open")
        self.assertEqual(order.followup_open_exception_count, 1)
        rep_view = interaction.with_user(self.salesman)
        rep_view.action_exception_start()
        self.assertEqual(interaction.exception_state, "in_progress")
        with self.assertRaises(UserError):
            rep_view.action_exception_resolve()
        rep_view.exception_resolution = "Shipped 100 units by express on 30 April."
        rep_view.action_exception_resolve()
        self.assertEqual(interaction.exception_state, "resolved")
        self.assertEqual(interaction.exception_date_resolved, datetime(2026, 4, 27, 10, 0))
        order.invalidate_recordset(["followup_open_exception_count"])
        self.assertEqual(order.followup_open_exception_count, 0)
        self.assertIn(interaction, order.followup_interaction_ids)

    def test_rep_cannot_delete_manager_can_correct(self):
        interaction = self._log()
        with self.assertRaises(AccessError):
            interaction.with_user(self.salesman).unlink()
        interaction.with_user(self.manager).write({"channel": "visit"})
        interaction.with_user(self.manager).unlink()
        self.assertFalse(interaction.exists())

    def test_edits_are_tracked(self):
        interaction = self._log()
        self.cr.flush()  # as if committed: records are tracked after their creation
        interaction = interaction.with_context(tracking_disable=False, mail_notrack=False)
        interaction.write(
            {"summary": "Customer confirmed delivery to building 5 on 18 March.", "mood": "worried"}
        )
        self.env.flush_all()
        self.cr.flush()  # tracking values are written just before commit
        messages = self.env["mail.message"].search(
            [("model", "=", interaction._name), ("res_id", "=", interaction.id)]
        )
        tracked = messages.tracking_value_ids.field_id.mapped("name")
        self.assertIn("summary", tracked)
        self.assertIn("mood", tracked)

    def test_customer_timeline_figures(self):
        self._log(date=datetime(2026, 4, 20, 9, 0), kind="survey", satisfaction=4)
        self._log(date=datetime(2026, 4, 24, 15, 30), kind="survey", satisfaction=3)
        self._log(date=datetime(2026, 4, 27, 9, 0))
        partner = self.partner.with_user(self.salesman)
        self.assertEqual(partner.followup_interaction_count, 3)
        self.assertEqual(partner.followup_last_interaction_date, datetime(2026, 4, 27, 9, 0))
        self.assertEqual(partner.followup_satisfaction_avg, 3.5, "unrated touches left out")
        self.assertEqual(self.contact.followup_satisfaction_avg, 3.5, "a contact shows its company")
        # The pivot and graph views average the same way.
        [(average,)] = self.Interaction._read_group(
            [("partner_id", "=", self.partner.id)], [], ["satisfaction:avg"]
        )
        self.assertEqual(average, 3.5)
