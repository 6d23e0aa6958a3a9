"""Checks on the free text of customer interactions.

Pure Python, no Odoo import: the model calls these functions, and they can be
tested or benchmarked on a corpus without a database.

Two questions are answered here:

* does a text contain a personal identifier (phone number, e-mail address,
  Chinese resident ID number, bank card number)? The seeds forbid recording
  them; the caller refuses the text and says what was found, it never edits it.
* is a summary vague ("communicated with the customer")?

Both look at a normalised copy of the text (Unicode NFKC, digits of every
script and Chinese numerals read as digits, invisible characters dropped), so
that what a reader sees is what is checked; positions found in the copy are
mapped back to the text as written.

Numbers are judged as tokens: digits glued to a reference (``SO2024030100012``,
``PO#0107792262``) are a document reference, digits with a currency sign, a
decimal part or a unit are an amount or a quantity, and bank cards must carry
a card network's prefix and length besides a valid Luhn digit, so that order
numbers, dates, amounts and random references pass.
"""

import bisect
import functools
import re
import unicodedata
from collections import namedtuple
from datetime import date

from stdnum import luhn, numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

EMAIL = "email"
RESIDENT_ID = "resident_id"
BANK_CARD = "bank_card"
MOBILE = "mobile"
LANDLINE = "landline"
INTERNATIONAL_PHONE = "international_phone"

# Reporting order; earlier kinds win when two matches overlap.
KINDS = (EMAIL, RESIDENT_ID, BANK_CARD, MOBILE, LANDLINE, INTERNATIONAL_PHONE)

Finding = namedtuple("Finding", "kind value start end")
VagueSummary = namedtuple("VagueSummary", "phrase substance minimum")

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Default-ignorable characters that are not of category Cf (combining
# grapheme joiner, Hangul fillers, Khmer inherent vowels, variation selectors).
_IGNORABLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)


class _CharacterMap(dict):
    """What each character becomes in the normalised text, worked out the
    first time it is seen: nothing for invisible characters, an ASCII digit
    for a digit of any script, a space for any space, ``-`` for any dash,
    else its NFKC form. Texts holding a character that does not become
    exactly one character need a position map."""

    # Enough for the scripts in use; characters seen beyond are worked out
    # each time rather than let a text of rare characters grow the cache.
    CACHE_SIZE = 20_000

    def __init__(self):
        super().__init__()
        # Characters that do not become exactly one (a bounded set: format
        # characters and NFKC expansions), and a pattern finding them.
        self._irregular = set()
        self._irregular_re = re.compile("(?!)")
        self._irregular_count = 0

    def __missing__(self, code):
        value = chr(code)
        if value != "，":  # a Chinese comma, never a thousands separator
            value = "".join(
                self._one(char) for char in unicodedata.normalize("NFKC", self._one(value))
            )
        if len(value) != 1:
            self._irregular.add(chr(code))
        if len(self) < self.CACHE_SIZE:
            self[code] = value
        return value

    @staticmethod
    def _one(char):
        category = unicodedata.category(char)
        if category == "Cf" or ord(char) in _IGNORABLE:
            return ""
        if category == "Nd":
            return str(unicodedata.decimal(char))
        if category == "Zs":
            return " "
        if category == "Pd" or char == "\u2212":
            return "-"
        return char

    def has_irregular(self, text):
        if self._irregular_count != len(self._irregular):
            # A new character joined the set (it only grows): made again.
            irregular = sorted(self._irregular)
            self._irregular_re = re.compile("[" + "".join(map(re.escape, irregular)) + "]")
            self._irregular_count = len(irregular)
        return bool(self._irregular_re.search(text))


_CHARACTER_MAP = _CharacterMap()

# Chinese numerals written for digits (一三八…, 幺 is said for 1 on the phone,
# 壹贰叁… are the financial forms), read as digits in runs as long as a phone
# number, where they cannot be a date or a quantity.
_CN_DIGITS = {
    ord(numeral): str(digit)
    for digit, numerals in enumerate(
        ("〇零", "一幺壹", "二贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖")
    )
    for numeral in numerals
}
_CN_NUMERALS = "".join(map(chr, _CN_DIGITS))
_CN_RUN_RE = re.compile(rf"[0-9{_CN_NUMERALS}](?:[ .\-/()]{{0,3}}[0-9{_CN_NUMERALS}]){{6,}}")


def _normalise(text):
    """The text to check, and for each of its characters the index of the
    character of ``text`` it comes from (``None``: the same index)."""
    if text.isascii():
        return text, None
    normalised = text.translate(_CHARACTER_MAP)
    positions = None
    if len(normalised) != len(text) or _CHARACTER_MAP.has_irregular(text):
        positions = [index for index, char in enumerate(text) for _i in _CHARACTER_MAP[ord(char)]]
    normalised = _CN_RUN_RE.sub(lambda match: match.group().translate(_CN_DIGITS), normalised)
    return normalised, positions


def _original_span(positions, start, end):
    if positions is None:
        return start, end
    return positions[start], positions[end - 1] + 1


# ---------------------------------------------------------------------------
# Personal identifiers
# ---------------------------------------------------------------------------

_START = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
# Separators people type inside a number: spaces, dots, dashes, slashes and
# brackets, up to three of them between two digits.
_SEP = r"[ .\-/()]{0,3}"


def _country(code):
    """A country calling code: +86, 0086, (+86), or 86 not glued to a word."""
    return rf"(?:\(?(?:\+ ?|00)\(?{code}\)?|(?<![A-Za-z]){code})"


# Local part and domain labels of any script; the top-level domain ASCII,
# punycode or of another script (.中国, .рф).
_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*"
    r"\.(?:xn--[A-Za-z0-9\-]+|[A-Za-z]{2,63}|[^\W\d_A-Za-z]{1,12})(?![A-Za-z0-9\-])"
)
# Script change at the start of a local part: 邮箱zhang@… is "zhang@…".
_EMAIL_LEAD_RE = re.compile(r"^[^\x00-\u024f]+(?=[A-Za-z0-9])")
# 18 characters (6-digit region, birth date, sequence, check character) or,
# for the first generation, 15 digits (region, YYMMDD, sequence); any
# grouping. Letters or # may be glued before: ID#…, 身份证…
_RESIDENT_ID_RE = re.compile(rf"(?<!\d)[1-8](?:{_SEP}\d){{16}}{_SEP}[\dXx](?![\dXx])")
_RESIDENT_ID_15_RE = re.compile(rf"(?<!\d)[1-8](?:{_SEP}\d){{14}}(?![\dXx])")
# Unbroken runs, 4-digit groups (4-4-4-4, 4-4-4-4-3 ...) and Amex's 4-6-5.
_CARD_RE = re.compile(
    _START + r"(?:\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?|\d{4}[ -]\d{6}[ -]\d{4,5}"
    r"|\d{13,19})" + _END
)
# Mobiles: mainland (1[3-9] and 9 digits), Taiwan (09 and 8 digits, +886 9…),
# Hong Kong with its calling code (+852 and 8 digits from 4 to 9); any
# grouping, glued to words (微信138…, WeChat138…) but not to other digits.
_MOBILE_RE = re.compile(
    rf"(?<![\d+])(?:(?:{_country('86')}{_SEP})?1{_SEP}[3-9](?:{_SEP}\d){{9}}"
    rf"|{_country('886')}{_SEP}(?:0{_SEP})?9(?:{_SEP}\d){{8}}|09\d\d(?:{_SEP}\d){{6}}"
    rf"|{_country('852')}{_SEP}[4-9](?:{_SEP}\d){{7}})(?!\d)"
)
# A Hong Kong number without its calling code is eight digits like many
# references: a mobile only in 4-4 (or unbroken) form after a phone word.
_HK_LOCAL_RE = re.compile(r"(?<![\d+])[4-79]\d{3}[ \-.]?\d{4}(?!\d)")
_PHONE_WORD_BEFORE_RE = re.compile(
    r"(?:电话|電話|手机|手機|手提|致电|致電|热线|熱線|香港|号码|號碼|微信|whatsapp|wechat|signal"
    r"|telegram|(?<![A-Za-z])(?:tel|phone|mobile|cell|call|hk))[^0-9A-Za-z]{0,4}$",
    re.I,
)
# Mainland (area code of 3 or 4 digits) and Taiwan (02-2345-6789, (04)
# 2234 5678: a 2-digit area code, written apart).
_LANDLINE_RE = re.compile(
    _START + r"(?:(?:\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})[ .\-/]{0,3}\d{3,4}[ .\-/]?\d{4}"
    r"|\(0[2-8]\) ?\d{3,4}[ \-]?\d{4}|0[2-8][ \-]\d{3,4}[ \-]\d{4})" + _END
)
# + or 00 and a country code; 00 not glued to a reference (SO2026/0012).
_INTERNATIONAL_RE = re.compile(
    r"(?:(?<![0-9A-Za-z+])\+ ?\(?[1-9]|(?<![0-9A-Za-z+/#\-.])00 ?\(?[1-9])"
    r"(?:[ ()\-./]{0,2}\d){6,14}(?!\d)"
)

_CURRENCY_BEFORE_RE = re.compile(r"(?:[¥$€£]|(?<![A-Za-z])(?:RMB|CNY|USD|EUR|HKD|NTD?))\s*$", re.I)
# After a number: a decimal part, a currency or a unit of quantity; or
# thousands, when the number ends with a group of at most three digits.
_THOUSANDS_AFTER_RE = re.compile(r"(?<![\d,])\d{1,3}(?=,\d{3}(?!\d))")
_AMOUNT_AFTER_RE = re.compile(
    r"^(?:\.\d|\s*(?:元|圆|块|万|亿|美元|港币|港幣|台|件|个|個|箱|套|只|支|吨|噸|公斤"
    r"|RMB|CNY|USD|EUR|yuan|dollars?|pcs|units?|kg)(?![A-Za-z]))",
    re.I,
)
# What introduces a reference rather than a card, a landline or a
# first-generation ID: order, invoice, contract, tracking or serial numbers.
_REFERENCE_BEFORE_RE = re.compile(
    r"(?:单号|單號|订单|訂單|发票|發票|合同|运单|運單|快递|快遞|批次|序列号|序列號|编号|編號|代码|代碼"
    r"|税号|稅號|型号|型號|货号|貨號"
    r"|(?<![A-Za-z])(?:order|invoice|contract|tracking|waybill|serial|batch|ref|s/n|sku|po|so"
    r"|imei)(?:\s*(?:no|number|#))?)[^0-9A-Za-z\u4e00-\u9fff]{0,6}$",
    re.I,
)
_CARD_CONTEXT_BEFORE_RE = re.compile(
    r"(?:卡|账号|帳號|账户|帳戶|银行|銀行|开户|開戶|银联|銀聯|借记|借記|信用"
    r"|(?<![A-Za-z])(?:card|bank|account|unionpay|visa|mastercard))[^0-9]{0,12}$",
    re.I,
)
# IPv4 addresses (192.168.100.10) and numbers grouped by thousands
# (13 800 138 000) have a phone's digits, not its shape.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_NOT_A_PHONE_RE = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}|\d{{1,3}}([ .])\d{{3}}(?:\1\d{{3}})+")
# Nor a date (13.12.2025 14点, 2025.02.09-2025.02.13) or a time (… 15:00).
_DAY, _MONTH = r"(?:[12]\d|3[01]|0?[1-9])", r"(?:1[0-2]|0?[1-9])"
_DATE_START_RE = re.compile(
    rf"(?:{_DAY}([./\-]){_MONTH}\1(?:19|20)\d\d|(?:19|20)\d\d([./\-]){_MONTH}\2{_DAY})(?!\d)"
)
_TIME_AFTER_RE = re.compile(r"[:：]\d")
_DATE_PREFIX_RE = re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_NOT_DIGITS_RE = re.compile(r"[^0-9Xx]")
# Where an identifier may be: at least 7 digits, separators between them.
# Every pattern above only looks inside these runs (a check character X
# included), which keeps texts without long numbers cheap.
_NUMBER_RUN_RE = re.compile(r"[(+\d](?:[ .\-/()+]{0,3}[\dXx]){6,}")

# Province codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)


def _digits(value):
    """The digits of a match, and the check character X of a resident ID."""
    return _NOT_DIGITS_RE.sub("", value)


def resident_id_check_character(first_17_digits):
    """ISO 7064 MOD 11-2 check character of a Chinese resident ID (GB 11643)."""
    return ric.calc_check_digit(first_17_digits + "0")


def is_resident_id(value, today=None):
    """An 18-character ID (a province, a real birth date from 1900 to today and
    a matching check character) or a 15-digit first-generation one (a region
    code known to ``stdnum``, a real birth date in the 1900s).

    The 18-character form is checked on its province only: ``stdnum``'s
    region list misses codes created since it was made and city-level codes
    found on real cards, and the check character already rules out all but
    one number in eleven. The 15-digit form has no check character, so its
    region code must be a known one."""
    value = _digits(value).upper()
    if len(value) == 15 and value.isdigit():
        return _is_first_generation_id(value)
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in _PROVINCES:
        return False
    try:
        birth = ric.get_birth_date(value)
    except StdnumValidationError:
        return False
    if not date(1900, 1, 1) <= birth <= (today or date.today()):
        return False
    return ric.calc_check_digit(value) == value[17]


def _is_first_generation_id(value):
    try:
        date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return value[:6] in _region_codes()


@functools.cache
def _region_codes():
    """The region codes of ``stdnum``'s GB/T 2260 list, as a set: its own
    look-up (``stdnum.cn.ric.get_birth_place``) scans the whole list."""
    return frozenset(entry[1] for entry in numdb.get("cn/loc").prefixes if entry[1] == entry[2])


def card_network_matches(digits):
    """Whether the number has the prefix and length of a card network."""
    length = len(digits)
    two, three, four = int(digits[:2]), int(digits[:3]), int(digits[:4])
    if digits[0] == "4":  # Visa
        return length in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:  # Mastercard
        return length == 16
    if two in (34, 37):  # American Express
        return length == 15
    if two in (62, 81):  # UnionPay
        return 16 <= length <= 19
    if 3528 <= four <= 3589:  # JCB
        return 16 <= length <= 19
    if four == 6011 or 644 <= three <= 649 or two == 65:  # Discover
        return 16 <= length <= 19
    if 300 <= three <= 305 or two in (36, 38, 39):  # Diners Club
        return 14 <= length <= 19
    if two in (50, 56, 57, 58, 60, 63, 67):  # Maestro, domestic debit cards
        return 16 <= length <= 19
    if two == 95:  # Chinese domestic cards (9558, 9559 ...)
        return 16 <= length <= 19
    return False


def _is_amount(text, start, end):
    return bool(
        _CURRENCY_BEFORE_RE.search(text[max(0, start - 8) : start])
        or _AMOUNT_AFTER_RE.search(text[end : end + 10])
        or _THOUSANDS_AFTER_RE.match(text, max(start, end - 3), end + 5)
    )


def _glued_reference(text, start, end):
    """Digits attached by a hyphen, slash, underscore or # to a word are part
    of a reference (SO-2024..., PO#...)."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return bool(
        (len(before) == 2 and before[1] in "-_/#" and before[0].isalnum() and before[0].isascii())
        or (len(after) == 2 and after[0] in "-_/#" and after[1].isalnum() and after[1].isascii())
    )


def _is_bank_card(text, match, today=None):
    start, end = match.span()
    value = match.group()
    digits = _digits(value)
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    if not card_network_matches(digits) or _DATE_PREFIX_RE.match(digits):
        return False
    if _is_amount(text, start, end) or _glued_reference(text, start, end):
        return False
    before = text[max(0, start - 24) : start]
    if _REFERENCE_BEFORE_RE.search(before):
        return False
    if len(value) == 18 and value.isdigit() and not _CARD_CONTEXT_BEFORE_RE.search(before):
        # An unbroken 18-digit run is what resident IDs, references and serial
        # numbers look like; it is a card only when the text calls it one.
        return False
    return True


def _is_phone(text, match, today=None):
    start, end = match.span()
    return not (
        _NOT_A_PHONE_RE.fullmatch(match.group())
        or _DATE_START_RE.match(match.group())
        or _TIME_AFTER_RE.match(text, end)
        or _is_amount(text, start, end)
        or _glued_reference(text, start, end)
    )


def _after_reference(text, match):
    start = match.start()
    return bool(_REFERENCE_BEFORE_RE.search(text[max(0, start - 24) : start]))


def _is_resident_id(text, match, today):
    if not is_resident_id(match.group(), today):
        return False
    if len(_digits(match.group())) == 18:
        return True
    # No check character: not when the text calls it a reference.
    return not (_after_reference(text, match) or _glued_reference(text, *match.span()))


def _is_local_hk_mobile(text, match, today=None):
    start = match.start()
    return bool(_PHONE_WORD_BEFORE_RE.search(text[max(0, start - 16) : start])) and _is_phone(
        text, match
    )


def _is_landline(text, match, today=None):
    """Not after a reference word: invoice codes (发票代码) and others start
    with 0 too."""
    return (
        10 <= len(_digits(match.group())) <= 12
        and _is_phone(text, match)
        and not _after_reference(text, match)
    )


def _is_international(text, match, today=None):
    digits = _digits(match.group())
    if match.group().startswith("00"):
        digits = digits[2:]
    return 8 <= len(digits) <= 15 and _is_phone(text, match) and not _after_reference(text, match)


# Patterns looked for inside each run of at least 7 digits, in reporting
# order, each with what a match must pass.
_NUMBER_CHECKS = (
    (RESIDENT_ID, _RESIDENT_ID_RE, _is_resident_id),
    (RESIDENT_ID, _RESIDENT_ID_15_RE, _is_resident_id),
    (BANK_CARD, _CARD_RE, _is_bank_card),
    (MOBILE, _MOBILE_RE, _is_phone),
    (MOBILE, _HK_LOCAL_RE, _is_local_hk_mobile),
    (LANDLINE, _LANDLINE_RE, _is_landline),
    (INTERNATIONAL_PHONE, _INTERNATIONAL_RE, _is_international),
)


def _candidates(text, today):
    if "@" in text:
        for match in _EMAIL_RE.finditer(text):
            lead = _EMAIL_LEAD_RE.match(match.group())
            yield EMAIL, (match.start() + (lead.end() if lead else 0), match.end())
    for run in _NUMBER_RUN_RE.finditer(text):
        # One character past the run, for the patterns' look-ahead.
        window = (run.start(), run.end() + 1)
        for kind, pattern, accept in _NUMBER_CHECKS:
            for match in pattern.finditer(text, *window):
                if accept(text, match, today):
                    yield kind, match.span()


def find_personal_data(text, today=None):
    """Personal identifiers in ``text``, as ``Finding(kind, value, start, end)``
    in text order; ``value`` is the text of the match as written."""
    if not text:
        return []
    normalised, positions = _normalise(text)
    findings = []
    # Spans taken so far, disjoint, sorted: a candidate overlaps its neighbours or none.
    starts, ends = [], []
    for kind, (start, end) in _candidates(normalised, today):
        index = bisect.bisect_left(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        start, end = _original_span(positions, start, end)
        findings.append(Finding(kind, text[start:end], start, end))
    return sorted(findings, key=lambda finding: finding.start)


def mask(value):
    """Enough of a value to find it again, not enough to leak it."""
    if "@" in value:
        local, domain = value.rsplit("@", 1)
        return f"{local[:1]}***@{domain}"
    if len(value) >= 11:
        return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
    return f"{value[:2]}{'*' * max(len(value) - 4, 1)}{value[-2:]}"


# ---------------------------------------------------------------------------
# Vague summaries
# ---------------------------------------------------------------------------

# Traditional characters of everyday follow-up vocabulary, so that a phrase
# configured in one script also catches the other.
_TRADITIONAL = (
    "與戶溝聯繫係過話電訪進確認經說處問題絡談見對時後會復覆發給幫無結況關單貨們這個為還現點將應並"
    "記錄號郵聲訊語視頻約達務報價員銷購買賣產質際滿聽傳辦續親議專業實網線條總歡謝禮節訂資詢該較據"
    "項標準備設計劃週樣麼嗎讓體驗氣顧態"
)
_SIMPLIFIED = (
    "与户沟联系系过话电访进确认经说处问题络谈见对时后会复复发给帮无结况关单货们这个为还现点将应并"
    "记录号邮声讯语视频约达务报价员销购买卖产质际满听传办续亲议专业实网线条总欢谢礼节订资询该较据"
    "项标准备设计划周样么吗让体验气顾态"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

DEFAULT_VAGUE_PHRASES = "\n".join(
    (
        "已與客戶溝通",
        "已与客户沟通",
        "已和客户沟通",
        "已沟通",
        "已联系",
        "已联系客户",
        "已电话沟通",
        "已跟进",
        "已回访",
        "已处理",
        "沟通顺利",
        "客户已知悉",
        "communicated with the customer",
        "communicated with customer",
        "talked to the customer",
        "spoke with the customer",
        "contacted the customer",
        "called the customer",
        "followed up",
        "follow-up done",
        "customer informed",
    )
)


_CJK = "\u3400-\u9fff\uf900-\ufaff"
# Spaces between two Chinese characters mean nothing: "已 与 客 户 沟 通".
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
# A character or a few repeated four times or more: "aaaa", "好好好好",
# "abcabcabcabc"; kept once.
_REPEAT_RE = re.compile(r"(.{1,4}?)\1{3,}", re.S)


def _fold(text):
    """Normalised (see ``_normalise``), simplified script, lower case, without
    the spaces between Chinese characters; with, for each character, the
    index of the character of ``text`` it comes from (``None``: the same)."""
    folded, positions = _normalise(text or "")
    folded = folded.translate(_TO_SIMPLIFIED)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        folded = lowered
    if _CJK_GAP_RE.search(folded):
        gap = bytearray(len(folded))
        for match in _CJK_GAP_RE.finditer(folded):
            gap[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        positions = [
            position
            for position, in_gap in zip(positions or range(len(folded)), gap, strict=True)
            if not in_gap
        ]
        folded = _CJK_GAP_RE.sub("", folded)
    return folded, positions


def _is_cjk(char):
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def substance(text):
    """Letters and digits that carry content, a repeated character or group
    of characters counted once; a Chinese character counts as two, as it
    carries about what two Latin letters do."""
    return sum(2 if _is_cjk(char) else 1 for char in _REPEAT_RE.sub(r"\1", text) if char.isalnum())


@functools.lru_cache(maxsize=64)
def parse_phrases(phrases):
    """Configured phrases, one a line, longest first so that a long phrase is
    removed before a shorter one it contains, each with its pattern. Cached:
    every interaction saved checks its summary against the same text."""
    lines = {" ".join(_fold(line)[0].split()) for line in (phrases or "").splitlines()}
    return tuple(
        (line, _phrase_pattern(line))
        for line in sorted((line for line in lines if line), key=len, reverse=True)
    )


def _phrase_pattern(phrase):
    pattern = r"\s+".join(re.escape(part) for part in phrase.split(" "))
    if phrase[0].isascii() and phrase[0].isalnum():
        pattern = r"(?<![a-z0-9])" + pattern
    if phrase[-1].isascii() and phrase[-1].isalnum():
        pattern += r"(?![a-z0-9])"
    return re.compile(pattern)


def check_summary(text, phrases, minimum):
    """``None`` when the summary says something, else a ``VagueSummary`` with
    the first empty phrase found as written in ``text`` (or ``None``), the
    substance left once the empty phrases are removed, and the minimum.

    ``phrases`` is the configured text (one phrase a line) or the result of
    ``parse_phrases``.
    """
    text = text or ""
    folded, positions = _fold(text)
    if not isinstance(phrases, tuple):
        phrases = parse_phrases(phrases or "")
    kept = [True] * len(folded)
    found = None
    for _phrase, pattern in phrases:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if not all(kept[start:end]):
                continue  # inside a longer phrase already removed
            kept[start:end] = [False] * (end - start)
            if found is None or start < found[0]:
                found = (start, end)
    left = substance("".join(char for char, keep in zip(folded, kept, strict=True) if keep))
    if left >= minimum:
        return None
    if found:
        start, end = _original_span(positions, *found)
        found = text[start:end]
    return VagueSummary(found, left, minimum)
