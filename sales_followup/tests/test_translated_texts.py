import re
from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .test_care_plan import CareCommon

PRE_DELIVERY = {
    "en_US": "Confirm delivery address, receiver and time.",
    "zh_CN": "确认收货地址、收货人和时间。",
    "zh_TW": "確認收貨地址、收貨人和時間。",
}
# The Regular tier's key topics (data/sales_followup_tier_data.xml, i18n/).
REGULAR_TOPICS = {
    "en_US": "Confirm order information; shipping reminder (one phone sync before delivery).",
    "zh_CN": "确认订单信息；发货提醒（交付前电话同步一次）。",
    "zh_TW": "確認訂單資訊；出貨提醒（交付前電話同步一次）。",
}


@tagged("post_install", "-at_install")
class TestTranslatedTexts(CareCommon):
    """What the plans write (step topics, care actions) reads in each
    reader's language, whoever made it: a rep working in Traditional
    Chinese confirms, an English and a Simplified Chinese colleague read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Confirmation in English, before Chinese is installed (caches warm).
        cls._confirm_queries(1)
        cls.en_queries = {count: cls._confirm_queries(count) for count in (1, 20)}
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_followup"], ["zh_CN", "zh_TW"], overwrite=True
        )
        cls.rep_tw = new_test_user(
            cls.env,
            login="sf_rep_tw",
            name="Chen Mei",
            groups="sales_team.group_sale_salesman",
            lang="zh_TW",
        )

    @classmethod
    def _confirm_queries(cls, count):
        orders = cls.env["sale.order"].concat(
            *(cls._create_order(20_000, delivery=date(2026, 9, 30)) for __ in range(count))
        )
        cls.env.flush_all()
        cls.env.invalidate_all()
        before = cls.cr.sql_log_count
        orders.action_confirm()
        cls.env.flush_all()
        return cls.cr.sql_log_count - before

    def _read(self, records, lang):
        return records.with_context(lang=lang)

    def test_steps_in_the_readers_language(self):
        order = self._create_order(
            20_000, delivery=date.today() + timedelta(days=60), user_id=self.rep_tw.id
        )
        order.with_user(self.rep_tw).with_context(lang="zh_TW").action_confirm()
        first = self._steps(order, "first_contact")
        pre_delivery = self._steps(order, "pre_delivery")
        for lang in ("en_US", "zh_CN", "zh_TW"):
            with self.subTest(lang=lang):
                self.assertEqual(self._read(first, lang).topic, REGULAR_TOPICS[lang])
                self.assertEqual(self._read(pre_delivery, lang).topic, PRE_DELIVERY[lang])
        # Found and grouped in the reader's language.
        Step = self.env["sales_followup.step"]
        self.assertEqual(
            Step.with_context(lang="zh_CN").search(
                [("order_id", "=", order.id), ("topic", "ilike", "确认收货地址")]
            ),
            pre_delivery,
        )
        self.assertEqual(
            Step.with_context(lang="en_US").search(
                [("order_id", "=", order.id), ("topic", "ilike", "receiver and time")]
            ),
            pre_delivery,
        )
        groups = Step.with_context(lang="en_US").read_group(
            [("order_id", "=", order.id)], ["topic"], ["topic"]
        )
        self.assertIn(PRE_DELIVERY["en_US"], [group["topic"] for group in groups])
        # The rep's reminder is in his language.
        reminder = self._followup_activities(order, self.rep_tw)
        self.assertEqual(reminder.summary, "首次跟進")
        self.assertIn("確認訂單資訊", reminder.note)

    def test_co_owners_reminder_in_his_language(self):
        """A Strategic order: the rep reads his reminder in English, the
        co-owning leader, who works in Traditional Chinese, his in Chinese."""
        self.leader.lang = "zh_TW"
        order = self._create_order(600_000, delivery=date.today() + timedelta(days=60))
        order.with_context(lang="en_US").action_confirm()
        self._steps(order, "manager_review").with_user(self.leader).action_done()
        reminders = {act.user_id: act for act in self._followup_activities(order)}
        self.assertEqual(reminders[self.salesman].summary, "First Contact")
        self.assertEqual(reminders[self.leader].followup_step_id.kind, "first_contact")
        self.assertEqual(reminders[self.leader].summary, "首次跟進")
        self.assertNotIn("Confirm", reminders[self.leader].note)

    def test_reminder_handed_over_in_the_new_persons_language(self):
        """The order moves from an English rep to a Traditional Chinese one:
        the reminder he gets reads in Chinese."""
        order = self._create_order(20_000, delivery=date.today() + timedelta(days=60))
        order.with_context(lang="en_US").action_confirm()
        reminder = self._followup_activities(order, self.salesman)
        self.assertEqual(reminder.summary, "First Contact")
        order.user_id = self.rep_tw
        handed = self._followup_activities(order, self.rep_tw)
        self.assertEqual(handed, reminder, "the same reminder, handed over")
        self.assertEqual(handed.summary, "首次跟進")
        self.assertIn("確認訂單資訊", handed.note)

    def test_complaint_stage_in_the_readers_language(self):
        """Registered in English; the customer's salesperson, who works in
        Traditional Chinese, reads his stage and its reminder in Chinese."""
        self.salesman.lang = "zh_TW"
        complaint = (
            self.env["sales_followup.complaint"]
            .with_user(self.salesman)
            .with_context(lang="en_US")
            .create(
                {
                    "partner_id": self.partner.id,
                    "category": "service_behaviour",
                    "description": "The cartons arrived crushed.",
                }
            )
        )
        stage = complaint.sudo().step_ids
        self.assertEqual(stage.kind, "complaint_visit")
        self.assertEqual(
            self._read(stage, "en_US").topic,
            "Visit or call the customer, confirm the facts and record the cause: "
            "The cartons arrived crushed.",
        )
        chinese = self._read(stage, "zh_TW").topic
        self.assertNotIn("Visit", chinese)
        self.assertIn("The cartons arrived crushed.", chinese, "the customer's words as said")
        self.assertEqual(stage.activity_ids.user_id, self.salesman)
        self.assertEqual(stage.activity_ids.summary, "投訴：拜訪或電話")
        self.assertNotIn("Visit", stage.activity_ids.note)

    @freeze_time("2028-01-31 08:00:00")
    def test_care_actions_in_the_readers_language(self):
        line = self._line("Quarterly visit", "quarterly", description="Bring the new catalogue.")
        line.update_field_translations("name", {"zh_CN": "季度拜访", "zh_TW": "季度拜訪"})
        line.update_field_translations(
            "description", {"zh_CN": "带上新产品目录。", "zh_TW": "帶上新產品目錄。"}
        )
        self.salesman.lang = "zh_TW"
        plan = self._plan(date(2028, 1, 31))
        plan.with_context(lang="zh_TW")._followup_generate_actions()
        action = plan.action_ids[:1]
        self.assertTrue(action)
        self.assertEqual(self._read(action, "en_US").name, "Quarterly visit")
        self.assertEqual(self._read(action, "zh_CN").name, "季度拜访")
        self.assertEqual(self._read(action, "zh_TW").description, "帶上新產品目錄。")
        # The executor's reminder, in his language.
        self.assertEqual(action.activity_ids.summary, "季度拜訪")

    def test_confirmation_queries_flat_in_three_languages(self):
        """Writing the other languages costs a few queries per confirmation
        (their tier topics, one UPDATE), whatever the number of orders: the
        same as in English within a query of noise, not one per step."""
        self._confirm_queries(1)
        for count in (1, 20):
            extra = self._confirm_queries(count) - self.en_queries[count]
            self.assertLessEqual(extra, 5, count)

    def test_personal_data_message_in_whole_sentences(self):
        """Each finding is one sentence of its own, translated whole, not a
        fragment glued into another ("发现摘要 中的...")."""
        with self.assertRaises(ValidationError) as error:
            self.env["sales_followup.interaction"].create(
                {
                    "partner_id": self.partner.id,
                    "summary": "Customer asked to call back on 13912345678 about the invoice.",
                }
            )
        lines = str(error.exception).splitlines()
        self.assertEqual(lines[0], "Personal data must not be recorded in the follow-up.")
        self.assertEqual(lines[1], "Summary holds a mobile phone number: 139****5678.")
        self.assertTrue(lines[2].startswith("Remove it:"))

    def test_no_line_break_inside_translated_texts(self):
        """A text of the views or the actions' help broken over lines is
        translated with the break, which a browser shows as a stray space
        between Chinese words ("数据 重新生成"): each is one line."""
        broken = re.compile(r"[^\s>]\s*\n\s*[^\s<]")
        data = self.env["ir.model.data"].search(
            [
                ("module", "=like", "sales_followup%"),
                ("model", "in", ("ir.ui.view", "ir.actions.act_window")),
            ]
        )
        texts = []
        for record in (self.env[item.model].browse(item.res_id) for item in data):
            fname = "arch_db" if record._name == "ir.ui.view" else "help"
            terms = record._fields[fname].get_trans_terms(record[fname] or "")
            texts += [(record.display_name, term) for term in terms if broken.search(term)]
        self.assertFalse(texts)

    def test_generate_dialog_names_the_month(self):
        """The generate dialog says which month it reports, the reader's way."""
        wizard = self.env["sales_followup.monthly.report.wizard"].new({"month": "11", "year": 2026})
        self.assertEqual(wizard.with_context(lang="en_US").period, "November 2026")
        self.assertEqual(wizard.with_context(lang="zh_CN").period, "2026年11月")
        self.assertEqual(wizard.with_context(lang="zh_TW").period, "2026年11月")

    def test_date_columns_sized(self):
        """Every date or date-time column of the add-ons' lists has a width
        that fits a Chinese date (2026年12月03日), not Odoo's 80 px."""
        unsized = []

        def walk(node, model, in_list, view):
            for child in node:
                if not isinstance(child.tag, str):
                    continue
                if (
                    child.tag == "field"
                    and child.get("name") in model._fields
                    and not child.get("position")
                ):
                    field = model._fields[child.get("name")]
                    if (
                        in_list
                        and field.type in ("date", "datetime")
                        and not child.get("width")
                        and child.get("column_invisible") not in ("1", "True")
                    ):
                        unsized.append(f"{view.xml_id}: {model._name}.{field.name}")
                    if field.comodel_name:
                        walk(child, self.env[field.comodel_name], False, view)
                    continue
                walk(child, model, in_list or child.tag == "list", view)

        data = self.env["ir.model.data"].search(
            [("module", "=like", "sales_followup%"), ("model", "=", "ir.ui.view")]
        )
        for view in self.env["ir.ui.view"].browse(data.mapped("res_id")):
            if view.model in self.env:
                arch = etree.fromstring(view.arch_db)
                walk(arch, self.env[view.model], arch.tag == "list", view)
        self.assertFalse(unsized)
