"""Control characters out of names people read: a routine title from a file must not be
able to move the terminal's cursor, recolour it or clear the screen when printed.

Used on input (titles and short texts are stripped as files are validated) and on
output (the CLI strips whatever it prints, for data saved before this rule).
"""

from __future__ import annotations

import unicodedata
from typing import Any

_KEPT = {"\n", "\t"}


def without_controls(text: str, keep_lines: bool = False) -> str:
    """``text`` without C0/C1 control characters (ESC, CSI, BEL, …). With
    ``keep_lines``, newlines and tabs stay (multi-line output)."""
    return "".join(
        c for c in text if unicodedata.category(c) != "Cc" or (keep_lines and c in _KEPT)
    )


def strip_controls_before(value: Any) -> Any:
    """A pydantic ``BeforeValidator``: strings lose their control characters before the
    length rules apply (so a title of only escapes is still "too short")."""
    return without_controls(value) if isinstance(value, str) else value
