"""The timeline's speaking-time estimate against REAL espeak-ng audio.

``speaking_seconds`` decides how long lead-ins, switches and rests are, so that an
announcement is over before "3, 2, 1" (a countdown queued behind a long announcement was
the bench's 425 ms voice latency). It is a pure estimate; this test is what keeps it
honest: every announcement, switch, set and end cue of the shipped routines (every week)
and of every shipped exercise at every level is synthesized at the default rate and its
WAV must be shorter than the estimate, and over before the next cue is due. A new
exercise text or a new espeak-ng that speaks slower fails here, not in front of a patient.
Lengths of audio, not wall-clock times: deterministic. Needs libespeak-ng (as
``test_speech.py``, it fails rather than skips without it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cipn_coach.engine.timeline import (
    MEASURED_MARGIN_SECONDS,
    SpokenLengths,
    Timeline,
    build_timeline,
    speaking_seconds,
    spoken_texts,
)
from cipn_coach.routines.library import load_library
from cipn_coach.routines.plan import plan_routine, plan_step
from cipn_coach.routines.routine_format import Step
from cipn_coach.speech import VoiceSettings, synthesize_to_wav, wav_stats
from cipn_coach.speech.lengths import measure_phrases

ESTIMATED_KINDS = {"announce", "switch", "set", "end"}  # the cues speaking_seconds times
MARGIN_S = 0.2  # measured: the estimate exceeds every shipped WAV by 0.42 s or more


def shipped_timelines() -> Iterator[tuple[str, Timeline]]:
    library = load_library()
    for routine in library.routines.values():
        for week in range(1, 6):
            steps = plan_routine(routine, library, week)
            yield (
                f"{routine.id} week {week}",
                build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds),
            )
    exercises = sorted(library.exercises.values(), key=lambda e: e.id)
    first = plan_step(0, Step(exercise=exercises[0].id), exercises[0], 1)
    for ex in exercises:  # as a clinician's routine could use them: alone and as "Next: …"
        for level in [None, *(lv.level for lv in ex.levels)]:
            step = plan_step(1, Step(exercise=ex.id, level=level), ex, 1)
            yield f"{ex.id} level {level}", build_timeline([step])
            yield f"{ex.id} level {level} second", build_timeline([first, step])


def test_every_shipped_announcement_is_shorter_than_its_estimate_and_ends_in_time(
    tmp_path: Path,
) -> None:
    lengths: dict[str, float] = {}

    def wav_seconds(text: str) -> float:
        if text not in lengths:
            wav = synthesize_to_wav(text, tmp_path / f"{len(lengths)}.wav", VoiceSettings())
            lengths[text] = wav_stats(wav).duration_s
        return lengths[text]

    too_long, overlapping = [], []
    for name, timeline in shipped_timelines():
        script = [c for c in timeline.script() if c["kind"] != "chime"]
        for cue, after in zip(script, script[1:], strict=False):
            if cue["kind"] not in ESTIMATED_KINDS:
                continue
            text, seconds = str(cue["text"]), wav_seconds(str(cue["text"]))
            if seconds + MARGIN_S > speaking_seconds(text):
                too_long.append(f"{seconds:.2f} s vs {speaking_seconds(text):.2f} s: {text!r}")
            if float(cue["at"]) + seconds > float(after["at"]):  # type: ignore[arg-type]
                overlapping.append(
                    f"{name}: {text!r} at {cue['at']} s still playing "
                    f"when {after['text']!r} is due at {after['at']} s"
                )
    assert len(lengths) > 80, "the shipped texts were not all found"
    assert not too_long, "\n".join(sorted(set(too_long)))
    assert not overlapping, "\n".join(overlapping)


# --- a slow voice: lead-ins sized from the measured phrases ----------------------------

SLOW = VoiceSettings(rate_wpm=100)


def overlaps(timeline: Timeline, words: dict[str, float]) -> list[str]:
    """Every spoken cue still saying its words when the next cue is due. A chime may
    sound beside speech; a phrase may not overlap the next phrase."""
    script = [c for c in timeline.script() if c["kind"] != "chime"]
    return [
        f"{cue['text']!r} at {cue['at']} s still playing when {after['text']!r} is due "
        f"at {after['at']} s"
        for cue, after in zip(script, script[1:], strict=False)
        if float(cue["at"]) + words[str(cue["text"])] > float(after["at"])
    ]  # type: ignore[arg-type]


def test_at_100_words_a_minute_no_cue_is_still_playing_when_the_next_is_due(
    tmp_path: Path,
) -> None:
    library = load_library()
    texts: list[str] = []
    plans = []
    for routine in library.routines.values():
        for week in (1, 4):
            steps = plan_routine(routine, library, week)
            plans.append((f"{routine.id} week {week}", steps, routine))
            texts += spoken_texts(
                build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
            )
    spoken = measure_phrases(texts, tmp_path, SLOW)
    problems, estimated_total, measured_total = [], 0.0, 0.0
    for name, steps, routine in plans:
        estimated = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
        timeline = build_timeline(
            steps, routine.get_ready_seconds, routine.prepare_seconds, spoken=spoken
        )
        missing = set(spoken_texts(timeline)) - set(spoken.words)
        assert not missing, f"{name}: not measured: {missing}"
        problems += [f"{name}: {p}" for p in overlaps(timeline, dict(spoken.words))]
        estimated_total += estimated.total_duration
        measured_total += timeline.total_duration
    assert not problems, "\n".join(problems)
    # the screen's total time is the timeline's: a slower voice makes the session longer
    assert measured_total > estimated_total


def test_the_estimated_layout_overlaps_at_100_words_a_minute(tmp_path: Path) -> None:
    """Why measuring is needed: lead-ins sized for 150 words a minute do not fit."""
    library = load_library()
    routine = library.routines["morning"]
    timeline = build_timeline(
        plan_routine(routine, library, 1), routine.get_ready_seconds, routine.prepare_seconds
    )
    spoken = measure_phrases(spoken_texts(timeline), tmp_path, SLOW)
    assert overlaps(timeline, dict(spoken.words))


def test_measured_lengths_are_data_and_fall_back_to_a_slowed_estimate() -> None:
    lengths = SpokenLengths({"Begin.": 0.5}, rate_wpm=100)
    assert lengths.seconds("Begin.") == pytest.approx(0.5 + MEASURED_MARGIN_SECONDS)
    assert lengths.seconds("Halfway.") == pytest.approx(speaking_seconds("Halfway.") * 1.5)
    assert SpokenLengths().seconds("Halfway.") == pytest.approx(speaking_seconds("Halfway."))
