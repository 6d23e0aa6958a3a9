"""Check that the Chinese translations read native where they are read.

zh_TW (Taiwan) must not use the mainland's words for what Taiwan says
otherwise (數據 for 資料, 質量 for 品質...); zh_CN (mainland) must not contain
traditional characters (OpenCC's traditional-to-simplified table tells which
characters have a simplified form).

    python scripts/i18n_wording.py [PO_DIR]   # default: sales_followup/i18n

Prints one line per problem (file, line, word or character, the text) and
exits non-zero when there is any.
"""

import sys
from pathlib import Path

import polib
from opencc import OpenCC

# Mainland words and what Taiwan writes instead (Odoo 18's own zh_TW
# translations of sale, crm and mail are the reference for shared words).
MAINLAND_ONLY = {
    "數據": "資料",
    "質量": "品質",
    "模板": "範本",
    "反饋": "回饋",
    "用戶": "使用者",
    "信息": "資訊 / 訊息",
    "配置": "設定",
    "視頻": "影片 / 視訊",
    "關系": "關係",
    "復購": "回購",
    "導出": "匯出",
    "軟件": "軟體",
    "默認": "預設",
    "網絡": "網路",
    "打印": "列印",
    "文件名": "檔案名稱",
    "單元格": "儲存格",
    "刷新": "重新整理 / 更新",
    "工作簿": "活頁簿",
}


def _entries(path):
    for entry in polib.pofile(str(path)):
        if entry.msgstr and not entry.obsolete:
            yield entry


def check_zh_tw(path):
    """(line, word, advice, text) for each mainland-only word of ``path``."""
    return [
        (entry.linenum, word, f"write {advice}", entry.msgstr)
        for entry in _entries(path)
        for word, advice in MAINLAND_ONLY.items()
        if word in entry.msgstr
    ]


def check_zh_cn(path):
    """(line, character, advice, text) for each traditional character of ``path``."""
    to_simplified = OpenCC("t2s")
    problems = []
    for entry in _entries(path):
        for char in dict.fromkeys(entry.msgstr):
            simplified = to_simplified.convert(char)
            if simplified != char:
                problems.append((entry.linenum, char, f"write {simplified}", entry.msgstr))
    return problems


CHECKS = {"zh_TW.po": check_zh_tw, "zh_CN.po": check_zh_cn}


def main(po_dir):
    problems = 0
    for name, check in CHECKS.items():
        path = Path(po_dir) / name
        for line, found, advice, text in check(path):
            problems += 1
            print(f"{path}:{line}: {found} ({advice}): {text[:80]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "sales_followup/i18n"))
