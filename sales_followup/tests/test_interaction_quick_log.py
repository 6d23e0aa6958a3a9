from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .test_interaction import GOOD_SUMMARY, InteractionCommon

QUICK_VIEW = "sales_followup.sales_followup_interaction_view_form_quick"


@tagged("post_install", "-at_install")
@freeze_time("2026-04-30 10:00:00")
class TestQuickLog(InteractionCommon):
    def _quick_form(self, action, user=None):
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["res_model"], "sales_followup.interaction")
        user = user or self.salesman
        # The web client's context: the dialog's defaults, the user's language.
        Interaction = self.Interaction.with_user(user).with_context(lang=user.lang)
        return Form(Interaction.with_context(**action["context"]), view=QUICK_VIEW)

    def _confirmed_order(self):
        order = self._create_order(150_000, delivery=date(2026, 5, 22))
        order.action_confirm()
        return order

    def test_from_plan_step(self):
        order = self._confirmed_order()
        step = self._steps(order, "first_contact")
        action = step.with_user(self.salesman).action_log_interaction()
        with self._quick_form(action) as form:
            self.assertEqual(form.partner_id, self.partner)
            self.assertEqual(form.order_id, order)
            self.assertEqual(form.step_id, step)
            self.assertEqual(form.kind, "followup")
            form.channel = "im"
            form.channel_detail = "WeCom voice"
            form.summary = GOOD_SUMMARY
            form.mood = "satisfied"
            form.next_action = "Send the logistics tracking link"
            self.assertEqual(form.next_action_user_id, self.salesman)
            form.next_action_date = date(2026, 5, 6)
        interaction = form.record
        self.assertEqual(step.state, "done")
        self.assertEqual(step.interaction_id, interaction)
        self.assertEqual(interaction.next_action_activity_id.date_deadline, date(2026, 5, 6))
        # The plan's reminder moved on to the next step.
        self.assertEqual(
            self._followup_activities(order, self.salesman).followup_step_id.kind, "cadence"
        )

    def test_from_survey_step_needs_satisfaction(self):
        order = self._confirmed_order()
        order.action_followup_mark_delivered()
        step = self._steps(order, "satisfaction")
        form = self._quick_form(step.with_user(self.salesman).action_log_interaction())
        self.assertEqual(form.kind, "survey")
        form.summary = "Delivered on time; one carton slightly damaged, modules fine."
        with self.assertRaisesRegex(ValidationError, "needs the customer's satisfaction"):
            form.save()
        self.assertEqual(step.state, "planned")
        form.satisfaction = 4
        form.save()
        self.assertEqual(step.state, "done")

    def test_survey_aspects_in_quick_log(self):
        order = self._confirmed_order()
        order.action_followup_mark_delivered()
        step = self._steps(order, "satisfaction")
        form = self._quick_form(step.with_user(self.salesman).action_log_interaction())
        form.summary = "Delivered on time; one carton slightly damaged, modules fine."
        form.satisfaction = 4
        form.satisfaction_quality = 3
        form.satisfaction_timeliness = 5
        form.satisfaction_service = 4
        interaction = form.save()
        self.assertEqual(
            (
                interaction.satisfaction,
                interaction.satisfaction_quality,
                interaction.satisfaction_timeliness,
                interaction.satisfaction_service,
            ),
            (4, 3, 5, 4),
        )
        self.assertEqual(step.interaction_id, interaction)
        # Outside a survey the aspects are hidden until given.
        form = self._quick_form(order.with_user(self.salesman).action_followup_log_interaction())
        form.kind = "followup"
        with self.assertRaises(AssertionError):
            form.satisfaction_quality = 3

    def test_from_order_proposes_the_step_due(self):
        order = self._confirmed_order()
        # Nothing due yet on Thursday: the first contact is due on Tuesday.
        form = self._quick_form(order.with_user(self.salesman).action_followup_log_interaction())
        self.assertEqual((form.partner_id, form.order_id), (self.partner, order))
        self.assertFalse(form.step_id)
        with freeze_time("2026-05-05 09:00:00"):
            form = self._quick_form(
                order.with_user(self.salesman).action_followup_log_interaction()
            )
            self.assertEqual(form.step_id, self._steps(order, "first_contact"))
            form.summary = GOOD_SUMMARY
            form.save()
        self.assertEqual(self._steps(order, "first_contact").state, "done")

    def test_from_customer(self):
        action = self.partner.with_user(self.salesman).action_followup_log_interaction()
        with self._quick_form(action) as form:
            self.assertEqual(form.partner_id, self.partner)
            form.participant_contact_ids.add(self.contact)
            form.kind = "care"
            form.summary = "Sent the spring catalogue; the buyer asked for the new price list."
        self.assertEqual(form.record.participant_contact_ids, self.contact)
        self.assertEqual(self.partner.with_user(self.salesman).followup_interaction_count, 1)

    def test_from_activity_done_and_schedule_next(self):
        order = self._confirmed_order()
        activity = self._followup_activities(order, self.salesman).with_user(self.salesman)
        step = activity.followup_step_id
        feedback = "Stock confirmed for all 150 units."
        action = activity.action_feedback_schedule_next(feedback=feedback)
        self.assertTrue(activity.exists(), "the reminder stays open until the log is saved")
        self.assertEqual(step.state, "planned")
        with self._quick_form(action) as form:
            self.assertEqual(form.step_id, step)
            self.assertEqual(form.summary, feedback)
        self.assertEqual(step.state, "done")
        self.assertFalse(activity.active)
        self.assertEqual(
            self._followup_activities(order, self.salesman).followup_step_id.kind, "cadence"
        )

    def test_discarded_log_leaves_the_step_open(self):
        order = self._confirmed_order()
        step = self._steps(order, "first_contact")
        form = self._quick_form(step.with_user(self.salesman).action_log_interaction())
        form.summary = "已与客户沟通"
        with self.assertRaises(ValidationError):
            form.save()
        self.assertEqual(step.state, "planned")

    def test_dialog_opens_on_what_was_said(self):
        """The rep types at once what was said (the customer, order and step
        come filled in), under a label; an unscored contact shows no 0."""
        quick = self.env.ref(QUICK_VIEW)
        arch = self.Interaction.get_views([(quick.id, "form")])["views"]["form"]["arch"]
        self.assertRegex(arch, r'<field name="summary"[^>]*default_focus="1"')
        self.assertIn('<label for="summary" string="What was said"', arch)
        self.assertNotRegex(arch, r'<field name="(partner_id|order_id)"[^>]*default_focus')
        list_arch = self.Interaction.get_views([(False, "list")])["views"]["list"]["arch"]
        for fname in ("satisfaction", "satisfaction_quality"):
            self.assertRegex(list_arch, rf'<field name="{fname}"[^>]*invisible="not {fname}"')

    def test_next_action_due_in_two_working_days(self):
        """A next action typed without a date is due two working days later on
        the company's calendar (Thursday, then the Labour Day holiday: Tuesday),
        so Log does not stop on a date the rep did not think of."""
        order = self._confirmed_order()
        step = self._steps(order, "first_contact")
        form = self._quick_form(step.with_user(self.salesman).action_log_interaction())
        self.assertFalse(form.next_action_date)
        form.summary = GOOD_SUMMARY
        form.next_action = "Send the logistics tracking link"
        self.assertEqual(form.next_action_date, date(2026, 5, 5))
        # No next action, no date; the rep's own date wins.
        form.next_action = False
        self.assertFalse(form.next_action_date)
        form.next_action = "Send the logistics tracking link"
        form.next_action_date = date(2026, 5, 8)
        form.next_action = "Send the tracking link and the packing list"
        self.assertEqual(form.next_action_date, date(2026, 5, 8))
        form.next_action_date = False
        form.next_action = "Send the tracking link"
        interaction = form.save()
        self.assertEqual(interaction.next_action_activity_id.date_deadline, date(2026, 5, 5))

    def _logged(self, form):
        """Log the quick log as its Log button does: save, then what it returns."""
        interaction = form.save()
        action = interaction.with_user(self.salesman).action_followup_quick_log_done()
        self.assertEqual(
            (action["type"], action["tag"]), ("ir.actions.client", "display_notification")
        )
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})
        return action["params"]["message"]

    def test_log_says_what_comes_next(self):
        """Log closes the dialog on what the plan expects next, the date in
        the user's format."""
        quick = self.env.ref(QUICK_VIEW)
        arch = self.Interaction.get_views([(quick.id, "form")])["views"]["form"]["arch"]
        self.assertRegex(
            arch, r'<button string="Log" name="action_followup_quick_log_done" type="object"'
        )
        order = self._confirmed_order()
        form = self._quick_form(
            self._steps(order, "first_contact").with_user(self.salesman).action_log_interaction()
        )
        form.summary = GOOD_SUMMARY
        cadence = self._steps(order, "cadence")[:1]
        self.assertEqual(
            self._logged(form),
            f"Logged — next step: {order.name} · Cadence Follow-up on "
            f"{cadence.date_due.strftime('%m/%d/%Y')}.",
        )
        # A rep working in French reads the date the French way.
        self.env["res.lang"]._activate_lang("fr_FR")
        self.salesman.lang = "fr_FR"
        form = self._quick_form(order.with_user(self.salesman).action_followup_log_interaction())
        form.summary = GOOD_SUMMARY
        self.assertIn(f"on {cadence.date_due.strftime('%d/%m/%Y')}.", self._logged(form))

    def test_log_of_a_call_not_answered_says_the_step_waits(self):
        order = self._confirmed_order()
        step = self._steps(order, "first_contact")
        form = self._quick_form(step.with_user(self.salesman).action_log_interaction())
        form.call_outcome = "no_answer"
        form.summary = "客户不在"
        self.assertEqual(
            self._logged(form),
            f"Logged as attempt 1: {order.name} · First Contact stays open, due on "
            f"{format_date(self.env, step.date_due)}.",
        )

    def test_log_without_a_step_left(self):
        action = self.partner.with_user(self.salesman).action_followup_log_interaction()
        form = self._quick_form(action)
        form.summary = GOOD_SUMMARY
        self.assertEqual(
            self._logged(form), "Logged — no follow-up step is open for this customer."
        )
        form = self._quick_form(action)
        form.summary = GOOD_SUMMARY
        form.next_action = "Send the spring catalogue"
        self.assertEqual(
            self._logged(form),
            "Logged — no follow-up step is open; next action: Send the spring catalogue "
            "on 05/05/2026.",
        )
