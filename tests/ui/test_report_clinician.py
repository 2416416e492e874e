"""Issue 12 §1–§3 in the PDF: a report a nurse can trust, checked with ``pdftotext``.

The name set by ``cipn-coach profile``; flags in a clinician's words with the days they
first and last held and a source in words; no internal identifier or file name; whole
minutes; no heading alone at the foot of a page; on day 1 nothing planned before the
programme's start.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime, timedelta

import pytest

from cipn_coach.checkin.flag_words import clinician_line, display_flags
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.cli.demo import fill_demo
from cipn_coach.services import open_services
from ui.app import main

HEADINGS = (
    "Routines",
    "Adherence",
    "Symptoms and sessions",
    "Weekly averages",
    "Flags",
    "Falls",
    "Recent notes",
    "Questions worth asking the oncology team",
)
NOW = datetime(2026, 3, 18, 13, 30)  # the clock of the demo, the summary and the report
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\.md\b|\.py\b|CONTENT|\brule:")


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    services = open_services(folder)
    fill_demo(services, 28, NOW)
    services.close()
    assert (
        main(
            ["profile", "--data-dir", str(folder), "--name", "Mary O'Brien", "--birth-year", "1956"]
        )
        == 0
    )
    return folder


def report(folder, tmp_path, capsys, *period):
    assert main(["--data-dir", str(folder), "summary", "--json", *period], now=lambda: NOW) == 0
    summary = json.loads(capsys.readouterr().out)
    pdf = tmp_path / "report.pdf"
    assert (
        main(["report", "--pdf", str(pdf), "--data-dir", str(folder), *period], now=lambda: NOW)
        == 0
    )
    return summary, pdf_text(pdf)


def test_the_report_speaks_about_the_patient_with_dates_and_no_identifiers(
    qapp, demo_folder, tmp_path, capsys
):
    summary, raw = report(demo_folder, tmp_path, capsys)
    text = one_line(raw)
    assert "Patient: Mary O'Brien (born 1956)" in text
    assert not IDENTIFIER.findall(text), IDENTIFIER.findall(text)
    last = datetime.fromisoformat(summary["period"]["to"]).date()
    shown = display_flags(summary["flags"])
    assert shown
    for flag in shown:
        assert one_line(clinician_line(flag, last)) in text  # first and last held
        assert one_line(flag["clinical"]) in text
        assert "Your " not in flag["clinical"] and "You " not in flag["clinical"]
    assert "Source: patient guide" in text and "oncology guide" in text
    assert re.search(r"Exercise minutes: [\d,]+ of [\d,]+ ", text)  # whole minutes
    assert not re.search(r"minutes?: \d+\.\d", text)
    # the near-falls of the demo are 15 days old: history, not an instruction
    assert "last seen 15 days before this report" in text
    pages = raw.split("\f")
    for page in pages[:-1]:
        lines = [
            line.strip()
            for line in page.splitlines()
            if line.strip() and not line.strip().isdigit()
        ]  # not a page number
        assert lines and not any(lines[-1].startswith(h) for h in HEADINGS), lines[-3:]


def test_a_day_one_report_plans_nothing_before_the_start(qapp, tmp_path, capsys):
    folder = tmp_path / "data"
    services = open_services(folder)
    today = NOW.date()
    services.plan.start_date(today)
    services.checkins.save(
        today,
        CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1}),
        NOW.astimezone(),
        today=today,
    )
    services.close()
    summary, raw = report(folder, tmp_path, capsys)
    text = one_line(raw)
    a = summary["adherence"]
    assert a["planned"] <= 3
    assert f"Sessions done: {a['done']} of {a['planned']}" in text
    assert "Patient: name not given" in text
    assert not IDENTIFIER.findall(text)
    first = today - timedelta(days=27)
    assert "programme began" in text and str(first.year) in text
