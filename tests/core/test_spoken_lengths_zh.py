"""The Chinese (zh_HK) cues against REAL espeak-ng audio from the Cantonese voice (yue).

The Chinese mirror of ``test_spoken_lengths.py``: every spoken text of every shipped
routine (every week) and of every shipped exercise at every level, in Chinese, is
synthesized with espeak-ng's ``yue`` voice at the default rate. The estimate that sizes
lead-ins must exceed every announcement, and no cue may still be playing when the next
one is due, neither with the estimated layout nor with the layout built from the
measured lengths (what the app does). Needs libespeak-ng with its Cantonese dictionary
(``.ci/system-deps.sh``): it fails, not skips, without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cipn_coach.engine.timeline import (
    Timeline,
    build_timeline,
    speaking_seconds,
    spoken_texts,
)
from cipn_coach.routines.library import Library, load_library
from cipn_coach.routines.plan import plan_routine, plan_step
from cipn_coach.routines.routine_format import Step
from cipn_coach.speech import Synthesizer, VoiceSettings
from cipn_coach.speech.lengths import measure_phrases
from tests.core.test_spoken_lengths import ESTIMATED_KINDS, MARGIN_S, overlaps

WAIT_S = 20.0


@pytest.fixture(scope="module")
def chinese() -> Library:
    return load_library(language="zh_HK")


@pytest.fixture(scope="module")
def cantonese(tmp_path_factory: pytest.TempPathFactory) -> VoiceSettings:
    """The voice the Settings list offers for zh_HK: found by the language filter."""
    synth = Synthesizer(tmp_path_factory.mktemp("voices"), VoiceSettings())
    synth.start()
    try:
        assert synth.wait_ready(WAIT_S), synth.error
        voices = synth.voices_for("zh_HK")
    finally:
        synth.close()
    assert [name for _id, name in voices] == ["Chinese (Cantonese)"], voices
    return VoiceSettings(voice_id=voices[0][0])


def timelines(library: Library, spoken: object = None) -> Iterator[tuple[str, Timeline]]:
    for routine in library.routines.values():
        for week in range(1, 6):
            steps = plan_routine(routine, library, week)
            yield (
                f"{routine.id} week {week}",
                build_timeline(
                    steps, routine.get_ready_seconds, routine.prepare_seconds, spoken=spoken
                ),
            )  # type: ignore[arg-type]
    exercises = sorted(library.exercises.values(), key=lambda e: e.id)
    first = plan_step(0, Step(exercise=exercises[0].id), exercises[0], 1, library.language)
    for ex in exercises:  # as a clinician's routine could use them: alone and as "Next: …"
        for level in [None, *(lv.level for lv in ex.levels)]:
            step = plan_step(1, Step(exercise=ex.id, level=level), ex, 1, library.language)
            yield f"{ex.id} level {level}", build_timeline([step], spoken=spoken)  # type: ignore[arg-type]
            yield f"{ex.id} level {level} second", build_timeline([first, step], spoken=spoken)  # type: ignore[arg-type]


def test_every_chinese_cue_ends_before_the_next_is_due_in_the_cantonese_voice(
    chinese: Library,
    cantonese: VoiceSettings,
    tmp_path: Path,
) -> None:
    texts = [t for _name, timeline in timelines(chinese) for t in spoken_texts(timeline)]
    spoken = measure_phrases(texts, tmp_path, cantonese)  # seconds to the last word
    assert len(spoken.words) > 150, "the Chinese texts were not all found"
    too_long, problems = [], []
    for name, timeline in timelines(chinese):  # the layout estimated before measuring
        script = [c for c in timeline.script() if c["kind"] != "chime"]
        for cue in script:
            text = str(cue["text"])
            if cue["kind"] in ESTIMATED_KINDS and spoken.words[text] + MARGIN_S > speaking_seconds(
                text
            ):
                too_long.append(
                    f"{spoken.words[text]:.2f} s vs {speaking_seconds(text):.2f} s: {text}"
                )
        problems += [f"{name} (estimated): {p}" for p in overlaps(timeline, dict(spoken.words))]
    for name, timeline in timelines(chinese, spoken):  # the layout the app plays
        problems += [f"{name} (measured): {p}" for p in overlaps(timeline, dict(spoken.words))]
    assert not too_long, "\n".join(sorted(set(too_long)))
    assert not problems, "\n".join(problems)


def test_the_cantonese_counts_keep_the_prescribed_tempo(
    chinese: Library,
    cantonese: VoiceSettings,
    tmp_path: Path,
) -> None:
    """A count longer than its slot would slow every repetition down (``_fit_tempo``):
    at the default rate the Chinese counts fit the tempo the physiotherapist set."""
    for routine in chinese.routines.values():
        steps = plan_routine(routine, chinese, 4)
        estimated = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
        spoken = measure_phrases(spoken_texts(estimated), tmp_path / routine.id, cantonese)
        measured = build_timeline(
            steps, routine.get_ready_seconds, routine.prepare_seconds, spoken=spoken
        )
        assert [s.seconds_per_rep for s in measured.steps] == [s.seconds_per_rep for s in steps]


def test_numbers_and_counts_are_read_in_cantonese(cantonese: VoiceSettings, tmp_path: Path) -> None:
    """The yue voice says the Chinese numerals and the clinical digits itself (no
    English letters): a count of 十二 takes about as long as 12 written in digits."""
    spoken = measure_phrases(["十二，張開", "12，張開", "攝氏38至40度"], tmp_path, cantonese)
    assert abs(spoken.words["十二，張開"] - spoken.words["12，張開"]) < 0.15
    assert 2.0 < spoken.words["攝氏38至40度"] < 4.0  # 攝氏三十八至四十度: 9 syllables
