"""The daily check-in as a FHIR ``Questionnaire``, and one day's answers as a
``QuestionnaireResponse`` against it.

The items follow ``checkin_fields`` (the scales, the function questions, the counts, the
pain kinds) plus the check-in's other answers, in the order of the check-in screen. Each
item's ``linkId`` is the check-in's field name, so a reader can map answers back; the
test checks that every field of ``CheckInValues`` has an item.
"""

from __future__ import annotations

from typing import Any

from cipn_coach.checkin.fields import (
    COUNT_FIELDS,
    DAILY_LIFE_FIELDS,
    DAILY_LIFE_QUESTIONS,
    PAIN_KIND_ORDER,
    SCALE_FIELDS,
    PainKind,
)
from cipn_coach.checkin.thresholds import COUNT_MAX, NOTE_MAX_CHARS, SCALE_MAX, SCALE_MIN
from cipn_coach.fhir.codes import PAIN_SEVERITY_0_10, measure_coding, pain_kind_coding
from cipn_coach.storage.rows import CheckInRow

# uuid5(NAMESPACE_URL, "cipn-coach:fhir:Questionnaire:checkin")
QUESTIONNAIRE_URL = "urn:uuid:eeca2ef5-bcd2-5663-b2f0-dac8cd0fb197"
QUESTIONNAIRE_VERSION = "2"  # 2: the weekly daily-life questions (issue 16); bump when a question is added, removed or reworded
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"

# The words of the check-in screen (ui/pages/checkin.py), for a reader of the export.
SCALE_QUESTIONS = {
    "hands": "Numbness or tingling in your hands (0 = none, 10 = unbearable)",
    "feet": "Numbness or tingling in your feet (0 = none, 10 = unbearable)",
    "pain": "Pain in your hands or feet (0 = none, 10 = unbearable)",
    "night": "Discomfort at night (0 = none, 10 = unbearable; may be left out)",
}
YES_NO_QUESTIONS = {
    "woke_me": "The discomfort woke me up at night",
    "cold_sensitive": "Cold makes it worse (cold water, cold air, cold things to hold)",
    "dropped": "I dropped things",
    "fine_motor": "Fine tasks were hard: buttons, writing, opening bottles, chopsticks",
    "held_wall": "I held on to a wall or furniture while walking",
    "stumbled": "I stumbled or tripped",
    "new_weakness": "NEW weakness, or my toes catch and make me trip",
    "unfelt_wound": "A burn, cut or wound on my hands or feet that I did not feel",
}
COUNT_QUESTIONS = {
    "falls": "How many times did you fall today?",
    "near_falls": "How many times did you nearly fall today?",
}
PAIN_KINDS_QUESTION = "What is the pain like? (tick any)"
NOTE_QUESTION = "Anything else you want your care team to know"
DAY_QUESTION = "The day these answers are about"
REQUIRED_SCALES = ("hands", "feet", "pain")


def _bounds(low: int, high: int) -> list[dict[str, Any]]:
    return [{"url": MIN_VALUE, "valueInteger": low}, {"url": MAX_VALUE, "valueInteger": high}]


def _scale_item(field: str) -> dict[str, Any]:
    codes = [measure_coding(field)] + ([PAIN_SEVERITY_0_10] if field == "pain" else [])
    return {
        "linkId": field,
        "code": codes,
        "text": SCALE_QUESTIONS[field],
        "type": "integer",
        "required": field in REQUIRED_SCALES,
        "extension": _bounds(SCALE_MIN, SCALE_MAX),
    }


def _yes_no_item(field: str) -> dict[str, Any]:
    return {"linkId": field, "text": YES_NO_QUESTIONS[field], "type": "boolean"}


def questionnaire(resource_id: str) -> dict[str, Any]:
    """The check-in form as a Questionnaire resource."""
    items = [{"linkId": "day", "text": DAY_QUESTION, "type": "date", "required": True}]
    items += [_scale_item(f) for f in SCALE_FIELDS if f != "night"]
    items.append(
        {
            "linkId": "pain_kinds",
            "text": PAIN_KINDS_QUESTION,
            "type": "choice",
            "repeats": True,
            "answerOption": [{"valueCoding": pain_kind_coding(k)} for k in PAIN_KIND_ORDER],
        }
    )
    items.append(_scale_item("night"))
    items += [_yes_no_item(f) for f in YES_NO_QUESTIONS]
    # asked once a week (left out on the other days: then the response has no answer)
    items += [
        {"linkId": f, "text": DAILY_LIFE_QUESTIONS[f], "type": "boolean"} for f in DAILY_LIFE_FIELDS
    ]
    items += [
        {
            "linkId": f,
            "text": COUNT_QUESTIONS[f],
            "type": "integer",
            "extension": _bounds(0, COUNT_MAX),
        }
        for f in COUNT_FIELDS
    ]
    items.append(
        {"linkId": "note", "text": NOTE_QUESTION, "type": "text", "maxLength": NOTE_MAX_CHARS}
    )
    return {
        "resourceType": "Questionnaire",
        "id": resource_id,
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "CIPNCoachDailyCheckIn",
        "title": "CIPN Coach daily check-in",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "CIPN Coach",
        "description": "The questions the patient answers once a day about the nerves "
        "in the hands and feet, daily life and warning signs.",
        "item": items,
    }


def _answer(row: CheckInRow, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers to one item ([] when the question was left out)."""
    field = item["linkId"]
    value = getattr(row, field)
    if field == "day":
        return [{"valueDate": value.isoformat()}]
    if field == "pain_kinds":
        return [{"valueCoding": pain_kind_coding(PainKind(k))} for k in value]
    if value is None:
        return []
    kind = {"integer": "valueInteger", "boolean": "valueBoolean", "text": "valueString"}
    return [{kind[item["type"]]: value}]


def questionnaire_response(
    resource_id: str, row: CheckInRow, subject: dict[str, str], form: dict[str, Any]
) -> dict[str, Any]:
    """One day's current check-in as a QuestionnaireResponse to ``form``."""
    items = []
    for item in form["item"]:
        answers = _answer(row, item)
        if answers:
            items.append({"linkId": item["linkId"], "text": item["text"], "answer": answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
        "status": "completed",
        "subject": subject,
        "author": subject,
        "source": subject,
        "authored": row.updated_at.isoformat(),
        "item": items,
    }
