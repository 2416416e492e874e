"""The numbers written in a text, to check that a translation says the same numbers.

A translated exercise must keep every clinical number exactly: "38 to 40 degrees
Celsius", "15 to 20 minutes", "3 to 5 out of 10". A translator's slip there is a safety
problem, not a style one, so the schemas compare the numbers of every translated text
with its English text and refuse a file where they differ. Compared as a sorted list,
because word order differs between languages ("3 to 5 out of 10" is "3至5分（滿分10分）").
Only ASCII digits count: numbers spelt as words ("one slow circle", "一下") are wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def numbers_in(text: str) -> list[str]:
    """The numbers written in digits in ``text``, sorted: "38 to 40" → ["38", "40"]."""
    return sorted(_NUMBER.findall(text))


def number_mismatches(pairs: Iterable[tuple[str, str, str]]) -> list[str]:
    """``where: …`` for every (where, english, translated) whose numbers differ."""
    problems = []
    for where, english, translated in pairs:
        wanted, found = numbers_in(english), numbers_in(translated)
        if wanted != found:
            problems.append(
                f"{where}: numbers {', '.join(found) or 'none'} differ from "
                f"the English {', '.join(wanted) or 'none'}"
            )
    return problems


def count_mismatches(pairs: Iterable[tuple[str, int, int]]) -> list[str]:
    """``where: …`` for every (where, english_count, translated_count) that differ."""
    return [
        f"{where}: {found} item(s), the English has {wanted}"
        for where, wanted, found in pairs
        if wanted != found
    ]
