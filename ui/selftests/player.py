"""The self-test player: safety check first, then the guided test, then the count (if it
asks one), then the result in words.

Everything on screen is drawn from the engine's ticks and events; the page keeps no
timers or counts of its own. Keys: Space ends a stopwatch (or taps, in the tapping test),
Escape stops for safety at any moment, digits / Backspace / Enter enter a count. The
page never saves anything itself: ``finished`` hands the outcomes to the window, which
saves them through the services and shows the words with ``show_result``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.engine.selftest import (
    SelfTestCue,
    SelfTestEnded,
    SelfTestPhase,
    SelfTestPhaseKind,
    SelfTestState,
    SelfTestTick,
)
from cipn_coach.i18n import N_, _, p_
from cipn_coach.selftests.format import SelfTest
from ui.selftests.driver import SelfTestDriver
from ui.widgets.buttons import WrapButton, big_button, scrolling_layout
from ui.widgets.ring import CountdownRing

HUGE_BUTTON_PX = 120
RING_MIN_PX = 100
PICTURE_NEEDS_LINES = 16  # the run view's height, in text lines, that leaves room for it
RING_NEEDS_LINES = 15
KEYPAD_BUTTON_PX = (96, 56)
MAX_DIGITS = 3
FALL_NOTE = N_(
    "If you fell or nearly fell during the test, please note it in today's "
    "check-in and tell your care team."
)
SAFETY_WORDS = N_("Stopping when you feel unsteady is always right, and it is a result too.")


class CheckView(QWidget):
    """What the test needs, how it goes, and its safety checks, each ticked to start."""

    confirmed = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: list[QCheckBox] = []
        layout = scrolling_layout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(10)
        self.heading = QLabel("")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.how = QLabel("")
        self.how.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.how)
        checks_title = QLabel(_("Before you start, tick each line when it is true"))
        checks_title.setProperty("role", "subtitle")
        checks_title.setWordWrap(True)
        layout.addWidget(checks_title)
        self._items = QVBoxLayout()
        layout.addLayout(self._items)
        self.stop_rules = QLabel("")
        self.stop_rules.setWordWrap(True)
        layout.addWidget(self.stop_rules)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back_button = big_button(_("Not now"), _("Not now, go back"))
        self.start_button = big_button(_("Start the test"), role="primary")
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.declined)
        self.start_button.clicked.connect(self.confirmed)

    def show_test(self, test: SelfTest) -> None:
        self.heading.setText(test.title)
        needs = (
            _("You need: {things}.").format(things=p_("list separator", ", ").join(test.equipment))
            + "\n"
            if test.equipment
            else ""
        )
        steps = "\n".join(f"• {line}" for line in test.instructions)
        self.how.setText(f"{needs}{steps}")
        self.stop_rules.setText("\n".join(f"• {rule}" for rule in test.stop_rules))
        while self._items.count():
            item = self._items.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._boxes = []
        for text in test.safety:
            box = QCheckBox(text)
            box.setAccessibleName(text)
            box.toggled.connect(self._update)
            self._items.addWidget(box)
            box.show()
            self._boxes.append(box)
        self._update()
        (self._boxes[0] if self._boxes else self.start_button).setFocus()

    @property
    def boxes(self) -> list[QCheckBox]:
        return list(self._boxes)

    def _update(self) -> None:
        self.start_button.setEnabled(all(b.isChecked() for b in self._boxes))


class RunView(QWidget):
    """The live test: a big clock, the instruction, the caption, a huge Stop button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds focus while Stop is greyed
        self.setAccessibleName(_("Self-test"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(8)
        top = QHBoxLayout()
        self.where = QLabel("")
        self.where.setProperty("role", "subtitle")
        self.where.setWordWrap(True)
        self.clock_line = QLabel("")  # the clock in words, when the ring gives way
        self.clock_line.setProperty("role", "subtitle")
        self.clock_line.setAccessibleName(_("Time"))
        self.clock_line.hide()
        top.addWidget(self.where, 1)
        top.addWidget(self.clock_line)
        outer.addLayout(top)
        middle = QHBoxLayout()
        # both shrink before any words do: at 200 % text on a 1024×600 screen the
        # instruction and the buttons must stay whole
        self.picture = QSvgWidget()
        self.picture.setMinimumSize(120, 90)
        self.picture.setMaximumSize(360, 270)
        self.picture.setAccessibleName(_("Test picture"))
        middle.addWidget(self.picture, 2)
        self.ring = CountdownRing()
        self.ring.setMinimumSize(RING_MIN_PX, RING_MIN_PX)
        middle.addWidget(self.ring, 2)
        outer.addLayout(middle, 1)
        self.instruction = QLabel("")
        self.instruction.setWordWrap(True)
        self.caption = QLabel("")
        self.caption.setProperty("role", "caption")
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName(_("Caption of the spoken words"))
        outer.addWidget(self.instruction)
        outer.addWidget(self.caption)
        row = QHBoxLayout()
        self.stop_button = big_button(
            _("Stop  (Space)"), _("Stop the clock (Space)"), role="primary"
        )
        self.stop_button.setMinimumHeight(HUGE_BUTTON_PX)
        self.safety_button = WrapButton(_("Unsteady? Stop here  (Esc)"), role="danger")
        self.safety_button.setAccessibleName(_("Stop for safety (Escape)"))
        self.safety_button.setMinimumHeight(HUGE_BUTTON_PX // 2)
        row.addWidget(self.stop_button, 3)
        row.addWidget(self.safety_button, 2)
        outer.addLayout(row)
        self.has_picture = False

    def show_picture(self, path: str | None) -> None:
        self.has_picture = path is not None
        if path is not None:
            self.picture.load(path)
        self._fit_picture()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_picture()

    def _fit_picture(self) -> None:
        """The picture, then the ring, give way when the words would not fit (200 % text
        on 600 px), as in the session player: words and buttons always stay whole. The
        clock is then told in the top line."""
        lines = self.height() / max(1, self.fontMetrics().height())
        self.picture.setVisible(self.has_picture and lines >= PICTURE_NEEDS_LINES)
        self.ring.setVisible(lines >= RING_NEEDS_LINES)
        self.clock_line.setVisible(not self.ring.isVisibleTo(self))


class CountView(QWidget):
    """ "How many times did you stand up?" with big number buttons (and the keyboard)."""

    entered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._limit = 999
        layout = scrolling_layout(self)  # at 200 % text the keypad may need to scroll
        layout.setContentsMargins(40, 12, 40, 12)
        self.question = QLabel("")
        self.question.setProperty("role", "subtitle")
        self.question.setWordWrap(True)
        self.number = QLabel("–")
        self.number.setProperty("role", "huge")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName(_("The number entered"))
        self.hint = QLabel("")
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        layout.addWidget(self.question)
        self.delete_button = big_button("⌫", _("Delete the last digit (Backspace)"))
        self.delete_button.setMinimumSize(*KEYPAD_BUTTON_PX)
        self.delete_button.clicked.connect(self.delete_digit)
        self.ok_button = big_button(_("That's it"), _("That's the number (Enter)"), role="primary")
        self.ok_button.setMinimumSize(*KEYPAD_BUTTON_PX)
        self.ok_button.clicked.connect(self.confirm)
        # the number with its two actions on one line, the digits in two rows of five
        # below: all of it fits 600 px at 200 % text, "That's it" never below the fold
        entry = QHBoxLayout()
        entry.addWidget(self.number, 1)
        entry.addWidget(self.delete_button)
        entry.addWidget(self.ok_button)
        layout.addLayout(entry)
        layout.addWidget(self.hint)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.digit_buttons: dict[int, QWidget] = {}
        for digit in (*range(1, 10), 0):
            button = big_button(str(digit), _("Number {digit}").format(digit=digit))
            button.setMinimumSize(*KEYPAD_BUTTON_PX)
            button.clicked.connect(lambda _=False, d=digit: self.type_digit(d))
            self.digit_buttons[digit] = button
            position = 9 if digit == 0 else digit - 1
            grid.addWidget(button, *divmod(position, 5))
        layout.addLayout(grid)
        layout.addStretch(1)
        for digit in range(10):
            shortcut = QShortcut(QKeySequence(str(digit)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=digit: self.type_digit(d))
        for key, slot in (
            (Qt.Key.Key_Backspace, self.delete_digit),
            (Qt.Key.Key_Return, self.confirm),
            (Qt.Key.Key_Enter, self.confirm),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def ask(self, question: str, limit: int, stopped: bool) -> None:
        self._text, self._limit = "", limit
        self.question.setText(question)
        typing = _("Type a number from 0 to {limit}, then press Enter.").format(limit=limit)
        self.hint.setText(
            _("Count the stands you did before you stopped. {typing}").format(typing=typing)
            if stopped
            else typing
        )
        self._show()
        self.digit_buttons[1].setFocus()  # "That's it" is greyed until a digit is typed

    def type_digit(self, digit: int) -> None:
        if len(self._text) < MAX_DIGITS and int(self._text + str(digit)) <= self._limit:
            self._text = str(int(self._text + str(digit)))
        self._show()

    def delete_digit(self) -> None:
        self._text = self._text[:-1]
        self._show()

    def confirm(self) -> None:
        if self._text:
            self.entered.emit(int(self._text))

    def _show(self) -> None:
        self.number.setText(self._text or "–")
        self.number.setAccessibleDescription(self._text or _("nothing entered yet"))
        self.ok_button.setEnabled(bool(self._text))


class ResultView(QWidget):
    done = Signal()
    fall_reported = Signal(bool)  # True: a fall; False: a near-fall

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        self.heading = QLabel("")
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName(_("Your result"))
        self.fall_note = QLabel(_(FALL_NOTE))
        self.fall_note.setWordWrap(True)
        self.fall_note.setProperty("role", "muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.words)
        layout.addWidget(self.fall_note)
        self.fell_button = big_button(_("I fell"), _("I fell during the test"))
        self.nearly_button = big_button(_("I nearly fell"), _("I nearly fell during the test"))
        self.fell_button.clicked.connect(lambda: self.fall_reported.emit(True))
        self.nearly_button.clicked.connect(lambda: self.fall_reported.emit(False))
        falls = QHBoxLayout()
        falls.addWidget(self.fell_button)
        falls.addWidget(self.nearly_button)
        falls.addStretch(1)
        layout.addLayout(falls)
        layout.addStretch(1)
        self.done_button = big_button(_("Done"), role="primary")
        self.done_button.clicked.connect(self.done)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout.addLayout(row)


class SelfTestPlayer(QWidget):
    """Runs one self-test. ``finished`` carries the ``SelfTestEnded`` event (outcomes to
    save); ``closed`` asks the window to go back."""

    finished = Signal(object)
    closed = Signal()
    fall_reported = Signal(bool)  # from the result screen: True a fall, False a near-fall

    def __init__(self, assets: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assets = assets
        self._driver: SelfTestDriver | None = None
        self.captions: list[str] = []
        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.check = CheckView()
        self.run = RunView()
        self.count = CountView()
        self.result = ResultView()
        for view in (self.check, self.run, self.count, self.result):
            self._stack.addWidget(view)
        self.check.confirmed.connect(self._start)
        self.check.declined.connect(self.closed)
        self.run.stop_button.clicked.connect(self.press_stop)
        self.run.safety_button.clicked.connect(self.stop_for_safety)
        self.count.entered.connect(self._counted)
        self.result.done.connect(self.closed)
        self.result.fall_reported.connect(self.fall_reported)
        for key, slot in (
            (Qt.Key.Key_Space, self.press_stop),
            (Qt.Key.Key_Escape, self.stop_for_safety),
        ):
            shortcut = QShortcut(QKeySequence(key), self.run)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.count)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.count.ok_button.setFocus)  # never loses a count

    @property
    def driver(self) -> SelfTestDriver | None:
        return self._driver

    @property
    def current(self) -> QWidget:
        return self._stack.currentWidget()

    def begin(self, driver: SelfTestDriver) -> None:
        """Show the test's safety check; the test runs when it is confirmed. The last
        test's driver is let go (its engine and timer with it), as a session's is."""
        if self._driver is not None and self._driver is not driver:
            self._driver.halt()
            self._driver.deleteLater()
        self._driver = driver
        self.captions = []
        driver.ticked.connect(self._show)
        driver.cue.connect(self._caption)
        driver.phase_began.connect(self._phase)
        driver.ended.connect(self._ended)
        test = driver.engine.test
        self.run.show_picture(
            None if test.illustration is None else str(self._assets / test.illustration)
        )
        self._stack.setCurrentWidget(self.check)
        self.check.show_test(test)

    def halt(self) -> None:
        if self._driver is not None:
            self._driver.halt()

    # ------------------------------------------------------------- controls
    def _start(self) -> None:
        assert self._driver is not None
        self._stack.setCurrentWidget(self.run)
        self.run.stop_button.setFocus()
        self._driver.start()

    def press_stop(self) -> None:
        """Space or the huge button: ends the stopwatch, or counts a tap."""
        driver = self._driver
        if driver is None or not driver.running or self.current is not self.run:
            return
        if driver.engine.phase.counts_taps:
            driver.tap()
        else:
            driver.finish()

    def stop_for_safety(self) -> None:
        if self._driver is not None and self._driver.running and self.current is self.run:
            self._driver.stop_for_safety()

    def _counted(self, count: int) -> None:
        if self._driver is not None:
            self._driver.enter_count(count)

    def show_result(self, words: str) -> None:
        """The window saved the outcomes; these are its words about them."""
        self.result.words.setText(words)

    def show_fall_noted(self, words: str) -> None:
        """The window noted a fall or near-fall: say where, and ask once only."""
        self.result.fall_note.setText(words)
        for button in (self.result.fell_button, self.result.nearly_button):
            button.setEnabled(False)
        self.result.done_button.setFocus()

    # -------------------------------------------------------------- drawing
    def _caption(self, cue: SelfTestCue) -> None:
        self.captions.append(cue.text)
        self.run.caption.setText(cue.text)

    def _phase(self, phase: SelfTestPhase) -> None:
        test = self._driver.engine.test if self._driver else None
        if phase.kind is SelfTestPhaseKind.COUNT_ENTRY and test is not None:
            stopped = self._driver.engine.state is SelfTestState.STOPPED_FOR_SAFETY
            self.count.ask(phase.instruction, int(test.value_max), stopped)
            self._stack.setCurrentWidget(self.count)
            self.count.digit_buttons[1].setFocus()
            return
        where = []
        if phase.stage is not None and test is not None:
            where.append(
                _("Position {stage} of {stages}").format(stage=phase.stage, stages=len(test.stages))
            )
        if phase.side:
            noun = test.side_noun if test else _("side")
            where.append(
                _("Left {side_noun}").format(side_noun=noun)
                if phase.side == "left"
                else _("Right {side_noun}").format(side_noun=noun)
            )
        if test is not None and test.trials > 1:
            where.append(_("try {trial} of {trials}").format(trial=phase.trial, trials=test.trials))
        self.run.where.setText(" · ".join(where) or (test.title if test else ""))
        self.run.instruction.setText(phase.instruction)
        taps = phase.counts_taps
        open_ended = phase.kind is SelfTestPhaseKind.OPEN_TIMED
        self.run.stop_button.setText(_("Tap  (Space)") if taps else _("Stop  (Space)"))
        self.run.stop_button.setAccessibleName(
            _("Tap (Space)") if taps else _("Stop the clock (Space)")
        )
        stoppable = taps or open_ended
        self.run.stop_button.setEnabled(stoppable)
        # focus on the big button when it can be pressed, else on the view itself: never
        # left on "Unsteady? Stop here", where a natural Enter would end the test
        (self.run.stop_button if stoppable else self.run).setFocus()

    def _show(self, tick: SelfTestTick) -> None:
        phase = tick.phase
        if phase.kind is SelfTestPhaseKind.OPEN_TIMED:
            fraction = 1.0 - (tick.elapsed / phase.duration if phase.duration else 0.0)
            big, small = str(tick.display_seconds), _("seconds")
        elif phase.counts_taps:
            fraction = (tick.remaining or 0.0) / (phase.duration or 1.0)
            big, small = (
                str(tick.taps),
                _("taps · {seconds} s left").format(seconds=tick.display_seconds),
            )
        else:
            fraction = (tick.remaining or 0.0) / (phase.duration or 1.0)
            big = str(tick.display_seconds)
            small = {
                SelfTestPhaseKind.GET_READY: _("get ready"),
                SelfTestPhaseKind.REST: _("rest"),
            }.get(phase.kind, _("seconds left"))
        self.run.ring.set_values(fraction, big, small)
        self.run.clock_line.setText(_("{big} {small}").format(big=big, small=small))

    def _ended(self, event: SelfTestEnded) -> None:
        stopped = event.state is SelfTestState.STOPPED_FOR_SAFETY
        self.result.heading.setText(
            _("Stopped for safety. {words}").format(words=_(SAFETY_WORDS))
            if stopped
            else _("Well done. The test is finished.")
        )
        self.result.words.setText("")
        self.result.fall_note.setText(_(FALL_NOTE))
        for button in (self.result.fell_button, self.result.nearly_button):
            button.setEnabled(True)
        self._stack.setCurrentWidget(self.result)
        self.result.done_button.setFocus()
        self.finished.emit(event)
