"""Building a session's timeline: phases, and the cues spoken in each.

The timeline is computed once, before a session starts, from the planned steps. The
same timeline drives the live session and ``cipn-coach preview``, so what a clinician
previews is exactly what the patient hears. Cue offsets are relative to their phase's
start; the live engine shifts phases in time (pause, skip) without rebuilding them.

Layout: get-ready (announces the first exercise, counts 3-2-1) → work → rest/switch →
work … → prepare ("Next: …", 3-2-1) → work … → done. The how-to text of an exercise is
spoken in the phase *before* its work, so the work itself starts on the chime and the
count, and spoken cues never pile up on top of each other.

Language: the exercise texts come in the steps (a localized library); the sentences
built here come from ``cue_words`` for the same language, so a Chinese session says
"下一項：…" and counts "一，二，三" (``build_timeline(language=…)``, by default the steps').
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from cipn_coach.engine.cue_words import CueWords, cue_words
from cipn_coach.routines.plan import PlannedStep

MIN_SWITCH_SECONDS = 5
HALFWAY_MIN_SECONDS = 20
TEN_LEFT_MIN_SECONDS = 25
MINUTE_LEFT_MIN_SECONDS = 180
TIP_CLEARANCE_SECONDS = 6.0
ANNOUNCE_DELAY_SECONDS = 1.0
COUNTDOWN_SECONDS = 3.5

# How long espeak-ng takes to say a phrase at the default 150 words per minute, as WAV
# length (what keeps the player busy). Fitted on every spoken text of the shipped
# exercises and routines (every level, every week: 89 texts of announcements, switch,
# set and end cues, 1.8-21.5 s long): the estimate exceeds every WAV by 0.42-1.87 s.
# Letters, not words, because espeak speaks sounds ("Scrunch" takes longer than "Up");
# pauses, because it stops ~0.5 s at each full stop or comma. The padding covers the
# ~0.4 s of silence espeak-ng ends every phrase with. ``tests/core/test_spoken_lengths.py``
# re-measures the shipped texts, so a new text or a new espeak-ng that outruns this
# fails there. Slower voice rates take longer than this: see ``ui/speech.py``.
SPOKEN_LETTERS_PER_SECOND = 13.0
DIGIT_LETTERS = 4  # "38" is said "thirty-eight"
PAUSE_SECONDS = 0.4
PHRASE_PADDING_SECONDS = 0.8
_PAUSE = re.compile(r"[.!?:;,](?=\s|$)")
# Chinese, with espeak-ng's Cantonese voice (yue): one syllable a character, 0.22-0.30 s
# each, and a pause at each full-width stop or comma (no space follows them). Fitted the
# same way on every spoken zh_HK text of the shipped data (205 texts, 0.7-25.9 s): the
# estimate exceeds every WAV by 0.28-3.0 s. Digits keep the English rule ("38" is
# 三十八, three syllables for two digits).
CJK_SYLLABLE_SECONDS = 0.29
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_PAUSE = re.compile(r"[。！？：；，、]")


DEFAULT_RATE_WPM = 150  # the rate ``speaking_seconds`` was fitted at
MEASURED_MARGIN_SECONDS = 0.3
"""Added to a measured phrase: the player's start (~20-60 ms) and a breath before the next."""


def speaking_seconds(text: str) -> float:
    """A conservative bound on how long ``text`` takes to say at the default rate.

    A pure estimate, so a timeline (and ``cipn-coach preview``) never needs the speech
    engine; lead-ins are made this long so an announcement ends before "3, 2, 1".
    """
    syllables = len(_CJK.findall(text))
    letters = sum(c.isalpha() for c in text) - syllables  # a CJK character is "alpha" too
    letters += DIGIT_LETTERS * sum(c.isdigit() for c in text)
    pauses = len(_PAUSE.findall(text)) + len(_CJK_PAUSE.findall(text))
    return (
        letters / SPOKEN_LETTERS_PER_SECOND
        + syllables * CJK_SYLLABLE_SECONDS
        + pauses * PAUSE_SECONDS
        + PHRASE_PADDING_SECONDS
    )


@dataclass(frozen=True)
class SpokenLengths:
    """How long each phrase really takes to say, measured from its synthesized WAV at the
    voice, rate and language of the session (``cipn_coach.speech.lengths``).

    Data handed to ``build_timeline``, so the engine stays pure and needs no speech
    engine. Lead-ins, switches, rests and a repetition's tempo are made long enough for
    the measured words; a phrase not measured falls back to ``speaking_seconds``,
    stretched for a slower rate. Why measure: at 100 words a minute phrases take 1.5-1.6x
    as long as at 150, and lead-ins sized for 150 left the countdown no room.
    """

    words: Mapping[str, float] = field(default_factory=dict)  # seconds to the last word
    rate_wpm: int = DEFAULT_RATE_WPM

    def measured(self, text: str) -> float | None:
        """The measured time to the last word plus ``MEASURED_MARGIN_SECONDS``, or None."""
        words = self.words.get(text)
        return None if words is None else words + MEASURED_MARGIN_SECONDS

    def seconds(self, text: str) -> float:
        """How long to allow for ``text``: measured, else the estimate for this rate."""
        measured = self.measured(text)
        if measured is not None:
            return measured
        return speaking_seconds(text) * max(1.0, DEFAULT_RATE_WPM / self.rate_wpm)


class PhaseKind(StrEnum):
    GET_READY = "get_ready"
    PREPARE = "prepare"
    WORK = "work"
    REST = "rest"
    SWITCH = "switch"
    DONE = "done"


class CueKind(StrEnum):
    ANNOUNCE = "announce"  # "Get ready" / "Next: …" with the how-to
    COUNTDOWN = "countdown"  # "3", "2", "1"
    START = "start"  # work begins (timed holds)
    COUNT = "count"  # first phrase of a repetition, with its number
    PHRASE = "phrase"  # the other cadence phrases ("Close gently")
    LAST_ONE = "last_one"
    HALFWAY = "halfway"
    TIME_LEFT = "time_left"  # "10 seconds left", "One minute left"
    TIP = "tip"
    SWITCH = "switch"
    SET = "set"  # "Set 2 of 3 coming up"
    END = "end"  # "And relax."
    FINISH = "finish"
    CHIME = "chime"  # not spoken: a sound marking work start/end; text is "start"/"end"


@dataclass(frozen=True)
class Cue:
    offset: float
    kind: CueKind
    text: str

    @property
    def spoken(self) -> bool:
        return self.kind is not CueKind.CHIME


@dataclass(frozen=True)
class Phase:
    index: int
    kind: PhaseKind
    step_index: int | None
    duration: float
    start_offset: float  # seconds from session start if nothing is paused or skipped
    title: str
    instruction: str
    cues: tuple[Cue, ...]
    set_number: int = 1
    sets: int = 1
    side: str | None = None
    reps: int | None = None
    seconds_per_rep: float | None = None

    def rep_at(self, elapsed: float) -> int | None:
        """The 1-based repetition in progress ``elapsed`` seconds into a rep phase."""
        if self.reps is None or self.seconds_per_rep is None:
            return None
        return min(self.reps, int(max(elapsed, 0.0) // self.seconds_per_rep) + 1)

    def reps_completed(self, elapsed: float) -> int:
        if self.reps is None or self.seconds_per_rep is None:
            return 0
        return min(self.reps, int(max(elapsed, 0.0) // self.seconds_per_rep))


@dataclass(frozen=True)
class Timeline:
    steps: tuple[PlannedStep, ...]
    phases: tuple[Phase, ...]
    step_first_phase: tuple[int, ...] = field(repr=False)
    # the last (DONE) phase as shown and said when every exercise was skipped: its words
    # are calm, not "Well done" (the engine chooses it; the session then ends stopped)
    nothing_done: Phase = field(repr=False)

    @property
    def total_duration(self) -> float:
        last = self.phases[-1]
        return last.start_offset + last.duration

    def script(self) -> list[dict[str, object]]:
        """Every cue with its absolute offset: what ``cipn-coach preview`` prints."""
        return [
            {
                "at": round(phase.start_offset + cue.offset, 2),
                "kind": cue.kind.value,
                "text": cue.text,
            }
            for phase in self.phases
            for cue in phase.cues
        ]

    def phases_of_step(self, step_index: int) -> range:
        first = self.step_first_phase[step_index]
        last = (
            self.step_first_phase[step_index + 1]
            if step_index + 1 < len(self.steps)
            else len(self.phases) - 1  # the DONE phase belongs to no step
        )
        return range(first, last)


def _side_words(words: CueWords, step: PlannedStep, side: str) -> str:
    return words.side_words.format(side=words.side(side), noun=step.exercise.side_noun)


def how_to(step: PlannedStep) -> str:
    """What to do in this exercise, in the words its announcement says them (the
    clinician's own words when they wrote some): the player keeps it on screen for the
    whole exercise, whatever the last cue was."""
    if step.spoken_text:
        return step.spoken_text
    text = step.exercise.cues.start
    if step.level is not None:
        text = cue_words(step.language).join.join((step.level.instruction, text))
    return text


def _how_to(words: CueWords, step: PlannedStep) -> str:
    if step.spoken_text:
        return step.spoken_text
    text = how_to(step)
    if step.sides[0] is not None:
        start = words.start_with.format(side_words=_side_words(words, step, "left"))
        text = words.join.join((start, text))
    return text


def _countdown(words: CueWords, duration: float) -> list[Cue]:
    if duration < 4:
        return []
    return [Cue(duration - n, CueKind.COUNTDOWN, words.number(n)) for n in (3, 2, 1)]


def _rep_cues(words: CueWords, step: PlannedStep) -> list[Cue]:
    assert step.reps is not None and step.seconds_per_rep is not None and step.cadence
    phrases = step.cadence.phrases
    slot = step.seconds_per_rep / len(phrases)
    cues: list[Cue] = []
    for rep in range(step.reps):
        at = rep * step.seconds_per_rep
        last = rep == step.reps - 1 and step.reps > 1
        first_text = (
            words.last_one.format(phrase=phrases[0])
            if last
            else words.count_cue.format(count=words.count(rep + 1), phrase=phrases[0])
        )
        cues.append(Cue(at, CueKind.LAST_ONE if last else CueKind.COUNT, first_text))
        cues.extend(Cue(at + i * slot, CueKind.PHRASE, p) for i, p in enumerate(phrases) if i)
    return cues


def _hold_cues(words: CueWords, step: PlannedStep, duration: float) -> list[Cue]:
    cues = [Cue(0.0, CueKind.START, words.begin)]
    marks: list[Cue] = []
    if duration >= HALFWAY_MIN_SECONDS:
        marks.append(Cue(duration / 2, CueKind.HALFWAY, words.halfway))
    if duration >= MINUTE_LEFT_MIN_SECONDS:
        marks.append(Cue(duration - 60, CueKind.TIME_LEFT, words.minute_left))
    if duration >= TEN_LEFT_MIN_SECONDS:
        marks.append(
            Cue(
                duration - 10,
                CueKind.TIME_LEFT,
                words.seconds_left.format(seconds=words.number(10)),
            )
        )
    tips = step.exercise.cues.tips
    every = step.exercise.cues.tip_every_seconds
    if tips:
        at, n = float(every), 0
        while at < duration - 15:
            if all(abs(at - m.offset) >= TIP_CLEARANCE_SECONDS for m in marks):
                marks.append(Cue(at, CueKind.TIP, tips[n % len(tips)]))
                n += 1
            at += every
    return cues + sorted(marks, key=lambda c: c.offset)


def _fit_tempo(words: CueWords, step: PlannedStep, spoken: SpokenLengths) -> PlannedStep:
    """Slow a repetition down when a measured cadence phrase is longer than its slot
    (a slow voice rate): the count is spoken whole, never cut or skipped. Estimates
    never change the prescribed tempo."""
    if step.reps is None or step.seconds_per_rep is None or not step.cadence:
        return step
    slots = len(step.cadence.phrases)
    texts = [c.text for c in _rep_cues(words, step)]
    longest = max((spoken.measured(t) or 0.0) for t in texts)
    needed = math.ceil(longest * slots * 10) / 10
    return replace(step, seconds_per_rep=needed) if needed > step.seconds_per_rep else step


class _Builder:
    def __init__(
        self,
        steps: list[PlannedStep],
        get_ready_seconds: float,
        prepare_seconds: float,
        spoken: SpokenLengths | None,
        words: CueWords,
    ):
        self.spoken = spoken or SpokenLengths()
        self.words = words
        steps = [_fit_tempo(words, step, self.spoken) for step in steps]
        self.steps = steps
        self.get_ready = float(get_ready_seconds)
        self.prepare = float(prepare_seconds)
        self.phases: list[Phase] = []
        self.first_phase: list[int] = []
        self.clock = 0.0

    def add(
        self,
        kind: PhaseKind,
        step_index: int | None,
        duration: float,
        title: str,
        instruction: str,
        cues: list[Cue],
        **extra: object,
    ) -> None:
        cues = sorted(cues, key=lambda c: c.offset)
        self.phases.append(
            Phase(
                len(self.phases),
                kind,
                step_index,
                duration,
                self.clock,
                title,
                instruction,
                tuple(cues),
                **extra,
            )
        )  # type: ignore[arg-type]
        self.clock += duration

    def build(self) -> Timeline:
        for index, step in enumerate(self.steps):
            self.first_phase.append(len(self.phases))
            self.lead_in(index, step)
            self.work_blocks(index, step, is_last_step=index == len(self.steps) - 1)
        words = self.words
        finish = words.join.join((self.steps[-1].exercise.cues.end, words.finish))
        self.add(
            PhaseKind.DONE,
            None,
            0.0,
            words.done_title,
            words.done_instruction,
            [Cue(0.0, CueKind.FINISH, finish)],
        )
        done = self.phases[-1]
        nothing_done = replace(
            done,
            title=words.nothing_done_title,
            instruction=words.nothing_done_instruction,
            cues=(Cue(0.0, CueKind.FINISH, words.nothing_done),),
        )
        return Timeline(
            tuple(self.steps), tuple(self.phases), tuple(self.first_phase), nothing_done
        )

    def lead_in(self, index: int, step: PlannedStep) -> None:
        if index == 0:
            kind, duration = PhaseKind.GET_READY, self.get_ready
            template = self.words.get_ready
        else:
            kind, duration = PhaseKind.PREPARE, self.prepare
            template = self.words.next_up
        text = template.format(title=step.title, how_to=_how_to(self.words, step))
        if step.prepare_seconds is not None:  # the step's own time to get set up
            duration = float(step.prepare_seconds)
        # After the previous exercise's "And relax." has had a moment to be heard; and
        # long enough that the announcement is finished before "3, 2, 1" starts.
        at = 0.0 if index == 0 else self.after_end(self.steps[index - 1])
        duration = max(duration, math.ceil(at + self.spoken.seconds(text) + COUNTDOWN_SECONDS))
        cues = [Cue(at, CueKind.ANNOUNCE, text), *_countdown(self.words, duration)]
        self.add(kind, index, duration, step.title, step.exercise.instructions[0], cues)

    def work_blocks(self, index: int, step: PlannedStep, is_last_step: bool) -> None:
        blocks = [(side, n) for side in step.sides for n in range(1, step.sets + 1)]
        for block_no, (side, set_number) in enumerate(blocks):
            duration = step.work_seconds_per_set
            final = is_last_step and block_no == len(blocks) - 1
            cues = [Cue(0.0, CueKind.CHIME, "start")]
            cues += (
                _rep_cues(self.words, step)
                if step.reps is not None
                else _hold_cues(self.words, step, duration)
            )
            cues.append(Cue(duration, CueKind.CHIME, "end"))
            if not final:
                cues.append(Cue(duration, CueKind.END, step.exercise.cues.end))
            instruction = step.level.instruction if step.level else step.exercise.instructions[0]
            self.add(
                PhaseKind.WORK,
                index,
                duration,
                step.title,
                instruction,
                cues,
                set_number=set_number,
                sets=step.sets,
                side=side,
                reps=step.reps,
                seconds_per_rep=step.seconds_per_rep,
            )
            if block_no + 1 < len(blocks):
                self.gap(index, step, *blocks[block_no + 1])

    def after_end(self, step: PlannedStep) -> float:
        """When the next thing may be said after ``step``'s spoken end cue."""
        return max(ANNOUNCE_DELAY_SECONDS, self.spoken.seconds(step.exercise.cues.end) + 0.3)

    def gap(self, index: int, step: PlannedStep, next_side: str | None, next_set: int) -> None:
        switching = next_set == 1 and next_side is not None
        if switching:
            text = self.words.switch.format(side_words=_side_words(self.words, step, next_side))
            at = self.after_end(step)
            needed = math.ceil(at + self.spoken.seconds(text) + COUNTDOWN_SECONDS)
            duration = float(max(step.rest_seconds, MIN_SWITCH_SECONDS, needed))
            cues = [Cue(at, CueKind.SWITCH, text)]
            self.add(
                PhaseKind.SWITCH,
                index,
                duration,
                step.title,
                text,
                cues + _countdown(self.words, duration),
                side=next_side,
            )
            return
        duration = float(step.rest_seconds)
        if duration <= 0:
            return
        # long enough for "And relax." to be said before "3, 2, 1"
        duration = max(duration, float(math.ceil(self.after_end(step) + COUNTDOWN_SECONDS)))
        cues = _countdown(self.words, duration)
        announce = self.words.set_coming.format(
            number=self.words.number(next_set), sets=self.words.quantity(step.sets)
        )
        at = duration - COUNTDOWN_SECONDS - self.spoken.seconds(announce)
        if at >= self.after_end(step):
            cues.append(Cue(round(at, 1), CueKind.SET, announce))
        self.add(
            PhaseKind.REST,
            index,
            duration,
            step.title,
            self.words.rest,
            cues,
            set_number=next_set,
            sets=step.sets,
            side=next_side,
        )


def build_timeline(
    steps: list[PlannedStep],
    get_ready_seconds: float = 10,
    prepare_seconds: float = 10,
    spoken: SpokenLengths | None = None,
    language: str | None = None,
) -> Timeline:
    """Lay out a session. ``steps`` must not be empty. ``spoken``: the measured length of
    its phrases (without it, lengths are estimated for the default rate). ``language``:
    of the session's own words ("en", "zh_HK"); by default the steps' language."""
    if not steps:
        raise ValueError("a session needs at least one step")
    words = cue_words(language or steps[0].language)
    return _Builder(steps, get_ready_seconds, prepare_seconds, spoken, words).build()


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every distinct phrase a session may say, in order: what to synthesize and measure
    before it starts. The texts do not depend on the lengths (only whether a rest has
    room for "Set 2 of 3 coming up" may), so an estimated timeline names what to measure."""
    texts = [str(c["text"]) for c in timeline.script() if c["kind"] != "chime"]
    texts += [cue.text for cue in timeline.nothing_done.cues]  # said if all are skipped
    return list(dict.fromkeys(texts))
