"""The session player: safety check → the guided session → a quick rating.

Everything on screen is drawn from the engine's ``TickState`` and events; the page
keeps no timers or counts of its own. Keys: Space pause/resume, → skip, ← back, Esc
stop (asks first, in the page itself rather than a modal box, so it is big and calm).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QProgressBar, QStackedWidget, QVBoxLayout, QWidget,
)

from cipn_coach.engine.session import SessionState, StepProgress, TickState
from cipn_coach.plan import PlannedStep
from cipn_coach.engine.timeline import Cue, Phase, PhaseKind, how_to, speaking_seconds
from ui.pages.rating_view import RatingView
from ui.pages.safety_view import SafetyView
from ui.session_driver import SessionDriver
from ui.widgets.buttons import big_button
from ui.widgets.ring import CountdownRing

CAPTION_LINES = 3
CAPTION_MIN_SECONDS = 4.0
CAPTION_EXTRA_SECONDS = 2.0
"""A caption stays up while its words are said and a moment more (at least 4 s of the
session's own time, pauses excluded), then clears: "10 seconds left." must not stay up
while the ring counts 3, 2, 1. The exercise's instruction stays up the whole time."""

STOP_QUESTION = "Stop now? Everything you have done so far is saved."
CLOSE_QUESTION = ("Close CIPN Coach now? Everything you have done so far is saved, and next "
                  "time you can carry on from here.")


def caption_seconds(text: str) -> float:
    return max(CAPTION_MIN_SECONDS, speaking_seconds(text) + CAPTION_EXTRA_SECONDS)


def clock_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def step_instruction(step: PlannedStep, own_routine: bool) -> str:
    """The instruction shown for the whole exercise (get ready, work, rest, switch): what
    to do, and the step's note. A note is "from your physiotherapist" only in a routine a
    clinician wrote in the app; a shipped routine's note is shown as it is."""
    text = how_to(step)
    if step.note:
        note = f"From your physiotherapist: {step.note}" if own_routine else step.note
        text = f"{text}\n{note}"
    return text


class SessionView(QWidget):
    """The live session screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        outer.setSpacing(10)
        top = QHBoxLayout()
        self.step_label = QLabel("")
        self.step_label.setProperty("role", "subtitle")
        self.left_label = QLabel("")
        self.left_label.setProperty("role", "subtitle")
        top.addWidget(self.step_label, 1)
        top.addWidget(self.left_label)
        outer.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Session progress")
        outer.addWidget(self.progress)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        self.picture = QSvgWidget()
        self.picture.setMinimumSize(360, 270)
        self.picture.setMaximumSize(480, 360)
        self.picture.setAccessibleName("Exercise picture")
        middle.addWidget(self.picture, 3)
        self.photo = QLabel()  # an own exercise's PNG or JPEG (SVGs go to ``picture``)
        self.photo.setAccessibleName("Exercise picture")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.hide()
        middle.addWidget(self.photo, 3)
        self.ring = CountdownRing()
        middle.addWidget(self.ring, 2)
        outer.addLayout(middle, 1)

        self.title = QLabel("")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.instruction = QLabel("")
        self.instruction.setProperty("role", "subtitle")
        self.instruction.setWordWrap(True)
        self.caption = QLabel("")
        self.caption.setProperty("role", "caption")
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Caption of the spoken cue")
        self.caption.setMinimumHeight(64)
        self.next_up = QLabel("")
        self.next_up.setProperty("role", "muted")
        for w in (self.title, self.instruction, self.caption, self.next_up):
            outer.addWidget(w)

        controls = QHBoxLayout()
        controls.setSpacing(16)
        self.back_button = big_button("◀  Back", "Back (left arrow)")
        self.pause_button = big_button("Pause  (Space)", "Pause or resume (Space)", role="primary")
        self.skip_button = big_button("Skip  ▶", "Skip this exercise (right arrow)")
        self.stop_button = big_button("Stop", "Stop the session (Escape)", role="danger")
        for b in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            b.setMinimumHeight(72)
            controls.addWidget(b, 2 if b is self.pause_button else 1)
        outer.addLayout(controls)

        self.confirm = QFrame()
        self.confirm.setProperty("role", "card")
        confirm_row = QHBoxLayout(self.confirm)
        self.question = QLabel(STOP_QUESTION)
        self.question.setWordWrap(True)
        self.keep_going_button = big_button("Keep going", role="primary")
        self.confirm_stop_button = big_button("Stop the session", role="danger")
        confirm_row.addWidget(self.question, 1)
        confirm_row.addWidget(self.keep_going_button)
        confirm_row.addWidget(self.confirm_stop_button)
        self.confirm.hide()
        outer.addWidget(self.confirm)


class PlayerPage(QWidget):
    """Runs one session. ``closed`` asks the window to go back to Today."""

    rated = Signal(object, object, str)  # effort, change, note
    closed = Signal()
    close_confirmed = Signal()  # "Stop and close" was chosen while the window was closing

    def __init__(self, assets: Path, parent: QWidget | None = None,
                 picture_for: Callable[[str], tuple[str, bytes] | None] | None = None) -> None:
        super().__init__(parent)
        self._assets = assets
        self._picture_for = picture_for  # exercise id → (MIME, bytes) of an own exercise
        self._own_pictures: dict[str, tuple[str, bytes] | None] = {}
        self._driver: SessionDriver | None = None
        self._paused_before_confirm = False
        self._closing = False  # the confirmation asks about closing the app, not stopping
        self._shown_picture = ""
        self._own_routine = False
        self.captions: list[str] = []
        # the caption on screen: the phase it belongs to, and until when (phase time)
        self._caption_phase: Phase | None = None
        self._caption_carries = False  # said as its phase ended ("And relax."): it
        self._caption_until = 0.0      # carries over into the next phase, then expires
        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.safety = SafetyView()
        self.session = SessionView()
        self.rating = RatingView()
        for view in (self.safety, self.session, self.rating):
            self._stack.addWidget(view)
        s = self.session
        s.pause_button.clicked.connect(self.toggle_pause)
        s.skip_button.clicked.connect(self.skip)
        s.back_button.clicked.connect(self.back)
        s.stop_button.clicked.connect(self.ask_stop)
        s.keep_going_button.clicked.connect(self._keep_going)
        s.confirm_stop_button.clicked.connect(self._confirm_stop)
        self.safety.confirmed.connect(lambda: self._start())  # from now: the check took its time
        self.safety.declined.connect(self.closed)
        self.rating.submitted.connect(self._rated)
        self.rating.skipped.connect(self.closed)
        keys = ((Qt.Key.Key_Space, self.toggle_pause), (Qt.Key.Key_Right, self.skip),
                (Qt.Key.Key_Left, self.back), (Qt.Key.Key_Escape, self._escape))
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), s)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ lifecycle
    @property
    def driver(self) -> SessionDriver | None:
        return self._driver

    def begin(self, driver: SessionDriver, safety_checks: list[str],
              started_at: float | None = None, own_routine: bool = False) -> None:
        """``started_at``: the clock reading when Start was pressed; the session runs
        from then unless a safety check comes first (it then starts on its button).
        ``own_routine``: the routine was written in the app (by a clinician), so its
        steps' notes are shown as the physiotherapist's; a shipped routine's are not."""
        self._driver = driver
        self._own_routine = own_routine
        self.captions = []
        self._own_pictures.clear()  # looked up again each session (a clinician may change one)
        self._clear_caption()
        self.session.confirm.hide()
        driver.ticked.connect(self._show)
        driver.cue.connect(self._caption)
        driver.phase_started.connect(self._phase)
        driver.ended.connect(self._ended)
        if safety_checks:
            self._stack.setCurrentWidget(self.safety)
            self.safety.show_checks(safety_checks)
        else:
            self._start(started_at)

    def _start(self, started_at: float | None = None) -> None:
        assert self._driver is not None
        self._stack.setCurrentWidget(self.session)
        self.session.pause_button.setFocus()
        self._driver.start(started_at)

    @property
    def is_running(self) -> bool:
        return self._driver is not None and self._driver.engine.is_active

    # ------------------------------------------------------------- controls
    def toggle_pause(self) -> None:
        if self.is_running and not self.session.confirm.isVisible():
            self._driver.toggle_pause()  # type: ignore[union-attr]

    def skip(self) -> None:
        if self.is_running and not self.session.confirm.isVisible():
            self._driver.skip()  # type: ignore[union-attr]

    def back(self) -> None:
        if self.is_running and not self.session.confirm.isVisible():
            self._driver.back()  # type: ignore[union-attr]

    def _escape(self) -> None:
        if self.session.confirm.isVisible():
            self._keep_going()
        else:
            self.ask_stop()

    def ask_stop(self, closing: bool = False) -> None:
        """Pause and ask, in the page: stop the session, or (``closing``) close the app."""
        if not self.is_running:
            return
        s = self.session
        self._closing = closing
        s.question.setText(CLOSE_QUESTION if closing else STOP_QUESTION)
        s.confirm_stop_button.setText("Stop and close" if closing else "Stop the session")
        s.confirm_stop_button.setAccessibleName(s.confirm_stop_button.text())
        if s.confirm.isVisible():
            s.keep_going_button.setFocus()
            return
        engine = self._driver.engine  # type: ignore[union-attr]
        self._paused_before_confirm = engine.state is SessionState.PAUSED
        if not self._paused_before_confirm:
            self._driver.toggle_pause()  # type: ignore[union-attr]
        s.confirm.show()
        s.keep_going_button.setFocus()

    def _keep_going(self) -> None:
        self.session.confirm.hide()
        if not self._paused_before_confirm and self.is_running:
            self._driver.toggle_pause()  # type: ignore[union-attr]
        self.session.pause_button.setFocus()

    def _confirm_stop(self) -> None:
        self.session.confirm.hide()
        if self._closing:
            self.close_confirmed.emit()
        elif self.is_running:
            self._driver.stop()  # type: ignore[union-attr]

    def stop_now(self) -> None:
        """Stop without asking; what was done is saved, and the session ends "stopped"."""
        if self.is_running:
            self._driver.stop()  # type: ignore[union-attr]

    def cut_short(self) -> None:
        """The app is closing mid-session: silence and stop the session where it is, as a
        crash would, without ending it. Every step that ended is saved already; the record
        stays in progress, so the next start offers to carry on from here."""
        if self.is_running:
            self._driver.halt()  # type: ignore[union-attr]

    # -------------------------------------------------------------- drawing
    def _caption(self, cue: Cue) -> None:
        """A spoken cue's words, shown while they are said and a moment more."""
        self.captions.append(cue.text)
        self.session.caption.setText(cue.text)
        phase = self._driver.engine.phase if self._driver else None  # the cue's own phase
        self._caption_phase = phase
        self._caption_carries = phase is not None and cue.offset >= phase.duration - 1e-6
        self._caption_until = cue.offset + caption_seconds(cue.text)

    def _clear_caption(self) -> None:
        self.session.caption.setText("")
        self._caption_phase = None
        self._caption_carries = False

    def _phase(self, phase: Phase) -> None:
        s = self.session
        driver = self._driver
        assert driver is not None
        steps = driver.engine.timeline.steps
        # a caption belongs to its phase; only words said as the last phase ended
        # ("And relax.") stay into the new one, for the rest of their reading time
        left = self._caption_phase
        if left is not None and self._caption_carries and phase.index == left.index + 1:
            self._caption_phase, self._caption_carries = phase, False
            self._caption_until = max(0.0, self._caption_until - left.duration)
        else:
            self._clear_caption()
        s.title.setText(phase.title)
        s.instruction.setText(phase.instruction)
        if phase.step_index is not None:
            step = steps[phase.step_index]
            s.instruction.setText(step_instruction(step, self._own_routine))
            self._show_picture(step.exercise.id, str(self._assets / step.exercise.illustration))
            s.picture.setAccessibleDescription(step.exercise.title)
            s.photo.setAccessibleDescription(step.exercise.title)
            nxt = phase.step_index + 1
            s.next_up.setText(f"Next up: {steps[nxt].title}" if nxt < len(steps)
                              else "Next up: the end. You are nearly there.")

    def _show_picture(self, exercise_id: str, path: str) -> None:
        """The exercise's drawing; an own exercise's picture comes from the database."""
        if self._picture_for is not None and exercise_id not in self._own_pictures:
            self._own_pictures[exercise_id] = self._picture_for(exercise_id)
        own = self._own_pictures.get(exercise_id)
        key = f"own:{exercise_id}" if own else path
        if key == self._shown_picture:
            return
        s, self._shown_picture = self.session, key
        photo = own is not None and own[0] != "image/svg+xml"
        if own is None:
            s.picture.load(path)
        elif not photo:
            s.picture.load(QByteArray(own[1]))
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(own[1])
            s.photo.setPixmap(pixmap.scaled(480, 360, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
        s.picture.setVisible(not photo)
        s.photo.setVisible(photo)

    def _show(self, state: TickState) -> None:
        s = self.session
        phase = state.phase
        if (self._caption_phase is not None and self._caption_phase.index == phase.index
                and state.phase_elapsed >= self._caption_until):
            self._clear_caption()  # read by now; its moment ("10 seconds left.") has passed
        if state.step_index is not None:
            s.step_label.setText(f"Exercise {state.step_index + 1} of {state.step_count}")
        total = self._driver.engine.timeline.total_duration if self._driver else 0
        s.left_label.setText(f"{clock_text(state.total_remaining)} left")
        if total > 0:
            s.progress.setValue(int(1000 * (1 - state.total_remaining / total)))
        fraction = state.phase_remaining / phase.duration if phase.duration else 0.0
        if phase.kind is PhaseKind.WORK and phase.reps is not None:
            big, small = str(state.rep or 1), f"of {phase.reps}"
        else:
            big = str(state.display_seconds)
            small = {PhaseKind.GET_READY: "get ready", PhaseKind.PREPARE: "get ready",
                     PhaseKind.REST: "rest", PhaseKind.SWITCH: "switch side"}.get(phase.kind, "seconds")
        if phase.kind is PhaseKind.WORK and phase.side:
            small = f"{small} · {phase.side}"
        if state.state is SessionState.PAUSED:
            small = "paused"
        s.ring.set_values(fraction, big, small)
        paused = state.state is SessionState.PAUSED
        s.pause_button.setText("Resume  (Space)" if paused else "Pause  (Space)")

    def _ended(self, status: str) -> None:
        driver = self._driver
        assert driver is not None
        done = sum(p.completed for p in driver.engine.progress)
        total = len(driver.engine.progress)
        heading = "Well done!" if status == "completed" else "Session stopped. That is fine."
        summary = (f"You did {done} of {total} exercises. It is all saved. "
                   "How was it? (You can skip this.)")
        self.rating.reset(heading, summary)
        self._stack.setCurrentWidget(self.rating)

    def _rated(self, effort: object, change: object, note: str) -> None:
        self.rated.emit(effort, change, note)
        self.closed.emit()

    def step_progress(self) -> tuple[StepProgress, ...]:
        return self._driver.engine.progress if self._driver else ()
