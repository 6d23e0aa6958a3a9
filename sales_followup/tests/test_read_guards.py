from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common_privacy import SUMMARY, PrivacyCommon

DISPLAY_NAME_SPEC = {"fields": {"display_name": {}}}


class ReadGuardsCommon(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A private person buying in his own name, rep A's customer, with a
        # confirmed order (so a plan and a customer code).
        cls.person = cls.env["res.partner"].create({"name": "王小明", "user_id": cls.rep_a.id})
        cls.person_order = cls._confirmed_order(cls.person, cls.rep_a, cls.team_a)
        cls.person_interaction = (
            cls.env["sales_followup.interaction"]
            .with_user(cls.rep_a)
            .create({"order_id": cls.person_order.id, "summary": SUMMARY})
        )
        cls.person_step = cls.person_order.followup_step_ids[:1]
        cls.person_plan, cls.person_action = cls._care_plan(cls.person, cls.rep_a)
        # The officer may read rep A's records: he leads team A.
        cls.team_a.user_id = cls.officer


@tagged("post_install", "-at_install")
class TestOnchangeGuards(ReadGuardsCommon):
    """onchange runs the computes, which may read related records as
    superuser: it is refused to whoever may not read the model, the record,
    or the records given."""

    SPEC = {"order_id": {}, "partner_id": DISPLAY_NAME_SPEC, "company_id": {}}

    def _onchange(self, user, model, values, record=None, **context):
        Model = self.env[model].with_user(user).with_context(**context)
        records = record.with_env(Model.env) if record else Model
        return records.onchange(values, list(values), self.SPEC)

    def test_portal_refused(self):
        for model in ("sales_followup.interaction", "sales_followup.step"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self._onchange(self.portal_user, model, {"order_id": self.order_b.id})

    def test_rep_refused_other_reps_order(self):
        for model in ("sales_followup.interaction", "sales_followup.step"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self._onchange(self.rep_a, model, {"order_id": self.order_b.id})
            with self.subTest(model=model, default=True), self.assertRaises(AccessError):
                self._onchange(self.rep_a, model, {}, default_order_id=self.order_b.id)

    def test_rep_refused_other_reps_step_and_record(self):
        with self.assertRaises(AccessError):
            self._onchange(self.rep_a, "sales_followup.interaction", {"step_id": self.step_b.id})
        with self.assertRaises(AccessError):
            self._onchange(
                self.rep_a,
                "sales_followup.interaction",
                {"order_id": self.order_a.id},
                record=self.interaction_b,
            )
        with self.assertRaises(AccessError):
            self._onchange(
                self.rep_a,
                "sales_followup.care.action",
                {"plan_id": self.care_plan_b.id},
            )
        # In a new line of a one2many too.
        with self.assertRaises(AccessError):
            self._onchange(
                self.rep_a,
                "sales_followup.care.plan",
                {"action_ids": [Command.create({"interaction_id": self.interaction_b.id})]},
                record=self.care_plan_a,
            )

    def test_rep_gets_own_order_masked(self):
        result = self._onchange(
            self.rep_a, "sales_followup.interaction", {"order_id": self.order_a.id}
        )
        self.assertEqual(result["value"]["partner_id"]["id"], self.customer_a.id)
        result = self._onchange(
            self.rep_a, "sales_followup.interaction", {"order_id": self.person_order.id}
        )
        self.assertEqual(result["value"]["partner_id"]["display_name"], "王*")

    def test_interaction_computes_read_with_the_callers_rights(self):
        """The customer, order and company of an interaction follow each
        other with the caller's rights, not as superuser."""
        fields = self.env["sales_followup.interaction"]._fields
        for fname in ("partner_id", "order_id", "company_id"):
            self.assertFalse(fields[fname].compute_sudo, fname)


@tagged("post_install", "-at_install")
class TestMaskingReadPaths(ReadGuardsCommon):
    """Without the personal-data role, every read path of the module's
    models gives people's names masked, whatever the context; the officer
    reads them."""

    def _people(self, user):
        """What ``user`` gets as the customer and contacts on each read path."""
        Interaction = self.env["sales_followup.interaction"].with_user(user)
        person = self.person_interaction.with_user(user)
        contacts = self.interaction_a.with_user(user)
        domain = [("id", "=", self.person_interaction.id)]
        spec = {"partner_id": DISPLAY_NAME_SPEC}
        contact_spec = {"participant_contact_ids": DISPLAY_NAME_SPEC}
        groups = Interaction.read_group(domain, ["partner_id"], ["partner_id"])
        web_groups = Interaction.web_read_group(domain, ["partner_id"], ["partner_id"])
        return {
            "read": person.read(["partner_id"])[0]["partner_id"][1],
            "search_read": Interaction.search_read(domain, ["partner_id"])[0]["partner_id"][1],
            "web_read": person.web_read(spec)[0]["partner_id"]["display_name"],
            "web_search_read": Interaction.web_search_read(domain, spec)["records"][0][
                "partner_id"
            ]["display_name"],
            "read_group": groups[0]["partner_id"][1],
            "web_read_group": web_groups["groups"][0]["partner_id"][1],
            "contacts": contacts.web_read(contact_spec)[0]["participant_contact_ids"][0][
                "display_name"
            ],
            "step": self.person_step.with_user(user).read(["partner_id"])[0]["partner_id"][1],
            "care_plan": self.person_plan.with_user(user).read(["partner_id"])[0]["partner_id"][1],
            "care_action": self.person_action.with_user(user).search_read(
                [("id", "=", self.person_action.id)], ["partner_id"]
            )[0]["partner_id"][1],
        }

    def test_rep_and_manager_get_masked_names(self):
        for user in (self.rep_a, self.manager):
            with self.subTest(user=user.login):
                names = self._people(user)
                contacts = names.pop("contacts")
                self.assertEqual(set(names.values()), {"王*"}, names)
                self.assertEqual(contacts, "Customer A Machinery, Zhang*")

    def test_officer_gets_names(self):
        names = self._people(self.officer)
        contacts = names.pop("contacts")
        self.assertEqual(set(names.values()), {"王小明"}, names)
        self.assertEqual(contacts, "Customer A Machinery, Zhang Wei")

    def test_chatter_suggests_no_customer_to_reps(self):
        self.person.email = "wang.xiaoming@example.com"
        for user, suggested in ((self.rep_a, False), (self.officer, True)):
            with self.subTest(user=user.login):
                recipients = self.person_interaction.with_user(
                    user
                )._message_get_suggested_recipients()
                self.assertEqual(bool(recipients), suggested, recipients)

    def test_partner_itself_unchanged(self):
        """The limit: res.partner's own name, read directly, is Odoo's."""
        self.assertEqual(self.person.with_user(self.rep_a).read(["name"])[0]["name"], "王小明")


@tagged("post_install", "-at_install")
class TestExportPaths(ReadGuardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        (cls.manager | cls.officer).groups_id = [Command.link(export.id)]

    def test_manager_cannot_export_peoples_fields(self):
        Interaction = self.interaction_a.with_user(self.manager)
        for path in (
            "participant_contact_ids/email",
            "participant_contact_ids/name",
            "partner_id/phone",
            "order_id/partner_id/name",
            "step_id/partner_id/email",
        ):
            with self.subTest(path=path), self.assertRaises(AccessError):
                Interaction.export_data(["summary", path])
        rows = Interaction.export_data(["partner_id/.id", "participant_contact_ids"])["datas"]
        self.assertIn("Zhang*", rows[0][1])

    def test_grouped_export_headers_masked(self):
        """/web/export reads the group headers with read_group: customers
        appear there as in the exported rows, by code and masked name."""
        interaction = self.person_interaction
        groups = (
            self.env["sales_followup.interaction"]
            .with_user(self.manager)
            .with_context(import_compat=False)
            .read_group([("id", "=", interaction.id)], ["__count"], ["partner_id"], lazy=False)
        )
        code = interaction.partner_id.commercial_partner_id.followup_customer_code
        self.assertTrue(code)
        self.assertEqual(groups[0]["partner_id"][1], f"{code}, 王*")
        # The lists' group headers (no export) keep the masked name alone.
        groups = (
            self.env["sales_followup.interaction"]
            .with_user(self.manager)
            .read_group([("id", "=", interaction.id)], ["__count"], ["partner_id"], lazy=False)
        )
        self.assertEqual(groups[0]["partner_id"][1], "王*")

    def test_officer_exports_details(self):
        self.customer_a.email = "purchasing@customer-a.example.com"
        rows = self.interaction_a.with_user(self.officer).export_data(["partner_id/email"])["datas"]
        self.assertEqual(rows, [["purchasing@customer-a.example.com"]])


@tagged("post_install", "-at_install")
class TestGeneratedTexts(ReadGuardsCommon):
    """Texts the module writes for others to read name people masked,
    whoever writes them; plain text put into HTML is escaped."""

    HOSTILE = 'Customer pasted <a href="x">this link</a> and <img src=x onerror=alert(1)> here.'

    def _texts(self, order):
        messages = order.message_ids.mapped("body")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        return " ".join(
            map(str, [*messages, *activities.mapped("note"), *activities.mapped("summary")])
        )

    def test_escalation_and_after_sales_mask_the_customer(self):
        self.company.followup_after_sales_user_id = False
        # An officer logs it: his own right to names does not leak into texts.
        self.officer.groups_id |= self.env.ref("sales_team.group_sale_manager")
        self.env["sales_followup.interaction"].with_user(self.officer).create(
            {
                "order_id": self.person_order.id,
                "summary": SUMMARY,
                "satisfaction": 1,
                "kind": "exception",
                "exception_reason": "quality_mismatch",
            }
        )
        texts = self._texts(self.person_order)
        self.assertIn("rated us 1/5", texts)
        self.assertIn("Quality issue", texts)
        self.assertNotIn("王小明", texts)
        self.assertIn("王*", texts)

    def test_message_record_name_masked(self):
        """Messages keep the record's name: an officer's post names nobody."""
        self.officer.groups_id |= self.env.ref("sales_team.group_sale_manager")
        message = self.person_interaction.with_user(self.officer).message_post(
            body="Called back.", message_type="comment"
        )
        self.assertTrue(message.record_name.startswith("王* · "), message.record_name)

    def test_overdue_escalation_text_masks_the_customer(self):
        env = self.env
        kinds = self.person_step._followup_kind_labels()
        text = self.person_step._followup_escalation_text(env, kinds)
        self.assertIn("王*", text)
        self.assertNotIn("王小明", text)

    def test_care_plan_name_without_code_masked(self):
        person = self.env["res.partner"].create({"name": "John Smith", "user_id": self.rep_a.id})
        self.assertFalse(person.followup_customer_code)
        plan, __ = self._care_plan(person, self.rep_a)
        for user in (self.rep_a, self.officer):
            with self.subTest(user=user.login):
                self.assertTrue(plan.with_user(user).display_name.startswith("J*** Smith · "))

    def test_tracking_of_a_customer_change_masked(self):
        other = self.env["res.partner"].create({"name": "Li Na"})
        interaction = self.env["sales_followup.interaction"].create(
            {"partner_id": self.person.id, "summary": SUMMARY}
        )
        self.cr.flush()
        interaction.with_context(tracking_disable=False, mail_notrack=False).partner_id = other
        self.env.flush_all()
        self.cr.flush()  # tracking values are written just before commit
        values = interaction.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "partner_id"
        )
        self.assertEqual((values.old_value_char, values.new_value_char), ("王*", "Li*"))

    def test_plain_text_escaped_into_notes(self):
        self.company.followup_after_sales_user_id = False
        interaction = self.env["sales_followup.interaction"].create(
            {
                "order_id": self.order_a.id,
                "summary": self.HOSTILE,
                "satisfaction": 1,
                "next_action": "Call back",
                "next_action_date": "2099-01-01",
                "kind": "exception",
                "exception_reason": "quality_mismatch",
            }
        )
        # The escalation step's reminder carries the summary in its topic.
        reminder = interaction.escalation_step_id._followup_reminder_values()[0]
        notes = [
            str(reminder["note"]),
            *map(str, interaction.next_action_activity_id.mapped("note")),
            self._texts(self.order_a),
        ]
        for note in notes:
            with self.subTest(note=note[:60]):
                self.assertNotIn("<a ", note)
                self.assertNotIn("<img", note)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", self._texts(self.order_a))


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestRetentionCopies(ReadGuardsCommon):
    """After retention, no text column of mail_message, mail_activity or of
    the module's tables holds the erased summary or next action."""

    MARKER = "Zorbquixel"

    def _columns(self):
        self.env.cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema()
               AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb')
               AND (c.table_name IN ('mail_message', 'mail_activity', 'mail_tracking_value')
                    OR c.table_name LIKE 'sales\\_followup\\_%%')
            """
        )
        return self.env.cr.fetchall()

    def _copies(self):
        self.env.flush_all()
        found = []
        for table, column in self._columns():
            self.env.cr.execute(
                SQL(
                    "SELECT count(*) FROM %s WHERE %s::text ILIKE %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    f"%{self.MARKER}%",
                )
            )
            if self.env.cr.fetchone()[0]:
                found.append(f"{table}.{column}")
        return found

    def test_retention_leaves_no_copy(self):
        self.company.followup_after_sales_user_id = False
        when = datetime(2022, 1, 10, 9, 0)
        interaction = self.env["sales_followup.interaction"].create(
            {
                "order_id": self.order_a.id,
                "step_id": self.step_a.id,
                "date": when,
                "date_logged": when,
                "summary": f"Customer {self.MARKER} confirmed the crate for gate 2.\n"
                f"He asked about {self.MARKER} again.",
                "satisfaction": 1,
                "next_action": f"Send the {self.MARKER} drawing",
                "next_action_date": "2022-01-20",
                "kind": "exception",
                "exception_reason": "quality_mismatch",
                "participant_contact_ids": [Command.link(self.contact_a.id)],
            }
        )
        # The manager closes the escalation: its note goes into the chatter.
        escalation = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", self.order_a.id),
                ("activity_type_id", "=", self.ref("sales_followup.mail_activity_type_escalation")),
            ]
        )
        self.assertTrue(escalation)
        escalation.action_feedback(feedback="Called back.")
        interaction.next_action_activity_id.action_feedback(feedback="Sent.")
        copies = self._copies()
        self.assertIn("mail_message.body", copies, "the test copies the summary in the chatter")
        self.assertIn("mail_activity.note", copies)

        self.env["sales_followup.interaction"]._cron_followup_retention()
        self.assertTrue(interaction.is_anonymised)
        self.assertEqual(self._copies(), [])
