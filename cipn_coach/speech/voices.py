"""Which installed voices suit the text: only those for its language.

espeak-ng installs ~130 voices; offered all of them, a patient could pick one that
reads English with a foreign accent (or as gibberish). The Settings list shows only the
voices whose language is the text's. The filter takes a language code, so the Cantonese
voice (``yue``) for the Chinese texts is found the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TEXT_LANGUAGE = "en"
"""The language every spoken text is written in today (the Chinese texts will say ``yue``)."""


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]  # BCP 47-like tags as espeak-ng gives them: "en-gb", "yue"


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


def voices_for_language(voices: Iterable[Voice], language: str) -> list[Voice]:
    """The voices that speak ``language`` ("en", "en-GB", "yue"), by name. A voice made
    to read romanized text (an id with "-latn", e.g. Mandarin "latin as English") is
    left out: it does not speak the language of the text."""
    wanted = _primary(language)
    found = [v for v in voices
             if any(_primary(tag) == wanted for tag in v.languages) and "-latn" not in v.id]
    return sorted(found, key=lambda v: v.name.casefold())
