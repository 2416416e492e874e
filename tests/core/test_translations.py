"""Exercise and routine texts in Traditional Chinese (Hong Kong), from the data files.

Guards issue 14's data rules: every built-in exercise and routine carries a complete
``[zh_HK]`` table (same number of instructions, cues, tips, phrases, safety points, stop
rules and levels as the English; no field missing); every translated text says the same
numbers as its English text (38 to 40, 15 to 20, 3 to 5 of 10); the schema refuses a
file that breaks either rule; an own exercise without a translation keeps its English
words in a Chinese library; and a Chinese session counts in Chinese.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from cipn_coach.engine.cue_words import chinese_number, chinese_quantity
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import Library, load_library
from cipn_coach.routines.library_merge import library_with_custom
from cipn_coach.routines.localize import localize_exercise, localize_routine
from cipn_coach.routines.plan import plan_routine
from cipn_coach.routines.routine_format import Routine
from tests.core import factories

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def english() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def chinese() -> Library:
    return load_library(language="zh_HK")


def english_and_chinese_texts(ex: Exercise) -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every text of ``ex``, paired by position."""
    zh = ex.zh_HK
    assert zh is not None, f"{ex.id}: no [zh_HK] table"
    pairs = [
        ("title", ex.title, zh.title),
        ("position", ex.position, zh.position),
        ("cues.start", ex.cues.start, zh.cues.start),
        ("cues.end", ex.cues.end, zh.cues.end),
        ("source", ex.source, zh.source),
        ("side_noun", ex.side_noun, zh.side_noun),
    ]
    lists = {
        "equipment": (ex.equipment, zh.equipment),
        "instructions": (ex.instructions, zh.instructions),
        "tips": (ex.cues.tips, zh.cues.tips),
        "phrases": (ex.cadence.phrases if ex.cadence else [], zh.phrases),
        "safety": (ex.safety, zh.safety),
        "stop_rules": (ex.stop_rules, zh.stop_rules),
        "levels": (
            [f"{lv.title} {lv.instruction}" for lv in ex.levels],
            [f"{lv.title} {lv.instruction}" for lv in zh.levels],
        ),
    }
    for name, (en_list, zh_list) in lists.items():
        assert len(en_list) == len(zh_list), f"{ex.id}.{name}: {len(zh_list)} vs {len(en_list)}"
        pairs += [
            (f"{name}.{i}", en, tr)
            for i, (en, tr) in enumerate(zip(en_list, zh_list, strict=False))
        ]
    return pairs


def digits(text: str) -> list[str]:
    return sorted(re.findall(r"[0-9]+", text))


def test_every_built_in_exercise_and_routine_is_translated_with_the_same_numbers(
    english: Library,
) -> None:
    assert len(english.exercises) == 17 and len(english.routines) == 3
    wrong = []
    for ex in english.exercises.values():
        for where, en, zh in english_and_chinese_texts(ex):
            if where != "source" and not CJK.search(zh):
                wrong.append(f"{ex.id}.{where}: not Chinese: {zh!r}")
            if digits(en) != digits(zh):
                wrong.append(f"{ex.id}.{where}: {digits(zh)} vs the English {digits(en)}")
    for routine in english.routines.values():
        zh = routine.zh_HK
        assert zh is not None, f"{routine.id}: no [zh_HK] table"
        pairs = [
            (routine.title, zh.title),
            (routine.description, zh.description),
            (routine.source, zh.source),
        ]
        for step in routine.steps:
            if step.note is not None:
                assert step.zh_HK is not None and step.zh_HK.note, f"{routine.id}: a note"
                pairs.append((step.note, step.zh_HK.note))
        wrong += [f"{routine.id}: {b!r}" for a, b in pairs if digits(a) != digits(b)]
    assert not wrong, "\n".join(wrong)


def test_the_clinical_numbers_are_kept_in_the_foot_soak(chinese: Library) -> None:
    soak = chinese.exercise("warm_foot_soak")
    assert "攝氏38至40度" in soak.cues.start and "15至20分鐘" in soak.instructions[4]
    assert soak.dosage.hold_seconds == 900  # numbers and timing are never translated


def raw_exercise(**changes: Any) -> dict[str, Any]:
    data = factories.exercise("fingers", reps=3).model_dump(mode="json", exclude_none=True)
    data["cues"] = {"start": "Open 3 times.", "end": "And relax."}
    data["zh_HK"] = {
        "title": "手指",
        "position": "坐着",
        "side_noun": "腳",
        "instructions": ["做手指練習。"],
        "cues": {"start": "張開3次。", "end": "放鬆。"},
        "phrases": ["張開", "合上"],
        "stop_rules": ["如疼痛，請停止。"],
        "source": "測試",
    }
    data["zh_HK"].update(changes)
    return data


def test_a_complete_translation_is_accepted() -> None:
    assert Exercise.model_validate(raw_exercise()).zh_HK is not None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"instructions": ["一。", "二。"]}, "zh_HK.instructions: 2 item(s), the English has 1"),
        ({"phrases": ["張開"]}, "zh_HK.phrases: 1 item(s), the English has 2"),
        ({"stop_rules": []}, "stop_rules"),
        (
            {"cues": {"start": "張開5次。", "end": "放鬆。"}},
            "zh_HK.cues.start: numbers 5 differ from the English 3",
        ),
        (
            {"cues": {"start": "張開三次。", "end": "放鬆。"}},
            "zh_HK.cues.start: numbers none differ from the English 3",
        ),
        ({"title": None}, "zh_HK.title"),
    ],
)
def test_an_incomplete_translation_or_a_changed_number_is_refused(
    changes: dict[str, Any],
    message: str,
) -> None:
    data = raw_exercise(**changes)
    if data["zh_HK"].get("title") is None:
        del data["zh_HK"]["title"]
    with pytest.raises(ValueError, match=re.escape(message)):
        Exercise.model_validate(data)


def test_a_translated_routine_translates_every_note() -> None:
    base: dict[str, Any] = {
        "id": "rt",
        "title": "Rt",
        "description": "About 9 minutes.",
        "schedule": {"slots": [{"name": "morning", "time": "08:30"}]},
        "source": "test",
        "steps": [{"exercise": "fingers", "note": "Sit."}],
        "zh_HK": {"title": "練習", "description": "大約9分鐘。", "source": "測試"},
    }
    with pytest.raises(ValueError, match=r"steps\.0\.zh_HK\.note: missing"):
        Routine.model_validate(base)
    base["steps"][0]["zh_HK"] = {"note": "坐下。"}
    assert Routine.model_validate(base).zh_HK is not None
    base["zh_HK"]["description"] = "大約10分鐘。"
    with pytest.raises(ValueError, match="numbers 10 differ from the English 9"):
        Routine.model_validate(base)
    # the routine editor writes its own title and drops the table: the steps' tables are
    # then ignored, not refused, and the routine stays English in a Chinese library
    del base["zh_HK"]
    edited = Routine.model_validate(base | {"title": "My evening"})
    assert localize_routine(edited, "zh_HK").steps[0].note == "Sit."


def test_the_library_in_chinese_keeps_ids_numbers_and_order(
    english: Library, chinese: Library
) -> None:
    assert chinese.language == "zh_HK" and english.language == "en"
    for ex_id, ex in english.exercises.items():
        zh = chinese.exercise(ex_id)
        assert zh.title == ex.zh_HK.title and zh.instructions == ex.zh_HK.instructions
        assert zh.dosage == ex.dosage and zh.zh_HK is None
        assert [lv.hold_seconds for lv in zh.levels] == [lv.hold_seconds for lv in ex.levels]
    evening = chinese.routine("evening")
    assert evening.title == "晚間手腳運動及溫水浸腳"
    assert evening.steps[0].note == "開始前，先注滿水盆並看看溫度計：攝氏38至40度。"
    assert [s.exercise for s in evening.steps] == [
        s.exercise for s in english.routine("evening").steps
    ]


class OwnItems:
    """The two reader methods ``library_with_custom`` needs, holding own items."""

    def __init__(self, exercises: list[Exercise]) -> None:
        self.exercises = exercises

    def list_exercises(self) -> list[Any]:
        from types import SimpleNamespace

        return [SimpleNamespace(exercise=e) for e in self.exercises]

    def latest(self) -> list[Any]:
        return []


def test_an_own_exercise_without_chinese_keeps_its_words_in_a_chinese_library(
    chinese: Library,
) -> None:
    english_only = factories.exercise("towel_slide")
    chinese_only = factories.exercise("hand_press").model_copy(
        update={"title": "按壓手掌", "instructions": ["輕輕按壓。"]}
    )
    both = Exercise.model_validate({**raw_exercise(), "id": "finger_own"})
    merged = library_with_custom(chinese, OwnItems([english_only, chinese_only, both]))
    assert merged.language == "zh_HK" and not merged.problems
    assert merged.exercise("towel_slide").title == "Towel Slide"
    assert merged.exercise("hand_press").title == "按壓手掌"
    assert merged.exercise("finger_own").title == "手指"
    assert localize_exercise(english_only, "en") is english_only
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        localize_exercise(english_only, "fr")


def test_chinese_numbers_as_counted_aloud() -> None:
    assert [chinese_number(n) for n in (1, 3, 10, 12, 20, 21, 105, 900)] == [
        "一",
        "三",
        "十",
        "十二",
        "二十",
        "二十一",
        "一百零五",
        "九百",
    ]
    assert chinese_quantity(2) == "兩" and chinese_quantity(3) == "三"


def test_a_chinese_session_counts_and_speaks_in_chinese(chinese: Library) -> None:
    texts: list[str] = []
    for routine_id in ("evening", "balance_builder"):
        routine = chinese.routine(routine_id)
        timeline = build_timeline(
            plan_routine(routine, chinese, 1), routine.get_ready_seconds, routine.prepare_seconds
        )
        texts += [str(c["text"]) for c in timeline.script() if c["kind"] != "chime"]
    assert texts[0].startswith("準備好。第一項：溫水浸腳及輕柔按摩。")
    assert {"三", "二", "一", "開始。", "做了一半。", "還有一分鐘。", "還有十秒。"} <= set(texts)
    assert "一\u3000張開" in texts and "最後張開" in texts
    assert {"準備做第二組，一共兩組。", "準備做第二組，一共三組。"} <= set(texts)
    assert any(t.startswith("下一項：輕握軟球：很軟的球。先做左手。") for t in texts)
    assert "轉做右手。" in texts
    assert texts[-1] == "做得好。讓雙腳休息一下。這次的練習完成了。做得好，謝謝你。"
    # the same routine in English is unchanged by all this
    english = load_library()
    en = build_timeline(plan_routine(english.routine("balance_builder"), english, 1))
    assert en.script()[0]["text"].startswith("Get ready. First: Ankle pumps.")
    assert any(c["text"] == "Set 2 of 3 coming up." for c in en.script())
