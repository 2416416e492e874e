"""The PDF report says exactly what ``cipn-coach summary --json`` says, in real text."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta

import pytest

from cipn_coach.checkin.flag_words import clinician_line, display_flags
from cipn_coach.cli.demo import fill_demo
from cipn_coach.formatting import whole
from cipn_coach.services import open_services
from cipn_coach.settings.patient import save_profile
from ui.app import main

NAME = "王小明 (Wang Xiaoming)"
NOW = datetime(2026, 3, 18, 13, 30)  # the clock of the demo, the summary and the report


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    services = open_services(folder)
    fill_demo(services, 28, NOW)
    save_profile(services.settings, name=NAME)
    services.close()
    return folder


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_report_numbers_equal_the_summary(qapp, demo_folder, tmp_path, capsys):
    last = NOW.date()
    first = last - timedelta(days=27)
    period = ["--from", first.isoformat(), "--to", last.isoformat()]
    assert (
        main(["--data-dir", str(demo_folder), "summary", "--json", *period], now=lambda: NOW) == 0
    )
    summary = json.loads(capsys.readouterr().out)
    pdf = tmp_path / "report.pdf"
    assert (
        main(
            ["--data-dir", str(demo_folder), "report", "--pdf", str(pdf), *period], now=lambda: NOW
        )
        == 0
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info and any(f"Pages:           {n}" in info for n in (1, 2))
    text = one_line(pdf_text(pdf))
    a = summary["adherence"]
    assert NAME in text  # Chinese renders as real, searchable text
    assert f"Sessions done: {a['done']} of {a['planned']} ({a['percent']:.1f} %)" in text
    assert f"partly done: {a['partial']}" in text
    assert f"Current streak: {a['streak_days']} days" in text
    # whole minutes (issue 12 §2 changed this from one decimal)
    assert f"{whole(a['minutes_done'])} of {whole(a['minutes_planned'])}" in text
    for week in summary["weeks"]:
        for value in week["averages"].values():
            if value is not None:
                assert f"{value:.1f}" in text
    # in words with their dates, never the rule's id (issue 12 §2 changed this)
    for flag in display_flags(summary["flags"]):
        assert one_line(clinician_line(flag, last)) in text
        assert flag["rule"] not in text
    falls = sum(d["falls"] or 0 for d in summary["days"] if d["recorded"])
    assert f"Falls: {falls}." in text
    assert "Questions worth asking the oncology team" in text
    assert "does not diagnose or treat" in text


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["report", "--pdf", "out.txt"], "must name a .pdf file"),
        (["report", "--pdf", "x.pdf", "--from", "2026-11-20", "--to", "2026-11-01"], "is after"),
        (["report", "--pdf", "/nonexistent/x.pdf"], "does not exist"),
        (["report"], "required"),
    ],
)
def test_report_bad_input_exits_2_and_writes_nothing(
    demo_folder, tmp_path, capsys, monkeypatch, argv, fragment
):
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(demo_folder), *argv], now=lambda: NOW) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf"))


def test_report_from_the_command_line_without_a_display(demo_folder, tmp_path):
    import os
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    pdf = tmp_path / "r.pdf"
    # another process cannot take the test's clock: the demo's weeks are named instead
    period = [
        "--from",
        (NOW.date() - timedelta(days=27)).isoformat(),
        "--to",
        NOW.date().isoformat(),
    ]
    result = subprocess.run(
        [
            sys.executable,
            str(root / "main.py"),
            "--data-dir",
            str(demo_folder),
            "report",
            "--pdf",
            str(pdf),
            *period,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-800:]  # and no crash on the way out
    assert pdf.stat().st_size > 10_000 and "written to" in result.stdout


def test_the_pdf_report_is_private_even_under_umask_000(qapp, demo_folder, tmp_path, capsys):
    """It holds the name, symptoms and notes: 0600, like the JSON/CSV exports."""
    import os
    import stat

    pdf = tmp_path / "private.pdf"
    old = os.umask(0)
    try:
        assert (
            main(["--data-dir", str(demo_folder), "report", "--pdf", str(pdf)], now=lambda: NOW)
            == 0
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
