import base64
import io
import re
from datetime import date

import openpyxl
import polib

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import FollowupCommon

# The workbook's sheets in Chinese, in their order.
OWN_SHEETS_ZH_CN = [
    "摘要",
    "销售顾问",
    "订单跟进",
    "互动记录",
    "维护计划",
    "客户投诉",
    "改进措施",
    "趋势",
    "指标定义",
]


@tagged("post_install", "-at_install")
class TestTranslations(FollowupCommon):
    """What a user working in Simplified Chinese reads: the module's own
    terms from i18n/zh_CN.po, loaded as Odoo loads them when the language is
    installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_followup"], ["zh_CN"], overwrite=True
        )
        cls.env_cn = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_tier_names(self):
        tiers = self.env_cn["sales_followup.tier"]
        self.assertEqual(tiers.browse(self.tier_strategic.id).name, "战略级订单")
        self.assertEqual(tiers.browse(self.tier_key.id).name, "重点订单")
        self.assertEqual(tiers.browse(self.tier_regular.id).name, "常规订单")

    def test_field_labels_and_selection_values(self):
        fields = self.env_cn["sales_followup.interaction"].fields_get(
            ["summary", "next_action", "mood", "kind"], ["string", "selection"]
        )
        self.assertEqual(fields["summary"]["string"], "摘要")
        self.assertEqual(fields["next_action"]["string"], "下一步行动")
        self.assertEqual(fields["mood"]["string"], "客户情绪")
        self.assertIn(("worried", "担忧"), fields["mood"]["selection"])
        self.assertIn(("exception", "投诉 / 异常"), fields["kind"]["selection"])
        step_fields = self.env_cn["sales_followup.step"].fields_get(["kind", "state"])
        self.assertIn(("pre_delivery", "交付前确认"), step_fields["kind"]["selection"])
        self.assertIn(("overdue", "逾期"), step_fields["state"]["selection"])
        self.assertEqual(
            self.env_cn["ir.model"]._get("sales_followup.interaction").name, "客户互动记录"
        )

    def test_menu_and_action_names(self):
        menu = self.env.ref("sales_followup.sales_followup_step_my_menu").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "我的跟进")
        action = self.env.ref("sales_followup.sales_followup_step_action_my").with_context(
            lang="zh_CN"
        )
        self.assertIn("记录互动", action.help)

    def test_vague_summary_refused_in_chinese(self):
        with self.assertRaises(ValidationError) as refusal:
            self.env_cn["sales_followup.interaction"].create(
                {"partner_id": self.partner.id, "summary": "已与客户沟通"}
            )
        message = str(refusal.exception)
        self.assertIn("摘要过于笼统", message)
        self.assertIn("“已与客户沟通”", message)
        self.assertIn("请写明沟通内容", message)
        self.assertNotIn("too vague", message)

    def test_monthly_workbook_in_chinese(self):
        """A manager working in Chinese gets the workbook in Chinese: the
        seed's three tables under the seed's names. A bridge may add its own
        sheets among them (CRM's Leads): the add-on's keep their order."""
        report = self.env["sales_followup.monthly.report"].create(
            {"company_id": self.company.id, "date_from": date(2026, 4, 1)}
        )
        report.with_context(lang="zh_CN").action_generate()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        self.assertEqual(
            [name for name in workbook.sheetnames if name in OWN_SHEETS_ZH_CN],
            OWN_SHEETS_ZH_CN,
        )
        titles = [workbook[name]["A1"].value for name in ("订单跟进", "互动记录", "维护计划")]
        self.assertEqual(titles, ["销售订单跟进表", "客户互动记录表", "客户关系维护计划表"])
        self.assertEqual(workbook["摘要"]["A1"].value, "月度销售与客户报告")

    def test_english_unchanged(self):
        """Loading Chinese leaves English users with English."""
        self.assertEqual(self.tier_strategic.with_context(lang="en_US").name, "Strategic Order")
        with self.assertRaisesRegex(ValidationError, "The summary is too vague"):
            self.env["sales_followup.interaction"].with_context(lang="en_US").create(
                {"partner_id": self.partner.id, "summary": "已與客戶溝通"}
            )

    def test_translation_files_complete(self):
        """Every term of the template is translated in both files, and keeps
        its placeholders: a translated message missing one would fail when
        shown."""
        placeholders = re.compile(r"%\([a-z_]+\)s|\{\{.*?\}\}")
        pot = polib.pofile(file_path("sales_followup/i18n/sales_followup.pot"))
        self.assertGreater(len(pot), 100)
        for lang in ("zh_CN", "zh_TW"):
            with self.subTest(lang=lang):
                po = polib.pofile(file_path(f"sales_followup/i18n/{lang}.po"))
                translations = {entry.msgid: entry.msgstr for entry in po if not entry.obsolete}
                missing = [entry.msgid for entry in pot if not translations.get(entry.msgid)]
                self.assertFalse(missing, f"{lang}.po lacks {len(missing)} translation(s)")
                broken = [
                    entry.msgid
                    for entry in pot
                    if sorted(placeholders.findall(entry.msgid))
                    != sorted(placeholders.findall(translations[entry.msgid]))
                ]
                self.assertFalse(broken, f"{lang}.po changes the placeholders of {broken}")
