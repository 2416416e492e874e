"""Settings → Back up now and Restore, on a real data folder."""

from __future__ import annotations

from datetime import UTC, datetime

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.storage import backup
from ui.pages.backups_view import BackupsView

DAY = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_back_up_now_lists_it_and_restore_brings_the_data_back(qtbot, tmp_path):
    folder = tmp_path / "data"
    services = open_services(folder)
    services.checkins.save(
        DAY.date(), CheckInValues.parse({"hands": 2, "feet": 3, "pain": 1}), DAY, today=DAY.date()
    )
    view = BackupsView(services.backups)
    qtbot.addWidget(view)
    view.show()
    view.backup_button.click()
    assert "✓ Backed up" in view.status.text() and view.list.count() == 1
    assert "1 check-in," in view.list.item(0).text()  # issue 12 §6: singular
    # a later check-in that the backup does not hold
    services.checkins.save(
        DAY.date().replace(day=19),
        CheckInValues.parse({"hands": 9, "feet": 9, "pain": 9}),
        DAY,
        today=DAY.date(),
    )
    view.restore_button.click()
    assert view.confirm.isVisible()
    with qtbot.waitSignal(view.restored, timeout=5000) as signal:
        view.confirm_button.click()
    assert "kept as" in signal.args[0]
    reopened = open_services(folder)
    try:
        assert reopened.checkins.count() == 1  # back to the backup's state
        moved = [p for p in folder.iterdir() if ".replaced-" in p.name]
        assert moved, "the data from before the restore is kept, not deleted"
        assert backup.quick_check(reopened.db.path) is None
    finally:
        reopened.close()


def test_the_list_shows_backups_made_elsewhere_when_settings_opens(qtbot, tmp_path):
    """Issue 12 §6: a backup made by itself (or before the view existed) is listed."""
    from cipn_coach.speech.speaker import FakeSpeaker
    from cipn_coach.storage.backup import make_backup
    from ui.main_window import MainWindow

    services = open_services(tmp_path / "data")
    try:
        window = MainWindow(
            services, FakeSpeaker(), chime=lambda: None, now=lambda: DAY.replace(tzinfo=None)
        )
        qtbot.addWidget(window)
        window.show()
        services.checkins.save(
            DAY.date(),
            CheckInValues.parse({"hands": 2, "feet": 3, "pain": 1}),
            DAY,
            today=DAY.date(),
        )
        make_backup(services.db.path, reason="auto")  # as the app does after a check-in
        window.show_settings()
        qtbot.waitUntil(lambda: window.backups.list.count() == 1)
        assert "1 check-in, 0 sessions (made by itself)" in window.backups.list.item(0).text()
    finally:
        services.close()


def test_every_safety_backup_says_what_it_was_made_before(tmp_path):
    """Issue 19: the safety backups kept outside the rotation say why they exist, so the
    person finds the one made before a delete, a restore, an import or an update."""
    from ui.pages.backups_view import describe

    services = open_services(tmp_path / "data")
    try:
        services.checkins.save(
            DAY.date(),
            CheckInValues.parse({"hands": 2, "feet": 3, "pain": 1}),
            DAY,
            today=DAY.date(),
        )
        words = {}
        for reason in (
            "before-checkin-delete",
            "before-restore",
            "before-json-import",
            "before-migration-0004",
        ):
            made = backup.make_backup(services.db.path, reason=reason)
            words[reason] = describe(made)
    finally:
        services.close()
    assert "(before a check-in was deleted)" in words["before-checkin-delete"]
    assert "(before a restore)" in words["before-restore"]
    assert "(before an import)" in words["before-json-import"]
    assert "(before an update)" in words["before-migration-0004"]
