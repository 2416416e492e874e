"""The routine editor's "Self-tests" section: which tests the patient is asked to do,
and on which scheduled days (baseline, weekly, at the end).

Kept apart from the routine form so the form only loads and reads it. It writes a
``self_tests`` table to the routine file only when the choice differs from the
defaults (every test but the optional ones, on every scheduled day), so a routine
nobody changed here keeps its file as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from cipn_coach.i18n import N_, _
from cipn_coach.routines.routine_format import SelfTestPlan
from cipn_coach.selftests.library import selftests_in
from cipn_coach.selftests.schedule import ALL_KINDS, default_tests

WHEN_WORDS = {
    "baseline": N_("At the start (baseline)"),
    "weekly": N_("Every week"),
    "final": N_("At the end"),
}


class SelfTestChoice(QWidget):
    """A tick box per self-test (optional ones off by default) and per scheduled day."""

    changed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tests = selftests_in(language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Self-tests"))
        heading.setProperty("role", "subtitle")
        layout.addWidget(heading)
        self.test_boxes: dict[str, QCheckBox] = {}
        for test_id, test in self._tests.items():
            words = (
                _("{title} (optional)").format(title=test.title) if test.optional else test.title
            )
            box = QCheckBox(words)
            box.setAccessibleName(_("Self-test: {title}").format(title=test.title))
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.test_boxes[test_id] = box
        when = QLabel(_("When the patient is asked to do them:"))
        when.setWordWrap(True)
        layout.addWidget(when)
        self.when_boxes: dict[str, QCheckBox] = {}
        for kind in ALL_KINDS:
            box = QCheckBox(_(WHEN_WORDS[kind]))
            box.setAccessibleName(_("Self-tests: {when}").format(when=_(WHEN_WORDS[kind])))
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.when_boxes[kind] = box

    def load(self, plan: SelfTestPlan | None) -> None:
        """Show ``plan``, or the defaults when the routine has none."""
        tests = set(plan.tests) if plan else set(default_tests(self._tests))
        kinds = {str(k) for k in plan.when} if plan else set(ALL_KINDS)
        for boxes, chosen in ((self.test_boxes, tests), (self.when_boxes, kinds)):
            for key, box in boxes.items():
                box.blockSignals(True)
                box.setChecked(key in chosen)
                box.blockSignals(False)

    def value(self) -> dict[str, Any] | None:
        """The ``self_tests`` table to save, or None when the choice is the default."""
        tests = [t for t, box in self.test_boxes.items() if box.isChecked()]
        when = [k for k, box in self.when_boxes.items() if box.isChecked()]
        if sorted(tests) == default_tests(self._tests) and when == list(ALL_KINDS):
            return None
        return {"tests": tests, "when": when}
