"""Issue 14 §3: ``report --pdf F --lang zh-HK`` holds the numbers of ``summary --json`` in
Chinese words, as real text in a Chinese font the PDF carries with it."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import timedelta

from cipn_coach import i18n
from cipn_coach.checkin.flag_words import clinician_line, display_flags
from cipn_coach.formatting import whole
from tests.ui.test_report import NOW, demo_folder, pdf_text  # noqa: F401 - the fixture
from ui.app import main

CJK_FONT = re.compile(r"WenQuanYi|CJK|Hei|Ming|Fallback|Kai|Song", re.IGNORECASE)


def squeezed(text: str) -> str:
    """Without any white space: pdftotext spaces Chinese runs and table cells as it likes."""
    return re.sub(r"\s+", "", text)


def test_the_chinese_report_holds_the_summarys_numbers(qapp, demo_folder, tmp_path, capsys):  # noqa: F811
    last = NOW.date()
    first = last - timedelta(days=27)
    period = ["--from", first.isoformat(), "--to", last.isoformat()]
    assert (
        main(
            ["--data-dir", str(demo_folder), "--lang", "zh-HK", "summary", "--json", *period],
            now=lambda: NOW,
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    pdf = tmp_path / "報告.pdf"
    assert (
        main(
            [
                "--data-dir",
                str(demo_folder),
                "--lang",
                "zh-HK",
                "report",
                "--pdf",
                str(pdf),
                *period,
            ],
            now=lambda: NOW,
        )
        == 0
    )
    assert "的報告已寫入" in capsys.readouterr().out
    text = squeezed(pdf_text(pdf))
    a = summary["adherence"]
    assert f"已完成練習：{a['planned']}次中的{a['done']}次（{a['percent']:.1f}%）" in text
    assert f"其中部分完成：{a['partial']}次" in text
    assert f"目前連續：{a['streak_days']}日" in text
    assert f"練習時間：{whole(a['minutes_planned'])}分鐘中的{whole(a['minutes_done'])}分鐘" in text
    for week in summary["weeks"]:
        for value in week["averages"].values():
            if value is not None:
                assert f"{value:.1f}" in text
    i18n.set_language(i18n.CHINESE_HK)  # the flags' dates and words as the report says them
    for flag in display_flags(summary["flags"]):
        assert squeezed(clinician_line(flag, last)) in text
    falls = sum(d["falls"] or 0 for d in summary["days"] if d["recorded"])
    assert f"跌倒：{falls}次" in text
    for heading in (
        "CIPNCoach報告",
        "練習組合",
        "完成情況",
        "每週平均分",
        "值得向腫瘤科團隊提出的問題",
    ):
        assert heading in text
    for english in (
        "Sessions done",
        "Current streak",
        "Weekly averages",
        "Recent notes",
        "Questions worth asking",
        "does not diagnose",
    ):
        assert english not in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    embedded = [line.split()[0] for line in fonts if line.split()[-5] == "yes"]
    assert any(CJK_FONT.search(name) for name in embedded), fonts
