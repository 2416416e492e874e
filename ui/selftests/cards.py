"""The self-tests on Progress: one small card per test with its chart, the latest result
in words, and the band's source; a button starts a test that is due (or any test).

Fed with ``selftest_service.ProgressCard`` values; it reads nothing itself.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cipn_coach.i18n import N_, _, p_
from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.service import ProgressCard
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import flow
from ui.widgets.selftest_chart import SIDE_COLOURS, SelfTestChart

# no result yet: to the patient, or (family view, by True) about them; translated where shown
NO_TEST_YET = {
    False: N_(
        "No self-test yet. They take a few minutes and show how "
        "your balance, legs and hands are doing over time."
    ),
    True: N_(
        "No self-test yet. The self-tests take a few minutes and show how "
        "their balance, legs and hands are doing over time."
    ),
}


def chart_legend(card: ProgressCard) -> str:
    """What the chart's marks mean, in words under it: each side's colour, the ring
    round the first result, the hollow dot of a test stopped for safety (only those the
    chart shows). Rich text: each side's dot in its colour, its name beside it."""
    sides = sorted({side for _day, _value, side, _stopped in card.points if side})
    noun = card.test.side_noun
    names = {"left": _("left {side_noun}"), "right": _("right {side_noun}")}
    parts = [
        f'<span style="color:{SIDE_COLOURS[side]}">●</span> '
        + escape(names[side].format(side_noun=noun))
        for side in sides
    ]
    parts.append(escape(_("ringed: the first result")))
    if any(stopped for _day, _value, _side, stopped in card.points):
        parts.append(escape(_("hollow: stopped for safety")))
    return p_("legend separator", " · ").join(parts)


class SelfTestCard(QFrame):
    def __init__(self, card: ProgressCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(card.test.title)
        title.setProperty("role", "subtitle")
        title.setWordWrap(True)
        self.chart = SelfTestChart()
        self.chart.set_data(card.points, card.band, card.test.unit)
        self.chart.setAccessibleName(_("{title}: results over time").format(title=card.test.title))
        self.legend = QLabel(chart_legend(card))
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setProperty("role", "muted")
        self.words = QLabel(card.sentence)
        self.words.setWordWrap(True)
        source = card.band.source if card.band else (card.band_note or "")
        self.source = QLabel(_("Band: {source}").format(source=source) if card.band else source)
        self.source.setWordWrap(True)
        self.source.setProperty("role", "muted")
        for widget in (title, self.chart, self.legend, self.words, self.source):
            layout.addWidget(widget)


class SelfTestCards(QWidget):
    """Progress's self-test section. ``start_test`` carries the id of the test to run."""

    start_test = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Self-tests"))
        heading.setProperty("role", "title")
        self._layout.addWidget(heading)
        self.empty = QLabel(_(NO_TEST_YET[False]))
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self._cards = QVBoxLayout()
        self._layout.addLayout(self._cards)
        self._buttons = QVBoxLayout()  # holds one wrapping row: large text never clips
        self._layout.addLayout(self._buttons)
        self.cards: list[SelfTestCard] = []
        self.buttons: dict[str, QWidget] = {}

    def show_cards(
        self, cards: list[ProgressCard], due: list[SelfTest], family: bool = False
    ) -> None:
        """Draw ``cards``; offer a button for each test in ``due`` (``family``: the family
        view, whose words are about the patient)."""
        self.empty.setText(_(NO_TEST_YET[family]))
        for layout in (self._cards, self._buttons):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        self.cards = [SelfTestCard(card) for card in cards]
        for card in self.cards:
            self._cards.addWidget(card)
        self.empty.setVisible(not cards)
        self.buttons = {}
        for test in due:
            # words that wrap: at 200 % a one-line title ran past the page's right edge
            button = WrapButton(_("Start: {title}").format(title=test.title))
            button.setAccessibleName(_("Start the self-test: {title}").format(title=test.title))
            button.clicked.connect(lambda _=False, t=test.id: self.start_test.emit(t))
            self.buttons[test.id] = button
        if self.buttons:
            self._buttons.addWidget(flow(*self.buttons.values()))
