"""Masked names of people, as the seeds write them in follow-up records.

Pure Python, no Odoo import, so that reports, mail templates and tests share
one rule.

The rule (seed 000, note 3: "姓名用“*”代替（如“張*”）"):

* a name written in a CJK script (Chinese, Japanese kana, Korean hangul)
  keeps its first character: ``李四`` → ``李*``, ``欧阳娜娜`` → ``欧*`` (compound
  surnames are not recognised: one character is kept, never more);
* a Latin-script name of one word is taken as a surname, as the seed's
  ``張*`` is, and keeps it: ``Zhang`` → ``Zhang*``;
* a Latin-script name of several words keeps the last word (the family name in
  Western order) and only the initial of the others, each followed by three
  stars whatever its length: ``John Smith`` → ``J*** Smith``,
  ``Mary Ann Lee`` → ``M*** A*** Lee``.

Masking a masked name changes nothing, so a contact recorded as ``張*`` stays
``張*``.
"""

import re

# Han ideographs (with extensions and compatibility forms), kana, hangul.
_CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
# Context keys read by res.partner's display name, for users without the
# personal-data role: show people's names masked (set on the module's partner
# fields and actions) and, besides, customers by their pseudonymous code
# (exports).
MASK_NAMES = "followup_mask_names"
CUSTOMER_CODES = "followup_customer_codes"

STAR = "*"
GIVEN_NAME_STARS = "***"


def is_cjk(char):
    return bool(_CJK.match(char))


def mask_name(name):
    """``name`` masked by the rule of this module's docstring; '' for no name."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    if is_cjk(name[0]):
        return name[0] + STAR
    words = name.split(" ")
    if len(words) == 1:
        return words[0].rstrip(STAR) + STAR
    given = " ".join(word[0] + GIVEN_NAME_STARS for word in words[:-1])
    return f"{given} {words[-1]}"
