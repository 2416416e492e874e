"""The report's self-test table: first vs latest per test and side, the band and its
published source, stopped-for-safety results counted; still one or two A4 pages."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from cipn_coach.cli.demo import fill_demo
from cipn_coach.reports.report_data import build_report
from cipn_coach.services import open_services
from cipn_coach.settings.patient import save_profile
from ui.reports.pdf import report_html, write_pdf

NOW = datetime(2026, 3, 18, 13, 30)


def test_report_has_the_self_test_table_with_bands_and_sources(qapp, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        fill_demo(services, 28, NOW)
        save_profile(services.settings, birth_year=1954, sex="female")
        first = NOW.date() - timedelta(days=27)
        stamp = datetime(2026, 3, 1, 9, tzinfo=UTC)
        repo = services.self_tests
        repo.add("chair_stand_30s", first, 8, stamp)
        repo.add("chair_stand_30s", first + timedelta(days=7), 5, stamp, stopped_for_safety=True)
        repo.add("chair_stand_30s", first + timedelta(days=21), 11, stamp)
        repo.add("single_leg_stance", first, 4.5, stamp, side="left")
        repo.add("single_leg_stance", first + timedelta(days=21), 9, stamp, side="left")
        data = build_report(services, first, NOW.date(), NOW)
    finally:
        services.close()
    html = report_html(data)
    assert "Self-tests (first and latest in the period)" in html
    assert "30-second chair stand, stands<br><small>1 stopped for safety</small>" in html
    assert "<td>10–15</td>" in html and "Rikli RE, Jones CJ" in html
    assert "+3.0" in html and "+4.5" in html
    assert "Standing on one leg (left), seconds" in html and "trend only" in html
    pdf = tmp_path / "report.pdf"
    write_pdf(data, pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert any(f"Pages:           {n}" in info for n in (1, 2)), info
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Self-tests" in text and "Typical" not in text  # a table, not the patient's words


def test_the_self_test_table_speaks_the_reports_language(qapp, tmp_path):
    """A Chinese report names its tests, units and notes in Chinese (only the published
    sources keep their language)."""
    from cipn_coach import i18n

    i18n.set_language("zh-HK")
    try:
        services = open_services(tmp_path / "data")
        try:
            fill_demo(services, 28, NOW)
            save_profile(services.settings, birth_year=1954, sex="female")
            first = NOW.date() - timedelta(days=27)
            stamp = datetime(2026, 3, 1, 9, tzinfo=UTC)
            services.self_tests.add("chair_stand_30s", first, 8, stamp)
            services.self_tests.add("single_leg_stance", first, 4.5, stamp, side="left")
            data = build_report(services, first, NOW.date(), NOW)
        finally:
            services.close()
        html = report_html(data)
    finally:
        i18n.set_language("en")
    assert "自我測試（這段期間的第一次及最近一次）" in html
    assert "單腳站立" in html and "Standing on one leg" not in html
    assert "Published norms" not in html and "Buttons were hard" not in html
