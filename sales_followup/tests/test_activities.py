from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestActivities(FollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A Key order's plan is then the salesperson's alone: one reminder to
        # follow (Strategic orders here show the review beside it).
        cls.tier_key.manager_review = False

    @freeze_time("2026-04-30 10:00:00")
    def test_one_reminder_per_person_for_next_step(self):
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        activities = self._followup_activities(order)
        # Not the whole plan: the salesperson's next step and the leader's review.
        self.assertEqual(len(activities), 2)
        by_user = {activity.user_id: activity for activity in activities}
        self.assertEqual(set(by_user), {self.salesman, self.leader})
        self.assertEqual(by_user[self.salesman].followup_step_id.kind, "first_contact")
        self.assertEqual(by_user[self.salesman].date_deadline, date(2026, 5, 4))
        self.assertEqual(
            by_user[self.salesman].activity_type_id,
            self.env.ref("sales_followup.mail_activity_type_followup"),
        )
        self.assertEqual(by_user[self.leader].followup_step_id.kind, "manager_review")
        # The salesperson finds it among his own activities.
        mine = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .search([("activity_user_id", "=", self.salesman.id)])
        )
        self.assertIn(order, mine)

    @freeze_time("2026-04-30 10:00:00")
    def test_reminder_users_follow_the_order(self):
        """Whoever gets a reminder follows the order, once; the reminder names
        its order. Activities scheduled by hand still subscribe their user."""
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.message_unsubscribe(partner_ids=self.salesman.partner_id.ids)
        self.assertNotIn(self.salesman.partner_id, order.message_partner_ids)
        self.assertNotIn(self.leader.partner_id, order.message_partner_ids)
        order.action_confirm()
        followers = order.message_follower_ids.partner_id
        self.assertIn(self.salesman.partner_id, followers)
        self.assertIn(self.leader.partner_id, followers)
        self.assertEqual(len(followers), len(order.message_follower_ids), "no follower twice")
        for activity in self._followup_activities(order):
            self.assertEqual(activity.res_model, "sale.order")
            self.assertEqual(activity.res_name, order.name)
        order.activity_schedule("mail.mail_activity_data_todo", user_id=self.manager.id)
        self.assertIn(self.manager.partner_id, order.message_partner_ids)

    @freeze_time("2026-04-30 10:00:00")
    def test_completing_step_moves_reminder_on(self):
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        self._steps(order, "first_contact").with_user(self.salesman).action_done()
        activity = self._followup_activities(order).filtered(
            lambda act: act.user_id == self.salesman
        )
        self.assertEqual(activity.followup_step_id.kind, "cadence")
        self.assertEqual(activity.date_deadline, date(2026, 5, 11))

    @freeze_time("2026-04-30 10:00:00")
    def test_marking_reminder_done_completes_step(self):
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        activity = self._followup_activities(order)
        step = activity.followup_step_id
        activity.with_user(self.salesman).action_feedback(feedback="Confirmed stock")
        self.assertEqual(step.state, "done")
        self.assertEqual(self._followup_activities(order).followup_step_id.kind, "cadence")

    @freeze_time("2026-04-30 10:00:00")
    def test_interaction_on_step_completes_it(self):
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        step = self._steps(order, "first_contact")
        interaction = (
            self.env["sales_followup.interaction"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_id": order.id,
                    "step_id": step.id,
                    "summary": "Customer confirmed stock for 150 units by 12 May.",
                }
            )
        )
        self.assertEqual(step.state, "done")
        self.assertEqual(step.interaction_id, interaction)
        self.assertEqual(self._followup_activities(order).followup_step_id.kind, "cadence")

    # ------------------------------------------------------------
    # Derived from the steps, whatever changes them
    # ------------------------------------------------------------

    def _assigned_notices(self, order, user):
        """The "assigned to you" messages ``user`` got on ``order``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )

    @freeze_time("2026-04-30 10:00:00")
    def test_interaction_closes_reminder_once_with_its_summary(self):
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        reminder = self._followup_activities(order)
        summary = "Customer confirmed stock for 150 units by 12 May."
        self.env["sales_followup.interaction"].with_user(self.salesman).create(
            {
                "partner_id": self.partner.id,
                "order_id": order.id,
                "step_id": reminder.followup_step_id.id,
                "summary": summary,
            }
        )
        self.assertFalse(reminder.active, "done, kept as evidence")
        done = self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("mail_activity_type_id", "=", reminder.activity_type_id.id),
            ]
        )
        self.assertEqual(len(done), 1, "marked done once")
        self.assertIn(summary, done.body)

    @freeze_time("2026-04-30 10:00:00")
    def test_step_changed_by_hand_moves_its_reminder_at_once(self):
        """No job has to repair a reminder: a step moved or given to someone
        else moves it, and the new person is told, as Odoo tells the
        assignee of an activity someone else gives him."""
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        step = self._steps(order, "first_contact")
        step.with_user(self.leader).date_due = date(2026, 5, 5)
        self.assertEqual(self._followup_activities(order).date_deadline, date(2026, 5, 5))
        self.assertFalse(self._assigned_notices(order, self.salesman_2))
        step.with_user(self.leader).user_id = self.salesman_2
        reminders = self._followup_activities(order)
        self.assertEqual(
            {(act.user_id, act.followup_step_id.kind) for act in reminders},
            {(self.salesman_2, "first_contact"), (self.salesman, "cadence")},
        )
        self.assertEqual(len(self._assigned_notices(order, self.salesman_2)), 1)
        self.assertIn(self.salesman_2.partner_id, order.message_partner_ids)

    @freeze_time("2026-04-30 10:00:00")
    def test_plan_reminders_are_quiet(self):
        """The reminders of a plan are the person's own work list, found in
        his activities: confirming an order mails nobody about them."""
        order = self._create_order(600_000, delivery=date(2026, 5, 22))
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(
            set(self._followup_activities(order).user_id), {self.salesman, self.leader}
        )
        self.assertFalse(self._assigned_notices(order, self.leader))
        self.assertFalse(self._assigned_notices(order, self.salesman))

    @freeze_time("2026-04-30 10:00:00")
    def test_deleted_reminder_comes_back(self):
        """A reminder stands for its open step: deleted, it is derived again
        (the step is what to complete, move or cancel)."""
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        self._followup_activities(order).with_user(self.salesman).unlink()
        reminder = self._followup_activities(order)
        self.assertEqual(reminder.followup_step_id, self._steps(order, "first_contact"))
        self.assertEqual(reminder.user_id, self.salesman)
        # Cancelling the step drops it for good.
        self._steps(order, "first_contact").with_user(self.salesman).action_cancel()
        self.assertEqual(self._followup_activities(order).followup_step_id.kind, "cadence")
