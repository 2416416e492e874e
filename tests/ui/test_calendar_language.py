"""A date field's calendar speaks the app's language.

Seen on the real app run in Chinese on an English system (``--lang zh-HK``): the date
fields of Settings → 治療 open a calendar headed "December 2026" with "Sun Mon Tue …":
Qt's calendar takes its month and weekday names from the default QLocale, which
followed the system, not the language the app was started in.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDateEdit

from cipn_coach import i18n
from ui.gui import _install_qt_translation


def test_the_calendar_names_months_and_days_in_chinese(qtbot):
    system = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    i18n.set_language("zh-HK")
    try:
        _install_qt_translation(QApplication.instance())
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        qtbot.addWidget(edit)
        calendar = edit.calendarWidget()
        assert calendar.locale().monthName(12) == "12月"
        assert calendar.locale().dayName(1) == "星期一"
    finally:
        QLocale.setDefault(system)
        for translator in QApplication.instance().findChildren(QTranslator):
            QApplication.instance().removeTranslator(translator)
