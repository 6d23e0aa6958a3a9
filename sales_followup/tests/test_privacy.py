import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..tools.masking import mask_name
from .common_privacy import SUMMARY, PrivacyCommon

DISPLAY_NAME_SPEC = {"fields": {"display_name": {}}}
# A person named in free text, and nowhere else.
NAMED = "Ouyang Xiuying"
# Stored texts the add-on adds that are not free text about people, and why;
# every other one is declared in its model's ``_followup_text_fields``.
NOT_FREE_TEXT = {
    "res.company": {"followup_vague_phrases": "configuration: phrases to refuse"},
    "res.partner": {"followup_customer_code": "a code drawn from a sequence"},
    "sales_followup.care.template": {
        "name": "configuration, translated",
        "description": "configuration, translated",
    },
    "sales_followup.care.template.line": {
        "name": "configuration, translated",
        "description": "configuration, translated",
    },
    "sales_followup.cron.failure": {
        "res_model": "a model name",
        "error": "a traceback, for the administrator, kept 30 days",
    },
    "sales_followup.monthly.report": {"xlsx_filename": "made of the company and month"},
    "sales_followup.step": {"plan_key": "a key of the plan"},
    "sales_followup.tier": {
        "name": "configuration, translated",
        "code": "configuration",
        "topics": "configuration, translated",
    },
}


@tagged("post_install", "-at_install")
class TestMasking(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A private person buying in his own name, the rep's customer.
        cls.person = cls.env["res.partner"].create({"name": "王小明", "user_id": cls.rep_a.id})
        cls.person_interaction = (
            cls.env["sales_followup.interaction"]
            .with_user(cls.rep_a)
            .create({"partner_id": cls.person.id, "summary": SUMMARY})
        )

    def test_mask_rule(self):
        """The issue's examples, Chinese names in Latin script read surname
        first, and masking twice changes nothing."""
        cases = {
            "Zhang": "Zhang*",
            "李四": "李*",
            "John Smith": "J*** Smith",
            "欧阳娜娜": "欧*",
            "Mary Ann  Lee": "M*** A*** Lee",
            "ZHANG Wei": "ZHANG*",
            "Chan Tai Man": "Chan*",
            "Anna Zhang": "A*** Zhang",
            "張*": "張*",
            "김민수": "김*",
            "+86 138 1234 5678": "*",
            "": "",
            False: "",
        }
        for name, masked in cases.items():
            with self.subTest(name=name):
                self.assertEqual(mask_name(name), masked)
                self.assertEqual(mask_name(masked), masked)

    def _view_read(self, user, record, fnames):
        """Read ``fnames`` as the web client does for ``record``'s views: with
        the context that the fields declare."""
        Model = record.with_user(user)
        described = Model.fields_get(fnames, ["context"])
        spec = {
            fname: {**DISPLAY_NAME_SPEC, "context": described[fname].get("context", {})}
            for fname in fnames
        }
        return Model.web_read(spec)[0]

    def test_contacts_masked_in_views_for_reps(self):
        rep_view = self._view_read(self.rep_a, self.interaction_a, ["participant_contact_ids"])
        self.assertEqual(
            [contact["display_name"] for contact in rep_view["participant_contact_ids"]],
            ["Customer A Machinery, Zhang*"],
        )
        rep_view = self._view_read(self.rep_a, self.person_interaction, ["partner_id"])
        self.assertEqual(rep_view["partner_id"]["display_name"], "王*")
        self.assertEqual(self.person_interaction.with_user(self.rep_a).display_name[:3], "王* ")
        # Companies and our colleagues keep their names.
        rep_view = self._view_read(self.rep_a, self.interaction_a, ["partner_id", "user_id"])
        self.assertEqual(rep_view["partner_id"]["display_name"], "Customer A Machinery")
        self.assertEqual(rep_view["user_id"]["display_name"], self.rep_a.name)

    def test_officer_sees_names(self):
        self.contact_a.user_id = self.officer
        self.customer_a.user_id = self.officer
        self.person.user_id = self.officer
        officer_view = self._view_read(
            self.officer, self.interaction_a, ["participant_contact_ids"]
        )
        self.assertEqual(
            officer_view["participant_contact_ids"][0]["display_name"],
            "Customer A Machinery, Zhang Wei",
        )
        officer_view = self._view_read(self.officer, self.person_interaction, ["partner_id"])
        self.assertEqual(officer_view["partner_id"]["display_name"], "王小明")

    def test_list_of_step_action_masks_customers(self):
        """The module's menus open lists whose context masks names, group-by
        headers included."""
        order = self._create_order(150_000, partner=self.person, user_id=self.rep_a.id)
        order.action_confirm()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_followup.sales_followup_step_action"
        )
        Step = self.env["sales_followup.step"].with_context(**safe_eval(action["context"]))
        domain = [("order_id", "=", order.id)]
        rows = Step.with_user(self.rep_a).web_search_read(domain, {"partner_id": DISPLAY_NAME_SPEC})
        self.assertEqual({row["partner_id"]["display_name"] for row in rows["records"]}, {"王*"})
        groups = Step.with_user(self.rep_a).web_read_group(domain, ["partner_id"], ["partner_id"])
        self.assertEqual(groups["groups"][0]["partner_id"][1], "王*")
        # The officer is responsible of one of the steps: he sees that one.
        order.followup_step_ids[:1].user_id = self.officer
        groups = Step.with_user(self.officer).web_read_group(domain, ["partner_id"], ["partner_id"])
        self.assertEqual(groups["groups"][0]["partner_id"][1], "王小明")

    def test_care_views_mask_customers(self):
        plan, action = self._care_plan(self.person, self.rep_a)
        rep_view = self._view_read(self.rep_a, action, ["partner_id"])
        self.assertEqual(rep_view["partner_id"]["display_name"], "王*")
        rep_view = self._view_read(self.rep_a, plan, ["partner_id"])
        self.assertEqual(rep_view["partner_id"]["display_name"], "王*")

    def test_names_elsewhere_in_odoo_untouched(self):
        """Masking is the module's: a partner's name reads the same outside it."""
        self.assertEqual(self.person.with_user(self.rep_a).display_name, "王小明")

    def test_digest_masks_customer_names(self):
        order = self._create_order(150_000, partner=self.person, user_id=self.rep_a.id)
        Step = self.env["sales_followup.step"]
        Users = self.env["res.users"]
        for user in (self.rep_a, self.officer):
            today = user._followup_today()
            Step.create(
                {"order_id": order.id, "kind": "custom", "date_due": today, "user_id": user.id}
            )
            candidates = Users._followup_digest_candidates(today)
            lines = Users._followup_digest_lines(user, today, candidates)
            expected = "王小明" if user == self.officer else "王*"
            self.assertEqual(
                {line["customer"] for line in lines["due"] if line["order"] == order.name},
                {expected},
            )


@tagged("post_install", "-at_install")
class TestReportMasking(PrivacyCommon):
    """The monthly report names customers by code and masked name only."""

    def test_workbook_masks_people_and_customers(self):
        # Names shown (masked); the default, code only, shows none.
        self.company.followup_report_customer_identity = "code_name"
        john = self.env["res.partner"].create(
            {"name": "John Smith", "parent_id": self.customer_a.id, "function": "Buyer"}
        )
        mary = self.env["res.partner"].create({"name": "Mary Ann Lee", "user_id": self.rep_a.id})
        with freeze_time("2026-04-20 10:00"):
            for partner in (john, mary):
                order = self._create_order(150_000, partner=partner, user_id=self.rep_a.id)
                order.action_confirm()
                self.env["sales_followup.interaction"].create(
                    {
                        "order_id": order.id,
                        "summary": SUMMARY,
                        "participant_contact_ids": [Command.link(john.id)]
                        if partner == john
                        else [],
                    }
                )
        Report = self.env["sales_followup.monthly.report"]
        with freeze_time("2026-05-02 08:00"):
            report = Report._followup_get_or_create(self.company, date(2026, 4, 1), False)
            report.action_generate()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        text = "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        for name in ("John Smith", "Mary Ann Lee", "Customer A Machinery"):
            self.assertNotIn(name, text)
        for masked in ("J*** Smith/Buyer", "M*** A*** Lee", "Customer*"):
            self.assertIn(masked, text)
        self.assertIn(self.customer_a.followup_customer_code, text)


@tagged("post_install", "-at_install")
class TestSensitiveFields(PrivacyCommon):
    """Birthdays and decision chains are for personal data officers only."""

    FIELDS = ["followup_birthday_month", "followup_birthday_day", "followup_decision_chain"]

    def test_rep_and_manager_cannot_read_or_search(self):
        self.customer_a.write(
            {
                "followup_birthday_month": "3",
                "followup_birthday_day": 15,
                "followup_decision_chain": "Purchasing recommends, the plant director signs.",
            }
        )
        for user in (self.rep_a, self.manager):
            customer = self.customer_a.with_user(user)
            for fname in self.FIELDS:
                with self.subTest(user=user.login, field=fname):
                    with self.assertRaises(AccessError):
                        customer.read([fname])
                    with self.assertRaises(AccessError):
                        customer.search([(fname, "!=", False)])
                    with self.assertRaises(AccessError):
                        customer.write({fname: False})
            self.assertFalse(set(self.FIELDS) & set(customer.fields_get()))
        values = self.customer_a.with_user(self.officer).read(self.FIELDS)[0]
        self.assertEqual(
            (values["followup_birthday_month"], values["followup_birthday_day"]), ("3", 15)
        )


@tagged("post_install", "-at_install")
class TestExport(PrivacyCommon):
    """Export is for managers and personal-data officers; names leave masked
    unless the exporter is an officer."""

    FIELDS = ["partner_id", "participant_contact_ids", "summary"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        (cls.rep_a | cls.manager | cls.officer).groups_id = [Command.link(export.id)]
        cls.interaction_a.user_id = cls.officer  # the officer is a rep: his own

    def test_rep_cannot_export(self):
        for record in (self.interaction_a, self.step_a):
            with self.subTest(model=record._name), self.assertRaisesRegex(AccessError, "export"):
                record.with_user(self.rep_a).export_data(["id"])
        # Reading the same records stays allowed.
        self.assertTrue(self.interaction_a.with_user(self.rep_a).read(["summary"]))

    def test_manager_exports_masked_names(self):
        """Customers by their code, contacts masked (seed 000 note 3)."""
        rows = self.interaction_a.with_user(self.manager).export_data(self.FIELDS)["datas"]
        code = self.customer_a.followup_customer_code
        self.assertTrue(code)
        self.assertEqual(rows, [[code, f"{code}, Zhang*", SUMMARY]])
        steps = self.step_a.with_user(self.manager).export_data(["order_id", "kind"])["datas"]
        self.assertEqual(steps[0][0], self.order_a.name)

    def test_officer_exports_names(self):
        rows = self.interaction_a.with_user(self.officer).export_data(self.FIELDS)["datas"]
        self.assertEqual(
            rows, [["Customer A Machinery", "Customer A Machinery, Zhang Wei", SUMMARY]]
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestRetention(PrivacyCommon):
    MARKER = "[anonymised]"

    def _interaction(self, when, **values):
        values = {
            "partner_id": self.customer_a.id,
            "date": when,
            "date_logged": when,
            "summary": SUMMARY,
            "customer_feedback": "Happy with the packaging, worried about the lead time.",
            "customer_request": "Ship the spare parts with the machine.",
            "participant_contact_ids": [Command.link(self.contact_a.id)],
            "satisfaction": 4,
            "score_responsiveness": 5,
            "mood": "satisfied",
            "channel": "visit",
            "channel_detail": "On site at the plant",
            **values,
        }
        return self.env["sales_followup.interaction"].create(values)

    def _run(self, **kwargs):
        return self.env["sales_followup.interaction"]._cron_followup_retention(**kwargs)

    def test_old_interactions_anonymised_scores_kept(self):
        old = self._interaction(datetime(2023, 4, 20, 9, 0))  # 36 months and a week ago
        recent = self._interaction(datetime(2023, 5, 2, 9, 0))
        self._run()
        self.assertTrue(old.is_anonymised)
        self.assertEqual(old.summary, self.MARKER)
        self.assertFalse(old.customer_feedback or old.customer_request or old.channel_detail)
        self.assertFalse(old.participant_contact_ids)
        self.assertEqual(
            (old.satisfaction, old.score_responsiveness, old.mood, old.channel, old.kind),
            (4, 5, "satisfied", "visit", "followup"),
        )
        self.assertEqual(old.date, datetime(2023, 4, 20, 9, 0))
        self.assertEqual(old.partner_id, self.customer_a)
        self.assertFalse(recent.is_anonymised)
        self.assertEqual(recent.summary, SUMMARY)
        self.assertEqual(recent.participant_contact_ids, self.contact_a)

    def test_chatter_keeps_no_old_text_and_notes_it(self):
        old = self._interaction(datetime(2022, 1, 10, 9, 0))
        self.cr.flush()
        tracked = old.with_context(tracking_disable=False, mail_notrack=False)
        tracked.write({"summary": "Customer asked to move delivery to the second week of May."})
        self.env.flush_all()
        self.cr.flush()  # tracking values are written just before commit
        old.message_post(body="Zhang Wei prefers calls after 3 pm.", message_type="comment")
        messages = self.env["mail.message"].search(
            [("model", "=", old._name), ("res_id", "=", old.id)]
        )
        self.assertTrue(messages.tracking_value_ids)
        self._run()
        messages = self.env["mail.message"].search(
            [("model", "=", old._name), ("res_id", "=", old.id)]
        )
        bodies = " ".join(str(body) for body in messages.mapped("body"))
        self.assertNotIn("Zhang Wei", bodies)
        self.assertNotIn("second week", bodies)
        summary_values = messages.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "summary"
        )
        self.assertFalse(summary_values)
        self.assertIn("Anonymised under the retention policy", bodies)

    def test_failure_on_one_interaction_spares_the_others(self):
        """The note of one interaction cannot be written: its anonymisation is
        undone whole and left for the next run, the others go through."""
        olds = [self._interaction(datetime(2022, 1, day, 9, 0)) for day in (10, 11, 12)]
        broken = olds[1]
        xmlid = "sales_followup.ir_cron_followup_retention"

        def call():
            return self._cron_call(xmlid, "_cron_followup_retention", batch_size=2)

        with self._fail_on(
            "sales_followup.interaction",
            "_message_log_batch",
            lambda interactions: broken in interactions,
        ):
            with self._assert_failure_logged(broken):
                self.assertEqual(call(), (2, 1))
            self.assertEqual(call(), (1, 0))
            self.assertEqual(call(), (0, 0))
        self.assertEqual([i.is_anonymised for i in olds], [True, False, True])
        self.assertEqual(broken.summary, SUMMARY)
        self.assertEqual(broken.participant_contact_ids, self.contact_a)

        self._end_cron_run(xmlid)
        self.assertEqual(call(), (1, 0))
        self.assertTrue(broken.is_anonymised)
        self.assertEqual(broken.summary, self.MARKER)

    def test_idempotent_and_batched(self):
        olds = [self._interaction(datetime(2022, 1, day, 9, 0)) for day in (10, 11, 12)]
        cron = self.env.ref("sales_followup.ir_cron_followup_retention")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Interaction = self.env["sales_followup.interaction"].with_context(
            ir_cron_progress_id=progress.id
        )
        Interaction._cron_followup_retention(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        self.assertEqual([i.is_anonymised for i in olds], [True, True, False])
        Interaction._cron_followup_retention(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        messages = self.env["mail.message"].search_count(
            [("model", "=", "sales_followup.interaction"), ("res_id", "in", [i.id for i in olds])]
        )
        Interaction._cron_followup_retention(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "sales_followup.interaction"),
                    ("res_id", "in", [i.id for i in olds]),
                ]
            ),
            messages,
        )

    def test_period_is_per_company_and_zero_keeps(self):
        self.company.followup_retention_months = 0
        old = self._interaction(datetime(2020, 1, 10, 9, 0))
        self._run()
        self.assertFalse(old.is_anonymised)
        self.company.followup_retention_months = 12
        recent = self._interaction(datetime(2025, 3, 1, 9, 0))
        self._run()
        self.assertTrue(old.is_anonymised and recent.is_anonymised)
        with self.assertRaises(ValidationError):
            self.company.followup_retention_months = -1

    def test_anonymise_passes_the_interaction_checks(self):
        """Resolved exceptions, next actions and escalations of old records."""
        # The escalation's topics are then written in Chinese too: erased in both.
        self.env["res.lang"]._activate_lang("zh_CN")
        old = self._interaction(
            datetime(2022, 1, 10, 9, 0),
            kind="exception",
            exception_reason="quality_mismatch",
            exception_state="resolved",
            exception_resolution="Replaced 2 units; Zhang Wei confirmed they work.",
            next_action="Call Zhang Wei about the spare parts",
            next_action_date=date(2022, 1, 20),
            order_id=self.order_a.id,
            satisfaction=1,
        )
        self.assertTrue(old.escalation_step_id)
        self._run()
        self.assertTrue(old.is_anonymised)
        self.assertEqual(old.exception_resolution, self.MARKER)
        self.assertEqual(old.exception_state, "resolved")
        self.assertFalse(old.next_action or old.next_action_date)
        self.assertEqual(old.escalation_step_id.topic, self.MARKER)
        self.assertEqual(old.escalation_step_id.with_context(lang="zh_CN").topic, self.MARKER)

    def test_care_action_feedback_goes_with_its_interaction(self):
        self.care_action_a.write(
            {"customer_feedback": "Zhang Wei liked the training.", "remarks": "Send photos."}
        )
        [logged] = self.care_action_a._followup_done(date=datetime(2022, 1, 10, 9, 0))
        self._run()
        self.assertTrue(logged.is_anonymised)
        self.assertEqual(self.care_action_a.customer_feedback, self.MARKER)
        self.assertFalse(self.care_action_a.remarks)
        self.assertEqual(self.care_action_a.state, "done")

    def test_care_reminder_feedback_erased_from_the_care_action(self):
        """Feedback typed when marking a care action's reminder done is the
        care interaction's: retention erases it from the care action's
        chatter too."""
        feedback = "Zhang Wei liked the training at the plant."
        reminder = self.env["mail.activity"].search(
            [("followup_care_action_id", "=", self.care_action_a.id)]
        )
        reminder.with_user(self.rep_a).action_feedback(feedback=feedback)
        messages = self.env["mail.message"].search(
            [("model", "=", "sales_followup.care.action"), ("res_id", "=", self.care_action_a.id)]
        )
        self.assertIn(feedback, "".join(messages.mapped("body")))
        with freeze_time("2030-01-02 10:00:00"):
            self._run()
        self.assertTrue(self.care_action_a.interaction_id.is_anonymised)
        messages.invalidate_recordset(["body"])
        self.assertNotIn("Zhang Wei", "".join(messages.exists().mapped("body")))

    def test_anonymised_text_cannot_come_back(self):
        old = self._interaction(datetime(2022, 1, 10, 9, 0), user_id=self.rep_a.id)
        self._run()
        as_rep = old.with_user(self.rep_a)
        with self.assertRaisesRegex(UserError, "anonymised"):
            as_rep.write({"summary": "Customer confirmed delivery to building 5 on 18 March."})
        with self.assertRaises(AccessError):
            as_rep.write({"is_anonymised": False, "satisfaction": 5})
        as_rep.write({"satisfaction": 5})
        self.assertTrue(old.is_anonymised)
        self.assertEqual(old.satisfaction, 5)

    def test_every_interaction_text_erased(self):
        """Whatever free text an interaction declares (the fields the detector
        checks) is erased: a field added to the list cannot be forgotten."""
        Interaction = self.env["sales_followup.interaction"]
        values = {
            fname: f"{NAMED} asked for the signed delivery note ({fname})."
            for fname in Interaction._followup_text_fields
        }
        old = self._interaction(
            datetime(2023, 4, 20, 9, 0),
            do_not_contact=True,
            next_action_date=date(2023, 5, 2),
            **values,
        )
        self._run()
        for fname in Interaction._followup_text_fields:
            with self.subTest(field=fname):
                self.assertNotIn(NAMED, old[fname] or "")


@tagged("post_install", "-at_install")
class TestPrivacyLookup(PrivacyCommon):
    """Odoo's privacy lookup finds a person's data in the module."""

    def _lookup(self, name, email):
        wizard = self.env["privacy.lookup.wizard"].create({"name": name, "email": email})
        wizard.action_lookup()
        return wizard.line_ids

    def _found(self, lines, model):
        return self.env[model].browse(
            lines.filtered(lambda line: line.res_model == model).mapped("res_id")
        )

    def test_contact_found_through_participation_and_text(self):
        self.contact_a.email = "zhang.wei@example.com"
        named = self.env["sales_followup.interaction"].create(
            {"partner_id": self.customer_b.id, "summary": "Zhang Wei recommended us to Li Si."}
        )
        lines = self._lookup("Zhang Wei", "zhang.wei@example.com")
        self.assertEqual(
            self._found(lines, "sales_followup.interaction"), self.interaction_a | named
        )
        self.assertIn(self.contact_a, self._found(lines, "res.partner"))

    def test_individual_customer_found_and_erased(self):
        person = self.env["res.partner"].create(
            {"name": "王小明", "email": "xiaoming@example.com", "user_id": self.rep_a.id}
        )
        order = self._confirmed_order(person, self.rep_a, self.team_a)
        interaction = self.env["sales_followup.interaction"].create(
            {"order_id": order.id, "summary": SUMMARY}
        )
        plan, action = self._care_plan(person, self.rep_a)
        lines = self._lookup("王小明", "xiaoming@example.com")
        self.assertEqual(self._found(lines, "sales_followup.interaction"), interaction)
        self.assertEqual(self._found(lines, "sales_followup.step"), order.followup_step_ids)
        self.assertEqual(self._found(lines, "sales_followup.care.plan"), plan)
        self.assertEqual(self._found(lines, "sales_followup.care.action"), action)
        lines.filtered(lambda line: line.res_model == "sales_followup.interaction").action_unlink()
        self.assertFalse(interaction.exists())
        lines = self._lookup("王小明", "xiaoming@example.com")
        self.assertFalse(self._found(lines, "sales_followup.interaction"))

    def test_name_found_in_every_free_text_field(self):
        """A person named in any free text of any model that declares it
        (``_followup_text_fields``, as checked by the detector) is found, on
        records that are not the person's otherwise. The add-on's own fields:
        a bridge's (CRM's leads) are its own tests'."""
        records = {
            "res.partner": self.customer_b,
            "sale.order": self.order_b,
            "sales_followup.step": self.step_b,
            "sales_followup.interaction": self.interaction_b,
            "sales_followup.care.plan": self.care_plan_b,
            "sales_followup.care.action": self.care_action_b,
            "sales_followup.complaint": self.complaint_b,
            "sales_followup.improvement": self.env["sales_followup.improvement"].create(
                {
                    "report_id": self.report.id,
                    "name": "Call back within a day",
                    "user_id": self.rep_b.id,
                    "date_deadline": date(2026, 4, 30),
                }
            ),
            "sales_followup.commitment": self.env["sales_followup.commitment"].create(
                {
                    "interaction_id": self.interaction_b.id,
                    "name": "Send the test report",
                    "user_id": self.rep_b.id,
                    "date_deadline": date(2099, 1, 1),
                }
            ),
        }
        by_model = {}
        lookup = self.env["privacy.lookup.wizard"]
        for model, fnames in lookup._followup_text_fields_by_model().items():
            fields = self.env[model]._fields
            own = [fname for fname in fnames if fields[fname]._module == "sales_followup"]
            if own:
                by_model[model] = own
        self.assertEqual(set(by_model), set(records))
        for model, fnames in by_model.items():
            record = records[model].sudo()
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    values = {
                        fname: f"Visit {NAMED} with the new catalogue.",
                        # A next action goes with its date.
                        **(
                            {"next_action_date": record.date.date()}
                            if fname == "next_action"
                            else {}
                        ),
                    }
                    previous = {
                        key: record._fields[key].convert_to_write(record[key], record)
                        for key in values
                    }
                    record.write(values)
                    found = self._found(self._lookup(NAMED, "ouyang@example.com"), model)
                    # A customer's texts are its contacts' too (commercial fields).
                    self.assertIn(record, found)
                    record.write(previous)

    def test_lookup_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self.env["privacy.lookup.wizard"].with_user(self.manager).create(
                {"name": "Zhang Wei", "email": "zhang.wei@example.com"}
            )


@tagged("post_install", "-at_install")
class TestDoNotContactFromInteraction(PrivacyCommon):
    def test_request_logged_flags_customer_and_stops_steps(self):
        # Every order has its manager review now: internal, it goes on.
        review = self.order_a.followup_step_ids.filtered(lambda s: s.kind == "manager_review")
        open_steps = self.order_a.followup_step_ids.filtered(lambda s: s.state == "planned")
        open_steps -= review
        self.assertTrue(open_steps)
        self.env["sales_followup.interaction"].with_user(self.rep_a).create(
            {
                "order_id": self.order_a.id,
                "summary": "Customer said they have enough suppliers this year.",
                "do_not_contact": True,
                "do_not_contact_reason": "Enough suppliers for now, call back next year",
            }
        )
        self.assertTrue(self.customer_a.followup_do_not_contact)
        self.assertEqual(
            self.customer_a.followup_do_not_contact_reason,
            "Enough suppliers for now, call back next year",
        )
        self.assertEqual(self.customer_a.followup_do_not_contact_date, date.today())
        self.assertEqual(set(open_steps.mapped("state")), {"cancelled"})
        self.assertIn("Enough suppliers", open_steps[0].cancel_reason)
        self.assertEqual(review.state, "planned")
        self.assertEqual(self.care_action_a.state, "cancelled")
        self.assertIn("Enough suppliers", self.care_action_a.cancel_reason)
        # Its contacts follow the company.
        self.assertTrue(self.contact_a.followup_do_not_contact)

    def test_reason_required_and_first_reason_kept(self):
        Interaction = self.env["sales_followup.interaction"].with_user(self.rep_a)
        with self.assertRaisesRegex(ValidationError, "why the customer asked"):
            Interaction.create(
                {"partner_id": self.customer_a.id, "summary": SUMMARY, "do_not_contact": True}
            )
        self.customer_a.write(
            {"followup_do_not_contact": True, "followup_do_not_contact_reason": "Asked by phone"}
        )
        Interaction.create(
            {
                "partner_id": self.customer_a.id,
                "summary": SUMMARY,
                "do_not_contact": True,
                "do_not_contact_reason": "Asked again",
            }
        )
        self.assertEqual(self.customer_a.followup_do_not_contact_reason, "Asked by phone")

    def test_rep_without_contact_rights_records_request(self):
        rep = new_test_user(
            self.env,
            login="sf_rep_no_contacts",
            groups="sales_followup.group_followup_user",
        )
        self.customer_b.user_id = rep
        with self.assertRaises(AccessError):
            self.customer_b.with_user(rep).write({"followup_do_not_contact": True})
        self.env["sales_followup.interaction"].with_user(rep).create(
            {
                "partner_id": self.customer_b.id,
                "summary": SUMMARY,
                "do_not_contact": True,
                "do_not_contact_reason": "Asked by e-mail to stop the calls",
            }
        )
        self.assertTrue(self.customer_b.followup_do_not_contact)


@tagged("post_install", "-at_install")
class TestFreeTextDeclared(PrivacyCommon):
    def test_every_text_field_declared_or_excused(self):
        """Every stored text a user can write, on any model the add-on defines
        or extends, is free text checked by the detector, searched by the
        privacy lookup (and, on interactions, erased by retention), unless
        excused above with its reason."""
        undeclared = {}
        for model_name in self.env.registry:
            model = self.env[model_name]
            if model._abstract or model._transient or not model._auto:
                continue
            declared = set(getattr(model, "_followup_text_fields", ()))
            excused = NOT_FREE_TEXT.get(model_name, {})
            for fname, field in model._fields.items():
                if (
                    field.type in ("char", "text", "html")
                    and field._module == "sales_followup"
                    and field.store
                    and not field.related
                    and not (field.compute and field.readonly)
                    and fname not in declared
                    and fname not in excused
                ):
                    undeclared.setdefault(model_name, []).append(fname)
        self.assertEqual(undeclared, {})
