"""``report --pdf F --before-cycle``: the pre-cycle page says the numbers ``summary
--json`` prints (read back with pdftotext), never dose advice, and refuses without a
treatment record (exit 2, one line, no file)."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime

import pytest

from cipn_coach import formatting
from cipn_coach.treatment.record import Cycle
from tests.ui.demo_folders import demo_with_cycles
from ui.app import main

NOW = datetime(2027, 1, 8, 13, 30)  # two days before a planned cycle, just after New Year
CYCLES = (Cycle(date(2026, 12, 6)), Cycle(date(2026, 12, 20)), Cycle(date(2027, 1, 10), True))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return demo_with_cycles(tmp_path_factory.mktemp("cycles"), 42, NOW, CYCLES)


def pdf_text(path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(raw.split())


def test_before_cycle_pdf_numbers_equal_the_summary(qapp, folder, tmp_path, capsys):
    assert main(["--data-dir", str(folder), "summary", "--json"], now=lambda: NOW) == 0
    before = json.loads(capsys.readouterr().out)["treatment"]["before_next_cycle"]
    assert before["last_cycle"] == "2026-12-20" and before["next_cycle"] == "2027-01-10"
    pdf = tmp_path / "before.pdf"
    assert (
        main(
            ["--data-dir", str(folder), "report", "--pdf", str(pdf), "--before-cycle"],
            now=lambda: NOW,
        )
        == 0
    )
    text = pdf_text(pdf)
    assert "Before your next cycle (Sunday 10 January)" in text
    assert "Changes since your last cycle on 20 December 2026" in text
    assert "Share this with your oncology team" in text
    numbers = 0
    for measure, label in (
        ("hands", "Hands: numbness/ tingling"),
        ("feet", "Feet: numbness/ tingling"),
        ("pain", "Pain"),
    ):
        then, now = before["averages_then"][measure], before["averages_now"][measure]
        assert then is not None and now is not None, measure  # the demo rates every day
        cells = [formatting.average(then), formatting.average(now)]
        assert f"{label.split(':')[0]}: numbness/" in text or label == "Pain"
        assert " ".join(cells) in text, (measure, cells)
        numbers += 1
    assert numbers == 3
    near = before["near_fall_days"]
    assert f"Days with near-falls: {len(near)}" in text and f"Falls: {before['falls']}" in text
    assert "did numbness, tingling or pain make it harder to wash, dress or eat" in text
    assert "lower your dose" not in text.lower() and "stop taking" not in text.lower()


def test_before_cycle_without_a_treatment_record_is_refused(qapp, tmp_path, capsys):
    pdf = tmp_path / "before.pdf"
    code = main(
        ["--data-dir", str(tmp_path / "empty"), "report", "--pdf", str(pdf), "--before-cycle"],
        now=lambda: NOW,
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no treatment on the record" in err
    assert not pdf.exists()
