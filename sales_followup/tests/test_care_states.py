from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_care_plan import CareActionCommon, CareCommon

REASON = "Budget frozen, call back after the audit"


@tagged("post_install", "-at_install")
class TestDoNotContactUntil(CareCommon):
    def setUp(self):
        super().setUp()
        self._line("Monthly visit", "monthly")
        self.plan = self._plan(date(2028, 1, 31))

    def _resume(self):
        self.env["res.partner"]._cron_followup_resume_contact()

    @freeze_time("2028-01-31 08:00:00")
    def test_pause_lifted_the_day_after_and_care_planned_again(self):
        # The company works in Beijing: its day starts at 16:00 UTC.
        self.calendar.tz = "Asia/Shanghai"
        self.plan._followup_generate_actions()
        self.assertEqual(len(self._dates(self.plan)), 4)
        self.partner.write(
            {
                "followup_do_not_contact": True,
                "followup_do_not_contact_reason": REASON,
                "followup_do_not_contact_until": date(2028, 2, 15),
            }
        )
        self.assertEqual(
            self.partner.followup_do_not_contact_label, "Do Not Contact until 2028-02-15"
        )
        self.assertFalse(self._dates(self.plan))
        # The last day of the pause, in Beijing: still quiet.
        with freeze_time("2028-02-15 15:00:00"):
            self._resume()
        self.assertTrue(self.partner.followup_do_not_contact)
        # 01:00 the next day in Beijing, still the 15th in UTC: contact resumes.
        with freeze_time("2028-02-15 17:00:00"):
            self._resume()
            self.assertFalse(self.partner.followup_do_not_contact)
            self.assertFalse(self.partner.followup_do_not_contact_until)
            self.assertFalse(self.partner.followup_do_not_contact_label)
            self.assertIn(
                "ended on 2028-02-15",
                self.partner.message_ids[0].body,
            )
            # Planned again as for a customer never flagged: the touches of
            # the pause stay cancelled, the coming ones are back.
            self.assertEqual(
                self._dates(self.plan),
                [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30), date(2028, 5, 31)],
            )
            self.assertEqual(self._dates(self.plan, state="cancelled"), [date(2028, 1, 31)])
            # Nothing left to lift.
            self._resume()
            self.assertEqual(len(self.plan.action_ids), 5)

    @freeze_time("2028-01-31 08:00:00")
    def test_without_end_the_flag_stays(self):
        self.partner.write(
            {"followup_do_not_contact": True, "followup_do_not_contact_reason": REASON}
        )
        self.assertEqual(self.partner.followup_do_not_contact_label, "Do Not Contact")
        with freeze_time("2030-06-01 08:00:00"):
            self._resume()
            self.plan._followup_generate_actions()
        self.assertTrue(self.partner.followup_do_not_contact)
        self.assertFalse(self._dates(self.plan))

    @freeze_time("2028-01-31 08:00:00")
    def test_paused_plan_says_why(self):
        """A customer who asked for quiet has its plan shown paused, with the
        reason and the end of the pause, not "In Progress" with nothing to do."""
        Plan = self.env["sales_followup.care.plan"]
        self.assertEqual(self.plan.status, "active")
        self.partner.write(
            {
                "followup_do_not_contact": True,
                "followup_do_not_contact_reason": REASON,
                "followup_do_not_contact_until": date(2028, 2, 15),
            }
        )
        self.assertEqual(self.plan.state, "active")
        form = Form(self.plan)
        self.assertEqual(form.status, "paused")
        self.assertEqual(
            form.pause_reason,
            f"The customer asked not to be contacted until 02/15/2028: {REASON}",
        )
        self.assertEqual(
            Plan.search([("status", "=", "paused"), ("id", "=", self.plan.id)]), self.plan
        )
        self.assertFalse(Plan.search([("status", "=", "active"), ("id", "=", self.plan.id)]))
        self.partner.followup_do_not_contact_until = False
        self.assertEqual(
            self.plan.pause_reason, f"The customer asked not to be contacted: {REASON}"
        )
        self.partner.followup_do_not_contact = False
        self.assertEqual(self.plan.status, "active")
        self.assertFalse(self.plan.pause_reason)
        self.assertEqual(
            Plan.search([("status", "=", "active"), ("id", "=", self.plan.id)]), self.plan
        )
        self.plan.action_close()
        self.assertEqual(self.plan.status, "closed")

    @freeze_time("2028-01-31 08:00:00")
    def test_past_end_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.partner.write(
                {
                    "followup_do_not_contact": True,
                    "followup_do_not_contact_reason": REASON,
                    "followup_do_not_contact_until": date(2028, 1, 30),
                }
            )
        self.assertIn("that day is past", str(caught.exception))
        Interaction = self.env["sales_followup.interaction"].with_user(self.salesman)
        values = {
            "partner_id": self.partner.id,
            "summary": "Called about the next delivery.",
            "do_not_contact": True,
            "do_not_contact_reason": REASON,
            "do_not_contact_until": date(2028, 1, 30),
        }
        with self.assertRaises(ValidationError):
            Interaction.create(values)
        # Today is the last day of a pause: accepted, and carried to the customer.
        Interaction.create(dict(values, do_not_contact_until=date(2028, 1, 31)))
        self.assertTrue(self.partner.followup_do_not_contact)
        self.assertEqual(self.partner.followup_do_not_contact_until, date(2028, 1, 31))
        self.assertEqual(self.partner.followup_do_not_contact_reason, REASON)
        # Lifting the flag by hand forgets the end.
        self.partner.followup_do_not_contact = False
        self.assertFalse(self.partner.followup_do_not_contact_until)


@tagged("post_install", "-at_install")
@freeze_time("2028-01-31 08:00:00")
class TestCareActionStates(CareActionCommon):
    def test_start_then_done(self):
        self.assertEqual(self.action.state, "planned")
        action = self.action.with_user(self.salesman)
        # The status is the buttons' to set.
        with self.assertRaises(AccessError):
            action.write({"state": "in_progress"})
        action.action_start()
        self.assertEqual(self.action.state, "in_progress")
        self.assertFalse(self.action.interaction_id)
        self._log(action, "action_confirm", effect="excellent")
        self.assertEqual(self.action.state, "done")
        self.assertEqual(self.action.effect, "excellent")
        self.assertTrue(self.action.date_done)
        self.assertEqual(self.action.interaction_id.kind, "care")
        # Nothing to start or log once done.
        action.action_start()
        self.assertEqual(self.action.state, "done")
        with self.assertRaises(UserError):
            action.action_open_done_wizard()

    def test_partial_contact_leaves_it_in_progress(self):
        action = self.action.with_user(self.salesman)
        self._log(action, "action_log_progress", effect="fair")
        self.assertEqual(self.action.state, "in_progress")
        self.assertFalse(self.action.date_done)
        first = self.action.interaction_id
        self.assertEqual(first.kind, "care")
        self.assertEqual(first.partner_id, self.partner)
        self._log(action, "action_confirm")
        self.assertEqual(self.action.state, "done")
        self.assertNotEqual(self.action.interaction_id, first)
        self.assertEqual(
            self.env["sales_followup.interaction"].search_count(
                [("partner_id", "=", self.partner.id), ("kind", "=", "care")]
            ),
            2,
        )

    def test_cancel_and_plan_again(self):
        action = self.action.with_user(self.salesman)
        action.action_start()
        action.action_cancel()
        self.assertEqual(self.action.state, "cancelled")
        action.action_reset()
        self.assertEqual(self.action.state, "planned")

    def test_in_progress_is_open(self):
        self.action.action_start()
        others = self.plan.action_ids - self.action
        self.assertEqual(self.partner.followup_care_action_planned_ids, self.plan.action_ids)
        self.assertEqual(self.partner.followup_care_action_count, len(self.plan.action_ids))
        self.assertEqual(self.plan.action_planned_count, len(self.plan.action_ids))
        # The digest reminds of it.
        candidates = self.env["res.users"]._followup_digest_candidates(self.action.date_planned)
        self.assertIn(self.action, candidates["care"][self.salesman])
        # Asking for quiet cancels it like the ones not started.
        self.partner.write(
            {"followup_do_not_contact": True, "followup_do_not_contact_reason": REASON}
        )
        self.assertEqual(self.action.state, "cancelled")
        self.assertEqual(set(others.mapped("state")), {"cancelled"})


@tagged("post_install", "-at_install")
@freeze_time("2028-01-31 08:00:00")
class TestCareReminders(CareActionCommon):
    """A care action due soon is an activity of its executor, on the action:
    each executor's next open action of each care plan (steps' rule)."""

    def _reminders(self, actions):
        return self.env["mail.activity"].search(
            [("res_model", "=", actions._name), ("res_id", "in", actions.ids)]
        )

    def _reminded(self):
        """The plan's actions that have a reminder."""
        return self._reminders(self.plan.action_ids).followup_care_action_id

    def _next(self):
        return self.plan.action_ids.filtered(
            lambda action: action.state in ("planned", "in_progress")
        ).sorted("date_planned")[:1]

    def test_next_action_is_the_executors_activity(self):
        reminder = self._reminders(self.plan.action_ids)
        self.assertEqual(len(reminder), 1, "the next action only, not the whole plan")
        self.assertEqual(reminder.res_id, self.action.id)
        self.assertEqual(reminder.followup_care_action_id, self.action)
        self.assertEqual(reminder.user_id, self.salesman)
        self.assertEqual(reminder.date_deadline, self.action.date_planned)
        self.assertEqual(reminder.summary, "Personalised care")
        self.assertEqual(
            reminder.activity_type_id, self.env.ref("sales_followup.mail_activity_type_care_action")
        )
        self.assertEqual(self.action.activity_ids, reminder)
        # The executor finds it among his activities.
        self.assertIn(
            self.action,
            self.env["sales_followup.care.action"]
            .with_user(self.salesman)
            .search([("activity_user_id", "=", self.salesman.id)]),
        )

    def test_moving_date_or_executor_moves_the_activity(self):
        action = self.action.with_user(self.leader)
        action.date_planned = date(2028, 2, 3)
        self.assertEqual(self._reminders(self.action).date_deadline, date(2028, 2, 3))
        # Moved after the next one: that one becomes the reminder.
        action.date_planned = date(2028, 3, 31)
        self.assertFalse(self._reminders(self.action))
        self.assertEqual(self._reminded(), self._next())
        action.date_planned = date(2028, 2, 3)
        self.assertEqual(self._reminded(), self.action)
        # Given to a colleague by hand: his, and he is told; the salesperson
        # is reminded of his own next action.
        action.user_id = self.salesman_2
        reminders = self._reminders(self.plan.action_ids)
        self.assertEqual(
            {(act.user_id, act.followup_care_action_id) for act in reminders},
            {
                (self.salesman_2, self.action),
                (self.salesman, (self.plan.action_ids - self.action).sorted("date_planned")[0]),
            },
        )
        self.assertIn(self.salesman_2.partner_id, self.action.message_partner_ids)
        notice = self.env["mail.message"].search(
            [
                ("model", "=", self.action._name),
                ("res_id", "=", self.action.id),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertEqual(notice.partner_ids, self.salesman_2.partner_id, "told, given by hand")

    def test_action_made_by_hand_is_its_executors_activity(self):
        """Made by hand, as in the form (its author follows it): the executor
        gets its reminder, and is told when someone else gave it to him."""
        Action = self.env["sales_followup.care.action"].with_context(
            mail_create_nosubscribe=False, mail_create_nolog=False, tracking_disable=False
        )
        values = {"plan_id": self.plan.id, "name": "Bring the new catalogue"}
        own = Action.with_user(self.salesman).create(
            dict(values, date_planned=date(2028, 1, 20), user_id=self.salesman.id)
        )
        given = Action.with_user(self.leader).create(
            dict(values, date_planned=date(2028, 1, 25), user_id=self.salesman_2.id)
        )
        self.assertEqual(self._reminders(own).user_id, self.salesman)
        self.assertEqual(self._reminders(given).user_id, self.salesman_2)
        self.assertEqual(self._reminded(), own | given, "each executor's next action")
        self.assertIn(self.salesman_2.partner_id, given.message_partner_ids)
        self.assertEqual(len(given.message_follower_ids), len(given.message_partner_ids))
        notices = self.env["mail.message"].search(
            [
                ("model", "=", own._name),
                ("res_id", "in", (own | given).ids),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertEqual(notices.partner_ids, self.salesman_2.partner_id)

    def test_done_action_loses_its_activity(self):
        self._log(self.action.with_user(self.salesman), "action_confirm")
        self.assertEqual(self.action.state, "done")
        self.assertFalse(self._reminders(self.action))
        # Done, kept as evidence in the action's chatter.
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("followup_care_action_id", "=", self.action.id)])
        )
        self.assertFalse(done.active)
        self.assertTrue(self.action.message_ids.filtered("mail_activity_type_id"))
        following = self._next()
        self.assertNotEqual(following, self.action)
        self.assertEqual(self._reminded(), following)

    def test_cancelled_action_loses_its_activity(self):
        self.action.with_user(self.salesman).action_cancel()
        self.assertFalse(self._reminders(self.action))
        self.assertEqual(self._reminded(), self._next())
        # Planned again, it is the next one again.
        self.action.with_user(self.salesman).action_reset()
        self.assertEqual(self._reminded(), self.action)

    def test_marking_the_activity_done_logs_the_action(self):
        reminder = self._reminders(self.action).with_user(self.salesman)
        with self.assertRaises(UserError):
            reminder.action_feedback()  # what did the customer say?
        reminder.action_feedback(feedback="Happy with the service; asked about spare parts.")
        self.assertEqual(self.action.state, "done")
        self.assertEqual(
            self.action.customer_feedback, "Happy with the service; asked about spare parts."
        )
        self.assertEqual(self.action.interaction_id.kind, "care")
        self.assertFalse(reminder.active, "done, kept as evidence")
        self.assertEqual(self._reminded(), self._next())
