"""One translation system: complete catalogues, Chinese from --lang, English unchanged.

The catalogue checks read the ``.po`` files with Babel, as a translator's tools would, so
an untranslated, fuzzy or forgotten message fails here rather than showing up as English
in a Chinese screen.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from babel.messages.pofile import read_po

from cipn_coach import catalogues, formatting, i18n
from cipn_coach.checkin.flag_words import patient_when
from ui.app import main

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
DIGITS = re.compile(r"\d+")


@pytest.fixture(autouse=True)
def _english_afterwards():
    """The language is process-wide: leave English for the tests that follow."""
    yield
    i18n.set_language("en")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _messages(language: str):
    with catalogues.po_file(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    return catalog, [m for m in catalog if m.id]


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


TRANSLATED = catalogues.translated_languages()  # every language with a .po


def test_every_language_but_english_has_a_catalogue():
    assert TRANSLATED == [lang for lang in i18n.LANGUAGES if lang != i18n.ENGLISH]


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalog, messages = _messages(language)
    assert len(messages) >= 150
    untranslated = [m.id for m in messages if not all(_strings(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not catalog.fuzzy  # a fuzzy header would drop its plural rule from the .mo


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_fresh_extraction_has_nothing_the_catalogue_lacks(language):
    """Someone added or changed a text in the code: run `make messages` and translate."""
    catalog, _ = _messages(language)
    fresh = catalogues.extract()
    missing = [m.id for m in fresh if m.id and catalog.get(m.id, context=m.context) is None]
    assert missing == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder_and_number(language):
    """'{n}' lost would print nothing; '38 to 40 °C' must stay 38 and 40 in Chinese."""
    _, messages = _messages(language)
    for message in messages:
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        for text in _strings(message):
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), message.id
            assert set(DIGITS.findall(source)) <= set(DIGITS.findall(text)), message.id


def test_plural_forms_english_two_chinese_one():
    assert formatting.count(1, "{n} day", "{n} days") == "1 day"
    assert formatting.count(3, "{n} day", "{n} days") == "3 days"
    assert i18n.n_("{n} fall", "{n} falls", 1) == "{n} fall"
    i18n.set_language("zh-HK")
    assert formatting.count(1, "{n} day", "{n} days") == "1日"
    assert formatting.count(3, "{n} day", "{n} days") == "3日"
    assert i18n.n_("{n} fall", "{n} falls", 1) == i18n.n_("{n} fall", "{n} falls", 2)
    catalog, _ = _messages("zh_HK")
    assert catalog.num_plurals == 1


def test_dates_and_flag_words_in_chinese():
    friday = date(2026, 12, 4)
    flag = {"since": "2026-11-20", "until": "2026-12-04"}
    assert patient_when(flag, friday) == (
        "Since Friday 20 November, still the case on Friday 4 December"
    )
    i18n.set_language("zh-HK")
    assert formatting.day_long(friday) == "12月4日（星期五）"
    assert patient_when(flag, friday) == "由11月20日（星期五）開始，到12月4日（星期五）仍然如此"
    assert i18n.p_("list separator", ", ") == "、"


def test_cli_speaks_chinese_with_lang_and_english_without(capsys, tmp_path):
    data = str(tmp_path / "data")
    code, out, err = run(capsys, "--lang", "zh-HK", "--data-dir", data, "profile")
    assert code == 0 and err == ""
    assert out.splitlines() == ["姓名：未填寫", "出生年份：未填寫", "性別：未填寫"]
    code, out, _ = run(capsys, "profile", "--data-dir", data, "--lang", "en")  # after it too
    assert out.splitlines() == ["Name: not given", "Year of birth: not given", "Sex: not given"]


def test_summary_in_chinese_keeps_its_numbers(capsys, tmp_path):
    data = str(tmp_path / "data")
    assert run(capsys, "demo", "--data-dir", data, "--days", "28")[0] == 0
    _, english, _ = run(capsys, "--lang", "en", "summary", "--data-dir", data)
    code, chinese, err = run(capsys, "--lang", "zh-HK", "summary", "--data-dir", data)
    assert code == 0 and err == ""
    assert "已作記錄" in chinese and "練習：" in chinese
    assert "checked in" in english and "checked in" not in chinese
    counted = [line for line in english.splitlines() if "!" not in line]  # no month names
    for chinese_line, english_line in zip(chinese.splitlines(), counted, strict=False):
        assert sorted(DIGITS.findall(chinese_line)) == sorted(DIGITS.findall(english_line))


def test_json_keeps_its_keys_and_codes_in_chinese(capsys, tmp_path):
    data = str(tmp_path / "data")
    run(capsys, "demo", "--data-dir", data, "--days", "28")
    import json

    _, english, _ = run(capsys, "--lang", "en", "summary", "--json", "--data-dir", data)
    _, chinese, _ = run(capsys, "--lang", "zh-HK", "summary", "--json", "--data-dir", data)
    english_flags, chinese_flags = json.loads(english)["flags"], json.loads(chinese)["flags"]
    assert json.loads(english).keys() == json.loads(chinese).keys()
    assert [(f["level"], f["rule"], f["since"]) for f in english_flags] == [
        (f["level"], f["rule"], f["since"]) for f in chinese_flags
    ]
    for flag in chinese_flags:
        assert re.search(r"[\u4e00-\u9fff]", flag["explanation"]), flag["explanation"]


def test_the_saved_language_is_used_when_lang_is_not_given(capsys, tmp_path):
    from cipn_coach.services import open_services
    from cipn_coach.settings import preferences as prefs

    services = open_services(tmp_path / "data")
    try:
        prefs.Preferences(services.settings).set(prefs.LANGUAGE, "zh_HK")
    finally:
        services.close()
    _, out, _ = run(capsys, "--data-dir", str(tmp_path / "data"), "profile")
    assert out.startswith("姓名：")
    _, out, _ = run(capsys, "--data-dir", str(tmp_path / "data"), "--lang", "en", "profile")
    assert out.startswith("Name:")


@pytest.mark.parametrize("argv", [["--lang", "xx", "exercises"], ["exercises", "--lang", "fr"]])
def test_an_unknown_language_is_one_line_and_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "unknown language" in err and "en, zh-HK" in err


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_HK.UTF-8"}, "zh_HK"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_HK"),
        ({"LANG": "yue_HK.UTF-8"}, "zh_HK"),
        ({"LANGUAGE": "zh_HK:en", "LANG": "en_GB.UTF-8"}, "zh_HK"),  # LANGUAGE first, as gettext
        ({"LC_ALL": "en_HK.UTF-8", "LANG": "zh_HK.UTF-8"}, "en"),  # LC_ALL before LANG
        ({"LANG": "zh_CN.UTF-8"}, "en"),  # Simplified Chinese: not this catalogue
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_first_start_language_from_the_system_locale(env, expected):
    assert i18n.system_language(env) == expected
    assert i18n.choose_language(None, None, env) == expected
    assert i18n.choose_language(None, "en", env) == "en"  # a saved choice wins
    assert i18n.choose_language("zh-HK", "en", env) == "zh_HK"  # --lang wins over both


def test_a_missing_or_stale_mo_is_compiled_from_the_po(tmp_path, monkeypatch):
    """A checkout run without `make` still reads the .po's words, never stale ones."""
    folder = tmp_path / "zh_HK" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(catalogues.po_file("zh_HK"), folder / "cipn_coach.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("zh_HK").gettext("A fall") == "跌倒"
    finally:
        i18n.catalogue.cache_clear()


def test_choosing_the_language_at_start_loads_no_database_library(tmp_path):
    """The app chooses its language before its window paints: SQLAlchemy (~0.2 s) must
    not come in with it. The saved choice is read with sqlite3 alone (storage.setting_peek)."""
    import subprocess
    import sys

    from cipn_coach.services import open_services
    from cipn_coach.settings import preferences as prefs

    services = open_services(tmp_path / "data")
    try:
        prefs.Preferences(services.settings).set(prefs.LANGUAGE, "zh_HK")
    finally:
        services.close()
    code = (
        "import sys; from cipn_coach.cli import commands as cli; "
        f"print(cli.apply_language(cli.parse_args(['--data-dir', {str(tmp_path / 'data')!r}]))); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=catalogues.ROOT,
        timeout=60,
    )
    assert result.stdout.split("\n")[:2] == ["zh_HK", "[]"]
