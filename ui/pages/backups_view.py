"""Settings → backups: back up now, and restore one of the listed backups.

Backups are made with SQLite's backup API by the core; this only lists them with their
dates and record counts and asks before restoring. A restore moves the current data
aside (never deletes it) and then the app closes so it reopens on the restored file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cipn_coach import formatting
from cipn_coach.errors import CoachError
from cipn_coach.storage import backup
from ui.widgets.buttons import big_button
from ui.widgets.flow import flow


# why a backup was made (the name's last part), in words; by prefix: "before-migration-0004"
REASONS = (("manual", "made with Back up now"), ("auto", "made by itself"),
           ("before-migration", "before an update"), ("before-json-import", "before an import"),
           ("before-restore", "before a restore"),
           ("before-checkin-delete", "before a check-in was deleted"))


def describe(info: backup.BackupInfo) -> str:
    local = info.created_at.astimezone()
    when = f"{formatting.day_short(local.date())} {local.year}, {formatting.clock(local)}"
    if not info.readable:
        return f"{when} · cannot be read"
    why = next((words for prefix, words in REASONS if info.reason.startswith(prefix)), "")
    return (f"{when} · {formatting.count(info.checkins or 0, '{n} check-in', '{n} check-ins')}, "
            f"{formatting.count(info.sessions or 0, '{n} session', '{n} sessions')}"
            + (f" ({why})" if why else ""))


class BackupsView(QFrame):
    restored = Signal(str)  # message for the user; the window then closes the app

    def __init__(self, database: Path | None, before_restore: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._before_restore = before_restore
        self.setProperty("role", "card")
        self._database = database
        layout = QVBoxLayout(self)
        title = QLabel("Backups")
        title.setProperty("role", "subtitle")
        self.explain = QLabel("A backup is made by itself after sessions and check-ins. "
                              "The last 7 days, 4 weeks and 6 months are kept.")
        self.explain.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        self.list.setMinimumHeight(160)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.backup_button = big_button("Back up now")
        self.restore_button = big_button("Restore a backup…", "Restore the chosen backup", role="danger")
        row = flow(self.backup_button, self.restore_button)  # wraps when large text would cut them
        self.confirm = QFrame()
        confirm_row = QHBoxLayout(self.confirm)
        question = QLabel("Restore this backup? Today's data is kept aside, not deleted. "
                          "CIPN Coach will close; open it again afterwards.")
        question.setWordWrap(True)
        self.confirm_button = big_button("Yes, restore", role="danger")
        self.cancel_button = big_button("No, keep things as they are")
        confirm_row.addWidget(question, 1)
        confirm_row.addWidget(self.cancel_button)
        confirm_row.addWidget(self.confirm_button)
        self.confirm.hide()
        for widget in (title, self.explain, self.list, self.status):
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

    @property
    def data_dir(self) -> Path | None:
        return self._database.parent if self._database else None

    def refresh(self) -> None:
        self.list.clear()
        if self.data_dir is None:
            self.status.setText("This database is in memory: nothing to back up.")
            return
        for info in backup.list_backups(self.data_dir):
            item = QListWidgetItem(describe(info))
            item.setData(256, str(info.path))  # Qt.UserRole
            item.setData(257, info.readable)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def back_up_now(self) -> None:
        if self._database is None:
            return
        try:
            info = backup.make_backup(self._database, reason="manual")
        except CoachError as exc:
            self.status.setText(f"The backup could not be made: {exc}")
            return
        self.status.setText(f"✓ Backed up: {describe(info)}")
        self.refresh()

    def _ask_restore(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(257):
            self.status.setText("Please choose a backup that can be read.")
            return
        self.confirm.show()
        self.cancel_button.setFocus()

    def restore_chosen(self) -> None:
        item = self.list.currentItem()
        self.confirm.hide()
        if item is None or self.data_dir is None:
            return
        self._before_restore()  # the database must be closed before its file is swapped
        try:
            result = backup.restore(Path(item.data(256)), self.data_dir)
        except CoachError as exc:
            self.status.setText(f"Nothing was changed: {exc}")
            return
        self.restored.emit(f"Restored the backup {result.restored_from.name}. The data from "
                           f"before was kept as {result.replaced.name if result.replaced else '-'}.")
