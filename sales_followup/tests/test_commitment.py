from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common_privacy import SUMMARY, PrivacyCommon


@tagged("post_install", "-at_install")
class TestCommitment(PrivacyCommon):
    """Promises made to a customer (seed 002 承诺事项, seed 004 回复期)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Commitment = cls.env["sales_followup.commitment"]
        cls.commitment_type = cls.env.ref("sales_followup.mail_activity_type_commitment")

    @contextmanager
    def _refused(self, error_class, pattern):
        with self.assertRaises(error_class) as error:
            yield
        self.assertRegex(str(error.exception), pattern)

    def _promise(self, user=None, keeper=None, due=date(2026, 5, 8), name="Send the test data"):
        """Rep A logs a contact on his order on Tuesday 5 May with a promise."""
        with freeze_time("2026-05-05 10:00:00"):
            interaction = (
                self.env["sales_followup.interaction"]
                .with_user(user or self.rep_a)
                .create(
                    {
                        "order_id": self.order_a.id,
                        "summary": SUMMARY,
                        "date": "2026-05-05 09:00:00",
                        "commitment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "user_id": (keeper or self.team_leader).id,
                                    "date_deadline": due,
                                }
                            )
                        ],
                    }
                )
            )
        return interaction.commitment_ids

    def _activities(self, commitment, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=active)
            .search([("followup_commitment_id", "=", commitment.id)])
        )

    def _later_contact(self, when="2026-05-07 15:00:00", user=None):
        with freeze_time(when):
            return (
                self.env["sales_followup.interaction"]
                .with_user(user or self.rep_a)
                .create(
                    {
                        "order_id": self.order_a.id,
                        "summary": "Sent the heat-resistance test data; buyer confirmed receipt.",
                        "date": when,
                    }
                )
            )

    def test_commitment_is_the_keepers_activity_on_the_date_promised(self):
        commitment = self._promise()
        self.assertEqual(commitment.state, "open")
        self.assertEqual(commitment.partner_id, self.customer_a)
        self.assertEqual(commitment.order_id, self.order_a)
        activity = self._activities(commitment)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.team_leader)
        self.assertEqual(activity.date_deadline, date(2026, 5, 8))
        self.assertEqual(activity.activity_type_id, self.commitment_type)
        self.assertEqual((activity.res_model, activity.res_id), (commitment._name, commitment.id))
        self.assertIn("Send the test data", activity.summary)
        # A new date moves the activity; a new keeper takes it over.
        commitment.with_user(self.rep_a).write(
            {"date_deadline": date(2026, 5, 11), "user_id": self.rep_a.id}
        )
        self.assertEqual(
            (activity.date_deadline, activity.user_id), (date(2026, 5, 11), self.rep_a)
        )

    def test_kept_on_a_later_interaction_closes_it(self):
        commitment = self._promise()
        later = self._later_contact()
        self.assertEqual(later.with_user(self.rep_a).open_commitment_ids, commitment)
        commitment.with_user(self.rep_a).with_context(
            followup_kept_interaction_id=later.id
        ).action_keep()
        self.assertEqual(commitment.state, "kept")
        self.assertEqual(commitment.date_kept, date(2026, 5, 7))
        self.assertEqual(commitment.kept_interaction_id, later)
        self.assertFalse(commitment.is_late)
        self.assertFalse(self._activities(commitment))
        done = self._activities(commitment, active=False)
        self.assertEqual(len(done), 1, "kept as done (the activity type keeps done ones)")
        later.invalidate_recordset(["open_commitment_ids"])
        self.assertFalse(later.open_commitment_ids)
        with freeze_time("2026-05-20"):
            self.env.invalidate_all()
            self.assertEqual(
                self.customer_a.with_user(self.rep_a).followup_commitment_late_count, 0
            )

    def test_keeper_marks_his_activity_done(self):
        commitment = self._promise()
        with freeze_time("2026-05-06 11:00:00"):
            self._activities(commitment).with_user(self.team_leader).action_feedback(
                feedback="Drawings e-mailed to purchasing"
            )
        self.assertEqual(commitment.state, "kept")
        self.assertEqual(commitment.date_kept, date(2026, 5, 6))
        self.assertEqual(commitment.result, "Drawings e-mailed to purchasing")

    def test_keeper_outside_the_customers_team(self):
        """A colleague who may not read the contact keeps the promise: he
        moves its date and marks it kept, and sees nothing more."""
        commitment = self._promise(keeper=self.officer)
        with self.assertRaises(AccessError):
            self.interaction_a.with_user(self.officer).read(["summary"])
        mine = commitment.with_user(self.officer)
        mine.write({"date_deadline": date(2026, 5, 12)})
        self.assertEqual(self._activities(commitment).date_deadline, date(2026, 5, 12))
        with freeze_time("2026-05-11 10:00:00"):
            mine.action_keep()
        self.assertEqual((commitment.state, commitment.date_kept), ("kept", date(2026, 5, 11)))

    def test_late_promise_shows_on_the_customer(self):
        commitment = self._promise(due=date(2026, 5, 6))
        customer = self.customer_a.with_user(self.rep_a)
        with freeze_time("2026-05-06 18:00:00"):
            self.assertEqual(customer.followup_commitment_late_count, 0)
        with freeze_time("2026-05-07 09:00:00"):
            self.env.invalidate_all()
            self.assertTrue(commitment.is_late)
            self.assertEqual(customer.followup_commitment_late_count, 1)
            # Contacts show their company's figure.
            self.assertEqual(self.contact_a.with_user(self.rep_a).followup_commitment_late_count, 1)
            action = customer.action_followup_view_late_commitments()
            late = self.Commitment.with_user(self.rep_a).with_context(**action["context"])
            self.assertEqual(late.search(action["domain"] + [("is_late", "=", True)]), commitment)
        # Kept a day late: still a broken promise.
        later = self._later_contact("2026-05-07 15:00:00")
        commitment.with_user(self.rep_a)._followup_keep(later)
        self.assertTrue(commitment.kept_late)
        with freeze_time("2026-05-20"):
            self.env.invalidate_all()
            self.assertEqual(customer.followup_commitment_late_count, 1)

    def test_bad_input_refused(self):
        with self._refused(ValidationError, "before the interaction"):
            self._promise(due=date(2026, 5, 4))
        with self._refused(ValidationError, "a mobile phone number"):
            self._promise(name="Call back on 13800138000 with the price")
        with self._refused(ValidationError, "only internal users"):
            self._promise(keeper=self.portal_user)
        commitment = self._promise()
        with self._refused(AccessError, "set by the follow-up itself"):
            commitment.with_user(self.rep_a).write({"state": "kept"})
        other = self._later_contact()
        with self._refused(AccessError, "cannot be changed"):
            commitment.with_user(self.rep_a).write({"interaction_id": other.id})
        # Kept on another customer's contact: refused.
        with self._refused(ValidationError, "mark it kept on an interaction with that customer"):
            commitment._followup_keep(self.interaction_b)

    def test_other_rep_refused(self):
        commitment = self._promise(keeper=self.rep_a)
        as_b = commitment.with_user(self.rep_b)
        with self.assertRaises(AccessError):
            as_b.read(["name"])
        with self.assertRaises(AccessError):
            as_b.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            as_b.action_keep()
        self.assertFalse(self.Commitment.with_user(self.rep_b).search([("id", "=", commitment.id)]))
        # Nor promise anything on rep A's interaction.
        with self.assertRaises(AccessError):
            self.Commitment.with_user(self.rep_b).create(
                {
                    "name": "Discount next order",
                    "interaction_id": self.interaction_a.id,
                    "user_id": self.rep_b.id,
                    "date_deadline": date(2099, 1, 1),
                }
            )
        # The team leader sees his member's; the portal user nothing.
        commitment.with_user(self.team_leader).read(["name"])
        with self.assertRaises(AccessError):
            commitment.with_user(self.portal_user).read(["name"])
        self.assertEqual(commitment.state, "open")
