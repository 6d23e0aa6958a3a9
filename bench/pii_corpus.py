"""A labelled corpus for the personal-identifier detector (benchmark item 7).

Seeded-random texts in Chinese and English, each with its expected finding
kind: phone numbers (mainland, Taiwan and Hong Kong mobiles, landlines,
international numbers), e-mail addresses (internationalised ones included),
resident ID numbers (18 characters with a valid region, birth date and check
character; 15-digit first-generation ones) and bank card numbers (card-network
prefix, Luhn digit), written the ways people write them: any grouping and
separator, glued to a word, full-width or another script's digits, Chinese
numerals, invisible characters inside. And look-alikes that must pass: order,
invoice and tracking numbers, product codes, amounts, dates, times,
quantities, IP addresses. Pure Python: ``corpus(seed, size)`` returns
``[(text, kind or None)]``; ``random_18_digit_numbers(seed, count)`` the
numbers on which false alarms are counted too.
"""

import random
from datetime import date, timedelta

from stdnum import luhn

from odoo.addons.sales_followup.tools import text_checks as tc

CN_BEFORE = ["客户说", "对方留了", "备注：", "联系方式", "请记下", "他提供的是", "收货信息"]
CN_AFTER = ["，请尽快回电。", "，方便时联系。", "。", "，已核对。", "，下午可以联系。"]
EN_BEFORE = ["Customer gave", "Reach the buyer at", "Note:", "Contact:", "He left", "Use"]
EN_AFTER = [" for delivery questions.", ".", " after 2 pm.", " (weekdays).", ""]
REGIONS = ["110101", "310104", "440305", "330106", "320102", "510104", "420106", "120101"]
CARD_PREFIXES = [("622202", 19), ("621700", 19), ("622848", 19), ("4", 16), ("51", 16), ("62", 16)]
CARD_WORDS = ["银行卡号", "卡号", "账号", "card number", "bank account", "銀行卡"]
# Words typed right before a number, without a space.
GLUED_WORDS = ["微信", "WeChat", "wx", "Tel", "TEL:", "手机", "電話", "WhatsApp", "vx", "QQ/微信"]
# First character of the digits 0-9 in other scripts: full-width, Arabic-Indic,
# Eastern Arabic-Indic, Devanagari, Bengali, Thai, mathematical bold.
DIGIT_SCRIPTS = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE]
CN_NUMERALS = [
    "〇一二三四五六七八九",
    "零一二三四五六七八九",
    "零幺二三四五六七八九",
    "零壹贰叁肆伍陆柒捌玖",
]
SEPARATORS = [" ", "-", ".", "/", " - ", "\u00a0", "\u3000", "\u2013", "．"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
PHONE_KINDS = {tc.MOBILE, tc.LANDLINE, tc.INTERNATIONAL_PHONE}


def _digits(rng, count):
    return "".join(rng.choice("0123456789") for _i in range(count))


def _luhn_complete(partial):
    return partial + luhn.calc_check_digit(partial)


def _grouped(rng, digits, sizes=None):
    """Digits cut in groups (given sizes, or random ones of 1 to 4), joined by
    one separator."""
    groups = []
    index = 0
    for size in sizes or iter(lambda: rng.randint(1, 4), None):
        if index >= len(digits):
            break
        groups.append(digits[index : index + size])
        index += size
    groups[-1] += digits[index:]
    return rng.choice(SEPARATORS).join(groups)


def _disguised(rng, number):
    """The number in another script's digits, Chinese numerals, or with
    invisible characters inside; as it is most of the time."""
    style = rng.randrange(8)
    if style == 0:
        base = rng.choice(DIGIT_SCRIPTS)
        return "".join(chr(base + int(c)) if c.isdigit() else c for c in number)
    if style == 1:
        numerals = rng.choice(CN_NUMERALS)
        return "".join(numerals[int(c)] if c.isdigit() else c for c in number)
    if style == 2:
        chars = list(number)
        for _i in range(rng.randint(1, 3)):
            chars.insert(rng.randrange(1, len(chars)), rng.choice(INVISIBLE))
        return "".join(chars)
    return number


def mobile(rng):
    number = f"1{rng.choice('3456789')}{_digits(rng, 9)}"
    style = rng.randrange(8)
    if style == 1:
        number = _grouped(rng, number, (3, 4, 4))
    elif style == 2:
        number = _grouped(rng, number)
    elif style == 3:
        prefix = rng.choice(["+86 ", "+86-", "0086 ", "86", "(+86)", "+86.", "＋86 "])
        number = prefix + rng.choice([number, _grouped(rng, number, (3, 4, 4))])
    elif style == 4:
        number = rng.choice(GLUED_WORDS) + rng.choice([number, _grouped(rng, number, (3, 4, 4))])
    elif style == 5:
        number = f"({number[:3]}){number[3:7]}-{number[7:]}"
    return _disguised(rng, number), tc.MOBILE


def taiwan_mobile(rng):
    rest = f"9{_digits(rng, 8)}"
    number = rng.choice(
        [
            f"0{rest[:3]}-{rest[3:6]}-{rest[6:]}",
            f"0{rest[:3]} {rest[3:6]} {rest[6:]}",
            f"0{rest}",
            f"+886 {rest[:3]} {rest[3:6]} {rest[6:]}",
            f"+886-{rest[0]}-{rest[1:5]}-{rest[5:]}",
            f"+886 (0){rest[:3]} {rest[3:]}",
            f"886{rest}",
            f"手機0{rest}",
            f"LINE 0{rest[:3]}.{rest[3:6]}.{rest[6:]}",
        ]
    )
    return _disguised(rng, number), tc.MOBILE


def hong_kong_mobile(rng):
    number = f"{rng.choice('569')}{_digits(rng, 7)}"
    written = rng.choice(
        [
            f"+852 {number[:4]} {number[4:]}",
            f"+852-{number[:4]}-{number[4:]}",
            f"(852) {number[:4]} {number[4:]}",
            f"+852{number}",
            f"00852 {number}",
            f"WhatsApp {number[:4]} {number[4:]}",
            f"香港手機 {number[:4]}-{number[4:]}",
            f"電話：{number[:4]} {number[4:]}",
            f"Tel {number}",
        ]
    )
    return _disguised(rng, written), tc.MOBILE


def landline(rng):
    area = rng.choice(["010", "021", "0755", "0571", "020", "025"])
    local = _digits(rng, 8 if len(area) == 3 else 7)
    local = str(rng.randint(2, 9)) + local[1:]
    sep = rng.choice(["-", " ", "", ".", "/"])
    if rng.random() < 0.2:
        return f"({area}){local}", tc.LANDLINE
    if rng.random() < 0.15:  # Taiwan: 02-2345-6789, (04) 2234 5678
        local = f"{rng.randint(2, 9)}{_digits(rng, 7)}"
        area = rng.choice(["02", "04", "07"])
        return rng.choice(
            [f"{area}-{local[:4]}-{local[4:]}", f"({area}) {local[:4]} {local[4:]}"]
        ), tc.LANDLINE
    if rng.random() < 0.2:
        return f"{area}{sep}{local[:-4]}{sep}{local[-4:]}", tc.LANDLINE
    return f"{area}{sep}{local}", tc.LANDLINE


def international(rng):
    country = rng.choice(["1", "44", "49", "81", "65", "33"])
    number = f"{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"
    style = rng.randrange(3)
    if style == 1:
        return f"00{country} {number}", tc.INTERNATIONAL_PHONE
    if style == 2:
        return f"+{country} (0){number.replace(' ', '.')}", tc.INTERNATIONAL_PHONE
    return f"+{country} {number}", tc.INTERNATIONAL_PHONE


def email(rng):
    user = rng.choice(
        [
            "zhang.wei",
            "li_na",
            "wang88",
            "buyer",
            "josé.garcía",
            "müller",
            "françois",
            "张伟",
            "björn",
        ]
    )
    domain = rng.choice(
        [
            "example.com",
            "qq.com",
            "163.com",
            "corp.example.cn",
            "mail.example.hk",
            "bücher.de",
            "例子.中国",
            "xn--bcher-kva.example",
            "пример.рф",
            "correo.es",
        ]
    )
    value = f"{user}{rng.randint(1, 999)}@{domain}"
    style = rng.randrange(4)
    if style == 1:
        value = f"邮箱{value}"
    elif style == 2:
        value = value.replace("@", rng.choice(["＠", "\u200b@", "@\u200d"]))
    return value, tc.EMAIL


def resident_id(rng):
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{_digits(rng, 3)}"
    value = first + tc.resident_id_check_character(first)
    style = rng.randrange(8)
    if style == 1:
        value = f"{value[:6]} {value[6:14]} {value[14:]}"
    elif style == 2:
        value = value.lower()
    elif style == 3:
        value = rng.choice(["#", "ID#", "身份证", "IDno", "证件号:"]) + value
    elif style == 4:
        value = _grouped(rng, value, (4, 4, 4, 4, 2))
    elif style == 5:
        value = f"{value[:6]}-{value[6:10]}-{value[10:14]}-{value[14:]}"
    return _disguised(rng, value) if rng.random() < 0.3 else value, tc.RESIDENT_ID


def first_generation_id(rng):
    """15 digits, issued until 1999: region, YYMMDD, sequence."""
    birth = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 60))
    value = f"{rng.choice(REGIONS)}{birth:%y%m%d}{_digits(rng, 3)}"
    style = rng.randrange(4)
    if style == 1:
        value = f"{value[:6]} {value[6:12]} {value[12:]}"
    elif style == 2:
        value = rng.choice(["老身份证", "#", "ID "]) + value
    return value, tc.RESIDENT_ID


def bank_card(rng):
    prefix, length = rng.choice(CARD_PREFIXES)
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    style = rng.randrange(5)
    if style in (1, 2):
        number = rng.choice([" ", "-"]).join(number[i : i + 4] for i in range(0, len(number), 4))
    elif style == 3:
        number = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return f"{rng.choice(CARD_WORDS)} {number}", tc.BANK_CARD


POSITIVES = [
    mobile,
    mobile,
    mobile,
    taiwan_mobile,
    hong_kong_mobile,
    landline,
    international,
    email,
    resident_id,
    first_generation_id,
    bank_card,
]


def look_alike(rng):
    """Something a rep writes that is not a personal identifier."""
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(1200))
    return rng.choice(LOOK_ALIKES)(rng, day)


def _amount(rng, groups):
    return ",".join([str(rng.randint(1, 999))] + [f"{rng.randint(0, 999):03d}"] * groups)


LOOK_ALIKES = [
    lambda rng, day: f"订单号 SO{day:%Y%m%d}{rng.randint(10000, 99999)}",
    lambda rng, day: f"order S{rng.randint(10000, 99999)}",
    lambda rng, day: f"发票号 {rng.randint(10**7, 10**8 - 1)}",
    lambda rng, day: f"运单号 SF{_digits(rng, 12)}",
    lambda rng, day: f"tracking {rng.choice(['YT', 'JD', 'ZTO'])}{_digits(rng, 13)}",
    lambda rng, day: f"合同编号 HT-{day:%Y}-{rng.randint(1000, 9999)}",
    lambda rng, day: f"金额 ¥{rng.randint(1000, 9999999):,}.{rng.randint(0, 99):02d}",
    lambda rng, day: f"{rng.randint(10000, 99999999)}元",
    lambda rng, day: f"USD {rng.randint(1000, 9999999):,}",
    lambda rng, day: f"{day:%Y-%m-%d}",
    lambda rng, day: f"{day:%Y年%m月%d日}",
    lambda rng, day: f"{day:%Y%m%d}",
    lambda rng, day: f"数量 {rng.randint(1, 5000)} 台",
    lambda rng, day: f"批次 {day:%Y%m%d}{_digits(rng, 6)}",
    lambda rng, day: f"序列号 {_digits(rng, 18)}",
    lambda rng, day: f"PO#{_digits(rng, 10)}",
    lambda rng, day: f"week {rng.randint(1, 52)}",
    lambda rng, day: f"{rng.randint(1, 99)}% 完成",
    # Harder: a phone's or an ID's digits, or its separators.
    lambda rng, day: f"SO{day:%Y}/{rng.randint(1, 9999):04d}",
    lambda rng, day: f"INV/{day:%Y}/{rng.randint(1, 99999):05d}",
    lambda rng, day: f"PO-{day:%Y}-{rng.randint(1, 999999):06d}",
    lambda rng, day: f"WH/OUT/{rng.randint(1, 99999):05d}",
    lambda rng, day: f"发票代码 0{_digits(rng, 11)}",
    lambda rng, day: f"数电发票号码 {day:%y}{_digits(rng, 18)}",
    lambda rng, day: f"{_amount(rng, 2)}.{rng.randint(0, 99):02d}",
    lambda rng, day: f"¥{_amount(rng, 1)}",
    lambda rng, day: f"{_amount(rng, 3).replace(',', ' ')} 元",
    lambda rng, day: f"{day:%Y/%m/%d} {rng.randint(8, 18)}:{rng.choice(['00', '30'])}",
    lambda rng, day: f"{day:%d/%m/%Y} {rng.randint(8, 18)}:00",
    lambda rng, day: f"{day:%d.%m.%Y} {rng.randint(8, 18)}点",
    lambda rng, day: f"{day:%Y.%m.%d}-{day + timedelta(days=rng.randint(1, 30)):%Y.%m.%d}",
    lambda rng, day: f"{day:%Y-%m-%d} {rng.randint(10, 23)}:{rng.randint(0, 59):02d}:00",
    lambda rng, day: f"{rng.randint(8, 12)}:00-{rng.randint(13, 18)}:30",
    lambda rng, day: f"数量 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} 台",
    lambda rng, day: f"{rng.randint(10, 99999)} pcs",
    lambda rng, day: f"型号 {rng.choice(['AB', 'XR', 'K'])}-{_digits(rng, 4)}-{_digits(rng, 4)}",
    lambda rng, day: f"SKU {_digits(rng, 12)}",
    lambda rng, day: f"IMEI {_luhn_complete('35' + _digits(rng, 12))}",
    lambda rng, day: f"运单号 {rng.randint(7, 9)}{_digits(rng, 14)}",
    lambda rng, day: f"批号 {day:%y%m%d}-{_digits(rng, 4)}",
    lambda rng, day: f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
    lambda rng, day: f"v{rng.randint(1, 19)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
    lambda rng, day: f"hotline 400-{_digits(rng, 3)}-{_digits(rng, 4)}",
    lambda rng, day: f"第{rng.randint(1000, 9999999)}号文件",
    lambda rng, day: f"{day:%Y}年{day.month}月{day.day}日{rng.randint(8, 18)}点",
    lambda rng,
    day: f"房间 {rng.randint(1, 30)}{rng.randint(1, 20):02d}，楼层 {rng.randint(1, 30)}",
]


def _sentence(rng, middle):
    if rng.random() < 0.6:
        return f"{rng.choice(CN_BEFORE)}{middle}{rng.choice(CN_AFTER)}"
    return f"{rng.choice(EN_BEFORE)} {middle}{rng.choice(EN_AFTER)}"


def corpus(seed=7, size=2000):
    """``size`` texts, half with one personal identifier (and a look-alike
    beside it) labelled with its kind, the others with two look-alikes only,
    labelled ``None``."""
    rng = random.Random(seed)
    texts = []
    for index in range(size):
        if index % 2:
            texts.append((_sentence(rng, f"{look_alike(rng)}，{look_alike(rng)}"), None))
            continue
        value, kind = rng.choice(POSITIVES)(rng)
        parts = [value, look_alike(rng)]
        rng.shuffle(parts)
        texts.append((_sentence(rng, "，".join(parts)), kind))
    return texts


def random_18_digit_numbers(seed=11, count=100_000):
    rng = random.Random(seed)
    return [str(rng.randint(10**17, 10**18 - 1)) for _i in range(count)]


def evaluate(seed=7, size=2000, randoms=100_000):
    """Recall over the positives (a phone number found as any kind of phone
    number counts), false alarms over the look-alike texts and over random
    18-digit numbers alone in a sentence."""
    found = missed = false_texts = negatives = 0
    misses = []
    alarms_on = []
    for text, kind in corpus(seed, size):
        got = {finding.kind for finding in tc.find_personal_data(text)}
        if kind:
            expected = PHONE_KINDS if kind in PHONE_KINDS else {kind}
            if got & expected:
                found += 1
            else:
                missed += 1
                misses.append(text)
        else:
            negatives += 1
            false_texts += bool(got)
            if got:
                alarms_on.append(text)
    alarms = sum(
        bool(tc.find_personal_data(f"数据 {number} 已核对"))
        for number in random_18_digit_numbers(seed + 4, randoms)
    )
    return {
        "texts": size,
        "positives": found + missed,
        "negatives": negatives,
        "recall": found / max(found + missed, 1),
        "false_alarm_texts": false_texts / max(negatives, 1),
        "random_18": randoms,
        "false_alarm_18": alarms / max(randoms, 1),
        "misses": misses[:5],
        "false_alarms": alarms_on[:5],
    }
