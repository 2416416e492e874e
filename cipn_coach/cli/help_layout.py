"""The help's columns for Chinese: a Chinese character takes two columns of a terminal.

argparse measures text with ``len`` and wraps it at spaces. Chinese has no spaces and
each character is two columns wide, so its help would be cut inside an English code
("el / ectric") and its right column would drift out of line. ``WideCharacterHelp``
wraps by display columns, never inside a run of Latin letters or digits, never starts a
line with closing punctuation, and pads the option column by columns too. English help
is laid out as before (one column per character, wrapped at spaces).
"""

from __future__ import annotations

import argparse
import re
import unicodedata

# a run of anything but spaces and CJK (a word, a code, a number) stays whole
_PIECES = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+|.")
_NO_LINE_START = frozenset("，。、；：）」』！？")


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_by_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a single longer piece overflows)."""
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(" ".join(text.split())):
        if piece.isspace():
            line += " " if line else ""
            continue
        if line and columns(line + piece) > width and piece[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line:
        lines.append(line.rstrip())
    return lines


class WideCharacterHelp(argparse.HelpFormatter):
    """argparse's help, measured in terminal columns (see the module's docstring)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_by_columns(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_by_columns(text, width - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads the option column by characters; take out the columns its
        wide characters already filled, so the help column lines up."""
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = columns(header) - len(header)
        first, newline, rest = text.partition("\n")
        at = first.find(header)
        if extra <= 0 or at < 0:
            return text
        after = at + len(header)
        tail = first[after:]
        padding = len(tail) - len(tail.lstrip(" "))
        cut = min(extra, padding - 2)
        if tail.strip() and cut > 0:
            first = first[:after] + tail[cut:]
        return first + newline + rest
