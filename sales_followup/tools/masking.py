"""Masked names for reports and for users without the personal-data role.

Pure Python, no Odoo import. One rule, for people and companies alike:

* a name written in Chinese, Japanese or Korean script keeps its first
  character (the surname, or the first character of a company name) and the
  rest becomes one ``*``: 张伟 → 张*, 欧阳娜娜 → 欧*, 华鑫制造有限公司 → 华*;
* any other name keeps its first word, cut to its leading letters, and the
  rest becomes one ``*``: Zhang Wei → Zhang*, John Smith → John*,
  Huaxin Manufacturing → Huaxin*; a single word keeps only its first letter:
  Madonna → M*;
* an empty name stays empty; a name without a letter becomes ``*``.

The number of ``*`` never tells the length of what was hidden. Digits,
``@`` and everything after the first word are always dropped, so a name that
holds a phone number or an e-mail address does not leak it.
"""

import re

# CJK ideographs (with extensions A and compatibility), kana, Hangul.
_CJK_RE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)
_LEADING_LETTERS_RE = re.compile(r"[^\W\d_]+")


def mask_name(name):
    """The masked form of a person's or a company's name (see the module doc)."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    first = _LEADING_LETTERS_RE.search(name)
    if not first:
        return "*"
    if _CJK_RE.match(first.group()[0]):
        return f"{first.group()[0]}*"
    words = name.split(" ")
    word = _LEADING_LETTERS_RE.match(words[0])
    if not word:
        return f"{first.group()[0]}*"
    if len(words) == 1:
        return f"{word.group()[0]}*"
    return f"{word.group()}*"
