"""Issue 19: a repair made by a command (or a start closed too soon) is told at the next
start of the app, and at every start until the person has closed the message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from cipn_coach.services import open_services
from tests.core.test_recovery import build, text_file
from ui.gui import tell_repair


def test_a_repair_by_a_command_is_told_at_the_next_start_until_read(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    text_file(build(folder, days=5, backup_after=3))
    repaired = open_services(folder, repair=True)  # e.g. `summary --repair`: no window
    assert repaired.db.recovery is not None
    repaired.close()

    told: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt  # the app is closed before the message is

    services = open_services(folder)  # the next start: nothing left to repair
    assert services.db.recovery is None
    try:
        monkeypatch.setattr(QMessageBox, "warning", crash)
        try:
            tell_repair(parent, services)
        except KeyboardInterrupt:
            pass
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
        tell_repair(parent, services)  # still unread: told again
        tell_repair(parent, services)  # read now: quiet
    finally:
        services.close()
    assert len(told) == 1 and "damaged" in told[0] and "saved after" in told[0]
    assert not (Path(folder) / "repair-notice.txt").exists()


def test_the_report_command_never_repairs_silently(qtbot, tmp_path, capsys):
    from ui.app import main

    folder = tmp_path / "data"
    text_file(build(folder, days=5, backup_after=3))
    pdf = tmp_path / "r.pdf"
    assert main(["--data-dir", str(folder), "report", "--pdf", str(pdf)]) == 3
    assert "--repair" in capsys.readouterr().err and not pdf.exists()
    assert main(["--data-dir", str(folder), "--repair", "report", "--pdf", str(pdf)]) == 0
    assert "repaired" in capsys.readouterr().err and pdf.is_file()


def test_the_family_view_shows_the_notice_but_leaves_it_for_the_patient(
    qtbot, tmp_path, monkeypatch
):
    """A relative reading the family view is told too, but the patient still is: closing
    it there does not count as read."""
    folder = tmp_path / "data"
    text_file(build(folder, days=5, backup_after=3))
    open_services(folder, repair=True).close()
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.family = True  # as MainWindow.set_family leaves it
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    services = open_services(folder)
    try:
        tell_repair(parent, services)
        parent.family = False
        tell_repair(parent, services)
        tell_repair(parent, services)
    finally:
        services.close()
    assert len(told) == 2
    assert not (Path(folder) / "repair-notice.txt").exists()
