"""Issue 14: the app reads and speaks the library in its language, but whatever it saves
is the original (English with its ``[zh_HK]`` tables), so a save never drops a translation."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cipn_coach.services import open_services
from cipn_coach.storage.routines import RoutineRepository

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_chinese_app_shows_chinese_and_keeps_the_originals(tmp_path):
    services = open_services(tmp_path / "data", language="zh_HK")
    try:
        shown, original = services.library.routine("morning"), services.originals.routine("morning")
        assert services.library.language == "zh_HK" and services.originals.language == "en"
        assert CJK.search(shown.title) and not CJK.search(original.title)
        assert original.translation("zh_HK") is not None  # the table is still there
    finally:
        services.close()


def test_an_edited_routine_saved_in_a_chinese_app_keeps_its_translation(tmp_path):
    data = tmp_path / "data"
    services = open_services(data, language="zh_HK")
    try:
        edited = services.originals.routine("morning").model_copy(update={"get_ready_seconds": 25})
        row = RoutineRepository(services.db).save(edited, NOW)
        services.keep_routine(row.routine)
        assert services.library.routine("morning").get_ready_seconds == 25  # seen at once
        assert CJK.search(services.library.routine("morning").title)
        assert not CJK.search(services.originals.routine("morning").title)
        services.forget_routine("morning")
        assert "morning" not in services.library.routines
        assert "morning" not in services.originals.routines
    finally:
        services.close()
    reopened = open_services(data, language="zh_HK")  # the stored copy is the original
    try:
        assert reopened.originals.routine("morning").translation("zh_HK") is not None
        assert CJK.search(reopened.library.routine("morning").title)
    finally:
        reopened.close()


def test_an_english_app_has_one_library(tmp_path):
    services = open_services(tmp_path / "data")
    try:
        assert services.originals is services.library
    finally:
        services.close()


def test_a_renamed_or_copied_translated_routine_is_saved_without_the_old_name(tmp_path):
    """The Chinese table names the old title (and its numbers no longer match a title
    such as 'Morning 2', which the check refuses): a rename or copy leaves it out."""
    services = open_services(tmp_path / "data", language="zh_HK")
    try:
        repo = RoutineRepository(services.db)
        morning = services.originals.routine("morning")
        renamed = repo.save(morning.retitled("Morning 2"), NOW).routine
        assert renamed.title == "Morning 2" and renamed.translation("zh_HK") is None
        again = repo.rename("morning", "Morning 3", NOW).routine
        assert again.title == "Morning 3" and again.translation("zh_HK") is None
        copy = repo.duplicate(morning, "morning_copy", "Copy 2 of Morning", NOW).routine
        assert copy.translation("zh_HK") is None
        assert morning.retitled(morning.title) is morning  # same title: tables kept
    finally:
        services.close()
