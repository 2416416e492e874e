"""Issue 12 §1 on screen: a patient on day 1 of the programme.

Progress must not read "0 of 65 planned sessions" or "1 of 28 days rated", and the
adherence chart has no planned bars before the programme existed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QLabel

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import open_services
from ui.pages.progress import ProgressPage

NOW = datetime(2026, 11, 20, 13, 0)
TODAY = NOW.date()


def test_day_one_counts_only_the_programme(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        services.plan.start_date(TODAY)
        services.checkins.save(
            TODAY,
            CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1}),
            NOW.replace(tzinfo=UTC),
            today=TODAY,
        )
        summary = load_summary(services, TODAY - timedelta(days=27), TODAY, NOW)
    finally:
        services.close()
    page = ProgressPage()
    qtbot.addWidget(page)
    page.resize(1024, 600)
    page.show_summary(summary, [])
    page.show()
    qtbot.waitExposed(page)
    text = "\n".join(label.text() for label in page.findChildren(QLabel))
    assert "1 of 1 day rated since the programme began" in page.period_line.text()
    assert "of 28 days" not in text
    planned = summary["adherence"]["planned"]
    assert planned <= 3 and f"of {planned * 20}" not in text
    assert "0 of 65" not in text and "days rated" not in page.period_line.text()
    bars = summary["adherence"]["by_day"]
    assert len(bars) == 28 and all(d["planned"] == 0 for d in bars[:-1])
