"""Settings → backups: back up now, and restore one of the listed backups.

Backups are made with SQLite's backup API by the core (``services.backups``); this only
lists them with their dates and record counts and asks before restoring. A restore moves
the current data aside (never deletes it) and then the app closes so it reopens on the
restored file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _
from ui.widgets.buttons import big_button
from ui.widgets.flow import flow

if TYPE_CHECKING:
    from cipn_coach.backup.snapshots import BackupInfo, BackupService


# why a backup was made (the name's last part), in words; by prefix: "before-migration-0004"
REASONS = (
    ("manual", N_("made with Back up now")),
    ("auto", N_("made by itself")),
    ("before-migration", N_("before an update")),
    ("before-json-import", N_("before an import")),
    ("before-restore", N_("before a restore")),
    ("before-checkin-delete", N_("before a check-in was deleted")),
)


def describe(info: BackupInfo) -> str:
    local = info.created_at.astimezone()
    when = _("{day} {year}, {time}").format(
        day=formatting.day_short(local.date()), year=local.year, time=formatting.clock(local)
    )
    if not info.readable:
        return _("{when} · cannot be read").format(when=when)
    why = next((_(words) for prefix, words in REASONS if info.reason.startswith(prefix)), "")
    checkins = formatting.count(info.checkins or 0, "{n} check-in", "{n} check-ins")
    sessions = formatting.count(info.sessions or 0, "{n} session", "{n} sessions")
    if why:
        return _("{when} · {checkins}, {sessions} ({why})").format(
            when=when, checkins=checkins, sessions=sessions, why=why
        )
    return _("{when} · {checkins}, {sessions}").format(
        when=when, checkins=checkins, sessions=sessions
    )


class BackupsView(QFrame):
    restored = Signal(str)  # message for the user; the window then closes the app

    def __init__(self, backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups = backups
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        title = QLabel(_("Backups"))
        title.setProperty("role", "subtitle")
        self.explain = QLabel(
            _(
                "A backup is made by itself after sessions and check-ins. "
                "The last 7 days, 4 weeks and 6 months are kept."
            )
        )
        self.explain.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        self.list.setMinimumHeight(160)
        # instead of an empty box (a Tab stop where nothing happens)
        self.none_yet = QLabel(_("No backups yet. Press “Back up now” to make the first one."))
        self.none_yet.setWordWrap(True)
        self.none_yet.setProperty("role", "muted")
        self.none_yet.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.backup_button = big_button(_("Back up now"))
        self.restore_button = big_button(
            _("Restore a backup…"), _("Restore the chosen backup"), role="danger"
        )
        row = flow(self.backup_button, self.restore_button)  # wraps when large text would cut them
        self.confirm = QFrame()
        confirm_row = QHBoxLayout(self.confirm)
        question = QLabel(
            _(
                "Restore this backup? Today's data is kept aside, not deleted. "
                "CIPN Coach will close; open it again afterwards."
            )
        )
        question.setWordWrap(True)
        self.confirm_button = big_button(_("Yes, restore"), role="danger")
        self.cancel_button = big_button(_("No, keep things as they are"))
        confirm_row.addWidget(question, 1)
        confirm_row.addWidget(self.cancel_button)
        confirm_row.addWidget(self.confirm_button)
        self.confirm.hide()
        for widget in (title, self.explain, self.list, self.none_yet, self.status):
            layout.addWidget(widget)
        layout.addWidget(row)
        layout.addWidget(self.confirm)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self._ask_restore)
        self.cancel_button.clicked.connect(self.confirm.hide)
        self.confirm_button.clicked.connect(self.restore_chosen)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Backups are also made by themselves (after sessions and check-ins, before an
        update): the list is read again each time Settings is opened, so it is never stale."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self._backups.data_dir is None:
            self.status.setText(_("This database is in memory: nothing to back up."))
            return
        for info in self._backups.list():
            item = QListWidgetItem(describe(info))
            item.setData(256, str(info.path))  # Qt.UserRole
            item.setData(257, info.readable)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setVisible(self.list.count() > 0)
        self.none_yet.setVisible(self.list.count() == 0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def back_up_now(self) -> None:
        try:
            info = self._backups.back_up_now()
        except CoachError as exc:
            self.status.setText(_("The backup could not be made: {problem}").format(problem=exc))
            return
        if info is None:  # a database that is not a file
            return
        self.status.setText(_("✓ Backed up: {backup}").format(backup=describe(info)))
        self.refresh()

    def _ask_restore(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(257):
            self.status.setText(_("Please choose a backup that can be read."))
            return
        self.confirm.show()
        self.cancel_button.setFocus()

    def restore_chosen(self) -> None:
        item = self.list.currentItem()
        self.confirm.hide()
        if item is None or self._backups.data_dir is None:
            return
        try:  # the services close the database first: its file is swapped
            result = self._backups.restore(Path(item.data(256)))
        except CoachError as exc:
            self.status.setText(_("Nothing was changed: {problem}").format(problem=exc))
            return
        kept = result.replaced.name if result.replaced else "-"
        self.restored.emit(
            _("Restored the backup {backup}. The data from before was kept as {kept}.").format(
                backup=result.restored_from.name, kept=kept
            )
        )
