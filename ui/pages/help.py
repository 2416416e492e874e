"""Help (keys, what the numbers mean, safety) and About (version, licence, disclaimer,
where the data is), from the Help menu.

One small dialog shows either: its text scrolls and wraps, so it fits a 1024×600 screen
at 200 % text; Close is a big button, and Esc closes it too. The numbers in the text come
from ``cipn_coach.thresholds``, the same place the rules read them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from cipn_coach import __version__, thresholds as t
from cipn_coach.safety import DISCLAIMER, STOP_RULE
from ui.widgets.buttons import big_button


def _section(title: str, lines: list[str]) -> str:
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<h3>{escape(title)}</h3><ul>{items}</ul>"


def help_html() -> str:
    keys = [
        "<b>Ctrl+1 … Ctrl+5</b>: Today, Check-in, Progress, Settings, Clinician.",
        "<b>Tab</b> moves between buttons; <b>Space</b> or <b>Enter</b> presses one.",
        "In a session: <b>Space</b> pause or carry on, <b>→</b> skip, <b>←</b> back, "
        "<b>Esc</b> stop (it asks first).",
        "In the check-in: type a number from 0 to 10; <b>Enter</b> saves.",
        "<b>F1</b> opens this help.",
    ]
    numbers = [
        f"Ratings go from {t.SCALE_MIN} (none) to {t.SCALE_MAX} (as bad as it could be).",
        f"The 7-day average covers a day and the {t.WINDOW_DAYS - 1} days before it. It is "
        f"shown when at least {t.MIN_DAYS_IN_WINDOW} of those days were rated. Days not "
        "rated are left out, never counted as 0.",
        f"<b>A check-up is recommended</b> when an average stays above "
        f"{t.EVALUATION_AVERAGE:g} for {t.EVALUATION_SPAN_DAYS} days in a row, or daily life "
        f"was harder on {t.FUNCTION_YES_DAYS} of the last {t.FUNCTION_RECENT_DAYS} days.",
        "<b>Please contact your care team now</b> appears after a fall, near-falls on "
        f"{t.NEAR_FALL_DAYS} days within {t.NEAR_FALL_WINDOW_DAYS}, an average rising by "
        f"{t.RED_FLAG_RISE:g} points within {t.RISE_WITHIN_DAYS} days, new weakness, or a "
        "burn or wound you did not feel.",
        f"A session stopped early still counts as done when at least "
        f"{round(t.PARTIAL_COUNTS_AS_DONE * 100)} % of its exercise time was done. "
        "It shows as <i>partly done</i>.",
    ]
    safety = [
        escape(STOP_RULE),
        "For balance: stand at a kitchen counter, a sturdy chair behind you, the floor "
        "clear and the light good. Sit down if you feel dizzy.",
        "For a foot soak: check the water with a thermometer (38 to 40 °C). Never test it "
        "with a numb foot or hand.",
        "Tell your care team about a fall, new weakness, or a wound you did not feel.",
    ]
    return (_section("Keys", keys) + _section("What the numbers mean", numbers)
            + _section("Staying safe", safety))


def about_html(data_folder: Path | None) -> str:
    where = (f"Your records are kept in <b>{escape(str(data_folder))}</b>, with backups in "
             f"its <b>backups</b> folder." if data_folder is not None
             else "Your records are kept in a database chosen when the app was started.")
    return (f"<h3>CIPN Coach {escape(__version__)}</h3>"
            "<p>Guided hand, foot and balance exercises, and a simple record of how you "
            "feel, for people living with nerve damage after chemotherapy.</p>"
            f"<p>{escape(DISCLAIMER)}</p>"
            f"<p>{where} Nothing is sent over the internet.</p>"
            "<p>Free software under the MIT licence.</p>")


class InfoDialog(QDialog):
    """A titled, scrolling text with one big Close button."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.text = QLabel(html)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setAccessibleName(title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.text)
        self.scroll.setAccessibleName(f"{title}: the text (arrow keys scroll)")
        layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = big_button("Close", f"Close {title}", role="primary")
        self.close_button.setMinimumWidth(140)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._fit(parent)
        self.close_button.setFocus()

    def _fit(self, parent: QWidget | None) -> None:
        """As large as comfortable, never larger than the window it belongs to (or the
        screen): the text scrolls inside instead."""
        width, height = 820, 640
        rooms = [parent.window().size()] if parent is not None else []
        if self.screen() is not None:
            rooms.append(self.screen().availableGeometry().size())
        for room in rooms:
            if not room.isEmpty():
                width, height = min(width, room.width() - 40), min(height, room.height() - 40)
        self.resize(max(320, width), max(240, height))


def help_dialog(parent: QWidget | None = None) -> InfoDialog:
    return InfoDialog("Help", help_html(), parent)


def about_dialog(data_folder: Path | None, parent: QWidget | None = None) -> InfoDialog:
    return InfoDialog("About CIPN Coach", about_html(data_folder), parent)
