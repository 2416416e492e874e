"""The session player: safety check → the guided session → a quick rating.

Everything on screen is drawn from the engine's ``TickState`` and events; the page
keeps no timers or counts of its own. Keys: Space pause/resume, → skip, ← back, Esc
stop (asks first, in the page itself rather than a modal box, so it is big and calm).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.engine.session import SessionState, StepProgress, TickState
from cipn_coach.engine.timeline import Cue, Phase, PhaseKind, how_to, speaking_seconds
from cipn_coach.formatting import whole
from cipn_coach.i18n import N_, _, p_
from cipn_coach.routines.plan import PlannedStep
from ui.session.driver import SessionDriver
from ui.widgets.buttons import big_button
from ui.widgets.ring import CountdownRing
from ui.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from ui.session.rating_view import RatingView
    from ui.session.safety_view import SafetyView

CAPTION_LINES = 3
RING_SMALLEST = 150  # px: the count stays readable (the number is 30 % of it)
CAPTION_MIN_SECONDS = 4.0
CAPTION_EXTRA_SECONDS = 2.0
"""A caption stays up while its words are said and a moment more (at least 4 s of the
session's own time, pauses excluded), then clears: "10 seconds left." must not stay up
while the ring counts 3, 2, 1. The exercise's instruction stays up the whole time."""

STOP_QUESTION = N_("Stop now? Everything you have done so far is saved.")
CLOSE_QUESTION = N_(
    "Close CIPN Coach now? Everything you have done so far is saved, and next "
    "time you can carry on from here."
)
# the small words under the ring's count, by phase (anything else counts seconds)
RING_WORDS = {
    PhaseKind.GET_READY: N_("get ready"),
    PhaseKind.PREPARE: N_("get ready"),
    PhaseKind.REST: N_("rest"),
    PhaseKind.SWITCH: N_("switch side"),
}
SECONDS_WORD = N_("seconds")
SIDE_WORDS = {"left": N_("left"), "right": N_("right")}


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
        note = (
            _("From your physiotherapist: {note}").format(note=step.note)
            if own_routine
            else step.note
        )
        text = f"{text}\n{note}"
    return text


class PictureBox(QWidget):
    """The exercise's picture, kept at 4:3 inside whatever room the layout leaves.

    It asks for 480×360 but accepts any size: on a small screen or at large text it is
    the first thing to shrink, and below a useful size it is not drawn at all, so the
    instruction, the caption, the count and the controls always keep their room.
    """

    SMALLEST = (120, 90)

    def __init__(self, picture: QWidget, photo: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._children = (picture, photo)
        for child in self._children:
            child.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 360)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        width = min(self.width(), self.height() * 4 // 3, 480)
        height = width * 3 // 4
        if width < self.SMALLEST[0] or height < self.SMALLEST[1]:
            box = QRect(0, 0, 0, 0)  # no room: not drawn, and takes none
        else:
            box = QRect((self.width() - width) // 2, 0, width, height)
        for child in self._children:
            child.setGeometry(box)


class BodyRow(QWidget):
    """The middle of the player: picture, words, count, side by side.

    Laid out by hand because the rule is an order of giving way that box layouts cannot
    express: the words (title, instruction, caption) always get the height they need at
    their width; the picture shrinks first, down to nothing; then the ring, down to a
    size where the count is still big; "Next up" is left out only when even that is not
    enough.
    """

    GAP = 16
    PICTURE_STEPS = 12
    RING_LARGEST = 340
    SLACK = 8  # px: a wrapped label may round its height up once laid out

    def __init__(
        self,
        picture: PictureBox,
        words: QWidget,
        next_up: QLabel,
        ring: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.picture, self.words, self.next_up, self.ring = picture, words, next_up, ring
        for child in (picture, words, ring):
            child.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(960, 360)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(RING_SMALLEST + 320, RING_SMALLEST)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the words changed: lay out again
            self._arrange()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange()

    def _words_height(self, width: int, with_next: bool) -> int:
        """The words' height at ``width``, with or without "next up" (whether or not it
        is shown now)."""
        height = self.words.heightForWidth(width)
        next_up = self.next_up.heightForWidth(width) + self.words.layout().spacing()
        if with_next and self.next_up.isHidden():
            height += next_up
        elif not with_next and not self.next_up.isHidden():
            height -= next_up
        return height

    def _choose(self) -> tuple[int, int, bool]:
        """(picture width, ring side, show "next up") for the current size."""
        width, height = self.width(), self.height()
        largest_ring = max(RING_SMALLEST, min(height, self.RING_LARGEST, width // 3))
        rings = range(largest_ring, RING_SMALLEST - 1, -20)
        largest_picture = min(480, height * 4 // 3)
        pictures = [
            largest_picture * i // self.PICTURE_STEPS for i in range(self.PICTURE_STEPS, -1, -1)
        ]
        for with_next in (True, False):
            for ring in (*rings, RING_SMALLEST):
                for picture in pictures:
                    if picture and picture < PictureBox.SMALLEST[0]:
                        continue
                    words = width - ring - picture - self.GAP * (2 if picture else 1)
                    if words >= 200 and self._words_height(words, with_next) + self.SLACK <= height:
                        return picture, ring, with_next
        return 0, RING_SMALLEST, False

    def _arrange(self) -> None:
        if self.width() <= 0 or self.height() <= 0:
            return
        picture, ring, with_next = self._choose()
        if self.next_up.isHidden() == with_next:
            self.next_up.setVisible(with_next)
            self.words.layout().activate()
        height = self.height()
        self.picture.setGeometry(0, 0, picture, height)
        left = picture + (self.GAP if picture else 0)
        words = self.width() - ring - left - self.GAP
        self.words.setGeometry(left, 0, words, height)
        self.ring.setGeometry(self.width() - ring, 0, ring, min(height, ring))


class SessionView(QWidget):
    """The live session screen.

    What must always be seen comes first when room is short: the controls, the current
    instruction and the caption; then the count; the picture shrinks first and may go.
    So the words sit in a column between the picture and the ring and take the height
    they need (``BodyRow``); the picture and the ring take the rest.
    While "Stop now?" is asked, the question takes the place of the live screen (the
    session is paused), so it is never squeezed either.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 6, 24, 6)
        outer.setSpacing(8)
        self.live = QWidget()
        live = QVBoxLayout(self.live)
        live.setContentsMargins(0, 0, 0, 0)
        live.setSpacing(8)
        outer.addWidget(self.live)
        top = QHBoxLayout()
        self.step_label = QLabel("")
        self.left_label = QLabel("")
        top.addWidget(self.step_label, 1)
        top.addWidget(self.left_label)
        live.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(_("Session progress"))
        self.progress.setFixedHeight(22)  # a thin bar at any text size: it shows no text
        live.addWidget(self.progress)

        self.picture = QSvgWidget()
        self.picture.setAccessibleName(_("Exercise picture"))
        self.photo = QLabel()  # an own exercise's PNG or JPEG (SVGs go to ``picture``)
        self.photo.setAccessibleName(_("Exercise picture"))
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.hide()
        self.picture_box = PictureBox(self.picture, self.photo)
        words = QWidget()
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.title = WrappedLabel("")
        self.title.setProperty("role", "player-title")
        self.instruction = WrappedLabel("")
        self.caption = WrappedLabel("")
        self.caption.setProperty("role", "player-caption")
        self.caption.setAccessibleName(_("Caption of the spoken cue"))
        self.next_up = WrappedLabel("")
        self.next_up.setProperty("role", "muted")
        for label in (self.title, self.instruction, self.caption, self.next_up):
            column.addWidget(label)
        column.addStretch(1)
        self.ring = CountdownRing()
        self.ring.setMinimumSize(RING_SMALLEST, RING_SMALLEST)
        self.body = BodyRow(self.picture_box, words, self.next_up, self.ring)
        live.addWidget(self.body, 1)

        controls = QHBoxLayout()
        controls.setSpacing(12)
        self.back_button = big_button(_("◀  Back"), _("Back (left arrow)"))
        self.pause_button = big_button(
            _("Pause  (Space)"), _("Pause or resume (Space)"), role="primary"
        )
        self.skip_button = big_button(_("Skip  ▶"), _("Skip this exercise (right arrow)"))
        self.stop_button = big_button(
            p_("button", "Stop"), _("Stop the session (Escape)"), role="danger"
        )
        for b in (self.back_button, self.pause_button, self.skip_button, self.stop_button):
            b.setMinimumHeight(72)
            b.setProperty("control", "true")  # the text size of the page, not a heading's
            controls.addWidget(b)
        # the widest: it takes the room left over, the others keep their text's width
        self.pause_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        live.addLayout(controls)

        self.confirm = QFrame()
        self.confirm.setProperty("role", "card")
        confirm_box = QVBoxLayout(self.confirm)
        confirm_box.setContentsMargins(24, 24, 24, 24)
        confirm_box.setSpacing(16)
        self.question = QLabel(_(STOP_QUESTION))  # or CLOSE_QUESTION while the window is closing
        self.question.setProperty("role", "subtitle")
        self.question.setWordWrap(True)
        self.keep_going_button = big_button(_("Keep going"), role="primary")
        self.confirm_stop_button = big_button(_("Stop the session"), role="danger")
        confirm_row = QHBoxLayout()
        for button in (self.keep_going_button, self.confirm_stop_button):
            button.setProperty("control", "true")
            button.setMinimumHeight(72)
            # aligned: a row's height is capped by its lowest fixed-height button otherwise
            confirm_row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        confirm_row.insertStretch(1, 1)
        confirm_box.addWidget(self.question)
        confirm_box.addLayout(confirm_row)
        confirm_box.addStretch(1)
        self.confirm.hide()
        outer.addWidget(self.confirm)

    def set_confirming(self, on: bool) -> None:
        """Ask "Stop now?" in place of the live screen, or go back to it."""
        self.live.setVisible(not on)
        self.confirm.setVisible(on)


class PlayerPage(QWidget):
    """Runs one session. ``closed`` asks the window to go back to Today."""

    rated = Signal(object, object, str)  # effort, change, note
    closed = Signal()
    close_confirmed = Signal()  # "Stop and close" was chosen while the window was closing

    def __init__(
        self,
        assets: Path,
        parent: QWidget | None = None,
        picture_for: Callable[[str], tuple[str, bytes] | None] | None = None,
    ) -> None:
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
        self._caption_until = 0.0  # carries over into the next phase, then expires
        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.session = SessionView()
        self._stack.addWidget(self.session)
        # built when first needed (see ``safety`` and ``rating``)
        self._safety: SafetyView | None = None
        self._rating: RatingView | None = None
        s = self.session
        s.pause_button.clicked.connect(self.toggle_pause)
        s.skip_button.clicked.connect(self.skip)
        s.back_button.clicked.connect(self.back)
        s.stop_button.clicked.connect(self.ask_stop)
        s.keep_going_button.clicked.connect(self._keep_going)
        s.confirm_stop_button.clicked.connect(self._confirm_stop)
        keys = (
            (Qt.Key.Key_Space, self.toggle_pause),
            (Qt.Key.Key_Right, self.skip),
            (Qt.Key.Key_Left, self.back),
            (Qt.Key.Key_Escape, self._escape),
        )
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), s)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ views
    @property
    def safety(self) -> SafetyView:
        """The safety questions, built the first time a routine asks them: most routines
        have none, and a session without them starts at once."""
        if self._safety is None:
            from ui.session.safety_view import SafetyView

            view = SafetyView()
            self._stack.addWidget(view)
            view.confirmed.connect(lambda: self._start())  # from now: the check took its time
            view.declined.connect(self.closed)
            self._safety = view
        return self._safety

    @property
    def rating(self) -> RatingView:
        """The rating asked at a session's end; see ``_prepare_rating`` for when."""
        self._prepare_rating()
        assert self._rating is not None
        return self._rating

    def _prepare_rating(self) -> None:
        """Build the rating view (once). The session builds it as soon as its first words
        are on their way: built before them, its widgets stood between the Start key and
        the first sound."""
        if self._rating is not None:
            return
        from ui.session.rating_view import RatingView

        view = RatingView()
        self._stack.addWidget(view)
        view.submitted.connect(self._rated)
        view.skipped.connect(self.closed)
        self._rating = view

    # ------------------------------------------------------------ lifecycle
    @property
    def driver(self) -> SessionDriver | None:
        return self._driver

    def begin(
        self,
        driver: SessionDriver,
        safety_checks: list[str],
        started_at: float | None = None,
        own_routine: bool = False,
    ) -> None:
        """``started_at``: the clock reading when Start was pressed; the session runs
        from then unless a safety check comes first (it then starts on its button).
        ``own_routine``: the routine was written in the app (by a clinician), so its
        steps' notes are shown as the physiotherapist's; a shipped routine's are not.

        The last session's driver is let go here (its engine, timeline and timer with
        it): a child of the window, it stayed for as long as the app was open, ~0.4 MiB
        a session. Its record is the recorder's, saved as each step ended."""
        if self._driver is not None and self._driver is not driver:
            self._driver.deleteLater()
        self._driver = driver
        self._own_routine = own_routine
        self.captions = []
        self._own_pictures.clear()  # looked up again each session (a clinician may change one)
        self._clear_caption()
        self.session.set_confirming(False)
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
        QTimer.singleShot(0, self._prepare_rating)

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
        s.question.setText(_(CLOSE_QUESTION) if closing else _(STOP_QUESTION))
        s.confirm_stop_button.setText(_("Stop and close") if closing else _("Stop the session"))
        s.confirm_stop_button.setAccessibleName(s.confirm_stop_button.text())
        if s.confirm.isVisible():
            s.keep_going_button.setFocus()
            return
        engine = self._driver.engine  # type: ignore[union-attr]
        self._paused_before_confirm = engine.state is SessionState.PAUSED
        if not self._paused_before_confirm:
            self._driver.toggle_pause()  # type: ignore[union-attr]
        s.set_confirming(True)
        s.keep_going_button.setFocus()

    def _keep_going(self) -> None:
        self.session.set_confirming(False)
        if not self._paused_before_confirm and self.is_running:
            self._driver.toggle_pause()  # type: ignore[union-attr]
        self.session.pause_button.setFocus()

    def _confirm_stop(self) -> None:
        self.session.set_confirming(False)
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
    def _caption(self, cue: Cue, phase: Phase) -> None:
        """A spoken cue's words, shown while they are said and a moment more. ``phase``:
        the cue's own (the engine may have moved on by the time the screen hears of it)."""
        self.captions.append(cue.text)
        self.session.caption.setText(cue.text)
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
            s.next_up.setText(
                _("Next up: {title}").format(title=steps[nxt].title)
                if nxt < len(steps)
                else _("Next up: the end. You are nearly there.")
            )

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
            s.photo.setPixmap(
                pixmap.scaled(
                    480,
                    360,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        s.picture.setVisible(not photo)
        s.photo.setVisible(photo)

    def _show(self, state: TickState) -> None:
        s = self.session
        phase = state.phase
        if (
            self._caption_phase is not None
            and self._caption_phase.index == phase.index
            and state.phase_elapsed >= self._caption_until
        ):
            self._clear_caption()  # read by now; its moment ("10 seconds left.") has passed
        if state.step_index is not None:
            s.step_label.setText(
                _("Exercise {number} of {count}").format(
                    number=whole(state.step_index + 1), count=whole(state.step_count)
                )
            )
        total = self._driver.engine.timeline.total_duration if self._driver else 0
        s.left_label.setText(_("{time} left").format(time=clock_text(state.total_remaining)))
        if total > 0:
            s.progress.setValue(int(1000 * (1 - state.total_remaining / total)))
        fraction = state.phase_remaining / phase.duration if phase.duration else 0.0
        if phase.kind is PhaseKind.WORK and phase.reps is not None:
            big, small = str(state.rep or 1), _("of {reps}").format(reps=whole(phase.reps))
        else:
            big = str(state.display_seconds)
            small = _(RING_WORDS.get(phase.kind, SECONDS_WORD))
        if phase.kind is PhaseKind.WORK and phase.side:
            side = _(SIDE_WORDS[phase.side]) if phase.side in SIDE_WORDS else phase.side
            small = _("{count} · {side}").format(count=small, side=side)
        if state.state is SessionState.PAUSED:
            small = _("paused")
        s.ring.set_values(fraction, big, small)
        paused = state.state is SessionState.PAUSED
        s.pause_button.setText(_("Resume  (Space)") if paused else _("Pause  (Space)"))

    def _ended(self, status: str) -> None:
        driver = self._driver
        assert driver is not None
        done = sum(p.completed for p in driver.engine.progress)
        total = len(driver.engine.progress)
        heading = _("Well done!") if status == "completed" else _("Session stopped. That is fine.")
        summary = _(
            "You did {done} of {total} exercises. It is all saved. How was it? (You can skip this.)"
        ).format(done=whole(done), total=whole(total))
        self.rating.reset(heading, summary)
        self._stack.setCurrentWidget(self.rating)

    def _rated(self, effort: object, change: object, note: str) -> None:
        self.rated.emit(effort, change, note)
        self.closed.emit()

    def step_progress(self) -> tuple[StepProgress, ...]:
        return self._driver.engine.progress if self._driver else ()
