"""Dates, times, numbers and counts as a person reads them, in the chosen language.

Every date, time, number or "N things" that the app shows or says goes through this one
module, so that the words never depend on the process locale (``strftime('%a')`` gives
German on a German system and English before Qt has set the locale) and so that a second
language is one table here, not a search through every page. The patterns come from CLDR
through Babel. The language is the one ``cipn_coach.i18n`` holds (set once at start), so
messages and dates never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, time

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from cipn_coach import i18n

# The app's languages and the CLDR locale whose patterns they use. English follows
# British order ("Friday 4 December"), as the Hong Kong clinic's English leaflets do.
LOCALES: dict[str, str] = {i18n.ENGLISH: "en_GB", i18n.CHINESE_HK: "zh_Hant_HK"}

# Patterns (CLDR skeleton-free, fixed per language so a screen never changes its shape).
_PATTERNS: dict[str, dict[str, str]] = {
    "en": {
        "day_long": "EEEE d MMMM",  # Friday 4 December
        "day_short": "EEE d MMM",  # Fri 4 Dec
        "day_month": "d MMM",  # 4 Dec
        "day_month_long": "d MMMM",  # 4 December
        "day_year": "d MMMM y",  # 4 December 2026
        "day_year_short": "d MMM y",  # 4 Dec 2026
        "weekday": "EEEE",  # Friday
    },
    i18n.CHINESE_HK: {
        "day_long": "M月d日（EEEE）",  # 12月4日（星期五）
        "day_short": "M月d日（EEEEE）",  # 12月4日（五）
        "day_month": "M月d日",
        "day_month_long": "M月d日",
        "day_year": "y年M月d日",
        "day_year_short": "y年M月d日",
        "weekday": "EEEE",
    },
}


def set_language(language: str) -> None:
    """Choose the language of every later message, date, number and count
    (``i18n.set_language``; kept here for the callers that only format)."""
    i18n.set_language(language)


def language() -> str:
    return i18n.language()


def _locale() -> str:
    return LOCALES[i18n.language()]


def _date(value: date, kind: str) -> str:
    return format_date(value, _PATTERNS[i18n.language()][kind], locale=_locale())


def day_long(value: date) -> str:
    """'Friday 4 December' — a day named in a sentence."""
    return _date(value, "day_long")


def day_short(value: date) -> str:
    """'Fri 4 Dec' — a day in a list or a chart axis."""
    return _date(value, "day_short")


def day_month(value: date) -> str:
    """'4 Dec'."""
    return _date(value, "day_month")


def day_month_long(value: date) -> str:
    """'4 December'."""
    return _date(value, "day_month_long")


def day_year(value: date) -> str:
    """'4 December 2026' — a day far enough away that the year matters."""
    return _date(value, "day_year")


def day_year_short(value: date) -> str:
    """'4 Dec 2026'."""
    return _date(value, "day_year_short")


def weekday(value: date) -> str:
    """'Friday'."""
    return _date(value, "weekday")


def clock(value: time | datetime) -> str:
    """'15:30' — 24-hour clock in both languages, as Hong Kong timetables write it."""
    return format_time(value, "HH:mm", locale=_locale())


def moment(value: datetime) -> str:
    """'4 December 2026, 15:30' in local time."""
    local = value.astimezone() if value.tzinfo else value
    return f"{day_year(local.date())}, {clock(local)}"


def number(value: float | int, decimals: int = 1) -> str:
    """A number with at most ``decimals`` digits after the point ('4.3', '12')."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale())


def average(value: float | int) -> str:
    """An average to one decimal, always shown ('3.0', '2.7'): averages set side by side
    (a table's columns) read alike, where ``number`` would give '3' beside '2.7'."""
    return format_decimal(value, format="#,##0.0", locale=_locale())


def whole(value: float | int) -> str:
    """A whole number, rounded half away from zero as people expect ('13', not '12.6')."""
    return number(round(value), decimals=0)


def plural_category(n: int) -> str:
    """CLDR's plural category of ``n`` in the current language ('one', 'other', ...)."""
    return Locale.parse(_locale()).plural_form(n)


def count(n: int, one: str, other: str) -> str:
    """'1 day' / '3 days': ``one`` and ``other`` hold ``{n}`` where the number goes.

    They are English messages, translated here through the catalogue (``pybabel
    extract`` knows ``count`` as a plural keyword), whose plural rule picks the form:
    Chinese has one form for every number.
    """
    return i18n.n_(one, other, n).format(n=number(n, decimals=0))
