"""The codes the FHIR export uses: the app's own CodeSystem, and standard codes.

A standard code is used only where it surely means what the app measured:

- LOINC 55411-3 "Exercise duration" for a session's minutes, as HL7's Physical Activity
  implementation guide does (with its ``PhysicalActivity`` category);
- LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported", given
  beside the app's own code for the daily pain score (a 0–10 rating the patient reports);
- the FHIR core ``observation-category`` (``survey``, ``activity``) and ``flag-category``.

Everything else (numbness in the hands or feet, night discomfort, the flags' rules, a
session's outcome) has no code a clinic could rely on, so the app defines them here and
ships this CodeSystem inside every export. No web site is published for the app, so its
canonical URLs are ``urn:uuid`` names rather than addresses of a domain it does not own.
"""

from __future__ import annotations

from typing import Any

from cipn_coach.checkin.fields import PAIN_KIND_ORDER, PainKind

# uuid5(NAMESPACE_URL, "cipn-coach:fhir:CodeSystem"): fixed for good, like a web address
CODE_SYSTEM_URL = "urn:uuid:73d61bd0-df22-5aaa-8ce3-88e00d0b0eab"
CODE_SYSTEM_VERSION = "1"  # bump when a concept's meaning changes (adding one is fine)
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
PA_TEMPORARY = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"

EXERCISE_DURATION = {"system": LOINC, "code": "55411-3", "display": "Exercise duration"}
PAIN_SEVERITY_0_10 = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
# the code HL7's Physical Activity guide gives an exercise prescription
EXERCISE_THERAPY = {
    "system": SNOMED,
    "code": "229065009",
    "display": "Exercise therapy (regime/therapy)",
}
PHYSICAL_ACTIVITY = {
    "system": PA_TEMPORARY,
    "code": "PhysicalActivity",
    "display": "Physical Activity",
}
SURVEY = {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
ACTIVITY = {"system": OBSERVATION_CATEGORY, "code": "activity", "display": "Activity"}
CLINICAL_FLAG = {"system": FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}

# The daily 0–10 measures (``rules.MEASURES``) → (code, display, definition).
MEASURE_CODES: dict[str, tuple[str, str, str]] = {
    "hands": (
        "hands-numbness",
        "Numbness or tingling in the hands, 0-10",
        (
            "The patient's own rating of numbness or tingling in the hands that day, "
            "0 = none, 10 = unbearable."
        ),
    ),
    "feet": (
        "feet-numbness",
        "Numbness or tingling in the feet, 0-10",
        (
            "The patient's own rating of numbness or tingling in the feet that day, "
            "0 = none, 10 = unbearable."
        ),
    ),
    "pain": (
        "pain",
        "Pain in the hands or feet, 0-10",
        (
            "The patient's own rating of pain in the hands or feet that day, 0 = none, "
            "10 = unbearable."
        ),
    ),
    "night": (
        "night-discomfort",
        "Discomfort at night, 0-10",
        (
            "The patient's own rating of discomfort at night, 0 = none, 10 = unbearable "
            "(optional: a day may have no rating)."
        ),
    ),
}
PAIN_KIND_WORDS: dict[PainKind, str] = {
    PainKind.BURNING: "Burning",
    PainKind.STABBING: "Stabbing",
    PainKind.PINS_AND_NEEDLES: "Pins and needles",
    PainKind.ELECTRIC: "Electric shocks",
    PainKind.TIGHT: "Tight or squeezing",
}
FLAG_LEVELS: dict[str, tuple[str, str]] = {  # flags.EVALUATION / CONTACT_NOW
    "evaluation_recommended": ("evaluation-recommended", "Evaluation recommended"),
    "contact_care_team_now": ("contact-care-team-now", "Contact the care team now"),
}
FLAG_RULES: dict[str, str] = {  # Flag.rule → display (the code is the rule's name)
    "average_above_threshold": "7-day average above 4/10 for 14 days or more",
    "function_affected": "Daily tasks harder on 3 of the last 7 rated days",
    "fall": "A fall was reported",
    "repeated_near_falls": "Repeated near-falls",
    "rapid_rise": "7-day average rose quickly",
    "new_weakness": "New weakness or tripping reported",
    "unfelt_wound": "A wound that was not felt was reported",
}
SESSION_PARTS: dict[str, str] = {  # components of a session's exercise-duration Observation
    "session-routine": "Routine followed",
    "session-planned-duration": "Planned exercise duration",
    "session-outcome": "How the session ended",
    "session-effort": "Effort the patient felt, 0-10",
    "session-symptoms-change": "Symptoms after the session compared with before",
}
SESSION_OUTCOMES: dict[str, str] = {
    "completed": "Completed",
    "stopped": "Stopped early by the patient",
    "partial": "Interrupted (the app closed during the session)",
}
SYMPTOMS_CHANGES: dict[str, str] = {"better": "Better", "same": "The same", "worse": "Worse"}
SELF_TEST_PARTS: dict[str, str] = {  # components of a self-test's Observation
    "selftest-side": "Which side was tested (left or right)",
    "selftest-source": "Where the result was measured (in the app, or on paper/at the clinic)",
}
SIDES: dict[str, str] = {"left": "Left", "right": "Right"}
SELF_TEST_SOURCES: dict[str, str] = {
    "app": "Measured with the app's guided test",
    "paper": "Entered from paper or the clinic",
}
STOPPED_FOR_SAFETY = (
    "stopped-for-safety",
    "Stopped for safety",
    (
        "The patient stopped the test early because they felt unsteady or "
        "unwell; the value is what was done until then, a valid result that "
        "is not compared with the others."
    ),
)
# the self-tests' units in UCUM: seconds, else a count with its word as an annotation
SELF_TEST_UNITS: dict[str, dict[str, str]] = {
    "seconds": {"unit": "s", "system": UCUM, "code": "s"},
    "stands": {"unit": "stands", "system": UCUM, "code": "{stands}"},
    "taps": {"unit": "taps", "system": UCUM, "code": "{taps}"},
}


def coding(code: str, display: str) -> dict[str, str]:
    """A Coding from the app's CodeSystem."""
    return {"system": CODE_SYSTEM_URL, "code": code, "display": display}


def self_test_coding(test_id: str, title: str) -> dict[str, str]:
    """A self-test's code: ``selftest-`` and the test's id (its file's name)."""
    return coding(f"selftest-{test_id}", title)


def self_test_unit(unit: str) -> dict[str, str]:
    """The Quantity fields of a self-test's unit (UCUM; a count's word as annotation)."""
    return SELF_TEST_UNITS.get(unit, {"unit": unit, "system": UCUM, "code": f"{{{unit}}}"})


def _self_test_concepts() -> list[dict[str, Any]]:
    """One concept per shipped self-test (its English title and protocol source)."""
    from cipn_coach.selftests.library import load_selftests

    return [
        _concept(f"selftest-{test.id}", test.title, test.source)
        for test in load_selftests().values()
    ]


def measure_coding(measure: str) -> dict[str, str]:
    code, display, _ = MEASURE_CODES[measure]
    return coding(code, display)


def pain_kind_coding(kind: PainKind) -> dict[str, str]:
    return coding(f"pain-kind-{kind.value}", PAIN_KIND_WORDS[kind])


def _concept(
    code: str,
    display: str,
    definition: str | None = None,
    children: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    concept: dict[str, Any] = {"code": code, "display": display}
    if definition:
        concept["definition"] = definition
    if children:
        concept["concept"] = children
    return concept


def _group(
    code: str, display: str, definition: str, children: list[dict[str, Any]]
) -> dict[str, Any]:
    """A heading that groups concepts; not itself a value."""
    return {
        **_concept(code, display, definition, children),
        "property": [{"code": "notSelectable", "valueBoolean": True}],
    }


def code_system(resource_id: str) -> dict[str, Any]:
    """The app's CodeSystem resource, shipped in every export ("published" with it)."""
    return {
        "resourceType": "CodeSystem",
        "id": resource_id,
        "url": CODE_SYSTEM_URL,
        "version": CODE_SYSTEM_VERSION,
        "name": "CIPNCoachCodes",
        "title": "CIPN Coach codes",
        "status": "active",
        "experimental": False,
        "publisher": "CIPN Coach",
        "description": "What the CIPN Coach app records where no standard code fits: daily "
        "symptom ratings, kinds of pain, the warning flags and their rules, "
        "and the parts of an exercise session.",
        "caseSensitive": True,
        "hierarchyMeaning": "grouped-by",
        "content": "complete",
        "property": [
            {
                "code": "notSelectable",
                "uri": "http://hl7.org/fhir/concept-properties#notSelectable",
                "type": "boolean",
            }
        ],
        "concept": [
            _group(
                "measures",
                "Daily symptom ratings",
                "A 0-10 rating the patient gives once a day in the check-in.",
                [_concept(*MEASURE_CODES[m]) for m in MEASURE_CODES],
            ),
            _group(
                "pain-kinds",
                "Kinds of pain",
                "How the patient describes the pain.",
                [_concept(f"pain-kind-{k.value}", PAIN_KIND_WORDS[k]) for k in PAIN_KIND_ORDER],
            ),
            _group(
                "flag-levels",
                "Flag levels",
                "How urgently the care team should hear of a flag.",
                [_concept(*FLAG_LEVELS[k]) for k in FLAG_LEVELS],
            ),
            _group(
                "flag-rules",
                "Flag rules",
                "The rule of the patient guide that raised a flag.",
                [_concept(code, display) for code, display in FLAG_RULES.items()],
            ),
            _group(
                "session-parts",
                "Parts of an exercise session",
                "Details recorded with each guided session.",
                [_concept(code, display) for code, display in SESSION_PARTS.items()],
            ),
            _group(
                "session-outcomes",
                "Session outcomes",
                "How a session ended.",
                [_concept(f"outcome-{c}", d) for c, d in SESSION_OUTCOMES.items()],
            ),
            _group(
                "symptoms-changes",
                "Symptoms after a session",
                "The patient's answer to 'how do you feel compared with before?'.",
                [_concept(f"symptoms-{c}", d) for c, d in SYMPTOMS_CHANGES.items()],
            ),
            _group(
                "self-tests",
                "Home self-tests",
                "A short test of balance, legs or "
                "hands the patient does at home (or on paper at the clinic).",
                _self_test_concepts(),
            ),
            _group(
                "self-test-parts",
                "Parts of a self-test result",
                "Details recorded with each self-test result.",
                [_concept(code, display) for code, display in SELF_TEST_PARTS.items()],
            ),
            _group(
                "sides",
                "Sides",
                "The side of a one-leg or one-hand test.",
                [_concept(f"side-{c}", d) for c, d in SIDES.items()],
            ),
            _group(
                "self-test-sources",
                "Where a self-test was measured",
                "In the app or entered afterwards.",
                [_concept(f"source-{c}", d) for c, d in SELF_TEST_SOURCES.items()],
            ),
            _group(
                "self-test-interpretations",
                "Self-test interpretations",
                "How a self-test result should be read.",
                [_concept(*STOPPED_FOR_SAFETY)],
            ),
        ],
    }
