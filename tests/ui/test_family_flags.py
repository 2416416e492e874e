"""Issue 12 §3 in the family view: an old urgent flag is history, never an instruction.

Near-falls 15 and 18 days ago: Today shows nothing about them, and Progress in the family
view tells them as "Near-falls on … — did you tell your care team?", not as "Please
contact your care team now". A new one the same day is an instruction everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QLabel

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 12, 4, 18, 0)
TODAY = NOW.date()


def texts(widget) -> str:
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def test_old_near_falls_are_history_in_the_family_view(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        services.plan.start_date(TODAY - timedelta(days=27))
        for ago in (18, 15, 0):
            day = TODAY - timedelta(days=ago)
            values = {"hands": 2, "feet": 2, "pain": 1, "near_falls": 1 if ago else 0}
            services.checkins.save(
                day,
                CheckInValues.parse(values),
                datetime(day.year, day.month, day.day, 19, tzinfo=UTC),
                today=TODAY,
            )
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        window.set_family(True)
        window.show_today()
        assert window.today.flag_cards == []
        window.show_progress()
        page = window.progress
        qtbot.waitUntil(lambda: bool(page.flag_cards))
        shown = texts(page)
        # asked about the patient, not of the relative reading it
        assert "Near-falls on 16 and 19 Nov — did they tell their care team?" in shown
        assert "contact your care team now" not in shown.lower()
    finally:
        services.close()


def test_a_current_flag_on_progress_is_told_to_the_relative_in_the_family_view(qtbot, tmp_path):
    """Progress, like Today, words a current flag about the patient for a relative ("Please
    help them…"), never the patient's own instruction ("Please contact your care team…");
    leaving the family view words it to the patient again."""
    services = open_services(tmp_path / "data")
    try:
        services.plan.start_date(TODAY - timedelta(days=27))
        values = {"hands": 2, "feet": 2, "pain": 1, "falls": 1}
        services.checkins.save(
            TODAY,
            CheckInValues.parse(values),
            datetime(TODAY.year, TODAY.month, TODAY.day, 17, tzinfo=UTC),
            today=TODAY,
        )
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        window.show_progress()
        page = window.progress
        qtbot.waitUntil(lambda: bool(page.flag_cards))
        patient_words = texts(page)
        assert "Please help them" not in patient_words  # to the patient: their own instruction
        window.set_family(True)
        window.show_progress()
        qtbot.waitUntil(lambda: "Please help them" in texts(page))
        family_words = texts(page)
        assert "A fall was noted in the check-ins." in family_words
        assert "What to do:" not in family_words and "your care team" not in family_words.lower()
        window.leave_family()
        window.show_progress()
        qtbot.waitUntil(lambda: "Please help them" not in texts(page))
    finally:
        services.close()


def test_the_two_daily_life_flags_are_told_about_the_patient():
    """The family view words the new flags about the patient, with what a relative can do."""
    from datetime import date

    from cipn_coach.checkin.averages import by_day
    from cipn_coach.checkin.flags import flags
    from cipn_coach.treatment.record import Agent, Cycle, Treatment
    from tests.core import factories
    from ui.pages.family_words import family_flag

    day = date(2027, 1, 7)
    days = by_day(
        [factories.checkin_row(day, 2, 2, 1, daily_tasks_harder=True, self_care_harder=True)]
    )
    treatment = Treatment((Agent.DOCETAXEL,), None, (Cycle(date(2026, 12, 20)),))
    told = {f.rule: family_flag(f.as_dict()) for f in flags(days, day, day, treatment=treatment)}
    heading, body = told["self_care_harder"]
    assert heading == "The care team should hear about this now"
    assert "harder for them to wash, dress or eat" in body
    heading, body = told["daily_tasks_harder_in_treatment"]
    assert heading == "The oncology team should hear about this before the next cycle"
    assert "cooking, shopping or handling money" in body and "before the next cycle" in body
