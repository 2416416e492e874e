"""The clinician's own exercise: a form that builds an ``Exercise`` as the files do.

Every change rebuilds it through ``Exercise.model_validate`` and lists every problem in
plain words; Save stays disabled until there are none. Saved, it joins the live library
at once, so the routine editor's search finds it. The picture is checked by content
(``sniff_picture``) and size, as an import checks it; ``illustration`` is only a name
(``illustrations/own/<id>.svg``): the player asks the core for the picture
(``services.routines.own_picture``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.errors import CoachError
from cipn_coach.formatting import clock, count, number, whole
from cipn_coach.i18n import N_, _
from cipn_coach.routines.exercise_format import BodyArea, Exercise, SideHandling
from cipn_coach.routines.library import describe_validation_error
from cipn_coach.routines.plain_words import exercise_problem
from cipn_coach.routines.progression import check_routine
from cipn_coach.routines.routine_file import MAX_PICTURE_BYTES, sniff_picture
from cipn_coach.routines.service import PictureData
from cipn_coach.services import Services
from cipn_coach.settings import preferences as prefs
from ui.clinician.step_editor import NumberField
from ui.folders import documents_folder
from ui.widgets.flow import SideBySide, flow
from ui.widgets.forms import (
    SaveFooter,
    button,
    combo,
    label,
    line,
    lines,
    scroll_with_footer,
)
from ui.widgets.question import Question

W = TypeVar("W", bound=QWidget)
CHANGE_SIGNALS = (
    (QLineEdit, "textEdited"),
    (QPlainTextEdit, "textChanged"),
    (NumberField, "changed"),
    (QComboBox, "currentIndexChanged"),
)
AUTHOR_KEY = prefs.AUTHOR.key
SOURCE_PREFIX = "clinician's own exercise"
PICTURE_PATTERNS = "*.png *.jpg *.jpeg *.svg"
NEW = ""
# the choices' words are translated where the combo boxes are made (N_: made at import)
AREAS = [
    (N_("Hands"), BodyArea.HANDS),
    (N_("Feet"), BodyArea.FEET),
    (N_("Balance"), BodyArea.BALANCE),
    (N_("Whole body"), BodyArea.WHOLE),
]
KINDS = [
    (N_("Counted: repetitions with a rhythm"), "reps"),
    (N_("Timed: hold for a number of seconds"), "hold"),
]
SIDES = [
    (N_("Both sides at once"), SideHandling.BOTH),
    (N_("Left, then right"), SideHandling.LEFT_THEN_RIGHT),
]


def translated(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(_(words), data) for words, data in items]


def exercise_id(title: str) -> str:
    """'Towel slide (seated)' → 'towel_slide_seated' (an id starts with a letter)."""
    text = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return ("ex_" + text if text[:1].isdigit() else text)[:64]


def default_source(author: str) -> str:
    return f"{SOURCE_PREFIX}: {author.strip()}" if author.strip() else SOURCE_PREFIX


# "separated by commas": the ASCII one, and the full-width and enumeration commas that
# Chinese is typed with ("毛巾，椅子", "毛巾、椅子"), which had made one thing of two
COMMAS = re.compile("[,，、]")


def _text(edit: QLineEdit | QPlainTextEdit) -> list[str]:
    if isinstance(edit, QLineEdit):
        return [part.strip() for part in COMMAS.split(edit.text()) if part.strip()]
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class OwnExerciseEditor(QWidget):
    """Builds, checks and saves one own exercise. Emits ``saved`` (a sentence to show)
    and ``changed`` (what the save changed, ``cipn_coach.changes.Changes``)."""

    saved = Signal(str)
    changed = Signal(object)

    def __init__(
        self, services: Services, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self._now = services, now
        self.routines = services.routines
        self.exercise: Exercise | None = None
        self.problems: list[str] = []
        self.picture: PictureData | None = None
        self._editing: str | None = None  # the id of the stored exercise being changed
        self._loading = self._id_typed = self._source_typed = False
        self._own: set[str] = set()  # ids of the stored own exercises
        self.shown_problems: list[str] = []  # those of touched fields (all after a Save)
        self._touched: set[QWidget] = set()
        self._show_all = False
        form, side = QWidget(), QWidget()
        left, right = QVBoxLayout(form), QVBoxLayout(side)
        for column in (left, right):
            column.setContentsMargins(0, 0, 0, 0)
        body, self.scroll = scroll_with_footer(self)
        body.addWidget(SideBySide(form, side, 3, 2))  # stacked when narrow
        self._build_form(left)
        self._build_right(right)
        self._build_footer(self.layout())
        self._fields = {
            "title": [self.title],
            "id": [self.id_edit, self.title],
            "body_area": [self.area],
            "position": [self.position],
            "equipment": [self.equipment],
            "instructions": [self.instructions],
            "cues.start": [self.start_cue],
            "cues.end": [self.end_cue],
            "dosage": [self.kind, self.reps, self.hold],
            "dosage.sets": [self.sets],
            "dosage.reps": [self.reps],
            "dosage.hold_seconds": [self.hold],
            "dosage.rest_seconds": [self.rest],
            "cadence.seconds_per_rep": [self.seconds_per_rep],
            "cadence.phrases": [self.phrase1, self.phrase2],
            "side_noun": [self.side_noun],
            "safety": [self.safety],
            "stop_rules": [self.stop_rules],
            "source": [self.source, self.author],
        }
        self.refresh_chooser()
        QShortcut(
            QKeySequence("Ctrl+S"),
            self,
            self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.load(None)

    # ------------------------------------------------------------------ building
    def _build_form(self, layout: QVBoxLayout) -> None:
        layout.addWidget(label(_("Own exercise"), "subtitle"))
        self.chooser = combo(_("Own exercise to change, or a new one"), [(_("New exercise"), NEW)])
        self.chooser.activated.connect(lambda _i: self.load(self.chooser.currentData() or None))
        layout.addWidget(self.chooser)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # never clipped
        layout.addLayout(self.form)
        self.title = self._row(
            line(_("Exercise title"), _("e.g. Towel slide with the foot")), self._title_edited
        )
        self.id_edit = self._row(
            line(_("Id for files"), _("follows the title")),
            lambda _t: setattr(self, "_id_typed", True),
        )
        self.id_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[a-z0-9_]{0,64}"))
        )
        self.area = self._row(combo(_("Body area"), translated(AREAS)))
        self.position = self._row(line(_("Position"), _("e.g. seated, standing at the counter")))
        self.equipment = self._row(
            line(_("Equipment, separated by commas"), _("e.g. towel, chair"))
        )
        self.instructions = self._row(
            lines(_("Instructions, one per line"), _("One step per line"), 4)
        )
        self.start_cue = self._row(line(_("Start cue (spoken)"), _("e.g. Pull the towel in.")))
        self.end_cue = self._row(line(_("End cue (spoken)"), _("e.g. And relax.")))
        self.stop_rules = self._row(
            lines(_("Stop rules, one per line"), _("e.g. Stop if it hurts."))
        )
        self.safety = self._row(lines(_("Safety notes, one per line"), _("Optional")))
        self.kind = self._row(combo(_("Counted or timed"), translated(KINDS)))
        self.reps = self._row(NumberField(_("Repetitions"), 1, 50))
        self.seconds_per_rep = self._row(
            NumberField(_("Seconds per repetition"), 1, 20, decimals=True, step=0.5)
        )
        self.phrase1 = self._row(line(_("First rhythm word"), _("e.g. Scrunch")))
        self.phrase2 = self._row(line(_("Second rhythm word (optional)"), _("e.g. Relax")))
        self.hold = self._row(NumberField(_("Hold (seconds)"), 5, 1800, step=5))
        self.sets = self._row(NumberField(_("Sets"), 1, 10))
        self.rest = self._row(NumberField(_("Rest between sets (seconds)"), 0, 300, step=5))
        self.side = self._row(combo(_("Sides"), translated(SIDES)))
        self.side_noun = self._row(
            line(_("Side word: what left and right mean"), _("hand, foot, leg"))
        )
        # a tick box beside words that wrap: a check box's own text (~1000 px at 200 %)
        # pushed the whole form past the edge of a 1024×600 screen
        balance = Question(_("Ask the balance safety questions before it starts"))
        self.form.addRow(balance)
        self.balance_check = balance.box
        self.balance_check.toggled.connect(self._changed)
        self.author = self._row(
            line(_("Clinic or author"), _("e.g. Riverside Clinic")), self._author_edited
        )
        self.source = self._row(
            line(_("Source (where the exercise comes from)"), ""),
            lambda _t: setattr(self, "_source_typed", True),
        )

    def _row(self, widget: W, edited: Callable[[str], object] | None = None) -> W:
        """Add ``widget`` under its accessible name; ``edited`` runs first on typing, then
        every change checks the whole form again."""
        self.form.addRow(label(widget.accessibleName()), widget)  # the words wrap at 200 %
        if edited is not None:
            widget.textEdited.connect(edited)  # type: ignore[attr-defined]
        for kind, signal in CHANGE_SIGNALS:
            if isinstance(widget, kind):
                getattr(widget, signal).connect(self._changed)
        return widget

    def _build_footer(self, layout: QVBoxLayout) -> None:  # Save and problems stay in view
        self.footer = SaveFooter(_("Save exercise"), _("Save the own exercise (Ctrl+S)"), self.save)
        self.problem_label, self.status = self.footer.problems, self.footer.status
        self.save_button = self.footer.save_button
        layout.addWidget(self.footer)

    def _build_right(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            label(_("Picture (optional): a PNG, JPEG or SVG file of at most 2 MB."), "subtitle")
        )
        self.remove_picture = button(
            _("Remove picture"), _("Remove the picture"), self.clear_picture
        )
        layout.addWidget(
            flow(
                button(_("Choose picture…"), _("Choose a picture file"), self.choose_picture),
                self.remove_picture,
            )
        )
        self.picture_message = label("", "caption")
        self.picture_message.setAccessibleName(_("Picture"))
        layout.addWidget(self.picture_message)
        self.thumbnail = QLabel()
        self.thumbnail.setAccessibleName(_("Picture preview"))
        layout.addWidget(self.thumbnail)
        layout.addStretch(1)

    # ------------------------------------------------------------------- loading
    def showEvent(self, event: Any) -> None:  # noqa: N802 (imports may have added some)
        self.refresh_chooser()
        super().showEvent(event)

    def refresh_chooser(self, select: str | None = None) -> None:
        current = select or self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem(_("New exercise"), NEW)
        rows = self.routines.own_exercises()
        self._own = {row.exercise.id for row in rows}
        for row in rows:
            self.chooser.addItem(
                _("Change: {title} ({id})").format(title=row.exercise.title, id=row.exercise.id),
                row.exercise.id,
            )
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(current)))
        self.chooser.blockSignals(False)

    def load(self, exercise_id: str | None) -> None:
        """Show a stored own exercise to change, or a blank form (``None``)."""
        row = self.routines.own_exercise(exercise_id) if exercise_id else None
        e = row.exercise if row else None
        self._loading, self._editing = True, exercise_id
        author = self.services.preferences.get(prefs.AUTHOR) or ""
        self.title.setText(e.title if e else "")
        self.id_edit.setText(e.id if e else "")
        self.id_edit.setReadOnly(e is not None)
        self.area.setCurrentIndex(self.area.findData(e.body_area if e else BodyArea.HANDS))
        # a new exercise starts with words in the clinician's language: they are its texts
        self.position.setText(e.position if e else _("seated"))
        self.equipment.setText(", ".join(e.equipment) if e else "")
        self.instructions.setPlainText("\n".join(e.instructions) if e else "")
        self.start_cue.setText(e.cues.start if e else "")
        self.end_cue.setText(e.cues.end if e else _("And relax."))
        self.stop_rules.setPlainText("\n".join(e.stop_rules) if e else "")
        self.safety.setPlainText("\n".join(e.safety) if e else "")
        d = e.dosage if e else None
        self.kind.setCurrentIndex(1 if d and d.hold_seconds else 0)
        self.reps.set_value(d.reps if d else 10)
        cadence = e.cadence if e else None
        self.seconds_per_rep.set_value(cadence.seconds_per_rep if cadence else (None if e else 3))
        phrases = list(cadence.phrases) if cadence else ([] if e else [_("Open"), _("Close")])
        self.phrase1.setText(phrases[0] if phrases else "")
        self.phrase2.setText(phrases[1] if len(phrases) > 1 else "")
        self.hold.set_value(d.hold_seconds if d else 30)
        self.sets.set_value(d.sets if d else 1)
        self.rest.set_value(d.rest_seconds if d else 15)
        self.side.setCurrentIndex(self.side.findData(e.side_handling if e else SideHandling.BOTH))
        self.side_noun.setText(e.side_noun if e else _("side"))
        self.balance_check.setChecked(bool(e and "balance" in e.needs_safety_check))
        self.author.setText(author)
        self.source.setText(e.source if e else default_source(author))
        self._id_typed = self._source_typed = e is not None
        self._touched, self._show_all = set(), False
        self.picture = row.picture if row else None
        self._show_picture("" if row is None else _("The stored picture."))
        self._loading = False
        self.validate()
        self.status.setText(
            _("Changing '{title}'.").format(title=e.title) if e else _("New: not saved yet.")
        )

    # ------------------------------------------------------------------- editing
    def _title_edited(self, text: str) -> None:
        if self._editing is None and not self._id_typed:  # the id follows the title
            self.id_edit.setText(exercise_id(text))

    def _author_edited(self, text: str) -> None:
        if not self._source_typed:  # the source names the author until typed over
            self.source.setText(default_source(text))

    def _changed(self, *_signal: object) -> None:
        """A field changed: its problems may show from now on; check everything again."""
        if not self._loading:
            if isinstance(sender := self.sender(), QWidget):
                self._touched.add(sender)
            self.status.setText(_("Changes not saved yet."))
            self.validate()

    def _is_touched(self, where: str) -> bool:
        """Whether the field a problem is about (its location, e.g. 'dosage.reps') was touched."""
        parts = where.split(".")
        for n in range(len(parts), 0, -1):
            if (key := ".".join(parts[:n])) in self._fields:
                return any(w in self._touched for w in self._fields[key])
        return bool(self._touched)

    # ------------------------------------------------------------------ picture
    def choose_picture(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a picture"),
            str(documents_folder()),
            _("Pictures ({patterns})").format(patterns=PICTURE_PATTERNS),
        )
        if path:
            self.set_picture(Path(path))

    def set_picture(self, path: Path) -> bool:
        """Take ``path`` as the picture if it is a PNG, JPEG or plain SVG of ≤ 2 MB."""
        try:
            size = path.stat().st_size
            if size > MAX_PICTURE_BYTES:
                return self._refuse(
                    _(
                        "{file} is {size} MB; a picture may be at most 2 MB. Make "
                        "it smaller, or choose another."
                    ).format(file=path.name, size=number(size / 1024 / 1024))
                )
            data = path.read_bytes()
            mime = sniff_picture(data)
        except OSError as exc:
            return self._refuse(
                _("{file} cannot be read ({reason}).").format(
                    file=path.name, reason=exc.strerror or exc
                )
            )
        except ValueError as exc:  # pydantic's PydanticCustomError is a ValueError
            return self._refuse(
                _("{file} cannot be used: {reason}. Choose a PNG, JPEG or SVG picture.").format(
                    file=path.name, reason=exc
                )
            )
        self.picture = PictureData(mime, data)
        kind = mime.split("/")[1].upper().split("+")[0]
        self._show_picture(
            _("✓ {file} ({kind}, {size} KB).").format(
                file=path.name, kind=kind, size=whole(max(1, len(data) // 1024))
            )
        )
        self._changed()
        return True

    def clear_picture(self) -> None:
        self.picture = None
        self._show_picture(_("No picture."))
        self._changed()

    def _refuse(self, text: str) -> bool:
        refused = _("Not used: {reason}").format(reason=text)
        if self.picture is not None:
            refused += " " + _("The picture chosen before is kept.")
        self.picture_message.setText(refused)
        return False

    def _show_picture(self, text: str) -> None:
        pixmap = QPixmap()
        if self.picture is not None and pixmap.loadFromData(self.picture.data):
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    240,
                    180,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.thumbnail.setVisible(not pixmap.isNull())
        self.picture_message.setText(text or (_("No picture.") if self.picture is None else ""))
        self.remove_picture.setEnabled(self.picture is not None)

    # ---------------------------------------------------------------- validation
    def data(self) -> dict[str, Any]:
        ex_id, counted = self.id_edit.text(), self.kind.currentData() == "reps"
        dosage: dict[str, Any] = (
            {"reps": self.reps.value()} if counted else {"hold_seconds": self.hold.value()}
        )
        dosage |= {
            k: f.value()
            for f, k in ((self.sets, "sets"), (self.rest, "rest_seconds"))
            if f.value() is not None
        }  # empty: the usual 1 set, 15 s rest
        data: dict[str, Any] = {
            "id": ex_id,
            "title": self.title.text().strip(),
            "body_area": self.area.currentData(),
            "equipment": _text(self.equipment),
            "position": self.position.text().strip(),
            "instructions": _text(self.instructions),
            "cues": {"start": self.start_cue.text().strip()},
            "dosage": dosage,
            "side_handling": self.side.currentData(),
            "side_noun": self.side_noun.text().strip(),
            "safety": _text(self.safety),
            "stop_rules": _text(self.stop_rules),
            "needs_safety_check": ["balance"] if self.balance_check.isChecked() else [],
            "illustration": f"illustrations/own/{ex_id or 'picture'}.svg",
            "source": self.source.text().strip(),
        }
        if self.end_cue.text().strip():
            data["cues"]["end"] = self.end_cue.text().strip()
        if counted:
            data["cadence"] = {
                "seconds_per_rep": self.seconds_per_rep.value(),
                "phrases": [p for e in (self.phrase1, self.phrase2) if (p := e.text().strip())],
            }
        return data

    def validate(self) -> Exercise | None:
        """Rebuild the exercise; list every problem; Save only when there are none."""
        counted = self.kind.currentData() == "reps"
        for widget in (self.reps, self.seconds_per_rep, self.phrase1, self.phrase2):
            self.form.setRowVisible(widget, counted)
        self.form.setRowVisible(self.hold, not counted)
        try:
            exercise: Exercise | None = Exercise.model_validate(self.data())
            lines: list[str] = []
        except ValidationError as exc:
            exercise, lines = None, describe_validation_error(exc)
        found = [
            (exercise_problem(line, counted), line.partition(": ")[0])
            for line in lines
            if not line.startswith("illustration")
        ]
        ex_id, library = self.id_edit.text(), self.services.originals
        if ex_id in library.exercises and ex_id not in self._own:
            found.append(
                (_("Id: a built-in exercise has this id; change the title or the id"), "id")
            )
        elif ex_id in self._own and ex_id != self._editing:
            found.append(
                (
                    _(
                        "Id: an own exercise has this id already; choose it at the top to "
                        "change it, or change the title or the id"
                    ),
                    "id",
                )
            )
        for routine in library.routines.values() if exercise and self._editing else ():
            if any(step.exercise == ex_id for step in routine.steps):  # must still fit them
                found += [
                    (
                        _("Routine '{title}' uses it: {problem}").format(
                            title=routine.title, problem=p
                        ),
                        "",
                    )
                    for p in check_routine(routine, {**library.exercises, ex_id: exercise})
                ]
        self.problems = list(dict.fromkeys(text for text, _ in found))
        self.shown_problems = list(
            dict.fromkeys(
                text for text, where in found if self._show_all or self._is_touched(where)
            )
        )
        self.exercise = exercise if not self.problems else None
        self.footer.show_problems(self.shown_problems)
        # a listed problem first; problems not shown yet are listed by pressing Save
        self.save_button.setEnabled(not self.shown_problems)
        return self.exercise

    def save(self) -> None:
        """Save when valid; otherwise show every problem, touched or not, and save nothing."""
        if (exercise := self.validate()) is None:
            self._show_all = True
            self.validate()
            things = count(len(self.problems), "{n} thing", "{n} things")
            self.status.setText(_("Not saved: {things} to fix, listed here.").format(things=things))
            return
        try:
            saved = self.routines.save_exercise(
                exercise, self._now().astimezone(UTC), self.picture
            )  # the editor finds it at once
        except CoachError as exc:
            self.status.setText(_("Not saved: {problem}").format(problem=exc))
            return
        changes = saved.changes
        if self.author.text().strip():
            changes |= self.services.preferences.set(prefs.AUTHOR, self.author.text().strip())
        row = saved.row
        self.refresh_chooser(select=row.exercise.id)
        self._editing = row.exercise.id
        self.id_edit.setReadOnly(True)
        self.validate()
        self.status.setText(
            _(
                "✓ Saved '{title}' at {time}. It can now be added to a routine "
                "(Edit routine → Add exercise)."
            ).format(title=row.exercise.title, time=clock(self._now()))
        )
        self.saved.emit(_("✓ Saved the own exercise '{title}'.").format(title=row.exercise.title))
        self.changed.emit(changes)
