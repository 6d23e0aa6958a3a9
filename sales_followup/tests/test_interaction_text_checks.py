import random
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tests.common import BaseCase

from ..tools import text_checks
from .test_interaction import InteractionCommon

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

    def test_refused_identifiers_written_otherwise(self):
        """Issue 22 item 6: separators, grouping, words glued before, other
        scripts' digits, Chinese numerals, invisible characters, Taiwan and
        Hong Kong mobiles, internationalised e-mails, IDs after # and of the
        first generation."""
        mobile, landline, phone = (
            text_checks.MOBILE,
            text_checks.LANDLINE,
            text_checks.INTERNATIONAL_PHONE,
        )
        email, resident_id, card = text_checks.EMAIL, text_checks.RESIDENT_ID, text_checks.BANK_CARD
        cases = {
            "手机 138.0013.8000": mobile,
            "手机 138/0013/8000": mobile,
            "电话 1 3 8 0 0 1 3 8 0 0 0": mobile,
            "call 13 800 13 80 00": mobile,
            "手机(138)0013-8000": mobile,
            "手机 138–0013—8000": mobile,
            "手机 138\u00a00013\u30008000": mobile,
            "+86.138.0013.8000": mobile,
            "(+86)13800138000": mobile,
            "8613800138000": mobile,
            "微信13800138000": mobile,
            "WeChat13800138000 加好友": mobile,
            "加我WX:13800138000": mobile,
            "电话一三八〇〇一三八〇〇〇": mobile,
            "电话 幺三八 零零幺三 八零零零": mobile,
            "手机 壹叁捌零零壹叁捌零零零": mobile,
            "رقم ١٣٨٠٠١٣٨٠٠٠": mobile,
            "फ़ोन १३८००१३८०००": mobile,
            "手机 ๑๓๘๐๐๑๓๘๐๐๐": mobile,
            "手机１３８\u200b００１３\u200c８０００": mobile,
            "手机 138\u2060001\ufeff38000": mobile,
            "手機 0912-345-678": mobile,
            "手機0912345678": mobile,
            "手機 0912 345 678，晚上聯絡": mobile,
            "Taiwan mobile +886 912 345 678": mobile,
            "+886-9-1234-5678": mobile,
            "+886 (0)912 345 678": mobile,
            "香港手機 +852 9123 4567": mobile,
            "HK +852-6123-4567": mobile,
            "(852) 5123 4567": mobile,
            "WhatsApp 9123 4567": mobile,
            "香港電話：6123-4567": mobile,
            "座机 010.1234.5678": landline,
            "座机 021/6123 4567": landline,
            "台北辦公室 02-2345-6789": landline,
            "台中 (04) 2234 5678": landline,
            "London +44 (0)20 7946 0958": phone,
            "Berlin 0049 30 1234 5678": phone,
            "邮箱 josé.garcía@correo.es": email,
            "mail to 张三@例子.中国": email,
            "contact: müller@bücher.de": email,
            "mail björn@xn--bcher-kva.example": email,
            "邮箱zhang.san@qq.com": email,
            "zhang\u200b.san@example\u200b.com": email,
            "身份证#440304198506151237": resident_id,
            "ID#11010519491231002X": resident_id,
            "身份证440304198506151237": resident_id,
            "IDno440304198506151237": resident_id,
            "证件 4403 0419 8506 1512 37": resident_id,
            "证件 440304.19850615.1237": resident_id,
            "身份证 ４４０３０４１９８５０６１５１２３７": resident_id,
            "老身份证 440304850615123": resident_id,
            "ID 110105491231002": resident_id,
            "卡号 6222-0212-3456-7890-128": card,
            "卡号 ６２２８ ４８００ １２３４ ５６７１": card,
        }
        for text, kind in cases.items():
            with self.subTest(text=text):
                self.assertEqual(kinds(text), [kind])

    def test_harder_look_alikes_pass(self):
        for text in (
            "订单 S00021 已确认",
            "SO2026/0012 已发货",
            "PO-2026-000123 到货",
            "PO#0107792262 已收",
            "发票 INV/2026/00012",
            "合同金额 1,234,567.89 元",
            "预算 ¥500,000",
            "500000元",
            "交付日期 2026-12-03",
            "2026年12月3日",
            "20261203",
            "下午 14:30",
            "2026-12-03 14:30:00",
            "2026/12/03 13:00-15:00",
            "03/12/2026 10:00",
            "数量 1500 台",
            "数量 5000 6000 台",
            "型号 AB-1234-5678",
            "运单号 SF1234567890123",
            "tracking JD0012345678901",
            "批次 20261203123456",
            "发票号 12345678",
            "单价 13.80 元，共 138001 件",
            "1,380,013,800 元",
            "订单号 SO20261203001, SO20261203002",
            "IMEI 356938035643809",
            "序列号 110105491231002",
            "第1380013号文件",
            "二〇二六年十二月三日",
            "订单 S00021，金额 ¥138,001.38，交付 2026-12-03",
        ):
            with self.subTest(text=text):
                self.assertEqual(kinds(text), [])

    def test_positions_are_those_of_the_text_as_written(self):
        # ㎡ becomes two characters and the zero-width space none.
        for text in ("10㎡，手机138\u200b00138000", "手机138\u200b00138000，10㎡"):
            with self.subTest(text=text):
                (finding,) = text_checks.find_personal_data(text, TODAY)
                self.assertEqual(finding.value, "138\u200b00138000")
                self.assertEqual(text[finding.start : finding.end], finding.value)

    def test_resident_id_checksum_and_birth_date(self):
        self.assertTrue(text_checks.is_resident_id("440304198506151237", TODAY))
        self.assertFalse(text_checks.is_resident_id("440304198506151238", TODAY))
        # 31 February does not exist, 2030 is not born yet.
        base = "4403041985023112"
        self.assertFalse(text_checks.is_resident_id(base + "3" + "X", TODAY))
        future = "44030420300615123"
        future += text_checks.resident_id_check_character(future)
        self.assertFalse(text_checks.is_resident_id(future, TODAY))
        # First generation: 15 digits, a known region code and a real date.
        self.assertTrue(text_checks.is_resident_id("440304850615123", TODAY))
        self.assertFalse(text_checks.is_resident_id("440304850230123", TODAY))
        self.assertFalse(text_checks.is_resident_id("990304850615123", TODAY))

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

    def test_invisible_characters_spaces_and_padding_refused(self):
        """Issue 22 item 12: the phrase found through invisible characters and
        spaces, padding and repeats are no substance."""
        for text, phrase in (
            ("已\u200b与客户沟通", "已\u200b与客户沟通"),
            ("已與\ufeff客戶溝通。", "已與\ufeff客戶溝通"),
            ("已 与 客 户 沟 通", "已 与 客 户 沟 通"),
            ("Called\u200b the customer", "Called\u200b the customer"),
            ("ｆｏｌｌｏｗｅｄ\u3000ｕｐ！", "ｆｏｌｌｏｗｅｄ\u3000ｕｐ"),
            ("已沟通" + "a" * 20, "已沟通"),
            ("已沟通" + "ab" * 10, "已沟通"),
            ("已\u200b沟\u200d通，好好好好好好好好", "已\u200b沟\u200d通"),
            ("好好好好好好好好", None),
            ("哈哈哈哈哈哈哈哈哈哈！", None),
        ):
            with self.subTest(text=text):
                vague = self.check(text)
                self.assertTrue(vague)
                self.assertEqual(vague.phrase, phrase)

    def test_short_specific_summaries_pass(self):
        for text in (
            "客户确认3月17日送到3号楼仓库",
            "客戶確認3月17日送到3號樓倉庫",
            "Paid 10000 USD on 3 March",
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


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 10:00:00")
class TestTextChecksOnSave(InteractionCommon):
    """What issue 22 saw saved is refused by the interaction itself."""

    def test_disguised_personal_data_refused(self):
        mobile = "a mobile phone number"
        for fname, text, what in (
            ("summary", "客戶說明天送貨，手機 0912-345-678 聯絡倉庫", mobile),
            ("customer_feedback", "加WeChat13800138000再确认", mobile),
            ("result", "回电一三八〇〇一三八〇〇〇", mobile),
            ("solution", "电话 138\u200b0013\u200b8000 下午回电", mobile),
            ("channel_detail", "mail müller@bücher.de", "an e-mail address"),
            ("summary", "客户提供身份证#440304198506151237办理通行证", "a resident ID number"),
        ):
            with self.subTest(text=text), self.assertRaises(ValidationError) as error:
                self._log(**{fname: text})
            self.assertIn(what, str(error.exception))

    def test_vague_summary_with_invisible_characters_refused(self):
        for summary in ("已\u200b与客户沟通", "已沟通" + "a" * 20, "好" * 10):
            with self.subTest(summary=summary), self.assertRaises(ValidationError):
                self._log(summary=summary)
        self.assertTrue(self._log(summary="客户确认3月17日送到3号楼仓库"))
