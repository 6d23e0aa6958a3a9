"""The Chinese wording check (scripts/i18n_wording.py) on the shipped
translations, and on copies with a planted mistake each."""

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "sales_followup" / "i18n"

spec = importlib.util.spec_from_file_location("i18n_wording", ROOT / "scripts" / "i18n_wording.py")
i18n_wording = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_wording)


def test_shipped_translations_read_native():
    assert i18n_wording.check_zh_tw(I18N / "zh_TW.po") == []
    assert i18n_wording.check_zh_cn(I18N / "zh_CN.po") == []
    assert i18n_wording.main(I18N) == 0


def _planted(tmp_path, name, old, new):
    """A copy of the i18n folder where ``name``'s first ``old`` is ``new``."""
    folder = tmp_path / "i18n"
    shutil.copytree(I18N, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [
        ("資料", "數據", "數據"),
        ("品質", "質量", "質量"),
        ("設定", "配置", "配置"),
        ("客戶關係", "客戶關系", "關系"),
    ],
)
def test_mainland_word_in_zh_tw_is_flagged(tmp_path, old, new, flagged):
    folder = _planted(tmp_path, "zh_TW.po", f'msgstr "{old}', f'msgstr "{new}')
    found = i18n_wording.check_zh_tw(folder / "zh_TW.po")
    assert [word for __, word, __, __ in found] == [flagged]
    assert i18n_wording.main(folder) == 1


def test_traditional_character_in_zh_cn_is_flagged(tmp_path):
    folder = _planted(tmp_path, "zh_CN.po", "关系", "關系")
    found = i18n_wording.check_zh_cn(folder / "zh_CN.po")
    assert [(char, advice) for __, char, advice, __ in found] == [("關", "write 关")]
    assert i18n_wording.main(folder) == 1
