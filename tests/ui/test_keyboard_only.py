"""Only key presses: move between screens and export a report.

(Starting, pausing, skipping and stopping a session, and a check-in, by keyboard only
are in test_player.py and test_checkin.py.)
"""

from __future__ import annotations

import subprocess
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 10, 0)


def test_screens_and_report_with_keys_only(qtbot, tmp_path, monkeypatch):
    services = open_services(tmp_path / "data", recover=True)
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # offscreen has no window manager to activate the window, and shortcuts need an
    # active window: do what the window manager does
    window.activateWindow()
    QApplication.setActiveWindow(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    try:
        for key, page in (
            (Qt.Key.Key_2, window.checkin),
            (Qt.Key.Key_3, window.progress),
            (Qt.Key.Key_1, window.today),
        ):
            qtbot.keyClick(window.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)
            assert window.pages.currentWidget() is page
        for key, page in ((Qt.Key.Key_4, window.settings_page), (Qt.Key.Key_5, window.clinician)):
            qtbot.keyClick(window.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)
            assert window.pages.currentWidget() is page

        pdf = tmp_path / "report.pdf"
        # the system's file chooser is the operating system's own dialog: answer it directly
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), "PDF"))
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))

        def press_enter_in_the_period_dialog() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, QDialog)
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

        QTimer.singleShot(200, press_enter_in_the_period_dialog)
        qtbot.keyClick(
            window.focusWidget() or window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
        )
        assert pdf.exists() and told and str(pdf) in told[0]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "CIPN Coach report" in text
    finally:
        services.close()
