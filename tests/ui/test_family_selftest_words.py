"""Progress's self-test cards in the family view speak about the patient. They kept the
patient's own words for a relative to read: "Stopping when you feel unsteady is the
right thing to do.", the note under a result below the usual band ("Mention this to
your physiotherapist.", "You could not hold heel to toe…"), and why a test has no band
("…shows your own trend only."). Now they say them about the patient, in English and
in Chinese; the patient's own Progress keeps its words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cipn_coach import i18n
from cipn_coach.services import Services, open_services
from cipn_coach.settings.patient import save_profile
from tests.ui.windows import open_main_window
from ui.main_window import MainWindow

NOW = datetime(2026, 12, 6, 10, 0)
TO_THE_READER = re.compile(r"\b(you|your)\b", re.IGNORECASE)
TO_THE_READER_ZH = re.compile("你")  # 你 / 你的: the patient addressed


def seed(services: Services) -> None:
    """A 72-year-old woman's results: chair stands fewer than her band (a note), a
    balance test below STEADI's 30 seconds (the care team), and the one-leg stance
    (trend only), stopped for safety on the right."""
    save_profile(services.settings, birth_year=1954, sex="female")
    first = NOW.date() - timedelta(days=14)
    stamp = datetime(2026, 11, 22, 9, tzinfo=UTC)
    tests = services.self_tests
    tests.add("chair_stand_30s", first, 8, stamp)
    tests.add("chair_stand_30s", first + timedelta(days=7), 7, stamp)
    tests.add("four_stage_balance", first, 24, stamp)
    tests.add("single_leg_stance", first, 6, stamp, side="left")
    tests.add("single_leg_stance", first + timedelta(days=7), 3, stamp, side="left")
    tests.add(
        "single_leg_stance",
        first + timedelta(days=7),
        2,
        stamp,
        side="right",
        stopped_for_safety=True,
    )


def selftest_texts(qtbot, window: MainWindow) -> list[str]:
    """Every text on Progress's self-test cards, once they are drawn."""
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Progress
    section = window._progress.selftests
    qtbot.waitUntil(lambda: len(section.cards) == 3)
    return [label.text() for card in section.cards for label in card.findChildren(QLabel)]


def test_family_selftest_cards_speak_about_the_patient(qtbot, services):
    seed(services)
    window = open_main_window(qtbot, services, NOW)
    own = " ".join(selftest_texts(qtbot, window))
    assert "Mention this to your physiotherapist." in own  # the patient's words, kept
    assert "Stopping when you feel unsteady" in own
    window.menus.family_action.trigger()  # View → Family view (read only)
    texts = selftest_texts(qtbot, window)
    assert [t for t in texts if TO_THE_READER.search(t)] == []
    family = " ".join(texts)
    assert "stopped for safety" in family and "physiotherapist" in family
    assert "care team" in family  # STEADI's tandem rule: still pointed to the care team


def test_family_selftest_cards_speak_about_the_patient_in_chinese(qtbot, tmp_path):
    i18n.set_language(i18n.CHINESE_HK)
    services = open_services(tmp_path / "data", language=i18n.CHINESE_HK)
    try:
        seed(services)
        window = open_main_window(qtbot, services, NOW)
        own = " ".join(selftest_texts(qtbot, window))
        assert "請告訴你的物理治療師" in own  # the patient's words, kept
        window.menus.family_action.trigger()
        texts = selftest_texts(qtbot, window)
        assert [t for t in texts if TO_THE_READER_ZH.search(t)] == []
        family = " ".join(texts)
        assert "物理治療師" in family and "醫護團隊" in family
        assert "他們感到站不穩時停下來" in family  # in Chinese, not the English fallback
        assert "只顯示他們自己的趨勢" in family
    finally:
        services.close()


def test_no_self_test_yet_is_said_about_the_patient_in_the_family_view(qtbot, services):
    window = open_main_window(qtbot, services, NOW)
    window.menus.family_action.trigger()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    empty = window._progress.selftests.empty
    qtbot.waitUntil(empty.isVisible)
    assert "their balance" in empty.text() and not TO_THE_READER.search(empty.text())
