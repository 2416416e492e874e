"""Validation problems in plain words of the reader's language, for routines and
exercises alike.

pydantic says "steps.0.progression.0.hold.max: Input should be less than or equal to
120"; a clinician reads "Step 1 (Balance stance), hold grows, up to: must be at most
120". The routine editor, the own-exercise form and the command line (a rejected
routine file) all word problems here, so the same mistake reads the same everywhere.
"""

from __future__ import annotations

import re

from cipn_coach.formatting import whole
from cipn_coach.i18n import ENGLISH, N_, _, language, p_

_CHINESE = re.compile(r"[\u3400-\u9fff]")

# pydantic's English (matched as pydantic writes it) → plain words, translated when shown;
# {value} is the pattern's group, if it has one
PLAIN = (
    (r"^Field required$", N_("needs a value")),
    (r"^Input should be greater than or equal to (\S+)$", N_("must be at least {value}")),
    (r"^Input should be less than or equal to (\S+)$", N_("must be at most {value}")),
    (r"^String should have at least 1 character$", N_("must not be empty")),
    # a title whose control characters were stripped first: pydantic words it so
    (r"^Value should have at least 1 item after validation.*$", N_("must not be empty")),
    (r"^String should have at most (\d+) characters$", N_("must be at most {value} characters")),
    (r"^List should have at least 1 item.*$", N_("needs at least one")),
    (r"^String should match pattern '\^\(\[01\].*$", N_("must be a time like 08:30")),
    (r"^Input should be a valid (integer|number).*$", N_("needs a number")),
    (
        r"^Input should be a valid (dictionary|list|array|string|boolean|date|datetime|object).*$",
        N_("is not the right kind of value"),
    ),
    (r"^Extra inputs are not permitted$", N_("is not expected here")),
    (
        r"^String should match pattern.*$",
        N_("use 2–64 small letters, digits or _, starting with a letter"),
    ),
)

# a routine's progression rule and its parts, named as the routine editor shows them
RULE_WORDS = {
    "hold": N_("hold grows"),
    "reps": N_("repetitions grow"),
    "level": N_("level goes up"),
}
FIELD_WORDS = {
    "max": N_("up to"),
    "min": N_("lowest level"),
    "add_seconds": N_("seconds added"),
    "add": N_("repetitions added"),
    "every_weeks": N_("every how many weeks"),
    "up_after": N_("after how many sessions"),
    "up_max_effort": N_("effort at most"),
}
# a problem's place in a routine, named the way the form names it (the field's key otherwise)
PLACE_WORDS = {
    "title": N_("title"),
    "description": N_("description"),
    "id": N_("id"),
    "schedule": N_("schedule"),
    "slots": N_("slots"),
    "days": N_("days"),
    "time": N_("time"),
    "name": N_("name"),
    "steps": N_("steps"),
    "program": N_("program"),
    "length_days": N_("length days"),
    "sets": N_("sets"),
    "reps": N_("reps"),
    "hold_seconds": N_("hold seconds"),
    "rest_seconds": N_("rest seconds"),
    "prepare_seconds": N_("prepare seconds"),
    "seconds_per_rep": N_("seconds per rep"),
    "level": N_("level"),
    "note": N_("note"),
    "spoken_text": N_("spoken text"),
    "progression": N_("progression"),
}
# an exercise's fields, named as the own-exercise form shows them
EXERCISE_FIELDS = {
    "id": N_("Id"),
    "title": N_("Title"),
    "body_area": N_("Body area"),
    "position": N_("Position"),
    "equipment": N_("Equipment"),
    "instructions": N_("Instructions"),
    "cues.start": N_("Start cue"),
    "cues.end": N_("End cue"),
    "dosage.sets": N_("Sets"),
    "dosage.reps": N_("Repetitions"),
    "dosage.hold_seconds": N_("Hold (seconds)"),
    "dosage.rest_seconds": N_("Rest (seconds)"),
    "cadence.seconds_per_rep": N_("Seconds per repetition"),
    "cadence.phrases": N_("Rhythm words"),
    "side_noun": N_("Side word"),
    "safety": N_("Safety notes"),
    "stop_rules": N_("Stop rules"),
    "source": N_("Source"),
}


def plain_message(message: str) -> str:
    """pydantic's or the schema's English message in plain words of the language."""
    message = message.removeprefix("Value error, ")
    for pattern, words in PLAIN:
        found = re.match(pattern, message)
        if found is not None:
            value = found.group(1) if found.groups() else ""
            return _(words).format(value=value)
    # the schema's own sentences ("hold must be 5–120 s") are in the catalogue
    translated = _(message) if message else message
    if language() != ENGLISH and translated and not _CHINESE.search(translated):
        # pydantic's English that no pattern above knows: never shown to a Chinese reader
        return _("does not fit what the file should hold here")
    return translated


def plain_line(line: str) -> str:
    """'field.path: message' with the message in plain words (the path kept as it is):
    what the command line prints for a rejected file."""
    where, sep, message = line.partition(": ")
    if not sep:
        return plain_message(line)
    if where == "(file)":  # the file as a whole: no field to name
        return plain_message(message)
    return f"{where}{sep}{plain_message(message)}"


def _place(words: list[str], message: str) -> str:
    return _("{place}: {problem}").format(
        place=p_("list separator", ", ").join(words), problem=message
    )


def routine_problem(line: str, titles: list[str]) -> str:
    """'steps.0.progression.0.hold.max: …' → 'Step 1 (Balance stance), hold grows, up
    to: …' — the field named the way the routine editor does. ``titles``: the steps'."""
    where, _colon, message = line.partition(": ")
    message = plain_message(message)
    if where == "(file)":  # the file as a whole: no field to name
        return message
    parts = where.split(".")
    words: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part == "steps" and i + 1 < len(parts) and parts[i + 1].isdigit():
            n = int(parts[i + 1])
            words.append(
                _("Step {number} ({title})").format(number=whole(n + 1), title=titles[n])
                if n < len(titles)
                else _("Step {number}").format(number=whole(n + 1))
            )
            i += 2
        elif part == "progression" and i + 2 < len(parts) and parts[i + 1].isdigit():
            kind = parts[i + 2]
            words.append(
                _(RULE_WORDS[kind])
                if kind in RULE_WORDS
                else _("{kind} progression").format(kind=kind)
            )
            i += 3
        elif part in FIELD_WORDS:
            words.append(_(FIELD_WORDS[part]))
            i += 1
        elif part.isdigit():
            words.append(_("number {number}").format(number=whole(int(part) + 1)))
            i += 1
        else:
            words.append(_(PLACE_WORDS[part]) if part in PLACE_WORDS else part.replace("_", " "))
            i += 1
    return _place(words, message) if words else message


def exercise_problem(line: str, counted: bool) -> str:
    """'stop_rules: List should have at least 1 item…' → 'Stop rules: needs at least
    one'. ``counted``: the exercise counts repetitions (else it holds for seconds)."""
    where, _colon, english = line.partition(": ")
    message = plain_message(english)
    if where == "dosage" and "exactly one" in english:
        field = _("Repetitions") if counted else _("Hold (seconds)")
        return _("{place}: {problem}").format(place=field, problem=_("needs a number"))
    parts = where.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in EXERCISE_FIELDS:
            rest = [
                _("line {number}").format(number=whole(int(p) + 1))
                if p.isdigit()
                else p.replace("_", " ")
                for p in parts[n:]
            ]
            return _place([_(EXERCISE_FIELDS[key]), *rest], message)
    if where == "(file)":
        return message
    return _("{place}: {problem}").format(place=where.replace("_", " "), problem=message)
