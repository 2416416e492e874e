"""Help (keys, what the numbers mean, safety) and About (version, licence, disclaimer,
where the data is), from the Help menu.

One small dialog shows either: its text scrolls and wraps, so it fits a 1024×600 screen
at 200 % text; Close is a big button, and Esc closes it too. The numbers in the text come
from ``cipn_coach.checkin.thresholds``, the same place the rules read them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import __version__
from cipn_coach.checkin import thresholds as t
from cipn_coach.formatting import number, whole
from cipn_coach.i18n import _
from cipn_coach.routines.safety import DISCLAIMER, STOP_RULE
from ui.widgets.buttons import big_button


def _section(title: str, lines: list[str]) -> str:
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<h3>{escape(title)}</h3><ul>{items}</ul>"


def help_html() -> str:
    keys = [
        _(
            "<b>Ctrl+1 … Ctrl+5</b>: Today, Check-in, Progress, Settings, Clinician (not on "
            "the welcome page, nor during a session)."
        ),
        _("<b>Tab</b> moves between buttons; <b>Space</b> or <b>Enter</b> presses one."),
        _(
            "In a session: <b>Space</b> pause or carry on, <b>→</b> skip, <b>←</b> back, "
            "<b>Esc</b> stop (it asks first)."
        ),
        _("In the check-in: type a number from 0 to 10; <b>Enter</b> saves."),
        _("<b>F1</b> opens this help."),
    ]
    numbers = [
        _("Ratings go from {min} (none) to {max} (as bad as it could be).").format(
            min=whole(t.SCALE_MIN), max=whole(t.SCALE_MAX)
        ),
        _(
            "The 7-day average covers a day and the {before} days before it. It is shown when "
            "at least {needed} of those days were rated. Days not rated are left out, never "
            "counted as 0."
        ).format(before=whole(t.WINDOW_DAYS - 1), needed=whole(t.MIN_DAYS_IN_WINDOW)),
        _(
            "<b>A check-up is recommended</b> when an average stays above {average} for {days} "
            "days in a row, or daily life was harder on {yes_days} of the last {recent_days} "
            "days."
        ).format(
            average=number(t.EVALUATION_AVERAGE, 2),
            days=whole(t.EVALUATION_SPAN_DAYS),
            yes_days=whole(t.FUNCTION_YES_DAYS),
            recent_days=whole(t.FUNCTION_RECENT_DAYS),
        ),
        _(
            "<b>Please contact your care team now</b> appears after a fall, near-falls on "
            "{near_fall_days} days within {near_fall_window}, an average rising by {rise} points "
            "within {rise_days} days, new weakness, or a burn or wound you did not "
            "feel."
        ).format(
            near_fall_days=whole(t.NEAR_FALL_DAYS),
            near_fall_window=whole(t.NEAR_FALL_WINDOW_DAYS),
            rise=number(t.RED_FLAG_RISE, 2),
            rise_days=whole(t.RISE_WITHIN_DAYS),
        ),
        _(
            "A session stopped early still counts as done when at least {percent} % of its "
            "exercise time was done. It shows as <i>partly done</i>."
        ).format(percent=whole(t.PARTIAL_COUNTS_AS_DONE * 100)),
    ]
    safety = [
        escape(_(STOP_RULE)),
        _(
            "For balance: stand at a kitchen counter, a sturdy chair behind you, the floor "
            "clear and the light good. Sit down if you feel dizzy."
        ),
        _(
            "For a foot soak: check the water with a thermometer (38 to 40 °C). Never test it "
            "with a numb foot or hand."
        ),
        _("Tell your care team about a fall, new weakness, or a wound you did not feel."),
    ]
    return (
        _section(_("Keys"), keys)
        + _section(_("What the numbers mean"), numbers)
        + _section(_("Staying safe"), safety)
    )


def about_html(data_folder: Path | None) -> str:
    where = (
        _(
            "Your records are kept in <b>{folder}</b>, with backups in its <b>backups</b> folder."
        ).format(folder=escape(str(data_folder)))
        if data_folder is not None
        else _("Your records are kept in a database chosen when the app was started.")
    )
    return (
        f"<h3>CIPN Coach {escape(__version__)}</h3>"
        + "<p>"
        + _(
            "Guided hand, foot and balance exercises, and a simple record of how you "
            "feel, for people living with nerve damage after chemotherapy."
        )
        + "</p>"
        + f"<p>{escape(_(DISCLAIMER))}</p>"
        + "<p>"
        + _("{where} Nothing is sent over the internet.").format(where=where)
        + "</p>"
        + "<p>"
        + _("Free software under the MIT licence.")
        + "</p>"
    )


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
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setAccessibleName(title)
        self.text.setMargin(8)  # the words keep clear of the focus ring round them
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setProperty("role", "reading")  # Tab stops here: the ring shows it
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.text)
        self.scroll.setAccessibleName(
            _("{title}: the text (arrow keys scroll)").format(title=title)
        )
        layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = big_button(
            _("Close"), _("Close {title}").format(title=title), role="primary"
        )
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
    return InfoDialog(_("Help"), help_html(), parent)


def about_dialog(data_folder: Path | None, parent: QWidget | None = None) -> InfoDialog:
    return InfoDialog(_("About CIPN Coach"), about_html(data_folder), parent)
