"""The bundled exercise library, routines, illustrations and chime (no Qt).

These tests guard the clinical content: every exercise names its source and its stop
rules, balance steps carry the balance safety check, the foot soak stays within the
patient guide's 15 to 20 minutes, and each routine's timeline fits its target length.
"""

from __future__ import annotations

import math
import re
import struct
import wave
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cipn_coach import paths
from cipn_coach.routines.exercise_format import SideHandling
from cipn_coach.routines.library import Library, load_library
from cipn_coach.routines.plan import PlannedStep, plan_routine, safety_checks
from cipn_coach.routines.routine_format import Routine

# The kinds of exercise the seed patient guide and the Otago progression call for.
REQUIRED_IDS = {
    "finger open/close": "finger_open_close",
    "finger-thumb opposition": "finger_thumb_touch",
    "ball squeeze in the palm": "palm_ball_squeeze",
    "median nerve glide": "median_nerve_glide",
    "toe towel grasp": "toe_towel_grasp",
    "ball rolling under the sole": "sole_ball_roll",
    "toe spread/lift": "toe_spread_lift",
    "seated ankle pumps": "ankle_pumps",
    "seated ankle circles": "ankle_circles",
    "heel raises at the counter": "heel_raises",
    "side-to-side weight shifts": "weight_shift_side",
    "balance stance": "balance_stance",
    "heel-to-toe walk": "heel_to_toe_walk",
    "warm foot soak": "warm_foot_soak",
}
STANDING_IDS = {"heel_raises", "weight_shift_side", "balance_stance", "heel_to_toe_walk"}

# Target lengths in seconds, checked for every program week (the last level holds after).
ROUTINE_TARGETS = {
    "morning": (600, 900),  # about 10 to 15 minutes
    "evening": (1500, 1800),  # about 25 to 30 minutes, soak included
    "balance_builder": (480, 720),  # about 10 minutes
}

SPOKEN_OK = re.compile(r"^[A-Za-z0-9 .,'?!-]+$")  # nothing espeak-ng reads out oddly
WORDS_PER_SECOND = 2.5


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def routine_total_seconds(routine: Routine, steps: list[PlannedStep]) -> float:
    """The session timeline length, as the engine lays it out.

    get_ready + for each step: prepare (not before the first step) + n_work x work
    + (n_work - 1) gaps, where a gap is ``rest_seconds`` between sets on the same side
    and ``max(rest_seconds, 5)`` when switching from the left side to the right.
    """
    total = float(routine.get_ready_seconds)
    for index, step in enumerate(steps):
        if index > 0:
            total += routine.prepare_seconds
        sides = 2 if step.side_handling is SideHandling.LEFT_THEN_RIGHT else 1
        n_work = step.sets * sides
        total += n_work * step.work_seconds_per_set
        same_side_gaps = (step.sets - 1) * sides
        side_switches = sides - 1
        assert same_side_gaps + side_switches == n_work - 1
        total += same_side_gaps * step.rest_seconds + side_switches * max(step.rest_seconds, 5)
    return total


# ----------------------------------------------------------------------------- library


def test_real_library_loads_without_problems(library: Library) -> None:
    assert [str(p) for p in library.problems] == []
    assert len(library.exercises) >= 14


def test_required_exercise_kinds_are_present(library: Library) -> None:
    missing = {
        kind: ex_id for kind, ex_id in REQUIRED_IDS.items() if ex_id not in library.exercises
    }
    assert missing == {}


def test_file_names_match_ids() -> None:
    for path in paths.exercises_dir().glob("*.toml"):
        assert f'id = "{path.stem}"' in path.read_text(encoding="utf-8"), path.name


def test_every_exercise_has_source_stop_rules_and_illustration(library: Library) -> None:
    assets = paths.assets_dir()
    for exercise in library.exercises.values():
        assert exercise.source.strip(), exercise.id
        assert len(exercise.stop_rules) >= 1, exercise.id
        assert exercise.illustration == f"illustrations/{exercise.id}.svg"
        svg_path = assets / exercise.illustration
        assert svg_path.is_file(), svg_path
        root = ET.parse(svg_path).getroot()
        assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), svg_path
        assert svg_path.stat().st_size < 8 * 1024, (
            f"{svg_path.name} is heavier than a simple line drawing"
        )


def test_spoken_texts_are_plain_and_cadence_fits(library: Library) -> None:
    for exercise in library.exercises.values():
        # Titles and level instructions are read out too when the next exercise is announced.
        spoken = [exercise.title, exercise.cues.start, exercise.cues.end, *exercise.cues.tips]
        spoken += [text for level in exercise.levels for text in (level.title, level.instruction)]
        for text in spoken:
            assert SPOKEN_OK.match(text), f"{exercise.id}: {text!r}"
        if exercise.cadence is None:
            continue
        slot = exercise.cadence.seconds_per_rep / len(exercise.cadence.phrases)
        for position, phrase in enumerate(exercise.cadence.phrases):
            assert SPOKEN_OK.match(phrase), f"{exercise.id}: {phrase!r}"
            words = len(phrase.split())
            assert words <= 3, f"{exercise.id}: {phrase!r} is too long to speak in time"
            # The first phrase of a rep carries the count, and "Last one." on the final rep.
            said = words + (2 if position == 0 else 0)
            assert said / WORDS_PER_SECOND <= slot, (
                f"{exercise.id}: {phrase!r} needs more than {slot:.1f} s"
            )


def test_standing_exercises_carry_balance_safety(library: Library) -> None:
    for ex_id in STANDING_IDS:
        exercise = library.exercise(ex_id)
        assert "balance" in exercise.needs_safety_check, ex_id
        safety = " ".join(exercise.safety).lower()
        for must in ("counter", "chair", "rugs", "someone"):
            assert must in safety, f"{ex_id}: safety text does not mention {must!r}"
        stops = " ".join(exercise.stop_rules).lower()
        for must in ("dizzy", "hurts", "near-fall"):
            assert must in stops, f"{ex_id}: stop rules do not mention {must!r}"


def test_balance_stance_progresses_in_at_least_four_levels(library: Library) -> None:
    stance = library.exercise("balance_stance")
    assert len(stance.levels) >= 4
    first, last = stance.levels[0], stance.levels[-1]
    assert "together" in first.title.lower() and "hands" in first.title.lower()
    assert "one leg" in last.title.lower() and "no hands" in last.title.lower()
    assert stance.dosage.hold_seconds is not None


def test_foot_soak_dose_and_safety(library: Library) -> None:
    soak = library.exercise("warm_foot_soak")
    assert soak.dosage.hold_seconds is not None and 900 <= soak.dosage.hold_seconds <= 1200
    assert soak.needs_safety_check == ["foot_soak"]
    safety = " ".join(soak.safety).lower()
    for must in (
        "thermometer",
        "never test",
        "between the toes",
        "look at your feet",
        "open wound",
    ):
        assert must in safety, f"foot soak safety does not mention {must!r}"
    assert "38 to 40 degrees" in soak.cues.start
    assert soak.cues.tips and soak.cues.tip_every_seconds <= 300


# ----------------------------------------------------------------------------- routines


def test_three_routines_load_with_their_schedules(library: Library) -> None:
    assert set(ROUTINE_TARGETS) <= set(library.routines)
    morning, evening, balance = (
        library.routine(r) for r in ("morning", "evening", "balance_builder")
    )
    assert [(s.name, s.time) for s in morning.schedule.slots] == [("morning", "08:30")]
    assert [(s.name, s.time) for s in evening.schedule.slots] == [("evening", "19:00")]
    assert len(morning.schedule.days) == 7 and len(evening.schedule.days) == 7
    assert [d.value for d in balance.schedule.days] == ["mon", "wed", "fri"]
    assert balance.program.length_days == 28
    for routine in (morning, evening, balance):
        assert routine.source.strip()


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_TARGETS))
def test_routine_totals_fall_in_their_target_ranges(library: Library, routine_id: str) -> None:
    routine = library.routine(routine_id)
    low, high = ROUTINE_TARGETS[routine_id]
    for week in (1, 2, 3, 4, 5):
        total = routine_total_seconds(routine, plan_routine(routine, library, week))
        assert low <= total <= high, f"{routine_id} week {week}: {total:.0f} s"


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_TARGETS))
def test_engine_timeline_also_fits_the_targets(library: Library, routine_id: str) -> None:
    """The live timeline stretches short lead-ins so announcements fit; it must still fit."""
    timeline = pytest.importorskip("cipn_coach.engine.timeline")
    routine = library.routine(routine_id)
    low, high = ROUTINE_TARGETS[routine_id]
    for week in (1, 2, 3, 4, 5):
        steps = plan_routine(routine, library, week)
        formula = routine_total_seconds(routine, steps)
        built = timeline.build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
        assert formula <= built.total_duration, "the engine never shortens the planned timeline"
        assert low <= built.total_duration <= high, (
            f"{routine_id} week {week}: {built.total_duration:.0f} s"
        )


def test_balance_builder_steps_up_week_by_week(library: Library) -> None:
    routine = library.routine("balance_builder")
    stance_steps = [s for s in routine.steps if s.exercise == "balance_stance"]
    assert len(stance_steps) == 1 and stance_steps[0].level_by_week == [1, 2, 3, 4]
    levels = []
    for week in (1, 2, 3, 4, 5):
        planned = [
            p for p in plan_routine(routine, library, week) if p.exercise.id == "balance_stance"
        ]
        levels.append(planned[0].level.level)
    assert levels == [1, 2, 3, 4, 4]
    ids = {s.exercise for s in routine.steps}
    assert {"weight_shift_side", "heel_raises", "heel_to_toe_walk"} <= ids
    assert safety_checks(plan_routine(routine, library)) == ["balance"]


def test_evening_includes_the_soak_and_its_safety_check(library: Library) -> None:
    steps = plan_routine(library.routine("evening"), library)
    ids = [s.exercise.id for s in steps]
    assert "warm_foot_soak" in ids
    assert "foot_soak" in safety_checks(steps)
    # Drying between the toes and looking at the skin gets its own time, right after the soak.
    assert ids[ids.index("warm_foot_soak") + 1] == "foot_dry_check"


# ----------------------------------------------------------------------------- broken files


def test_broken_files_are_reported_by_name_and_field(tmp_path: Path) -> None:
    good_text = (paths.exercises_dir() / "finger_open_close.toml").read_text(encoding="utf-8")
    (tmp_path / "finger_open_close.toml").write_text(good_text, encoding="utf-8")
    (tmp_path / "ankle_pumps.toml").write_text(
        (paths.exercises_dir() / "ankle_pumps.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    bad_value = good_text.replace('id = "finger_open_close"', 'id = "bad_value"')
    bad_value = re.sub(r"seconds_per_rep = [0-9.]+", "seconds_per_rep = 0.2", bad_value)
    assert bad_value != good_text
    (tmp_path / "bad_value.toml").write_text(bad_value, encoding="utf-8")
    unknown_key = 'colour = "blue"\n' + good_text.replace(
        'id = "finger_open_close"', 'id = "unknown_key"'
    )
    (tmp_path / "unknown_key.toml").write_text(unknown_key, encoding="utf-8")
    (tmp_path / "bad_toml.toml").write_text('id = "bad_toml\ntitle = \n', encoding="utf-8")

    routines = tmp_path / "routines"
    routines.mkdir()
    routine_text = (paths.routines_dir() / "morning.toml").read_text(encoding="utf-8")
    (routines / "missing_exercise.toml").write_text(routine_text, encoding="utf-8")

    library = load_library(tmp_path)

    assert sorted(library.exercises) == ["ankle_pumps", "finger_open_close"]
    by_file = {Path(problem.path).name: problem.problems for problem in library.problems}
    assert set(by_file) == {
        "bad_value.toml",
        "unknown_key.toml",
        "bad_toml.toml",
        "missing_exercise.toml",
    }
    assert any(line.startswith("cadence.seconds_per_rep:") for line in by_file["bad_value.toml"])
    assert any(line.startswith("colour:") for line in by_file["unknown_key.toml"])
    assert by_file["bad_toml.toml"][0].startswith("(file):")
    assert any(
        ".exercise: unknown exercise id" in line for line in by_file["missing_exercise.toml"]
    )
    for problem in library.problems:
        assert Path(problem.path).name in str(problem)


# ----------------------------------------------------------------------------- chime


def test_chime_is_a_short_soft_mono_wav() -> None:
    path = paths.assets_dir() / "sounds" / "chime.wav"
    assert path.is_file()
    with wave.open(str(path), "rb") as chime:
        assert chime.getnchannels() == 1
        assert chime.getsampwidth() == 2
        rate, frames = chime.getframerate(), chime.getnframes()
        data = chime.readframes(frames)
    assert 0.2 <= frames / rate <= 1.0
    samples = struct.unpack(f"<{frames}h", data)
    peak_dbfs = 20 * math.log10(max(abs(s) for s in samples) / 32768)
    assert peak_dbfs < -6.0
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100, (
        "the chime should start and end quietly"
    )
