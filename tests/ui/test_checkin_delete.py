"""Issue 19: a day's check-in can be deleted from the check-in page, after a clear
question, and a safety backup keeps it (and its history) so it can be brought back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cipn_coach.storage import backup
from tests.ui.test_checkin import TODAY, enter_check_in_by_keyboard, harness, page  # noqa: F401


def test_delete_asks_first_then_deletes_and_keeps_a_backup(qtbot, page, harness, monkeypatch):  # noqa: F811
    page.delete_requested.connect(lambda day: (harness.checkins.delete(day), page.show_deleted()))
    assert not page.delete_button.isVisible()  # nothing to delete on an empty day
    enter_check_in_by_keyboard(qtbot, page)
    assert page.delete_button.isVisible()
    assert page.delete_button.accessibleName() == "Delete this day's check-in"
    assert page.delete_button.height() >= 48

    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *_args):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert harness.checkins.get(TODAY) is not None  # "No" keeps it

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and "backup" in asked[0]
    assert harness.checkins.get(TODAY) is None
    assert page.status.text().startswith("Deleted the check-in")
    assert not page.delete_button.isVisible()
    kept = [
        b
        for b in backup.list_backups(harness.db.path.parent)
        if b.reason == "before-checkin-delete"
    ]
    assert len(kept) == 1 and kept[0].checkins == 1


def test_the_form_never_goes_before_the_earliest_day(page):  # noqa: F811
    from cipn_coach.checkin.schema import EARLIEST_DAY

    page.load(EARLIEST_DAY, TODAY, None)
    assert not page.prev_button.isEnabled()


def test_the_delete_question_and_status_name_the_day_as_formatting_does(
    qtbot,
    page,
    harness,  # noqa: F811
    monkeypatch,
):
    from cipn_coach import formatting

    page.delete_requested.connect(lambda day: (harness.checkins.delete(day), page.show_deleted()))
    enter_check_in_by_keyboard(qtbot, page)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *_a: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    formatting.set_language("zh-HK")
    try:
        named = formatting.day_long(TODAY)
        page.delete_button.setFocus()
        with qtbot.waitSignal(page.saved):
            qtbot.keyClick(page.delete_button, Qt.Key.Key_Space)
    finally:
        formatting.set_language("en")
    assert named in asked[0] and named in page.status.text()
