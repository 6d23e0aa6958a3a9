import random
from datetime import date

from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools import text_checks

TODAY = date(2026, 4, 27)


def kinds(text):
    return [finding.kind for finding in text_checks.find_personal_data(text, TODAY)]


@tagged("post_install", "-at_install")
class TestPersonalDataDetection(BaseCase):
    """The detector on its own: what a rep may write, and what he may not."""

    def test_refused_identifiers(self):
        cases = {
            "客户手机13800138000，下午回电": text_checks.MOBILE,
            "手机 +86 138-0013-8000": text_checks.MOBILE,
            "call 0086 139 1234 5678": text_checks.MOBILE,
            "座机 010-12345678": text_checks.LANDLINE,
            "office (0755) 8765 4321": text_checks.LANDLINE,
            "London office +44 20 7946 0958": text_checks.INTERNATIONAL_PHONE,
            "US buyer: +1 (415) 555-0132": text_checks.INTERNATIONAL_PHONE,
            "邮箱 zhang.san@example.com": text_checks.EMAIL,
            "mail ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ": text_checks.EMAIL,
            "身份证号 11010519491231002X": text_checks.RESIDENT_ID,
            "ID 440304198506151237 for the visitor pass": text_checks.RESIDENT_ID,
            "证件 440304 19850615 1237": text_checks.RESIDENT_ID,
            "退款卡号6222021234567890128": text_checks.BANK_CARD,
            "card 6228 4800 1234 5671": text_checks.BANK_CARD,
            "paid with 4532015112830366": text_checks.BANK_CARD,
            "银行卡 622202123456789012 3": text_checks.BANK_CARD,
        }
        for text, kind in cases.items():
            with self.subTest(text=text):
                self.assertEqual(kinds(text), [kind])

    def test_look_alikes_pass(self):
        for text in (
            "订单SO2024030100012已确认",
            "Order SO2024030100012 confirmed",
            "reference PO-6228480012345671",
            "运单号 6222021234567890128",
            "合同金额 1,250,000.00 元",
            "amount 1250000",
            "¥6228480012345671",
            "6228480012345671.00",
            "交付日期 2024-03-01 10:00",
            "交付日期 20240301",
            "batch 20240301103000",
            # Resident-ID shape and valid birth date, wrong check digit.
            "编号 440304198506151238",
            # 18 digits that pass Luhn: a reference unless called a card.
            "设备序列 622202123456789012 3台",
            "hotline 400-050-0827",
            "客户表示希望提前至3月17日交付，因展会急用，数量150台",
        ):
            with self.subTest(text=text):
                self.assertEqual(kinds(text), [])

    def test_resident_id_checksum_and_birth_date(self):
        self.assertTrue(text_checks.is_resident_id("440304198506151237", TODAY))
        self.assertFalse(text_checks.is_resident_id("440304198506151238", TODAY))
        # 31 February does not exist, 2030 is not born yet.
        base = "4403041985023112"
        self.assertFalse(text_checks.is_resident_id(base + "3" + "X", TODAY))
        future = "44030420300615123"
        future += text_checks.resident_id_check_character(future)
        self.assertFalse(text_checks.is_resident_id(future, TODAY))

    def test_random_18_digit_numbers_rarely_alarm(self):
        rng = random.Random(2026)
        alarms = sum(
            bool(kinds("".join(rng.choice("0123456789") for _i in range(18)))) for _n in range(5000)
        )
        self.assertLessEqual(alarms, 5, "at most 0.1% false alarms")

    def test_finding_keeps_original_text_and_masks(self):
        text = "请联系 ＋86 13800138000"
        (finding,) = text_checks.find_personal_data(text, TODAY)
        self.assertEqual(text[finding.start : finding.end], finding.value)
        self.assertEqual(text_checks.mask("13800138000"), "138****8000")
        self.assertEqual(text_checks.mask("zhang.san@example.com"), "z***@example.com")


@tagged("post_install", "-at_install")
class TestVagueSummary(BaseCase):
    def check(self, text, phrases=text_checks.DEFAULT_VAGUE_PHRASES, minimum=12):
        return text_checks.check_summary(text, phrases, minimum)

    def test_empty_phrases_refused_in_both_scripts_and_english(self):
        for text, phrase in (
            ("已與客戶溝通", "已與客戶溝通"),
            ("已与客户沟通。", "已与客户沟通"),
            ("已沟通", "已沟通"),
            ("已聯繫", "已聯繫"),
            ("已与客户沟通，客户满意", "已与客户沟通"),
            ("Communicated with the customer.", "Communicated with the customer"),
            ("Called the  Customer, fine.", "Called the  Customer"),
            ("Followed up.", "Followed up"),
        ):
            with self.subTest(text=text):
                vague = self.check(text)
                self.assertTrue(vague)
                self.assertEqual(vague.phrase, phrase)

    def test_too_short_refused(self):
        vague = self.check("OK")
        self.assertIsNone(vague.phrase)
        self.assertEqual((vague.substance, vague.minimum), (2, 12))

    def test_specific_summaries_pass(self):
        for text in (
            "客户确认交付地址为园区3号楼",
            "已沟通：客户确认3月9日下午2点上门服务",
            "Customer confirmed delivery to building 3 on 17 March.",
            "Followed up on the invoice: payment scheduled for Friday.",
        ):
            with self.subTest(text=text):
                self.assertIsNone(self.check(text))

    def test_phrases_and_minimum_are_configuration(self):
        self.assertIsNone(self.check("无人接听", minimum=8))
        self.assertTrue(self.check("无人接听"))
        vague = self.check("All good, touched base.", phrases="touched base\nall good")
        self.assertEqual(vague.phrase, "All good")
        # Latin phrases match whole words only: "ok" is not inside "took".
        self.assertIsNone(self.check("Took the samples back to the lab", phrases="ok"))
