"""Issue 14: the clinician area, Settings and Backups in Chinese show no English words.

The app runs in Chinese (``i18n.set_language`` before the services open, as a start
does); a walk through the PIN gate, the routine list, the routine editor with a step
chosen, the problems of an empty new routine, the week-by-week preview, the PIN panel,
the own-exercise form, Settings and Backups lists every text a person reads or hears
(labels, buttons, list and table rows, headers, placeholders, accessible names) that
holds a Latin word. None may be left, apart from:

- names that are Latin in Hong Kong too: PIN, PDF, JSON, CSV, FHIR, CIPN Coach, the keys
  (Enter, Ctrl, Alt, Delete), the picture types (PNG, JPEG, SVG) and sizes (MB, KB);
- the language row, written in both languages on purpose ("語言 Language", "English");
- data, not UI words: routine and exercise ids, and what a person typed or a data file
  holds in English only (the texts of fields, the routine's own file-name id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from cipn_coach import i18n
from cipn_coach.services import open_services
from cipn_coach.settings.pin import hash_pin
from tests.ui.windows import open_clinician_page
from ui.clinician.pin_panels import PIN_KEY
from ui.pages.backups_view import BackupsView
from ui.pages.settings import SettingsPage

NOW = datetime(2026, 12, 1, 10, 30)
ALLOWED = {
    "PIN",
    "PDF",
    "JSON",
    "CSV",
    "FHIR",
    "CIPN",
    "Coach",
    "Enter",
    "Ctrl",
    "Alt",
    "Delete",
    "PNG",
    "JPEG",
    "SVG",
    "MB",
    "KB",
    "Language",
    "English",
    "S",
}
LATIN_WORD = re.compile(r"[A-Za-z]+")


class FakeClock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def chinese(tmp_path):
    i18n.set_language("zh-HK")
    services = open_services(tmp_path / "data", language=i18n.CHINESE_HK)
    yield services
    services.close()


def texts_of(widget: QWidget) -> Iterator[str]:
    """What a person reads or hears of ``widget`` (not what was typed into it)."""
    yield widget.accessibleName()
    yield widget.toolTip()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield widget.text()
    elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield widget.currentText()
    elif isinstance(widget, QListWidget):
        yield from (widget.item(row).text() for row in range(widget.count()))
    elif isinstance(widget, QTableWidget):
        for column in range(widget.columnCount()):
            header = widget.horizontalHeaderItem(column)
            yield header.text() if header else ""
            for row in range(widget.rowCount()):
                item = widget.item(row, column)
                yield item.text() if item else ""


def data_words(services) -> list[str]:
    """The ids the data files and the database use (longest first: removed whole)."""
    library = services.originals
    ids = [*library.exercises, *library.routines]
    return sorted(ids, key=len, reverse=True)


def english_left(root: QWidget, services) -> dict[str, str]:
    """Latin word → the text it is in, for every visible text under ``root``."""
    data = data_words(services)
    found: dict[str, str] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        for text in texts_of(widget):
            rest = text
            for word in data:
                rest = rest.replace(word, " ")
            for word in LATIN_WORD.findall(rest):
                if word not in ALLOWED:
                    found.setdefault(word, text)
    return found


def test_the_clinician_area_in_chinese_has_no_english_words(qtbot, chinese):
    services = chinese
    services.settings.set(PIN_KEY, hash_pin("2468"))
    page = open_clinician_page(
        qtbot, services, NOW, clock=FakeClock(), size=(1366, 768), activate=False
    )
    assert page.is_locked()
    page.gate.edit.setFocus()
    qtbot.keyClicks(page.gate.edit, "1111")
    qtbot.keyClick(page.gate.edit, Qt.Key.Key_Return)  # wrong: the wait is said in Chinese
    assert "PIN" in page.gate.message.text() and "秒" in page.gate.message.text()
    seen = {"PIN gate": english_left(page.gate, services)}
    page.gate.backoff.reset()
    qtbot.keyClicks(page.gate.edit, "2468")
    qtbot.keyClick(page.gate.edit, Qt.Key.Key_Return)
    assert not page.is_locked()
    seen["routines"] = english_left(page, services)
    page.routine_list.setCurrentRow(0)
    page.duplicate_selected()  # the copy is named in the clinician's language
    assert "（副本）" in page.status.text() and "（副本）" in page.selected().title
    seen["a copy made"] = english_left(page, services)
    page.toggle_assign()
    if page.assign_panel.isVisible():  # the copy shares its time with the original
        page.assign_beside.click()
    assert "這位病人的計劃" in page.status.text()
    seen["used for this patient"] = english_left(page, services)
    page.start_edit.setText("2026-12-07")
    page.set_start_date()
    assert "療程在" in page.status.text()
    seen["start date set"] = english_left(page, services)
    page.routine_list.setCurrentRow(0)
    page.edit_selected()
    page.editor.step_list.setCurrentRow(0)
    assert page.editor.step_editor.isEnabled()
    seen["routine editor, a step chosen"] = english_left(page.editor, services)
    sets = page.editor.step_editor.sets.edit
    sets.setFocus()
    sets.selectAll()
    qtbot.keyClicks(sets, "11")  # out of range: the schema's own sentence, translated
    assert "組數須為1–10" in page.editor.problem_label.text()
    seen["a step's problem"] = english_left(page.editor, services)
    sets.selectAll()
    qtbot.keyClicks(sets, "2")
    assert not page.editor.problem_label.isVisible()
    page.show_section(2)
    assert page.preview.script.rowCount() > 0
    seen["week by week"] = english_left(page.preview, services)
    page.new_routine()
    page.editor.title.setText("晚間練習")
    page.editor._changed("title")
    page.editor.title.clear()
    page.editor._changed("title")
    page.editor.save()
    assert page.editor.problem_label.isVisible()
    seen["new routine's problems"] = english_left(page.editor, services)
    page.show_section(3)
    seen["PIN panel"] = english_left(page.pin_setter, services)
    page.show_section(4)
    # a new exercise starts with its words in the clinician's language
    assert (page.own.position.text(), page.own.end_cue.text(), page.own.side_noun.text()) == (
        "坐着",
        "放鬆。",
        "邊",
    )
    page.own.save()  # every problem of the blank form listed
    seen["own exercise"] = english_left(page.own, services)
    assert {where: words for where, words in seen.items() if words} == {}


def test_settings_and_backups_in_chinese_have_no_english_words(qtbot, chinese, tmp_path):
    services = chinese
    page = SettingsPage()
    backups = BackupsView(services.backups)
    page.add_section(backups)
    qtbot.addWidget(page)
    page.load_language(i18n.CHINESE_HK)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    backups.back_up_now()
    assert backups.list.count() >= 1 and "✓" in backups.status.text()
    backups.restore_button.click()  # the question, before any restore
    assert backups.confirm.isVisible()
    assert english_left(page, services) == {}
