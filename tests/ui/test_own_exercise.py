"""A clinician's own exercise, end to end on real temp databases: the form filled with the
keyboard, plain-word problems and Save disabled while invalid, bad pictures refused,
saved with an SVG picture, added to a routine from the editor's search, exported,
imported into a fresh data folder (exercise and picture), and shown in the player.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from cipn_coach.storage.routines import RoutineRepository
from tests.ui.windows import open_clinician_page
from ui.clinician.own_exercise import exercise_id
from ui.clinician.page import ClinicianPage
from ui.main_window import MainWindow
from ui.session.player import PlayerPage
from ui.theme import MIN_TARGET_PX

NOW = datetime(2026, 12, 1, 10, 30)
OWN = 4  # the "Own exercises" section
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90" viewBox="0 0 120 90">'
    b'<rect x="10" y="10" width="100" height="70" fill="#2a6"/></svg>'
)


def make_page(qtbot, services) -> ClinicianPage:
    return open_clinician_page(qtbot, services, NOW, clock=lambda: 1000.0)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(widget, text)


def type_lines(qtbot, widget: QWidget, lines: list[str]) -> None:
    type_into(qtbot, widget, "")
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def fill_with_keyboard(qtbot, page: ClinicianPage) -> None:
    qtbot.keyClick(page.section_group.button(OWN), Qt.Key.Key_Space)
    own = page.own
    assert page.sections.currentIndex() == OWN
    own.title.setFocus()
    qtbot.keyClicks(own.title, "Towel slide")
    assert own.id_edit.text() == "towel_slide"  # the id follows the title
    qtbot.keyClick(own.title, Qt.Key.Key_Tab)
    assert own.id_edit.hasFocus()
    qtbot.keyClick(own.id_edit, Qt.Key.Key_Tab)
    assert own.area.hasFocus()
    qtbot.keyClick(own.area, Qt.Key.Key_Down)  # Hands → Feet
    assert own.area.currentData() == "feet"
    type_into(qtbot, own.position, "seated, feet flat on a towel")
    type_into(qtbot, own.equipment, "towel, chair")
    type_lines(
        qtbot,
        own.instructions,
        ["Sit with a towel under your feet.", "Scrunch the towel towards you with your toes."],
    )
    type_into(qtbot, own.start_cue, "Pull the towel in with your toes.")
    type_into(qtbot, own.end_cue, "Well done. Rest your feet.")
    type_lines(qtbot, own.stop_rules, ["Stop if your foot cramps."])
    type_lines(qtbot, own.safety, ["Sit on a steady chair."])
    type_into(qtbot, own.reps.edit, "8")
    type_into(qtbot, own.seconds_per_rep.edit, "3")
    type_into(qtbot, own.phrase1, "Scrunch")
    type_into(qtbot, own.phrase2, "Relax")
    type_into(qtbot, own.sets.edit, "2")
    type_into(qtbot, own.side_noun, "foot")
    type_into(qtbot, own.author, "Riverside Clinic")
    assert own.source.text() == "clinician's own exercise: Riverside Clinic"


def test_own_exercise_saved_used_exported_imported_and_played(qtbot, services, tmp_path):
    page = make_page(qtbot, services)
    fill_with_keyboard(qtbot, page)
    own = page.own
    assert own.problems == [], own.problems
    assert own.save_button.isEnabled()

    # invalid: no stop rule, a hold of 5000 s → every problem in plain words, no Save
    type_into(qtbot, own.stop_rules, "")
    own.kind.setFocus()
    qtbot.keyClick(own.kind, Qt.Key.Key_Down)  # counted → timed
    assert not own.form.isRowVisible(own.reps) and own.form.isRowVisible(own.hold)
    type_into(qtbot, own.hold.edit, "5000")
    assert own.exercise is None and not own.save_button.isEnabled()
    assert "Stop rules: needs at least one" in own.problems
    assert "Hold (seconds): must be at most 1800" in own.problems
    assert "Stop rules: needs at least one" in own.problem_label.text()
    type_into(qtbot, own.hold.edit, "")
    assert "Hold (seconds): needs a number" in own.problems
    qtbot.keyClick(own.kind, Qt.Key.Key_Up)  # back to counted
    type_lines(qtbot, own.stop_rules, ["Stop if your foot cramps."])
    assert own.problems == [] and own.save_button.isEnabled()

    # bad pictures are refused with a message; nothing is taken
    fake = tmp_path / "fake.png"
    fake.write_text("this is not a picture")
    assert not own.set_picture(fake)
    assert "fake.png cannot be used" in own.picture_message.text() and own.picture is None
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
    assert not own.set_picture(big)
    assert "at most 2 MB" in own.picture_message.text() and own.picture is None
    script = tmp_path / "script.svg"
    script.write_bytes(SVG.replace(b"<rect", b"<script>alert(1)</script><rect"))
    assert not own.set_picture(script) and "<script>" in own.picture_message.text()
    good = tmp_path / "towel.svg"
    good.write_bytes(SVG)
    assert own.set_picture(good) and own.picture.mime == "image/svg+xml"
    assert "✓ towel.svg" in own.picture_message.text()
    own.save_button.setFocus()
    qtbot.keyClick(own.save_button, Qt.Key.Key_Return)
    repo = RoutineRepository(services.db)
    row = repo.get_exercise("towel_slide")
    assert row.picture is not None and row.picture.data == SVG
    assert row.exercise.title == "Towel slide" and row.exercise.dosage.reps == 8
    assert row.exercise.equipment == ["towel", "chair"] and row.exercise.side_noun == "foot"
    assert "Saved the own exercise" in page.status.text()
    assert "towel_slide" in services.library.exercises
    # a second new one may not take the same id
    own.load(None)
    qtbot.keyClicks(own.title, "Towel slide")
    assert any("an own exercise has this id already" in p for p in own.problems)
    # choosing the stored one at the top shows it again, exactly
    own.chooser.setFocus()
    own.refresh_chooser()
    qtbot.keyClick(own.chooser, Qt.Key.Key_Down)
    assert own.chooser.currentData() == "towel_slide"
    own.load(own.chooser.currentData())
    assert own.validate() == row.exercise and own.picture == row.picture

    # the routine editor's search finds it; add it, save the routine, export
    qtbot.keyClick(page.actions["new"], Qt.Key.Key_Space)
    editor = page.editor
    qtbot.keyClicks(editor.title, "Feet with towel")
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.description, "Seated, with a towel.")
    type_into(qtbot, editor.picker.search, "towel slide")
    qtbot.keyClick(editor.picker.search, Qt.Key.Key_Return)
    assert [s["exercise"] for s in editor._steps] == ["towel_slide"]
    assert editor.problems == [], editor.problems
    page.show_section(2)
    assert page.preview.total.text().startswith("Week 1")
    editor.save_button.setFocus()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Return)
    assert repo.get("feet_with_towel").routine.steps[0].exercise == "towel_slide"
    page.show_section(0)
    target = tmp_path / "feet.cipnroutine"
    assert page.selected_id() == "feet_with_towel" and page.export_to(target)

    # import into a fresh data folder: the exercise and its picture come along
    other = open_services(tmp_path / "fresh")
    try:
        fresh = make_page(qtbot, other)
        assert fresh.import_from(target).status == "imported"
        imported = RoutineRepository(other.db).get_exercise("towel_slide")
        assert imported.exercise == row.exercise and imported.picture.data == SVG
        assert "towel_slide" in other.library.exercises

        # the player shows the picture from the database for that step
        other.settings.set("plan.routines", ["feet_with_towel"])
        clock = FakeClock()
        window = MainWindow(other, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        window.start_session("feet_with_towel", None)
        player = window.player
        for _ in range(200):
            if player._shown_picture:
                break
            clock.advance(0.25)
            player.driver.tick()
        assert player._shown_picture == "own:towel_slide"
        renderer = player.session.picture.renderer()
        assert renderer.isValid() and renderer.defaultSize() == QSize(120, 90)
        assert player.session.picture.isVisibleTo(player) and not player.session.photo.isVisibleTo(
            player
        )
        player.stop_now()
    finally:
        other.close()


def test_a_png_own_picture_is_shown_as_a_photo(qtbot, tmp_path):
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    player = PlayerPage(
        tmp_path, picture_for=lambda i: ("image/png", bytes(data)) if i == "mine" else None
    )
    qtbot.addWidget(player)
    player._show_picture("mine", str(tmp_path / "illustrations/own/mine.svg"))
    assert not player.session.photo.pixmap().isNull()
    assert not player.session.photo.isHidden() and player.session.picture.isHidden()
    player._show_picture("built_in", str(tmp_path / "illustrations/built_in.svg"))
    assert not player.session.picture.isHidden() and player.session.photo.isHidden()


def test_id_from_title_and_every_control_named_and_big(qtbot, services):
    assert exercise_id("Towel slide (seated)") == "towel_slide_seated"
    assert exercise_id("3-way ankle") == "ex_3_way_ankle"
    page = make_page(qtbot, services)
    page.show_section(OWN)
    QApplication.processEvents()
    for widget in page.own.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if (
            isinstance(widget, QAbstractButton)
            or widget.inherits("QLineEdit")
            or widget.inherits("QComboBox")
            or widget.inherits("QPlainTextEdit")
        ):
            assert widget.accessibleName(), widget
            assert widget.height() >= MIN_TARGET_PX - 1, (widget.accessibleName(), widget.height())
