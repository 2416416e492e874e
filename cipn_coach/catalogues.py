"""Building the message catalogues: extract, update and compile (Babel), in one place.

``make catalogues``, the wheel build (``hatch_build.py``) and the tests all call this
module, so the keywords and paths of ``pybabel extract`` are written once. It runs at
build time only; the app reads the compiled ``.mo`` through ``cipn_coach.i18n``.

    python -m cipn_coach.catalogues extract   # cipn_coach/locale/cipn_coach.pot
    python -m cipn_coach.catalogues update    # merge the .pot into every .po
    python -m cipn_coach.catalogues compile   # every .po → .mo (fuzzy entries left out)
    python -m cipn_coach.catalogues check     # exit 1 if a .po is incomplete or behind

The same with Babel's own command:
``pybabel extract -F babel.cfg -k n_:1,2 -k p_:1c,2 -k count:2,3 -o cipn_coach/locale/cipn_coach.pot .``
"""

from __future__ import annotations

import sys
from pathlib import Path

from cipn_coach.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = LOCALE_DIR.parents[1]  # the checkout: babel.cfg, cipn_coach/, ui/
MAPPING = ROOT / "babel.cfg"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# Babel's defaults (_, N_, gettext, ngettext, pgettext, ...) plus the app's own names
KEYWORDS = {"n_": (1, 2), "p_": ((1, "c"), 2), "count": (2, 3)}
COPYRIGHT = "CIPN Coach contributors"


def po_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> list[str]:
    """Every language with a ``.po`` (English is the source and has none)."""
    return [language for language in LANGUAGES if po_file(language).is_file()]


def extract():  # -> babel.messages.Catalog
    """A fresh template of every message in cipn_coach/ and ui/, as ``babel.cfg`` maps them."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    catalog = Catalog(project="CIPN Coach", copyright_holder=COPYRIGHT, charset="utf-8")
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=keywords,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_template() -> Path:
    from babel.messages.pofile import write_po

    with TEMPLATE.open("wb") as out:
        write_po(out, extract(), width=90, sort_by_file=True)
    return TEMPLATE


def read_po(language: str):  # -> babel.messages.Catalog
    from babel.messages.pofile import read_po as read

    with po_file(language).open("rb") as source:
        return read(source, locale=language, domain=DOMAIN)


def update() -> None:
    """Merge a freshly extracted template into every ``.po`` (new messages come in
    untranslated, changed ones fuzzy: ``check`` then fails until a translator looks)."""
    from babel.messages.pofile import write_po

    template = extract()
    for language in translated_languages():
        catalog = read_po(language)
        catalog.update(template, update_header_comment=False)
        with po_file(language).open("wb") as out:
            write_po(out, catalog, width=90, sort_by_file=True, ignore_obsolete=True)


def compile_all() -> list[Path]:
    """Every ``.po`` → ``.mo`` beside it; returns the files written."""
    from babel.messages.mofile import write_mo

    written = []
    for language in translated_languages():
        mo = po_file(language).with_suffix(".mo")
        with mo.open("wb") as out:
            write_mo(out, read_po(language), use_fuzzy=False)
        written.append(mo)
    return written


def problems(language: str) -> list[str]:
    """What keeps ``language`` from being complete: untranslated, fuzzy, or a message
    the code has that the ``.po`` lacks (extraction newer than the last update)."""
    catalog = read_po(language)
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"untranslated: {message.id!r}")
    for message in extract():
        if message.id and catalog.get(message.id, context=message.context) is None:
            found.append(f"missing (run update): {message.id!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        print(write_template())
    elif command == "update":
        update()
    elif command == "compile":
        for path in compile_all():
            print(path)
    elif command == "check":
        found = [
            f"{language}: {p}" for language in translated_languages() for p in problems(language)
        ]
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(
            "usage: python -m cipn_coach.catalogues extract|update|compile|check", file=sys.stderr
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
