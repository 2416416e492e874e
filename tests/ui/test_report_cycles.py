"""The clinician's PDF report shows the averages per chemotherapy cycle period and the
change from the cycle before (issue 16 §4) when a treatment record exists — the numbers
``summary --json`` prints in its ``treatment`` section, read back with pdftotext — and
no such table without one."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime

import pytest

from cipn_coach import formatting
from cipn_coach.cli.demo import fill_demo
from cipn_coach.services import open_services
from cipn_coach.treatment.record import Cycle
from tests.ui.demo_folders import demo_with_cycles
from ui.app import main

NOW = datetime(2027, 1, 8, 13, 30)  # three cycles over New Year, the third still to come
CYCLES = (Cycle(date(2026, 12, 6)), Cycle(date(2026, 12, 20)), Cycle(date(2027, 1, 10), True))
PERIOD = ["--from", "2026-11-20", "--to", "2027-01-08"]
HEADING = "Averages per chemotherapy cycle period"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return demo_with_cycles(tmp_path_factory.mktemp("cycles"), 60, NOW, CYCLES)


def pdf_text(path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(raw.split())


def cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def change(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) < 0.05:
        return "0.0 (same)"
    return f"{value:+.1f} ({'easier' if value < 0 else 'worse'})"


def test_report_cycle_table_equals_the_summary(qapp, folder, tmp_path, capsys):
    assert main(["--data-dir", str(folder), "summary", "--json", *PERIOD], now=lambda: NOW) == 0
    cycles = json.loads(capsys.readouterr().out)["treatment"]["cycles"]
    given = [c for c in cycles if "averages" in c]
    assert [c["day"] for c in given] == ["2026-12-06", "2026-12-20"]  # the planned one: no row
    assert given[0]["change_from_previous"] is None and given[1]["change_from_previous"]
    pdf = tmp_path / "report.pdf"
    assert (
        main(["--data-dir", str(folder), "report", "--pdf", str(pdf), *PERIOD], now=lambda: NOW)
        == 0
    )
    text = pdf_text(pdf)
    table = text[text.index(HEADING) : text.index("Flags", text.index(HEADING))]
    for cycle in given:
        day = formatting.day_year_short(date.fromisoformat(cycle["day"]))
        first = formatting.day_month(date.fromisoformat(cycle["period"]["from"]))
        last = formatting.day_month(date.fromisoformat(cycle["period"]["to"]))
        label = f"Cycle {cycle['number']}, {day}: {first} to {last}"
        assert label in table, (label, table)
        row = table[table.index(label) + len(label) :]
        moved = cycle["change_from_previous"] or {}
        expected = " ".join(
            f"{cell(cycle['averages'][m])} {change(moved.get(m))}"
            for m in ("hands", "feet", "pain", "night")
        )
        assert row.strip().startswith(expected), (expected, row[:200])
        assert all(cycle["averages"][m] is not None for m in ("hands", "feet", "pain"))
    assert "Cycle 3" not in table


def test_no_cycle_table_without_a_treatment_record(qapp, tmp_path, capsys):
    services = open_services(tmp_path / "plain")
    fill_demo(services, 30, NOW)
    services.close()
    pdf = tmp_path / "report.pdf"
    assert (
        main(["--data-dir", str(tmp_path / "plain"), "report", "--pdf", str(pdf)], now=lambda: NOW)
        == 0
    )
    assert HEADING not in pdf_text(pdf)
