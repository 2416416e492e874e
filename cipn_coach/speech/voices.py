"""Which installed voices suit the text: only those for its language.

espeak-ng installs ~130 voices; offered all of them, a patient could pick one that
reads English with a foreign accent (or as gibberish). The Settings list shows only the
voices whose language is the text's. The filter takes the app's language code and maps
it to the spoken language: the Hong Kong Chinese texts (``zh_HK``) are read by a
Cantonese voice (espeak-ng's ``yue``), never by a Mandarin or an English one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cipn_coach.i18n import N_, _

TEXT_LANGUAGE = "en"
"""The language of the spoken texts when none is chosen."""

SPOKEN_LANGUAGES: dict[str, str] = {"en": "en", "zh_hk": "yue"}
"""The app's text language (lower case, "_") → the language tag of the voices that read
it. Written Chinese as used in Hong Kong is read aloud in Cantonese."""


VOICE_NAMES: dict[str, str] = {
    "yue": N_("Cantonese"),
}
"""Names, in the reader's language, of the voices the app offers for a language other
than English. espeak-ng names every voice in English ("Chinese (Cantonese)"), which a
reader of the Chinese screens would see in Settings; keyed by the voice's file name."""


def voice_name(voice_id: str, name: str) -> str:
    """What Settings calls a voice: its name in the reader's language where the app has
    one (``VOICE_NAMES``), else the engine's own name."""
    key = voice_id.rsplit("/", 1)[-1].lower()
    return _(VOICE_NAMES[key]) if key in VOICE_NAMES else name


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]  # BCP 47-like tags as espeak-ng gives them: "en-gb", "yue"


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


def spoken_language(language: str) -> str:
    """The voice language for a text language: "zh_HK" or "zh-HK" → "yue"; "en-GB" and
    voice tags ("yue") as they are."""
    return SPOKEN_LANGUAGES.get(language.strip().lower().replace("-", "_"), language)


def voices_for_language(voices: Iterable[Voice], language: str) -> list[Voice]:
    """The voices that speak ``language`` ("en", "en-GB", "zh_HK", "yue"), by name. A
    voice made to read romanized text (an id with "-latn", e.g. Cantonese "latin as
    Jyutping") is left out: it does not speak the language of the text."""
    wanted = _primary(spoken_language(language))
    found = [
        v
        for v in voices
        if any(_primary(tag) == wanted for tag in v.languages) and "-latn" not in v.id
    ]
    return sorted(found, key=lambda v: v.name.casefold())


def voice_for_language(
    voices: Iterable[Voice], language: str, chosen: str | None = None
) -> str | None:
    """The voice id to read ``language`` with: ``chosen`` if it speaks it, else the first
    voice that does (by name), else None (the engine's default; captions carry on).
    Why: a saved English voice, or the engine's English default, would read Chinese text
    as letter names."""
    suitable = voices_for_language(voices, language)
    if chosen is not None and any(v.id == chosen for v in suitable):
        return chosen
    return suitable[0].id if suitable else None
