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
from typing import Any

# a run of anything but spaces and CJK (a word, a code, a number) stays whole
_PIECES = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+|.")
_NO_LINE_START = frozenset("，。、；：）」』！？")
# the parts of a usage line, as argparse splits them: (a | b), [--x X [X ...]], word
_USAGE_PARTS = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")


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

    def add_argument(self, action: argparse.Action) -> None:
        """argparse sets the help column by the longest option in characters; a
        placeholder in Chinese is wider on screen, so measure it in columns too."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            widest = columns(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, widest)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """argparse wraps the usage by characters; with wide characters in it, wrap its
        parts again by columns, each line under the first part as argparse does."""
        text = super()._format_usage(usage, actions, groups, prefix)
        if columns(text) == len(text):
            return text
        lines = text.rstrip("\n").splitlines()
        said = " ".join(line.strip() for line in lines)
        head = f"{self._prog} "  # "用法：cipn-coach checkin ", then the parts
        start = said.index(head) + len(head) if head in said else 0
        first, parts = said[:start], _USAGE_PARTS.findall(said[start:])
        indent = " " * columns(first)
        width = self._width - self._current_indent
        wrapped, line = [], first
        for part in parts:
            if line.strip() and line != first and columns(f"{line} {part}") > width:
                wrapped.append(line)
                line = indent + part
            else:
                line = f"{line}{part}" if line == first else f"{line} {part}"
        wrapped.append(line)
        return "\n".join(wrapped) + "\n\n"

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
        if not tail.strip():  # the help is on the next lines already
            return text
        padding = len(tail) - len(tail.lstrip(" "))
        if padding - 2 >= extra:
            return first[:after] + tail[extra:] + newline + rest
        # too wide for the option column on screen: the help goes below it, as argparse
        # does with a long option
        help_position = min(self._action_max_length + 2, self._max_help_position)
        return first[:after] + "\n" + " " * help_position + tail.lstrip(" ") + newline + rest
