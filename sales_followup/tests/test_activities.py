from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FollowupCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestActivities(FollowupCommon):
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
