"""The family view tells a relative about the patient's chemotherapy, not the patient.
It showed the patient's own lines: "Your next cycle is on Tuesday. Take your summary."
(with no summary button in that view) and "Keep warm: no cold drinks…" as if to the
relative. It now says them about the patient, as its flag cards do."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from cipn_coach.treatment.record import Agent, Cycle
from tests.ui.windows import open_main_window

RECORDED = datetime(2026, 12, 1, tzinfo=UTC)


def family_treatment_line(qtbot, services, now: datetime) -> str:
    window = open_main_window(qtbot, services, now)
    window.menus.family_action.trigger()  # View → Family view (read only)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    line = window.today.treatment_line
    qtbot.waitUntil(line.isVisible)
    return line.text()


def test_the_cycle_reminder_speaks_about_the_patient_in_the_family_view(qtbot, services):
    services.treatment.set_agents((Agent.PACLITAXEL,), None, RECORDED)
    services.treatment.add_cycle(Cycle(date(2026, 12, 8), planned=True), RECORDED)
    words = family_treatment_line(qtbot, services, datetime(2026, 12, 6, 10, 0))
    assert "Tuesday" in words
    assert "Your" not in words and "your" not in words


def test_the_keep_warm_advice_speaks_about_the_patient_in_the_family_view(qtbot, services):
    services.treatment.set_agents((Agent.OXALIPLATIN,), None, RECORDED)
    services.treatment.add_cycle(Cycle(date(2026, 12, 5)), RECORDED)
    words = family_treatment_line(qtbot, services, datetime(2026, 12, 6, 10, 0))
    assert "oxaliplatin" in words
    assert "Help them keep warm" in words
