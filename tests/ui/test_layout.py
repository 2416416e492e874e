"""Every screen fits a small laptop at every text size: nothing clipped, nothing drawn over
something else, every control reachable.

The people using this app read at 200 % on 1024×600 netbooks. The walk below visits every
screen and every state of the session player in the real main window (real widgets, a
real SQLite file with four weeks of demo data, a fake clock) at text 100/150/200 % and at
the content size of a maximised window on a 1024×600 and a 1366×768 screen, and lists:

- a text widget smaller than its size hint (its height for its width when it wraps):
  its words are cut off;
- a drop-down whose text field (where the style draws the chosen item, inside its
  padding and left of the arrow) is narrower than that item's text: its end is cut;
- two visible sibling widgets that overlap: one is drawn over the other;
- an interactive widget outside the window, or outside its scroll area's reach.

It walks in both languages (issue 14 §4): Chinese lines break between any two
characters and its words are often shorter, but its glyphs are taller and its labels
differ, so the buttons must still fit at 200 % on 1024×600. Chinese runs at 100 % and
200 % only, to keep the walk's time reasonable.

One window per language serves the whole module (building one and re-styling it cost
about a second each), so the cases run language by language and scale by scale.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QStyle,
    QStyleOptionComboBox,
    QTextEdit,
    QWidget,
)

from cipn_coach import i18n
from cipn_coach.cli.demo import fill_demo
from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.timeline import PhaseKind
from cipn_coach.services import open_services
from cipn_coach.sessions.resume import ResumePoint
from cipn_coach.speech.speaker import FakeSpeaker
from ui.fonts import use_language_font
from ui.main_window import MainWindow
from ui.widgets.flow import FlowLayout

NOW = datetime(2026, 11, 20, 8, 0)
SCALES = {i18n.ENGLISH: (1.0, 1.5, 2.0), i18n.CHINESE_HK: (1.0, 2.0)}
# A maximised window's content on each screen: the screen less a 40 px title bar.
SIZES = ((1024, 560), (1366, 728))
SCREENS = (
    "today",
    "checkin",
    "progress",
    "settings",
    "clinician",
    "family",
    "welcome",
    "welcome_treatment",
    "welcome_treatment_form",
    "resume_offer",
)
PLAYER = (
    "safety",
    "get_ready",
    "work",
    "rest",
    "paused",
    "stop_confirm",
    "close_confirm",
    "rating",
)
DIALOGS = ("help", "about")  # boxes of their own over the window: walked as they are
INTERACTIVE = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSlider,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
SLACK = 1  # px of rounding


@pytest.fixture(scope="module")
def windows(qapp, tmp_path_factory):
    """The main window in each language (its library too), made once for the whole walk.

    One window per language, not per case: a parametrized module fixture is made again for
    every distinct parameter set, which rebuilt the window (28 demo days and all) 200 times
    and took the walk from ~20 s to ~10 min."""
    made: dict[str, tuple[MainWindow, object]] = {}

    def window_in(language: str) -> MainWindow:
        if language not in made:
            i18n.set_language(language)
            services = open_services(
                tmp_path_factory.mktemp("layout") / "data", recover=True, language=language
            )
            fill_demo(services, 28, NOW)
            clock = FakeClock()
            w = MainWindow(
                services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW
            )
            w.clock = clock  # the walk moves it to reach each state of the player
            w.language = language  # each test speaks it again (conftest resets it to English)
            w.show()
            made[language] = (w, services)
        return made[language][0]

    yield window_in
    for language, (w, services) in made.items():
        i18n.set_language(language)
        close_dialog(w)
        leave_player(w)
        w.close()
        w.deleteLater()  # destroyed before the next test starts (tests/ui/conftest.py)
        services.close()


# ------------------------------------------------------------------ the checks
def text_problems(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit in it, or None."""
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
    elif (
        not isinstance(widget, QAbstractButton)
        or not widget.text()
        and not widget.findChild(QLabel)
    ):
        return None
    size, hint = widget.size(), widget.sizeHint()
    if widget.hasHeightForWidth():
        minimum = widget.minimumSizeHint()
        needed = widget.heightForWidth(size.width())
        if size.height() + SLACK < needed:
            return f"{size.height()} px high, its text needs {needed}"
        if size.width() + SLACK < minimum.width():
            return f"{size.width()} px wide, its longest word needs {minimum.width()}"
        return None
    if size.width() + SLACK < hint.width() or size.height() + SLACK < hint.height():
        return f"{size.width()}x{size.height()}, its text needs {hint.width()}x{hint.height()}"
    return None


def cut_choice(widget: QWidget) -> str | None:
    """Why a drop-down's chosen item does not fit where it is drawn, or None. The style
    (the app's style sheet: border, padding, arrow) says where: its edit field, which
    clips the text; the text needs its advance, the width the font moves on by."""
    if not isinstance(widget, QComboBox) or widget.isEditable() or not widget.currentText():
        return None
    option = QStyleOptionComboBox()
    widget.initStyleOption(option)
    field = widget.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
    )
    needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
    if field.width() + SLACK < needed:
        return f"its text field is {field.width()} px wide, its text needs {needed}"
    return None


def squeezed_rows(widget: QWidget) -> str | None:
    """Why a wrapping row of buttons (``ui.widgets.flow``) is shorter than its rows, or None:
    the layout squeezed it and its last row is cut (its buttons are each whole, so the
    text check alone does not see it)."""
    if not isinstance(widget.layout(), FlowLayout):
        return None
    needed = widget.heightForWidth(widget.width())
    if widget.height() + SLACK < needed:
        names = ", ".join(describe(w) for w in widget.findChildren(QAbstractButton)[:3])
        return f"{widget.height()} px high, its rows need {needed} ({names}, ...)"
    return None


NARROWEST_COLUMN_EMS = 4
"""A wrapping text is never narrower than this many line-heights (or its whole line)."""


def narrow_text(widget: QWidget) -> str | None:
    """Why a wrapping text is squeezed into a narrow column, or None.

    The text check sees no cut, yet such a column is unreadable: at 200 % in Chinese
    on 1024×600, Progress gave "Showing 9 Nov to 6 Dec" ~80 px beside its buttons, and
    it broke after every second character (Chinese may break between any two)."""
    if not isinstance(widget, QLabel) or not widget.wordWrap() or not widget.text():
        return None
    metrics = widget.fontMetrics()
    plain = QTextDocumentFragment.fromHtml(widget.text()).toPlainText()
    longest_line = max(metrics.horizontalAdvance(line) for line in plain.splitlines() or [""])
    wanted = min(longest_line, NARROWEST_COLUMN_EMS * metrics.height())
    if widget.width() + SLACK < wanted:
        return f"{widget.width()} px wide, a readable column needs {wanted}"
    return None


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")() or widget.accessibleName()
    return f"{type(widget).__name__} '{str(text)[:40]}'"


def overlaps(parent: QWidget) -> list[str]:
    """Visible children of ``parent`` drawn over one another."""
    if isinstance(parent, QAbstractScrollArea):  # viewport and scroll bars: Qt's own
        return []
    children = [
        c
        for c in parent.children()
        if isinstance(c, QWidget) and not c.isWindow() and c.isVisible()
    ]
    found = []
    for a, b in itertools.combinations(children, 2):
        both = a.geometry().intersected(b.geometry())
        if both.width() > SLACK and both.height() > SLACK:
            found.append(f"{describe(a)} overlaps {describe(b)} by {both.width()}x{both.height()}")
    return found


def unreachable(widget: QWidget, root: QWidget) -> str | None:
    """Why ``widget`` cannot be seen in ``root`` even by scrolling, or None."""
    rect = widget.rect()
    current = widget
    while current is not root:
        parent = current.parentWidget()
        if parent is None:
            return "not in the window"
        rect = rect.translated(current.pos())
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            # inside scrolled content: reachable if that direction can scroll
            viewport = parent.rect()
            if (
                rect.right() > viewport.right() + SLACK
                and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            ):
                return (
                    f"right edge {rect.right()} beyond its scroll area ({viewport.right()}), "
                    "which cannot scroll sideways"
                )
            rect = QRect(viewport)  # from here on, the scroll area itself must be visible
        elif not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            return (
                f"at {rect.x()},{rect.y()} {rect.width()}x{rect.height()}, outside "
                f"{describe(parent)} ({parent.width()}x{parent.height()})"
            )
        current = parent
    return None


def layout_problems(root: QWidget) -> list[str]:
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.isWindow() and widget is not root:
            continue
        why = text_problems(widget)
        if why:
            problems.append(f"cut text: {describe(widget)}: {why}")
        why = cut_choice(widget)
        if why:
            problems.append(f"cut choice: {describe(widget)}: {why}")
        why = squeezed_rows(widget)
        if why:
            problems.append(f"squeezed rows: {why}")
        why = narrow_text(widget)
        if why:
            problems.append(f"narrow text: {describe(widget)}: {why}")
        problems.extend(f"overlap: {o}" for o in overlaps(widget))
        if (
            isinstance(widget, INTERACTIVE)
            and not isinstance(widget, QScrollBar)
            and not isinstance(widget.parentWidget(), QAbstractItemView)
        ):
            why = unreachable(widget, root)
            if why:
                problems.append(f"out of reach: {describe(widget)}: {why}")
    return problems


# ------------------------------------------------------------- getting there
def leave_player(w: MainWindow) -> None:
    """Out of the player the way a patient leaves it: stop, then skip the rating (or go
    back from the safety check), so the session lock ends as it does in use."""
    player = w.player
    if w.pages.currentWidget() is not player:
        return
    player.stop_now()
    for view, button in (
        (player.safety, player.safety.back_button),
        (player.rating, player.rating.skip_button),
    ):
        if w.pages.currentWidget() is player and view.isVisible():
            button.click()
    assert not w.in_session


def close_dialog(w: MainWindow) -> None:
    box = w._info
    if box is not None and box.isVisible():
        box.close()


def advance_to(w: MainWindow, kind: PhaseKind) -> None:
    driver = w.player.driver
    for _ in range(4000):
        if driver.engine.phase.kind is kind:
            return
        w.clock.advance(0.5)
        driver.tick()
    raise AssertionError(f"the routine never reached {kind}")


RESUMED_TITLE = "Evening hands & feet with warm foot soak"


def offer_to_continue(w: MainWindow) -> None:
    """Today offering to carry on a session cut short, in the app's own words."""
    w.show_today()
    w.today.show_resume(ResumePoint(1, "evening", RESUMED_TITLE, "evening", 3, 10, ()).question())


def treatment_question(w: MainWindow, form: bool) -> None:
    """The first start's "Are you still having chemotherapy?", and its form after Yes."""
    w.show_welcome()  # the navigation hidden, as at a first start
    page = w.treatment.start_page
    w.pages.setCurrentWidget(page)
    if form:
        page.open_form()
    else:
        page.ask()


def go_to(w: MainWindow, view: str) -> QWidget:
    """Show ``view``; returns the window it is drawn in (a dialog, or the main window)."""
    close_dialog(w)
    leave_player(w)
    if w.family and view != "family":
        w.set_family(False)
    if view in DIALOGS:
        w.show_today()
        (w.show_help if view == "help" else w.show_about)()
        assert w._info is not None
        return w._info
    if view in SCREENS:
        {
            "today": w.show_today,
            "checkin": w.show_checkin,
            "progress": w.show_progress,
            "settings": w.show_settings,
            "clinician": w.show_clinician,
            "family": lambda: w.set_family(True),
            "welcome": w.show_welcome,
            "welcome_treatment": lambda: treatment_question(w, form=False),
            "welcome_treatment_form": lambda: treatment_question(w, form=True),
            "resume_offer": lambda: offer_to_continue(w),
        }[view]()
        return w
    # the evening routine has the foot-soak safety check and rests between exercises
    w.start_session("evening" if view == "safety" else "morning", "evening")
    if view == "safety":
        return w
    player = w.player
    if view == "rating":
        advance_to(w, PhaseKind.WORK)
        player.ask_stop()
        player.session.confirm_stop_button.click()
        return w
    kind = {"get_ready": PhaseKind.GET_READY, "rest": PhaseKind.REST}.get(view, PhaseKind.WORK)
    advance_to(w, kind)
    if view == "paused":
        player.toggle_pause()
    elif view == "stop_confirm":
        player.ask_stop()
    elif view == "close_confirm":  # closing the window mid-session asks in the same place
        player.ask_stop(closing=True)
    return w


def settle() -> None:
    """What the event loop would do before the next paint: delete the widgets a page
    replaced (``deleteLater``) and lay out what changed."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(3):  # a layout that changes size asks its parent's to run again
        QApplication.processEvents()


CASES = [
    pytest.param(
        language,
        scale,
        size,
        view,
        id=f"{i18n.TAGS[language]}-{round(scale * 100)}%-{size[0]}x{size[1]}-{view}",
    )
    for language, scales in SCALES.items()
    for scale in scales
    for size in SIZES
    for view in SCREENS + PLAYER + DIALOGS
]


@pytest.mark.parametrize(("language", "scale", "size", "view"), CASES)
def test_every_screen_fits_without_cutting_covering_or_hiding_anything(
    windows, language, scale, size, view
):
    window = windows(language)
    i18n.set_language(window.language)
    use_language_font(QApplication.instance())  # as the app does: the CJK font first in Chinese
    window.set_appearance("calm", scale)
    window.resize(*size)
    shown = go_to(window, view)
    settle()
    problems = []
    if (window.width(), window.height()) != size:
        problems.append(
            f"the window will not shrink to {size[0]}x{size[1]}: "
            f"it stays {window.width()}x{window.height()}"
        )
    if shown is not window and (shown.width() > size[0] or shown.height() > size[1]):
        problems.append(
            f"the {view} box is {shown.width()}x{shown.height()}, larger than the screen"
        )
    problems += layout_problems(shown)
    assert problems == []
