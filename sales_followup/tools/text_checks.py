"""Checks on the free text of customer interactions.

Pure Python, no Odoo import: the model calls these functions, and they can be
tested or benchmarked on a corpus without a database.

Two questions are answered here:

* does a text contain a personal identifier (phone number, e-mail address,
  Chinese resident ID number, bank card number)? The seeds forbid recording
  them; the caller refuses the text and says what was found, it never edits it.
* is a summary vague ("communicated with the customer")?

Numbers are judged as tokens: digits glued to letters (``SO2024030100012``)
are a document reference, digits with a currency sign, a decimal part or a
unit are an amount, and bank cards must carry a card network's prefix and
length besides a valid Luhn digit, so that order numbers, dates, amounts and
random references pass.
"""

import functools
import re
from collections import namedtuple
from datetime import date

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

# Full-width ASCII (１３８, ＠) and dash variants, mapped one character to one
# character so that match positions stay those of the original text.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = ord(" ")
_HALFWIDTH.update(dict.fromkeys(range(0x2010, 0x2016), ord("-")))
_HALFWIDTH[0x00A0] = ord(" ")


def _halfwidth(text):
    return text.translate(_HALFWIDTH)


# ---------------------------------------------------------------------------
# Personal identifiers
# ---------------------------------------------------------------------------

_START = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9\-])"
)
# 6-digit region, birth date, 3-digit sequence, check character; spaces or
# hyphens allowed between the usual groups (6-8-4 or 6-4-4-4).
_RESIDENT_ID_RE = re.compile(
    _START + r"(?P<region>[1-8]\d{5})[ -]?(?P<year>(?:19|20)\d{2})[ -]?"
    r"(?P<month>[01]\d)(?P<day>[0-3]\d)[ -]?(?P<tail>\d{3}[\dXx])" + _END
)
# Unbroken runs, 4-digit groups (4-4-4-4, 4-4-4-4-3 ...) and Amex's 4-6-5.
_CARD_RE = re.compile(
    _START + r"(?:\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?|\d{4}[ -]\d{6}[ -]\d{4,5}"
    r"|\d{13,19})" + _END
)
_MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?|\(\+?86\)[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}" + _END
)
_LANDLINE_RE = re.compile(
    _START + r"(?:\(0[1-9]\d{1,2}\)[ -]?|0[1-9]\d{1,2}[ -]?)\d{3,4}[ -]?\d{4}" + _END
)
_INTERNATIONAL_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+[ ]?\(?[1-9]|0086[ -]?\(?\d)(?:[ ()\-]{0,2}\d){6,14}(?!\d)"
)

_CURRENCY_BEFORE_RE = re.compile(
    r"(?:[¥￥$€£]|(?<![A-Za-z])(?:RMB|CNY|USD|EUR|HKD|NTD?))\s*$", re.I
)
_AMOUNT_AFTER_RE = re.compile(
    r"^(?:\.\d|,\d{3}(?!\d)|\s*(?:元|圆|块|万|亿|美元|港币|RMB|CNY|USD|EUR|yuan|dollars?)"
    r"(?![A-Za-z]))",
    re.I,
)
# What introduces a reference rather than a card: order, invoice, contract,
# tracking or serial numbers.
_REFERENCE_BEFORE_RE = re.compile(
    r"(?:单号|單號|订单|訂單|发票|發票|合同|运单|運單|快递|快遞|批次|序列号|序列號|编号|編號"
    r"|(?<![A-Za-z])(?:order|invoice|contract|tracking|waybill|serial|batch|ref|s/n|sku|po|so)"
    r"(?:\s*(?:no|number|#))?)[^0-9A-Za-z\u4e00-\u9fff]{0,6}$",
    re.I,
)
_CARD_CONTEXT_BEFORE_RE = re.compile(
    r"(?:卡|账号|帳號|账户|帳戶|银行|銀行|开户|開戶|银联|銀聯|借记|借記|信用"
    r"|(?<![A-Za-z])(?:card|bank|account|unionpay|visa|mastercard))[^0-9]{0,12}$",
    re.I,
)
_DATE_PREFIX_RE = re.compile(r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARACTERS = "10X98765432"


def _digits(value):
    return "".join(char for char in value if char.isdigit())


def resident_id_check_character(first_17_digits):
    """ISO 7064 MOD 11-2 check character of a Chinese resident ID (GB 11643)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_17_digits, _ID_WEIGHTS, strict=True)
    )
    return _ID_CHECK_CHARACTERS[total % 11]


def is_resident_id(value, today=None):
    """An 18-character ID: region, a real birth date from 1900 to today, and
    a matching check character."""
    value = value.replace(" ", "").replace("-", "").upper()
    if len(value) != 18 or not value[:17].isdigit() or value[0] not in "12345678":
        return False
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= birth <= (today or date.today()):
        return False
    return resident_id_check_character(value[:17]) == value[17]


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


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


def _is_bank_card(text, match):
    start, end = match.span()
    value = match.group()
    digits = _digits(value)
    if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
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


def _phone_ok(text, match, min_digits, max_digits):
    digits = _digits(match.group())
    if match.group().startswith("00"):
        digits = digits[2:]
    if not min_digits <= len(digits) <= max_digits:
        return False
    return not _is_amount(text, *match.span())


def _candidates(text, today):
    for match in _EMAIL_RE.finditer(text):
        yield EMAIL, match
    for match in _RESIDENT_ID_RE.finditer(text):
        if not _glued_reference(text, *match.span()) and is_resident_id(match.group(), today):
            yield RESIDENT_ID, match
    for match in _CARD_RE.finditer(text):
        if _is_bank_card(text, match):
            yield BANK_CARD, match
    for match in _MOBILE_RE.finditer(text):
        if _phone_ok(text, match, 11, 13):
            yield MOBILE, match
    for match in _LANDLINE_RE.finditer(text):
        if _phone_ok(text, match, 10, 12):
            yield LANDLINE, match
    for match in _INTERNATIONAL_RE.finditer(text):
        if _phone_ok(text, match, 8, 15):
            yield INTERNATIONAL_PHONE, match


def find_personal_data(text, today=None):
    """Personal identifiers in ``text``, as ``Finding(kind, value, start, end)``
    in text order; ``value`` is the original text of the match."""
    if not text:
        return []
    normalised = _halfwidth(text)
    findings = []
    taken = []
    for kind, match in _candidates(normalised, today):
        start, end = match.span()
        if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
            continue
        taken.append((start, end))
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


def _fold(text):
    """Half-width, lower case, simplified script: one character for one, so
    that positions in the folded text are positions in the original."""
    folded = _halfwidth(text or "").translate(_TO_SIMPLIFIED)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


def _is_cjk(char):
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def substance(text):
    """Letters and digits that carry content; a Chinese character counts as
    two, as it carries about what two Latin letters do."""
    return sum(2 if _is_cjk(char) else 1 for char in text if char.isalnum())


@functools.lru_cache(maxsize=64)
def parse_phrases(phrases):
    """Configured phrases, one a line, longest first so that a long phrase is
    removed before a shorter one it contains, each with its pattern. Cached:
    every interaction saved checks its summary against the same text."""
    lines = {" ".join(_fold(line).split()) for line in (phrases or "").splitlines()}
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
    folded = _fold(text)
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
    left = substance(char for char, keep in zip(folded, kept, strict=True) if keep)
    if left >= minimum:
        return None
    return VagueSummary(found and text[found[0] : found[1]], left, minimum)
