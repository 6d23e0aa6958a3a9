"""Masked names, as the seeds write them in follow-up records ("张*").

Pure Python, no Odoo import: the views, the digest, exports and the monthly
report share one rule. The examples of issue 5 ("Zhang*", "李*",
"J*** Smith") and of the seed (张*) fix it:

* a name in Chinese, Japanese or Korean script keeps its first character
  (the surname, or the first character of a company name) and one ``*``:
  张伟 → 张*, 欧阳娜娜 → 欧* (compound surnames: one character kept, never
  more), 華鑫製造有限公司 → 華*;
* a person's name in Latin script that starts with a common Chinese surname
  in pinyin or a usual romanisation (Zhang, Li, Wang, Chen, Chan, Wong...:
  ``CHINESE_SURNAMES``) is written surname first: the surname is kept and the
  rest becomes one ``*``: Zhang Wei → Zhang*, Li Na → Li*, Zhang → Zhang*;
* any other person's name in Latin script is written in Western order: the
  last word (the family name) is kept and every other word becomes its
  initial and ``***``, whatever its length: John Smith → J*** Smith,
  Mary Ann Lee → M*** A*** Lee; a single word keeps its initial only:
  Madonna → M*;
* a company's name keeps its first word and one ``*``: Huaxin Manufacturing
  Co., Ltd. → Huaxin*;
* an empty name stays empty; a name without a letter becomes ``*``.

Only letters are ever kept: digits, ``@`` and what follows them within a
word are dropped, so a name that holds a phone number or an e-mail address
does not leak it. Masking a masked name gives it back unchanged.
"""

import re

# Context keys read by res.partner's display name, for users without the
# personal-data role: show people's names masked (set on the module's partner
# fields and actions) and, besides, customers by their pseudonymous code
# (exports).
MASK_NAMES = "followup_mask_names"
CUSTOMER_CODES = "followup_customer_codes"

STAR = "*"
GIVEN_NAME_STARS = "***"

# CJK ideographs (with extensions and compatibility forms), kana, Hangul.
_CJK_RE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
_LETTERS_RE = re.compile(r"[^\W\d_]+")

# The most common Chinese surnames in pinyin, and their usual Hong Kong,
# Taiwan and overseas spellings: a Latin-script name starting with one of
# them is read surname first.
CHINESE_SURNAMES = frozenset(
    """
    wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin
    gao luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong
    pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin fu zhong
    cui tan lv qin jia xue yan hou shi xiong meng qiu qian dai bai jiao kong
    kang mao gu ou ouyang situ zhuge shangguan
    chan wong lee cheung chang lau leung lam ng ho chow chu yeung tse kwok
    fung lai yip tsang tsui hsu tsai chou hsieh kuo yeh chiang huang hung
    """.split()
)


def is_cjk(char):
    return bool(_CJK_RE.match(char))


def mask_name(name, company=False):
    """``name`` masked by the rule of this module's docstring; ``company``
    for a company's name."""
    name = " ".join(str(name or "").split())
    if not name:
        return ""
    first = _LETTERS_RE.search(name)
    if not first:
        return STAR
    if is_cjk(first.group()[0]):
        return first.group()[0] + STAR
    words = [match.group() for match in map(_LETTERS_RE.match, name.split(" ")) if match]
    if not words:
        return first.group()[0] + STAR
    if company or words[0].lower() in CHINESE_SURNAMES:
        return words[0] + STAR
    if len(words) == 1:
        return words[0][0] + STAR
    given = " ".join(word[0] + GIVEN_NAME_STARS for word in words[:-1])
    return f"{given} {words[-1]}"
