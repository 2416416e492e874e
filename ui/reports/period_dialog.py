"""The report's period, asked in a small dialog: three presets or two chosen dates.

Its own module, loaded when a report or an export first asks: the menus are built at
every start, and this dialog's drop-down module cost ~5 ms of the way to Today.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget

from cipn_coach.i18n import N_, _
from cipn_coach.reports import periods
from ui.widgets.drop_down import DropDown

PERIODS = (
    (periods.TWO_WEEKS, N_("The last 2 weeks")),
    (periods.FOUR_WEEKS, N_("The last 4 weeks")),
    (periods.PROGRAMME, N_("The whole programme")),
    (periods.CUSTOM, N_("Choose the dates")),
)


class PeriodDialog(QDialog):
    """Which period the report covers: three presets or chosen dates."""

    def __init__(self, parent: QWidget, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report period"))
        form = QFormLayout(self)
        self.choice = DropDown(_("Report period"), [(_(text), key) for key, text in PERIODS])
        self.choice.setCurrentIndex(1)
        self.first = QDateEdit(today - timedelta(days=27))
        self.last = QDateEdit(today)
        for edit, name in ((self.first, _("First day")), (self.last, _("Last day"))):
            edit.setCalendarPopup(True)
            # TRANSLATORS: a Qt date format (d day, M month, yyyy year), e.g. "yyyy年M月d日"
            edit.setDisplayFormat(_("d MMMM yyyy"))
            edit.setAccessibleName(name)
            edit.setMinimumHeight(48)
        form.addRow(_("Period"), self.choice)
        form.addRow(_("First day"), self.first)
        form.addRow(_("Last day"), self.last)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setMinimumSize(96, 48)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
