"""A wrapping row (``ui.widgets.flow``) holding words that wrap is no wider than its
longest word needs.

Seen on a screenshot (X11, 200 %, 1024×600): Settings was ~40 px wider than its page, so
every field's right edge and the drop-downs' arrows were under the scroll bar. The
Treatment section's rows of yes/no questions were the widest part: a wrapping row was
never narrower than its widest item's one-line size, even where that item is a
question whose words wrap, so the whole page had to be as wide as that one line.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

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
