"""A session keeps the routine's title it was started under, in the language of that
day. Someone who did the morning session in Chinese and whose daughter then reads Today
or the family view in English saw "早晨手腳運動" among English words (and the other way
round): the recent sessions and the report's notes now name the routine in the
reader's language, as the library has it."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt

from cipn_coach import i18n
from cipn_coach.cli.demo import fill_demo
from cipn_coach.reports.report_data import build_report
from cipn_coach.services import open_services
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 8, 0)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_sessions_done_in_chinese_are_named_in_english_when_read_in_english(qtbot, tmp_path):
    folder = tmp_path / "data"
    i18n.set_language(i18n.CHINESE_HK)
    chinese = open_services(folder, language=i18n.CHINESE_HK)
    fill_demo(chinese, 7, NOW)  # every session saved under its Chinese title
    chinese.close()
    i18n.set_language(i18n.ENGLISH)
    services = open_services(folder)
    window = open_main_window(qtbot, services, NOW)
    try:
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        recent = window.today.recent.text()
        assert "Morning hands & feet" in recent
        assert CHINESE.findall(recent) == []
        report = build_report(services, NOW.date().replace(day=14), NOW.date(), NOW)
        assert [title for _day, title, _note in report.notes if CHINESE.search(title)] == []
    finally:
        window.close()
        services.close()
