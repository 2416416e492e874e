"""Clinic mode driven by keys: three patients' JSON backups imported through the page (the
file dialog answered by the test), the panel in the order ``clinic panel --json`` prints,
the first patient opened with Enter showing the very days-rated figure the core's summary
gives, and Back to the panel. All on a fixed clock, real SQLite files in ``tmp_path``."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cipn_coach.cli import commands as cli
from cipn_coach.reports.summary import load_summary
from tests.core.clinic_data import (
    NOW,
    TODAY,
    _aware,
    _export,
    _patient,
    _values,
    fay_in_treatment,
)
from tests.ui.windows import open_clinician_page, show_window
from ui.clinician import clinic as clinic_page
from ui.clinician.page import ClinicianPage
from ui.theme import MIN_TARGET_PX

SHOT = os.environ.get("CIPN_CLINIC_SHOT")  # where to save the panel's picture, when asked


@pytest.fixture(scope="module")
def backups(tmp_path_factory: pytest.TempPathFactory):
    """Three demo patients' JSON backups (28 days each, from the demo's filler): Ann
    checked in yesterday, Bo fell silent four days ago, Cy fell today (a red flag). Their
    last days differ: the clinic tells people apart by the programme start and the first
    check-in's time, which the demo's filler makes the same for the same last day."""
    folder = tmp_path_factory.mktemp("patients")
    own, files = {}, []
    for key, name, last in (
        ("ann", "Ann Ho", TODAY - timedelta(days=1)),
        ("bo", "Bo Lam", TODAY - timedelta(days=4)),
        ("cy", "Cy Chan", TODAY),
    ):
        own[key] = _patient(name, last)
        if key == "cy":
            own[key].checkins.save(TODAY, _values(falls=1), _aware(TODAY, 21), today=TODAY)
        files.append(folder / f"{key}.json")
        _export(own[key], files[-1], NOW, fhir=False)
    yield own, files
    for services in own.values():
        services.close()


def press(qtbot, widget, key=Qt.Key.Key_Space) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


def cli_json(capsys, data: Path, *args: str):
    assert cli.main(["--data-dir", str(data), "clinic", *args, "--json"], now=lambda: NOW) == 0
    return json.loads(capsys.readouterr().out)


def test_import_panel_open_and_back_by_keys(
    qtbot, services, backups, tmp_path, capsys, monkeypatch
) -> None:
    own, files = backups
    page = open_clinician_page(qtbot, services, NOW, size=(1366, 768))

    press(qtbot, page.clinic_button)
    clinic = page.clinic
    assert page.stack.currentWidget() is clinic and clinic.panel_empty.isVisibleTo(clinic)
    monkeypatch.setattr(
        clinic_page.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], "")
    )
    press(qtbot, clinic.import_button)
    assert clinic.import_message.text().startswith("✓ Imported 3 files.")
    assert clinic.import_message.text().count("(new patient)") == 3
    assert (tmp_path / "data" / "clinic" / "clinic.sqlite3").exists()

    # the panel: the CLI's order, rows big enough to hit, each saying why it is there
    expected = cli_json(capsys, tmp_path / "data", "panel")
    items = [clinic.panel_list.item(i) for i in range(clinic.panel_list.count())]
    assert len(expected) == 3 and [i.data(Qt.ItemDataRole.UserRole) for i in items] == [
        row["patient_id"] for row in expected
    ]
    assert expected[0]["name"] == "Cy Chan" and "red_flag" in expected[0]["reasons"]
    spoken = items[0].data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Cy Chan. Last check-in:") and "RED FLAG (A fall)" in spoken
    assert "Last 7 days:" in spoken
    assert all(clinic.panel_list.visualItemRect(i).height() >= MIN_TARGET_PX for i in items)
    if SHOT:
        page.grab().save(SHOT)

    # the first patient, opened with Enter: their Progress, read-only
    clinic.panel_list.setFocus()
    qtbot.keyClick(clinic.panel_list, Qt.Key.Key_Down)
    qtbot.keyClick(clinic.panel_list, Qt.Key.Key_Up)
    qtbot.keyClick(clinic.panel_list, Qt.Key.Key_Return)
    assert clinic.stack.currentIndex() == 1 and clinic.patient is not None
    first_id = expected[0]["patient_id"]
    assert clinic.patient.patient_id == first_id
    core = cli_json(capsys, tmp_path / "data", "patient", str(first_id))["summary"]
    period = core["period"]
    days = period.get("programme_days", period["days"])
    rated = period.get("programme_days_recorded", period["days_recorded"])
    assert f": {rated} of {days} days rated" in clinic.progress.period_line.text()
    # and those are the patient's own app's numbers for the same days
    mine = load_summary(own["cy"], TODAY - timedelta(days=27), TODAY, NOW)["period"]
    assert mine["days_recorded"] == period["days_recorded"]
    assert clinic.routine_button.isEnabled()

    press(qtbot, clinic.back_button)
    assert clinic.stack.currentIndex() == 0 and clinic.panel_list.hasFocus()
    assert clinic.selected_id() == first_id


def test_a_patients_report_and_routine_file_at_200_percent_on_a_small_screen(
    qtbot, services, backups, tmp_path, monkeypatch
) -> None:
    """At 1024×600 with 200 % text every button of the patient view is whole and on
    screen; the report and the routine file are written for the patient opened."""
    from cipn_coach.routines.routine_file import parse_bytes
    from cipn_coach.settings import preferences as prefs

    _own, files = backups
    services.preferences.set(prefs.TEXT_SCALE, 2.0)
    page = open_clinician_page(
        qtbot, services, NOW, size=(1024, 600), text_scale=2.0, activate=False
    )
    page.show_clinic()
    clinic = page.clinic
    assert clinic.import_files(files)
    QApplication.processEvents()
    if SHOT:
        page.grab().save(SHOT.replace(".png", "-200.png"))
    rows = [clinic.panel_list.visualItemRect(clinic.panel_list.item(i)) for i in range(3)]
    assert rows[-1].bottom() < clinic.panel_list.viewport().height()  # the page scrolls, not it
    clinic.panel_list.setFocus()
    qtbot.keyClick(clinic.panel_list, Qt.Key.Key_Return)
    assert clinic.stack.currentIndex() == 1
    QApplication.processEvents()
    if SHOT:
        page.grab().save(SHOT.replace(".png", "-patient-200.png"))
    for button in (clinic.back_button, clinic.report_button, clinic.routine_button):
        where = button.mapTo(page, button.rect().topLeft())
        assert where.x() >= 0 and where.x() + button.width() <= page.width(), button.text()
        assert where.y() + button.height() <= page.height(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()

    pdf = tmp_path / "report.pdf"
    monkeypatch.setattr(clinic_page.QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    press(qtbot, clinic.report_button)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert clinic.patient_message.text().startswith("✓ The report was saved")

    target = tmp_path / "routine.cipnroutine"
    monkeypatch.setattr(
        clinic_page.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    if clinic.routine_choice.count() > 1:
        clinic.routine_choice.setCurrentIndex(1)
    chosen = clinic.routine_choice.currentData()
    press(qtbot, clinic.routine_button)
    assert clinic.patient_message.text().startswith("✓ Exported"), clinic.patient_message.text()
    written, problems = parse_bytes(target.read_bytes())
    assert not problems and written is not None and written.routine.id == chosen


def test_a_bad_file_is_one_line_in_view_and_imports_nothing(
    qtbot, services, backups, tmp_path, monkeypatch
) -> None:
    _own, files = backups
    junk = tmp_path / "notes.json"
    junk.write_text('{"hello": 1}')
    page = ClinicianPage(services, lambda: NOW)  # in whatever theme the app has now
    show_window(qtbot, page, (1366, 768), activate=False)
    press(qtbot, page.clinic_button)
    clinic = page.clinic
    monkeypatch.setattr(
        clinic_page.QFileDialog,
        "getOpenFileNames",
        lambda *a, **k: ([str(files[0]), str(junk)], ""),
    )
    press(qtbot, clinic.import_button)
    said = clinic.import_message.text()
    assert said.startswith("Nothing was imported:") and "notes.json" in said
    assert "\n" not in said and clinic.import_message.isVisible()
    assert clinic.panel_list.count() == 0 and clinic.panel_empty.isVisible()


def test_a_patient_in_treatment_shows_their_self_test_cards(
    qtbot, services, tmp_path, monkeypatch
) -> None:
    """The import says what came of the cycle days and self-tests, and the patient's
    Progress in the clinic shows a card per self-test they did, as their own app does."""
    fay, files = fay_in_treatment(tmp_path)
    own_cards = fay.self_tests.progress_cards(TODAY)
    fay.close()
    page = open_clinician_page(qtbot, services, NOW, size=(1366, 768))
    press(qtbot, page.clinic_button)
    clinic = page.clinic
    monkeypatch.setattr(
        clinic_page.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(files["v2"])], "")
    )
    press(qtbot, clinic.import_button)
    said = clinic.import_message.text()
    assert "Cycle days added: 4; self-test results added: 4." in said, said

    clinic.panel_list.setFocus()
    qtbot.keyClick(clinic.panel_list, Qt.Key.Key_Return)
    assert clinic.stack.currentIndex() == 1
    cards = clinic.progress.selftests.cards
    assert [c.words.text() for c in cards] == [c.sentence for c in own_cards] and len(cards) == 2
    assert not clinic.progress.selftests.empty.isVisibleTo(clinic.progress.selftests)
    assert clinic.progress.selftests.buttons == {}  # nothing to start in the clinic
