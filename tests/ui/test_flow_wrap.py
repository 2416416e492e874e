"""A wrapping row (``ui.widgets.flow``) holding words that wrap is no wider than its
longest word needs.

Seen on a screenshot (X11, 200 %, 1024×600): Settings was ~40 px wider than its page, so
every field's right edge and the drop-downs' arrows were under the scroll bar. The
Treatment section's rows of yes/no questions were the widest part: a wrapping row was
never narrower than its widest item's one-line size, even where that item is a
question whose words wrap, so the whole page had to be as wide as that one line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.theme import CALM, style_sheet
from ui.widgets.flow import flow
from ui.widgets.question import Question

LONG = "My treatment has finished, and this question is long enough to wrap onto lines"


def test_a_question_in_a_wrapping_row_wraps_instead_of_widening_the_page(qtbot):
    question = Question(LONG)
    button = QPushButton("Add")
    row = flow(question, button)
    narrowest = max(question.minimumSizeHint().width(), button.sizeHint().width())
    assert narrowest < question.sizeHint().width()  # the question can wrap narrower
    assert row.minimumSizeHint().width() == narrowest  # so the row may be that narrow
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(row)
    qtbot.addWidget(page)
    page.resize(narrowest + 10, 600)
    page.show()
    qtbot.waitExposed(page)
    assert row.width() <= narrowest + 10
    # its words wrapped onto more lines, each whole: the question got the height they need
    assert question.width() <= row.width()
    assert question.height() >= question.heightForWidth(question.width())


def test_a_word_beside_a_taller_field_reads_on_its_line(qtbot):
    """ "Programme start:" beside its date field, a rule's unit beside its number: each
    item sits in the middle of its line, not at its top (the word read above the field)."""
    word = QLabel("Programme start:")
    field = QPushButton("2026-11-09")
    field.setMinimumHeight(3 * word.sizeHint().height())
    row = flow(word, field)
    qtbot.addWidget(row)
    row.resize(600, 300)
    row.show()
    qtbot.waitExposed(row)
    assert abs(word.geometry().center().y() - field.geometry().center().y()) <= 1


def test_a_wrapping_row_in_a_card_shows_the_card_behind_it(qtbot):
    """The style sheet paints the window's colour behind a plain QWidget: a step's rule
    (a white card) showed a grey band behind each field and its unit."""
    card = QFrame()
    card.setProperty("role", "card")
    card.setStyleSheet(style_sheet(CALM))
    row = flow(QLabel("seconds"))
    QVBoxLayout(card).addWidget(row)
    qtbot.addWidget(card)
    card.resize(400, 200)
    card.show()
    qtbot.waitExposed(card)
    picture = card.grab().toImage()
    inside_row = row.geometry().topRight() + QPoint(-3, 3)  # right of the word
    assert picture.pixelColor(inside_row).name() == QColor(CALM.surface).name()


def test_words_that_end_a_row_use_the_rest_of_their_line(qtbot):
    """Progress's "Showing 9 November to 6 December: 26 of 28 days rated" went under its
    range buttons (no room beside them) and broke after "December:" in half the page's
    width: the row gave a last item that wraps only Qt's guess of a comfortable width."""
    buttons = [QPushButton(text) for text in ("2 weeks", "4 weeks", "All")]
    period = QLabel("Showing 9 November to 6 December: 26 of 28 days rated")
    period.setWordWrap(True)
    row = flow(*buttons, period, spacing=10)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(row)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)  # styled: its fonts are the ones measured below
    one_line = period.fontMetrics().horizontalAdvance(period.text())
    beside = sum(b.sizeHint().width() + 10 for b in buttons)
    page.resize(max(beside, one_line) + 40, 400)  # no room beside the buttons, room below
    qtbot.waitUntil(lambda: period.y() > buttons[0].y())  # under the buttons
    assert period.x() == 0 and period.width() == row.width()  # its whole line, not a guess
    assert period.width() > period.sizeHint().width()
    assert period.height() == period.heightForWidth(period.width())  # as tall as it needs
