"""Settings → Treatment, Today's cycle reminder, the "Before your next cycle" screen and
the cycle markers on the symptom chart, driven through the real window with keys."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from cipn_coach.treatment.record import Agent, Cycle
from ui.main_window import MainWindow

NOW = datetime(2027, 1, 8, 9, 0)  # a Friday; a planned cycle on Sunday 10 January
TODAY = NOW.date()


@pytest.fixture
def window(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    services.plan.start_date(TODAY - timedelta(days=27))
    for n in range(28):
        day = TODAY - timedelta(days=n)
        values = {"hands": 3 if day < date(2026, 12, 20) else 5, "feet": 4, "pain": 2}
        services.checkins.save(
            day,
            CheckInValues.parse(values),
            datetime(day.year, day.month, day.day, 19, tzinfo=UTC),
            today=TODAY,
        )
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    yield window
    services.close()


def press(qtbot, widget, key=Qt.Key.Key_Space) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(widget, key)


def test_settings_treatment_saves_medicines_and_cycles_by_keyboard(qtbot, window):
    section = window.treatment.section
    window.show_settings()
    press(qtbot, section.agent_boxes[Agent.OXALIPLATIN].box)
    assert window.services.treatment.record().agents == (Agent.OXALIPLATIN,)
    section.new_day.setDate(QDate(2026, 12, 20))
    press(qtbot, section.add_button)
    section.new_day.setDate(QDate(2027, 1, 10))
    press(qtbot, section.add_button)  # a future day not marked planned: refused
    assert (
        section.status.text().startswith("Not saved.") and "Still to come" in section.status.text()
    )
    press(qtbot, section.new_planned.box)
    press(qtbot, section.add_button)
    record = window.services.treatment.record()
    assert record.cycles == (Cycle(date(2026, 12, 20)), Cycle(date(2027, 1, 10), True))
    assert set(section.remove_buttons) == {date(2026, 12, 20), date(2027, 1, 10)}
    assert (
        section.remove_buttons[date(2027, 1, 10)].accessibleName()
        == "Remove cycle 2, 10 January 2027"
    )
    press(qtbot, section.remove_buttons[date(2027, 1, 10)])
    assert window.services.treatment.record().cycles == (Cycle(date(2026, 12, 20)),)


def _treatment(window) -> None:
    treatment = window.services.treatment
    treatment.set_agents((Agent.OXALIPLATIN,), None, datetime(2026, 12, 1, tzinfo=UTC))
    for cycle in (Cycle(date(2026, 12, 20)), Cycle(date(2027, 1, 10), True)):
        treatment.add_cycle(cycle, datetime(2026, 12, 1, tzinfo=UTC))


def test_today_reminds_and_opens_the_pre_cycle_screen_with_the_summary_numbers(
    qtbot, window, tmp_path
):
    _treatment(window)
    window.show_today()
    today = window.today
    assert today.treatment_line.text() == "Your next cycle is on Sunday. Take your summary."
    assert today.summary_button.isVisible()
    press(qtbot, today.summary_button)
    screen = window.treatment.screen
    qtbot.waitUntil(lambda: window.pages.currentWidget() is screen)
    before = load_summary(window.services, TODAY - timedelta(days=27), TODAY, NOW)["treatment"][
        "before_next_cycle"
    ]
    assert screen.title.text() == "Before your next cycle (Sunday 10 January)"
    hands = screen.page.rows[0]
    assert (
        hands[1:3] == ("3.0", "5.0")  # averages keep their decimal
        and before["averages_then"]["hands"] == 3.0
        and before["averages_now"]["hands"] == 5.0
    )
    window.treatment.save_pdf(tmp_path / "before.pdf")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "before.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Share this with your oncology team" in " ".join(text.split())
    press(qtbot, screen.back_button)
    assert window.pages.currentWidget() is window.today


def test_symptom_chart_marks_each_cycle_day_and_says_it(qtbot, window):
    _treatment(window)
    window.show_progress()
    chart = window.progress.symptom_chart
    qtbot.waitUntil(lambda: len(chart.cycle_lines) == 1)  # the planned one is after today
    assert chart.cycle_lines[0].value() == date(2026, 12, 20).toordinal()
    index = chart.days.index(date(2026, 12, 20))
    assert "Chemotherapy cycle 1" in chart.describe_day(index)


def test_family_view_hides_the_summary_button(qtbot, window):
    _treatment(window)
    window.set_family(True)
    assert window.today.treatment_line.isVisible()
    assert not window.today.summary_button.isVisible()


def test_check_in_asks_the_weekly_questions_once_a_week_and_cold_after_oxaliplatin(qtbot, window):
    """Due today (no answer in the last 7 days): shown; ticking the self-care one and
    saving makes Today say "contact your care team now". The next day they are not asked."""
    window.services.treatment.set_agents(
        (Agent.OXALIPLATIN,), None, datetime(2026, 12, 1, tzinfo=UTC)
    )
    window.services.treatment.add_cycle(Cycle(date(2027, 1, 6)), datetime(2026, 12, 1, tzinfo=UTC))
    window.show_checkin()
    page = window.checkin
    assert page.weekly_box.isVisible() and page.cold_hint.isVisible()
    press(qtbot, page.weekly["self_care_harder"].box)
    with qtbot.waitSignal(page.saved):
        press(qtbot, page.hands, Qt.Key.Key_Return)
    row = window.services.checkins.get(TODAY)
    assert (row.daily_tasks_harder, row.self_care_harder) == (False, True)
    window.show_today()
    assert any("wash, dress or eat" in card.text() for card in window.today.flag_cards)
    window.show_checkin(TODAY - timedelta(days=1))  # answered the day after: not asked again
    assert not page.weekly_box.isVisible() and page.cold_hint.isVisible()
    window.show_checkin(TODAY - timedelta(days=3))  # before the infusion's cold days
    assert not page.cold_hint.isVisible()
