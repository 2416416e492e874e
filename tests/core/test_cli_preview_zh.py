"""``cipn-coach preview ROUTINE --json`` in Chinese: every spoken cue is Chinese.

Run through the real command line (``ui.app.main``), as a clinician would check what a
patient hears. A cue is Chinese when it holds CJK characters and no Latin word other
than the short allow-list (names people say as letters). Digits are allowed: the
Cantonese voice reads "38" as 三十八, and the clinical numbers stay in digits.
"""

from __future__ import annotations

import json
import re

import pytest

from cipn_coach.routines.library import load_library
from ui.app import main

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
ALLOWED_LATIN = {"PIN", "PDF"}
ROUTINES = sorted(load_library().routines)


def preview(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code = main(["preview", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    return json.loads(out)


@pytest.mark.parametrize("routine", ROUTINES)
@pytest.mark.parametrize("week", [1, 4])
def test_every_spoken_cue_of_a_built_in_routine_is_chinese(
    capsys: pytest.CaptureFixture[str],
    routine: str,
    week: int,
) -> None:
    data = preview(capsys, routine, "--week", str(week), "--lang", "zh-HK")
    spoken = [c["text"] for c in data["cues"] if c["kind"] != "chime"]
    assert len(spoken) > 50
    not_chinese = [
        t for t in spoken if not CJK.search(t) or set(LATIN_WORD.findall(t)) - ALLOWED_LATIN
    ]
    assert not not_chinese, "\n".join(dict.fromkeys(not_chinese))


def test_the_json_keys_and_machine_values_stay_as_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    english = preview(capsys, "morning")
    chinese = preview(capsys, "morning", "--lang", "zh_HK")  # either spelling
    assert set(chinese) == set(english) and chinese["routine"] == "morning"
    kinds = [c["kind"] for c in chinese["cues"]]
    assert set(kinds) == {c["kind"] for c in english["cues"]} and "count" in kinds
    assert {c["text"] for c in chinese["cues"] if c["kind"] == "chime"} == {"start", "end"}
    assert english["cues"][0]["text"].startswith("Get ready. First: Warm your hands.")
