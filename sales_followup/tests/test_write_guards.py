from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common_privacy import SUMMARY, PrivacyCommon

FOLLOWUP_MODELS = (
    "sales_followup.interaction",
    "sales_followup.step",
    "sales_followup.care.plan",
    "sales_followup.care.action",
)
PHONE = "call back on 13812345678"


@tagged("post_install", "-at_install")
class WriteGuardCommon(PrivacyCommon):
    """Rep A's and rep B's record of each follow-up model, to re-point the
    one at the other's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nobodys_customer = cls.env["res.partner"].create(
            {"name": "Nobody's Customer", "is_company": True}
        )
        cls.outsider_2 = new_test_user(
            cls.env,
            login="sf_company_2_rep",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.records = {
            "sales_followup.interaction": (cls.interaction_a, cls.interaction_b),
            "sales_followup.step": (cls.step_a, cls.step_b),
            "sales_followup.care.plan": (cls.care_plan_a, cls.care_plan_b),
            "sales_followup.care.action": (cls.care_action_a, cls.care_action_b),
            "res.partner": (cls.customer_a, cls.customer_b),
            "sale.order": (cls.order_a, cls.order_b),
        }

    def _rep_a(self, record):
        return record.with_user(self.rep_a)

    def _snapshot(self, record):
        fnames = [
            fname
            for fname, field in record._fields.items()
            if field.store
            and field.type not in ("one2many", "binary")
            and fname not in ("write_date", "write_uid", "__last_update")
        ]
        record.invalidate_recordset()
        return record.sudo().read(fnames)[0]


@tagged("post_install", "-at_install")
class TestRepointing(WriteGuardCommon):
    def test_do_not_contact_repointed_to_another_reps_customer(self):
        """The issue's first example: an interaction on a customer nobody owns,
        re-pointed to rep B's customer with "do not contact"."""
        interaction = (
            self.env["sales_followup.interaction"]
            .with_user(self.rep_a)
            .create({"partner_id": self.nobodys_customer.id, "summary": SUMMARY})
        )
        before = {
            record: self._snapshot(record)
            for record in (self.customer_b, self.step_b, self.care_action_b, self.interaction_b)
        }
        with self.assertRaises(AccessError):
            interaction.write(
                {
                    "partner_id": self.customer_b.id,
                    "do_not_contact": True,
                    "do_not_contact_reason": "Enough suppliers for now.",
                }
            )
        for record, values in before.items():
            self.assertEqual(self._snapshot(record), values, record)
        self.assertFalse(self.customer_b.followup_do_not_contact)

    def test_step_repointed_to_another_reps_step(self):
        """The issue's second example: step_id written to rep B's step, the
        one his reminder stands for."""
        reminders = self._followup_activities(self.order_b)
        step_b = reminders.followup_step_id[:1]
        self.assertTrue(step_b)
        before = self._snapshot(step_b)
        interaction = (
            self.env["sales_followup.interaction"]
            .with_user(self.rep_a)
            .create({"partner_id": self.nobodys_customer.id, "summary": SUMMARY})
        )
        # The step with its order and customer, as consistent values.
        with self.assertRaises(AccessError):
            interaction.write(
                {
                    "partner_id": self.customer_b.id,
                    "order_id": self.order_b.id,
                    "step_id": step_b.id,
                }
            )
        # The step alone, from either interaction: refused too.
        for mine in (interaction, self._rep_a(self.interaction_a)):
            with self.assertRaises(UserError):
                mine.write({"step_id": step_b.id})
        self.assertEqual(self._snapshot(step_b), before)
        self.assertTrue(all(reminders.exists().mapped("active")))
        self.assertEqual(reminders.exists(), reminders)

    def test_step_of_another_rep_on_nobodys_order(self):
        """A step rep B is responsible for, on an order and a customer nobody
        owns (which rep A may read and log against): rep A may not complete
        it by pointing his interaction at it."""
        order = self._create_order(150_000, partner=self.nobodys_customer, user_id=False)
        order.action_confirm()
        step = order.followup_step_ids.filtered(lambda s: s.state == "planned")[:1]
        step.user_id = self.rep_b
        interaction = (
            self.env["sales_followup.interaction"]
            .with_user(self.rep_a)
            .create({"partner_id": self.nobodys_customer.id, "summary": SUMMARY})
        )
        with self.assertRaises(AccessError):
            interaction.write({"step_id": step.id})
        self.assertEqual(step.state, "planned")
        self.assertFalse(step.interaction_id)

    def test_every_guarded_link(self):
        """Each link that gives a follow-up record its meaning, pointed by
        rep A at rep B's record: refused, and nothing of either changes."""
        for model in FOLLOWUP_MODELS:
            Model = self.env[model]
            mine = self.records[model][0]
            for fname in Model._followup_guarded_links:
                field = Model._fields[fname]
                if field.comodel_name not in self.records:
                    continue
                theirs = self.records[field.comodel_name][1]
                value = [Command.link(theirs.id)] if field.type == "many2many" else theirs.id
                with self.subTest(model=model, field=fname):
                    before = (self._snapshot(mine), self._snapshot(theirs))
                    with self.assertRaises(UserError):
                        self._rep_a(mine).write({fname: value})
                    self.assertEqual((self._snapshot(mine), self._snapshot(theirs)), before)

    def test_participants_of_another_customer(self):
        for contact in (self.contact_b, self.customer_2):
            with self.subTest(contact=contact.name), self.assertRaises(ValidationError):
                self._rep_a(self.interaction_a).write(
                    {"participant_contact_ids": [Command.link(contact.id)]}
                )

    def test_own_links_still_allowed(self):
        """Positive control: rep A logs against his own open step."""
        step = self.order_a.followup_step_ids.filtered(lambda s: s.state == "planned")[-1:]
        interaction = self._rep_a(self.interaction_a)
        interaction.write({"step_id": step.id})
        self.assertEqual(step.state, "done")
        self.assertEqual(step.interaction_id, self.interaction_a)


@tagged("post_install", "-at_install")
class TestUserFields(WriteGuardCommon):
    def test_outsiders_refused_on_every_user_field(self):
        for model in FOLLOWUP_MODELS:
            Model = self.env[model]
            mine = self.records[model][0]
            for fname in Model._followup_user_fields:
                field = Model._fields[fname]
                for outsider in (self.portal_user, self.outsider_2):
                    value = (
                        [Command.link(outsider.id)] if field.type == "many2many" else outsider.id
                    )
                    if fname == "next_action_user_id":
                        values = {
                            "next_action": "Send the revised quotation.",
                            "next_action_date": date(2030, 1, 1),
                            fname: value,
                        }
                    else:
                        values = {fname: value}
                    with self.subTest(model=model, field=fname, user=outsider.login):
                        before = self._snapshot(mine)
                        with self.assertRaises(ValidationError) as error:
                            self._rep_a(mine).write(values)
                        self.assertIn(outsider.name, str(error.exception))
                        self.assertEqual(self._snapshot(mine), before)

    def test_insider_accepted(self):
        """Positive control: a colleague of the company may take part."""
        self._rep_a(self.interaction_a).write(
            {"participant_user_ids": [Command.link(self.team_leader.id)]}
        )
        self.assertIn(self.team_leader, self.interaction_a.participant_user_ids)

    def test_company_settings_users(self):
        for fname in (
            "followup_manager_id",
            "followup_after_sales_user_id",
            "followup_director_id",
        ):
            for outsider in (self.portal_user, self.outsider_2):
                with self.subTest(field=fname, user=outsider.login):
                    with self.assertRaises(ValidationError):
                        self.company.write({fname: outsider.id})
            self.company.write({fname: self.manager.id})
            self.assertEqual(self.company[fname], self.manager)


@tagged("post_install", "-at_install")
class TestBookkeeping(WriteGuardCommon):
    def _sample(self, Model, fname):
        field = Model._fields[fname]
        if field.type == "boolean":
            return True
        if field.type == "many2one":
            return self.env[field.comodel_name].sudo().search([], limit=1).id
        if field.type == "date":
            return "2026-05-04"
        if field.type == "datetime":
            return "2026-05-04 10:00:00"
        if field.type == "integer":
            return 2027
        if field.type == "selection":
            return field._description_selection(self.env)[-1][0]
        return "set by hand"

    def test_bookkeeping_refused_to_reps_and_managers(self):
        for model in FOLLOWUP_MODELS:
            Model = self.env[model]
            mine = self.records[model][0]
            for fname in Model._followup_bookkeeping_fields:
                for user in (self.rep_a, self.manager):
                    with self.subTest(model=model, field=fname, user=user.login):
                        before = self._snapshot(mine)
                        with self.assertRaises(AccessError):
                            mine.with_user(user).write({fname: self._sample(Model, fname)})
                        self.assertEqual(self._snapshot(mine), before)

    def test_bookkeeping_refused_at_creation(self):
        Interaction = self.env["sales_followup.interaction"].with_user(self.rep_a)
        with self.assertRaises(AccessError):
            Interaction.create(
                {"order_id": self.order_a.id, "summary": SUMMARY, "is_escalated": True}
            )
        # Defaults given in the context are dropped instead.
        interaction = Interaction.with_context(default_is_escalated=True).create(
            {"order_id": self.order_a.id, "summary": SUMMARY}
        )
        self.assertFalse(interaction.is_escalated)

    def test_computed_only_fields_refused(self):
        with self.assertRaises(AccessError):
            self._rep_a(self.interaction_a).write(
                {"exception_date_resolved": "2026-05-04 10:00:00"}
            )
        with self.assertRaises(AccessError):
            self._rep_a(self.care_action_a).write({"company_id": self.company_2.id})

    def test_superuser_and_buttons_still_work(self):
        """Positive controls: the superuser writes bookkeeping, a rep closes
        his step with its button, a manager moves a due date, a care action
        is done through its dialog."""
        self.interaction_a.sudo().write({"after_sales_notified": True})
        self.assertTrue(self.interaction_a.after_sales_notified)
        step = self._rep_a(self.step_a)
        step.action_done()
        self.assertEqual(step.state, "done")
        open_step = self.order_a.followup_step_ids.filtered(lambda s: s.state == "planned")[-1:]
        open_step.with_user(self.manager).write({"date_due": date(2026, 12, 1)})
        self.assertEqual(open_step.date_due, date(2026, 12, 1))
        action = self._rep_a(self.care_action_a)
        wizard = (
            self.env["sales_followup.care.action.done"]
            .with_user(self.rep_a)
            .create(
                {
                    "action_id": action.id,
                    "customer_feedback": "Happy with the delivery times.",
                    "effect": "good",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(action.state, "done")
        self.assertTrue(action.interaction_id)

    def test_care_action_done_needs_its_dialog(self):
        with self.assertRaises(AccessError):
            self._rep_a(self.care_action_a).write({"state": "done"})
        self.assertEqual(self.care_action_a.state, "planned")


@tagged("post_install", "-at_install")
class TestValues(WriteGuardCommon):
    def test_examples_of_the_issue(self):
        interaction = self._rep_a(self.interaction_a)
        cases = [
            ({"date": "1900-01-01 10:00:00"}, "When"),
            ({"date": "0001-01-01 10:00:00"}, "When"),
            (
                {"next_action": "Call back.", "next_action_date": "9999-12-31"},
                "Next Action Due",
            ),
            ({"satisfaction": 3.7}, "Satisfaction"),
            ({"satisfaction": "three"}, "Satisfaction"),
            ({"score_resolution": 2**40}, "Resolution Efficiency"),
            ({"date": "yesterday"}, "When"),
        ]
        for values, label in cases:
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as error:
                    interaction.write(values)
                self.assertIn(label, str(error.exception))
        with self.assertRaises(ValidationError):
            self._rep_a(self.step_a).write({"date_due": "1900-01-01"})

    def test_every_date_and_integer_field(self):
        bad = {"date": "1900-01-01", "datetime": "9999-12-31 00:00:00", "integer": 1.5}
        for model in FOLLOWUP_MODELS:
            Model = self.env[model]
            mine = self.records[model][0]
            for fname, field in Model._fields.items():
                if (
                    field.type not in bad
                    or fname in Model._followup_bookkeeping_fields
                    or Model._followup_is_computed_only(fname)
                    or fname in ("create_date", "write_date", "id")
                    or field.related
                    or not field.store
                ):
                    continue
                with self.subTest(model=model, field=fname):
                    with self.assertRaises(UserError):
                        self._rep_a(mine).write({fname: bad[field.type]})

    def test_whole_numbers_accepted(self):
        """Positive control: 4.0 is 4."""
        self._rep_a(self.interaction_a).write({"satisfaction": 4.0})
        self.assertEqual(self.interaction_a.satisfaction, 4)


@tagged("post_install", "-at_install")
class TestTexts(WriteGuardCommon):
    def test_personal_data_in_every_free_text(self):
        records = dict(self.records)
        records["res.partner"] = self.customer_a
        records["sale.order"] = self.order_a
        fields_by_model = {
            model: self.env[model]._followup_free_text_fields() for model in FOLLOWUP_MODELS
        }
        fields_by_model["res.partner"] = [
            "followup_do_not_contact_reason",
            "followup_decision_chain",
            "followup_historical_needs",
        ]
        fields_by_model["sale.order"] = ["followup_special_requirements"]
        for model, fnames in fields_by_model.items():
            record = records[model]
            record = record[0] if isinstance(record, tuple) else record
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    with self.assertRaises(ValidationError) as error:
                        # sudo: the detector holds whoever writes.
                        record.sudo().write({fname: PHONE})
                    self.assertIn("Personal data must not be recorded", str(error.exception))

    def test_size_cap(self):
        interaction = self._rep_a(self.interaction_a)
        with self.assertRaises(ValidationError) as error:
            interaction.write({"summary": SUMMARY + " ok" * 5000})
        self.assertIn("10000", str(error.exception).replace(",", ""))
        with self.assertRaises(ValidationError) as error:
            interaction.write({"channel_detail": "WeCom " * 100})
        self.assertIn("500", str(error.exception))
        # At the limit: accepted.
        interaction.write({"channel_detail": "W" * 500})

    def test_reminder_feedback_checked(self):
        reminder = self._followup_activities(self.order_a)[:1]
        self.assertTrue(reminder)
        with self.assertRaises(ValidationError):
            reminder.with_user(self.rep_a).action_feedback(feedback=PHONE)
        self.assertNotEqual(reminder.followup_step_id.state, "done")


@tagged("post_install", "-at_install")
class TestStepsLoggedOnce(WriteGuardCommon):
    def test_done_step_refused_with_who_and_when(self):
        Interaction = self.env["sales_followup.interaction"].with_user(self.rep_a)
        step = self.step_a
        first = Interaction.create({"step_id": step.id, "summary": SUMMARY})
        self.assertEqual(step.interaction_id, first)
        with self.assertRaises(ValidationError) as error:
            Interaction.create({"step_id": step.id, "summary": SUMMARY})
        self.assertIn(self.rep_a.name, str(error.exception))
        self.assertIn("without the step", str(error.exception))
        self.assertEqual(step.interaction_id, first)
        # Without the step: accepted.
        Interaction.create({"order_id": self.order_a.id, "summary": SUMMARY})

    def test_cancelled_step_refused(self):
        step = self.order_a.followup_step_ids.filtered(lambda s: s.state == "planned")[-1:]
        self._rep_a(step).action_cancel()
        with self.assertRaises(ValidationError) as error:
            self.env["sales_followup.interaction"].with_user(self.rep_a).create(
                {"step_id": step.id, "summary": SUMMARY}
            )
        self.assertIn("cancelled", str(error.exception))
