"""Dates, numbers and counts come out the same whatever the process locale says."""

import locale
from datetime import date, datetime, time

import pytest

from cipn_coach import formatting


@pytest.fixture(autouse=True)
def _english():
    formatting.set_language("en")
    yield
    formatting.set_language("en")


def test_english_days():
    day = date(2026, 12, 4)
    assert formatting.day_long(day) == "Friday 4 December"
    assert formatting.day_short(day) == "Fri 4 Dec"
    assert formatting.day_year(day) == "4 December 2026"
    assert formatting.day_month(day) == "4 Dec"
    assert formatting.clock(time(15, 30)) == "15:30"
    assert formatting.moment(datetime(2026, 12, 4, 9, 5)) == "4 December 2026, 09:05"


def test_chinese_days():
    formatting.set_language("zh-HK")
    day = date(2026, 12, 4)
    assert formatting.day_long(day) == "12月4日（星期五）"
    assert formatting.day_year(day) == "2026年12月4日"


def test_counts_and_numbers():
    assert formatting.count(1, "{n} day", "{n} days") == "1 day"
    assert formatting.count(0, "{n} day", "{n} days") == "0 days"
    assert formatting.count(1234, "{n} day", "{n} days") == "1,234 days"
    assert formatting.number(4.2857) == "4.3"
    assert formatting.number(4.0) == "4"
    assert formatting.whole(12.6) == "13"
    formatting.set_language("zh-HK")
    assert formatting.count(1, "{n} day", "{n}日") == "1日"


def test_process_locale_does_not_leak():
    """A German process locale would make strftime('%A') say 'Freitag'."""
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("no German locale on this machine to prove the point with")
    try:
        assert formatting.day_long(date(2026, 12, 4)) == "Friday 4 December"
    finally:
        locale.setlocale(locale.LC_TIME, "C")


def test_unknown_language_is_named():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        formatting.set_language("fr")


def test_averages_side_by_side_keep_their_decimal():
    """A table of averages read '3' beside '2.7' (the before-cycle summary): a nurse
    compares them column by column, so each keeps its one decimal."""
    assert formatting.average(3) == "3.0"
    assert formatting.average(2.66) == "2.7"
    assert formatting.average(10) == "10.0"
