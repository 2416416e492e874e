"""The daily check-in reminder while the app runs: a tray notification, once a day.

The decision is the core's (``cipn_coach.checkin.reminders``); this asks a minute after the
start, then sleeps until the reminder's time or ``CHECK_AT_LEAST_EVERY`` at the longest
(``next_reminder_check``), and shows the message. Asking once a minute woke the app (a
database read) all day long while it sat idle on Today (issue 13 §5). Where the desktop
has no tray, Today's own line still says the check-in is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from cipn_coach.changes import Changes
from cipn_coach.checkin.reminders import next_reminder_check, reminder_due
from cipn_coach.i18n import N_, _

FIRST_CHECK_MS = 60_000
# how late the reminder may be after the computer slept through its time, or after the
# time was changed in Settings (the tray hears of it at its next check)
CHECK_AT_LEAST_EVERY = timedelta(minutes=15)
MESSAGE = N_("Time to rate your hands and feet for today. It takes less than a minute.")


class ReminderTray(QObject):
    reminded = Signal(str)

    def __init__(
        self,
        state: Callable[[], tuple[time | None, bool]],
        icon: QIcon,
        now: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._now = now
        self._last: date | None = None
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("CIPN Coach")
            self._tray.show()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._timer.start(FIRST_CHECK_MS)

    def check(self) -> bool:
        """Remind if it is due; either way, sleep until the next check is needed."""
        now = self._now()
        at, checked_in = self._state()
        due = reminder_due(now, at, checked_in, self._last)
        if due:
            self._remind(now)
        wait = next_reminder_check(now, at, checked_in, self._last, CHECK_AT_LEAST_EVERY)
        self._timer.start(int(wait.total_seconds() * 1000))
        return due

    def settings_changed(self, changes: Changes) -> None:
        """Check again now if the settings (the reminder's time among them) changed."""
        if changes.settings:
            self.check()

    def _remind(self, now: datetime) -> None:
        self._last = now.date()
        if self._tray is not None:
            self._tray.showMessage(
                "CIPN Coach", _(MESSAGE), QSystemTrayIcon.MessageIcon.Information
            )
        self.reminded.emit(_(MESSAGE))


def start_reminders(
    window: Any, icon: QIcon, now: Callable[[], datetime] = datetime.now
) -> ReminderTray:
    """The window's reminder tray, told of every settings change through the window's one
    ``changed`` signal: the tray sleeps until the reminder can be due (up to
    ``CHECK_AT_LEAST_EVERY``), and a reminder time changed in Settings must not wait for
    that sleep to end."""
    tray = ReminderTray(window.reminder_state, icon, now=now, parent=window)
    window.changed.connect(tray.settings_changed)
    return tray
