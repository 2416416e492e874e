"""Settings → Backups with none made yet says so, instead of an empty box.

Seen on the real app (1024×600 and 1366×768, both languages): a data folder without
backups showed a blank 160 px box (a Tab stop where nothing happens) above a greyed
"Restore a backup…", with no word about why it was empty or what to do.
"""

from __future__ import annotations

from ui.pages.backups_view import BackupsView

from .windows import show_window


def test_no_backups_yet_is_said_and_the_list_shows_after_the_first(qtbot, services):
    view = BackupsView(services.backups)
    show_window(qtbot, view, size=(700, 500), activate=False)
    assert not view.list.isVisible()
    assert view.none_yet.isVisible() and "No backups yet" in view.none_yet.text()
    view.backup_button.click()
    assert view.list.isVisible() and view.list.count() == 1
    assert not view.none_yet.isVisible()
