"""A labelled corpus for the personal-identifier detector (benchmark item 7).

Seeded-random texts in Chinese and English, each with its expected finding
kinds: phone numbers (mobile, landline, international), e-mail addresses,
resident ID numbers (valid region, birth date and check character) and bank
card numbers (card-network prefix, Luhn digit), written the ways people write
them; and look-alikes that must pass: order and invoice numbers, tracking
numbers, amounts, dates, quantities. Pure Python: ``corpus(seed, size)``
returns ``[(text, {kinds})]``; ``random_18_digit_numbers(seed, count)`` the
numbers on which false alarms are counted.
"""

import random
from datetime import date, timedelta

from odoo.addons.sales_followup.tools import text_checks as tc

CN_BEFORE = ["客户说", "对方留了", "备注：", "联系方式", "请记下", "他提供的是", "收货信息"]
CN_AFTER = ["，请尽快回电。", "，方便时联系。", "。", "，已核对。", "，下午可以联系。"]
EN_BEFORE = ["Customer gave", "Reach the buyer at", "Note:", "Contact:", "He left", "Use"]
EN_AFTER = [" for delivery questions.", ".", " after 2 pm.", " (weekdays).", ""]
REGIONS = ["110101", "310104", "440305", "330106", "320102", "510104", "420106", "120101"]
CARD_PREFIXES = [("622202", 19), ("621700", 19), ("622848", 19), ("4", 16), ("51", 16), ("62", 16)]
CARD_WORDS = ["银行卡号", "卡号", "账号", "card number", "bank account", "銀行卡"]


def _digits(rng, count):
    return "".join(rng.choice("0123456789") for _i in range(count))


def _luhn_complete(partial):
    for check in "0123456789":
        if tc.luhn_valid(partial + check):
            return partial + check
    raise AssertionError(partial)


def mobile(rng):
    number = f"1{rng.choice('3456789')}{_digits(rng, 9)}"
    style = rng.randrange(5)
    if style == 1:
        number = f"{number[:3]} {number[3:7]} {number[7:]}"
    elif style == 2:
        number = f"{number[:3]}-{number[3:7]}-{number[7:]}"
    elif style == 3:
        number = f"+86 {number}"
    elif style == 4:
        number = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return number, tc.MOBILE


def landline(rng):
    area = rng.choice(["010", "021", "0755", "0571", "020", "025"])
    local = _digits(rng, 8 if len(area) == 3 else 7)
    local = str(rng.randint(2, 9)) + local[1:]
    sep = rng.choice(["-", " ", ""])
    if rng.random() < 0.2:
        return f"({area}){local}", tc.LANDLINE
    return f"{area}{sep}{local}", tc.LANDLINE


def international(rng):
    country = rng.choice(["1", "44", "49", "81", "65", "852"])
    return f"+{country} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}", None


def email(rng):
    user = rng.choice(["zhang.wei", "li_na", "wang88", "buyer", "chen.jie", "purchase"])
    domain = rng.choice(["example.com", "qq.com", "163.com", "corp.example.cn", "mail.example.hk"])
    return f"{user}{rng.randint(1, 999)}@{domain}", tc.EMAIL


def resident_id(rng):
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{_digits(rng, 3)}"
    value = first + tc.resident_id_check_character(first)
    style = rng.randrange(4)
    if style == 1:
        value = f"{value[:6]} {value[6:14]} {value[14:]}"
    elif style == 2:
        value = value.lower()
    return value, tc.RESIDENT_ID


def bank_card(rng):
    prefix, length = rng.choice(CARD_PREFIXES)
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    if rng.random() < 0.4:
        number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return f"{rng.choice(CARD_WORDS)} {number}", tc.BANK_CARD


POSITIVES = [mobile, mobile, landline, international, email, resident_id, bank_card]


def look_alike(rng):
    """Something a rep writes that is not a personal identifier."""
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(1200))
    choices = [
        f"订单号 SO{day:%Y%m%d}{rng.randint(10000, 99999)}",
        f"order S{rng.randint(10000, 99999)}",
        f"发票号 {rng.randint(10**7, 10**8 - 1)}",
        f"运单号 SF{_digits(rng, 12)}",
        f"tracking {rng.choice(['YT', 'JD', 'ZTO'])}{_digits(rng, 13)}",
        f"合同编号 HT-{day:%Y}-{rng.randint(1000, 9999)}",
        f"金额 ¥{rng.randint(1000, 9999999):,}.{rng.randint(0, 99):02d}",
        f"{rng.randint(10000, 99999999)}元",
        f"USD {rng.randint(1000, 9999999):,}",
        f"{day:%Y-%m-%d}",
        f"{day:%Y年%m月%d日}",
        f"{day:%Y%m%d}",
        f"数量 {rng.randint(1, 5000)} 台",
        f"批次 {day:%Y%m%d}{_digits(rng, 6)}",
        f"序列号 {_digits(rng, 18)}",
        f"PO#{_digits(rng, 10)}",
        f"week {rng.randint(1, 52)}",
        f"{rng.randint(1, 99)}% 完成",
    ]
    return rng.choice(choices)


def _sentence(rng, middle):
    if rng.random() < 0.6:
        return f"{rng.choice(CN_BEFORE)}{middle}{rng.choice(CN_AFTER)}"
    return f"{rng.choice(EN_BEFORE)} {middle}{rng.choice(EN_AFTER)}"


def corpus(seed=7, size=2000):
    """``size`` texts, about half with one personal identifier (and a
    look-alike beside it), the others with look-alikes only."""
    rng = random.Random(seed)
    texts = []
    for index in range(size):
        if index % 2:
            texts.append((_sentence(rng, f"{look_alike(rng)}，{look_alike(rng)}"), set()))
            continue
        value, kind = rng.choice(POSITIVES)(rng)
        kind = kind or tc.INTERNATIONAL_PHONE
        parts = [value, look_alike(rng)]
        rng.shuffle(parts)
        texts.append((_sentence(rng, "，".join(parts)), {kind}))
    return texts


def random_18_digit_numbers(seed=11, count=100_000):
    rng = random.Random(seed)
    return [str(rng.randint(10**17, 10**18 - 1)) for _i in range(count)]


def evaluate(seed=7, size=2000, randoms=100_000):
    """Recall over the positives, false alarms over the look-alike texts and
    over random 18-digit numbers alone in a sentence."""
    found = missed = false_texts = negatives = 0
    misses = []
    for text, kinds in corpus(seed, size):
        got = {finding.kind for finding in tc.find_personal_data(text)}
        if kinds:
            # Phone kinds are interchangeable for the user: a number was found.
            if got:
                found += 1
            else:
                missed += 1
                misses.append(text)
        else:
            negatives += 1
            false_texts += bool(got)
    alarms = sum(
        bool(tc.find_personal_data(f"数据 {number} 已核对"))
        for number in random_18_digit_numbers(seed + 4, randoms)
    )
    return {
        "texts": size,
        "recall": found / max(found + missed, 1),
        "false_alarm_texts": false_texts / max(negatives, 1),
        "random_18": randoms,
        "false_alarm_18": alarms / max(randoms, 1),
        "misses": misses[:5],
    }
