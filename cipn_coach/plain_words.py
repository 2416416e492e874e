"""Validation problems in plain words, for routines and exercises alike.

pydantic says "steps.0.progression.0.hold.max: Input should be less than or equal to
120"; a clinician reads "Step 1 (Balance stance), hold grows, up to: must be at most
120". The routine editor, the own-exercise form and the command line (a rejected
routine file) all word problems here, so the same mistake reads the same everywhere.
"""

from __future__ import annotations

import re

# pydantic's message -> the words shown (first match wins; applied in order)
PLAIN = (
    (r"^Value error, ", ""),
    (r"^Field required$", "needs a value"),
    (r"^Input should be greater than or equal to (\S+)$", r"must be at least \1"),
    (r"^Input should be less than or equal to (\S+)$", r"must be at most \1"),
    (r"^String should have at least 1 character$", "must not be empty"),
    # a title whose control characters were stripped first: pydantic words it so
    (r"^Value should have at least 1 item after validation.*$", "must not be empty"),
    (r"^String should have at most (\d+) characters$", r"must be at most \1 characters"),
    (r"^List should have at least 1 item.*$", "needs at least one"),
    (r"^String should match pattern '\^\(\[01\].*$", "must be a time like 08:30"),
    (r"^Input should be a valid (integer|number).*$", "needs a number"),
    (r"^String should match pattern.*$",
     "use 2–64 small letters, digits or _, starting with a letter"),
)

# a routine's progression rule and its parts, named as the routine editor shows them
RULE_WORDS = {"hold": "hold grows", "reps": "repetitions grow", "level": "level goes up"}
FIELD_WORDS = {"max": "up to", "min": "lowest level", "add_seconds": "seconds added",
               "add": "repetitions added", "every_weeks": "every how many weeks",
               "up_after": "after how many sessions", "up_max_effort": "effort at most"}

# an exercise's fields, named as the own-exercise form shows them
EXERCISE_FIELDS = {
    "id": "Id", "title": "Title", "body_area": "Body area", "position": "Position",
    "equipment": "Equipment", "instructions": "Instructions", "cues.start": "Start cue",
    "cues.end": "End cue", "dosage.sets": "Sets", "dosage.reps": "Repetitions",
    "dosage.hold_seconds": "Hold (seconds)", "dosage.rest_seconds": "Rest (seconds)",
    "cadence.seconds_per_rep": "Seconds per repetition", "cadence.phrases": "Rhythm words",
    "side_noun": "Side word", "safety": "Safety notes", "stop_rules": "Stop rules",
    "source": "Source",
}


def plain_message(message: str) -> str:
    """pydantic's message for one field in plain words."""
    for pattern, replacement in PLAIN:
        message = re.sub(pattern, replacement, message)
    return message


def plain_line(line: str) -> str:
    """'field.path: message' with the message in plain words (the path kept as it is):
    what the command line prints for a rejected file."""
    where, sep, message = line.partition(": ")
    return f"{where}{sep}{plain_message(message)}" if sep else plain_message(line)


def routine_problem(line: str, titles: list[str]) -> str:
    """'steps.0.progression.0.hold.max: …' → 'Step 1 (Balance stance), hold grows, up
    to: …' — the field named the way the routine editor does. ``titles``: the steps'."""
    where, _, message = line.partition(": ")
    message = plain_message(message)
    parts = where.split(".")
    words: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part == "steps" and i + 1 < len(parts) and parts[i + 1].isdigit():
            n = int(parts[i + 1])
            words.append(f"Step {n + 1}" + (f" ({titles[n]})" if n < len(titles) else ""))
            i += 2
        elif part == "progression" and i + 2 < len(parts) and parts[i + 1].isdigit():
            words.append(RULE_WORDS.get(parts[i + 2], f"{parts[i + 2]} progression"))
            i += 3
        elif part in FIELD_WORDS:
            words.append(FIELD_WORDS[part])
            i += 1
        elif part.isdigit():
            words.append(f"number {int(part) + 1}")
            i += 1
        else:
            words.append(part.replace("_", " "))
            i += 1
    return f"{', '.join(words)}: {message}" if words else message


def exercise_problem(line: str, counted: bool) -> str:
    """'stop_rules: List should have at least 1 item…' → 'Stop rules: needs at least
    one'. ``counted``: the exercise counts repetitions (else it holds for seconds)."""
    where, _, message = line.partition(": ")
    message = plain_message(message)
    if where == "dosage" and "exactly one" in message:
        return f"{'Repetitions' if counted else 'Hold (seconds)'}: needs a number"
    parts = where.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in EXERCISE_FIELDS:
            rest = [f"line {int(p) + 1}" if p.isdigit() else p.replace("_", " ")
                    for p in parts[n:]]
            return f"{', '.join([EXERCISE_FIELDS[key], *rest])}: {message}"
    return f"{where.replace('_', ' ')}: {message}" if where != "(file)" else message
