"""The language of every word the app shows or says: one gettext catalogue for core and UI.

Messages are written in English in the code and looked up in
``cipn_coach/locale/<language>/LC_MESSAGES/cipn_coach.mo`` (see docs/TRANSLATING.md).
The functions, named so that ``pybabel extract`` finds them (``babel.cfg`` lists them):

- ``_("text")``: a message, translated now.
- ``n_("{n} day", "{n} days", n)``: a message that depends on a count; the catalogue's
  plural rule chooses the form (Chinese has one form, English two).
- ``p_("context", "text")``: the same English words that need different translations
  (e.g. "Stop" as a button and as a heading).
- ``N_("text")``: only marks a message for extraction and returns it unchanged. Used for
  module-level constants, which are made at import, before the language is chosen; the
  place that shows them translates them with ``_(CONSTANT)``.

The language is chosen once at start (``set_language``): ``--lang``, else the stored
preference (``preferences.LANGUAGE``), else the system locale (``system_language``).

Why the ``.mo`` may be compiled here: ``make`` compiles the catalogues and the wheel build
ships them, but a checkout run without ``make`` (or a ``.po`` edited since) would then
silently show English or stale words. So a missing or older ``.mo`` is compiled from its
``.po`` in memory (Babel, ~50 ms) instead; nothing is written into the package folder,
which may be read-only.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "cipn_coach"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
CHINESE_HK = "zh_HK"
LANGUAGES: tuple[str, ...] = (ENGLISH, CHINESE_HK)  # gettext names, as the folders are named
TAGS = {ENGLISH: "en", CHINESE_HK: "zh-HK"}  # as people type them: cipn-coach --lang zh-HK
NAMES = {ENGLISH: "English", CHINESE_HK: "繁體中文（香港）"}  # each in its own language
# Qt's own catalogue for its dialogs' buttons (ui.gui loads it); Qt has no zh_HK
QT_TRANSLATIONS = {CHINESE_HK: "qtbase_zh_TW"}
# system locales whose readers read Traditional Chinese: Hong Kong, Taiwan, Macau, Cantonese
_TRADITIONAL_CHINESE = ("zh_hk", "zh_tw", "zh_mo", "zh_hant", "yue")


def normalize(code: str) -> str:
    """``'zh-HK'``, ``'zh_hk'`` → ``'zh_HK'``; ``ValueError`` naming the choices otherwise."""
    wanted = code.strip().replace("-", "_").lower()
    for language in LANGUAGES:
        if wanted == language.lower():
            return language
    # in the language already chosen (Settings, the system): this one is unknown
    raise ValueError(
        _("unknown language {code}: choose one of {choices}").format(
            code=repr(code), choices=", ".join(TAGS[lang] for lang in LANGUAGES)
        )
    )


def system_language(env: Mapping[str, str] | None = None) -> str:
    """The app's language for this computer's locale: Chinese for a Traditional Chinese
    or Cantonese locale, English for any other (there is no Simplified Chinese yet).

    Reads the variables in gettext's order (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``); the first one set decides.
    """
    env = os.environ if env is None else env
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").split(":")[0].split(".")[0].split("@")[0]
        if value and value not in ("C", "POSIX"):
            tag = value.replace("-", "_").lower()
            return CHINESE_HK if tag.startswith(_TRADITIONAL_CHINESE) else ENGLISH
    return ENGLISH


def choose_language(
    requested: str | None, stored: str | None, env: Mapping[str, str] | None = None
) -> str:
    """``--lang`` wins, then the saved preference, then the system locale."""
    if requested is not None:
        return normalize(requested)
    if stored is not None:
        return normalize(stored)
    return system_language(env)


def _catalogue_file(language: str, suffix: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled messages of ``language`` (English is the code's own words)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    po, mo = _catalogue_file(language, ".po"), _catalogue_file(language, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    return _compiled_in_memory(po, language)


def _compiled_in_memory(po: Path, language: str) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        messages = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


_language = ENGLISH
_current: gettext.NullTranslations = catalogue(ENGLISH)


def set_language(code: str) -> None:
    """Choose the language of every later message, date and number (``'en'``, ``'zh-HK'``)."""
    global _language, _current
    language = normalize(code)
    _current = catalogue(language)
    _language = language


def language() -> str:
    """The current language: ``'en'`` or ``'zh_HK'``."""
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def n_(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def p_(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    return message
