"""``cipn-coach export --fhir FILE``: the record of a period as one FHIR R4 ``Bundle``.

A ``collection`` bundle, for a care team's system to read, holding:

- the app's CodeSystem and the check-in ``Questionnaire`` (what the codes and answers mean);
- the ``Patient`` (name, year of birth, sex, when given);
- the exercise plan as a ``CarePlan`` (category ``PhysicalActivity``, one activity per
  routine with its days and times), as HL7's Physical Activity guide writes a plan;
- each day's check-in as a ``QuestionnaireResponse``, and its 0–10 ratings as
  ``Observation``s (one per measure and day), derived from that response;
- each finished exercise session as an ``Observation`` of exercise duration (LOINC
  55411-3, minutes), based on the plan, with the routine, planned minutes, outcome,
  effort and symptom change as components;
- each self-test result of the period (as ``summary --json`` reports it) as an
  ``Observation`` coded from the app's CodeSystem (``selftest-<id>``), its value with its
  UCUM unit, a component for the side and one for where it was measured, and an
  interpretation and note when it was stopped for safety;
- the flags of the period (as ``summary --json`` reports them) as ``Flag``s, active
  while current.

The same data gives the same bytes: the Patient's id is the record's own random id
(``patient.record_id``, kept in the settings and carried by the JSON backup), every other
id a uuid5 of a stable key (the day, the measure, a session's start), references are ``urn:uuid:`` full URLs, and the only time
stamp is the latest record's own (``Bundle.timestamp``), never the moment of export.
The bundle is validated with ``fhir.resources`` (R4B models) before a byte is written,
and written atomically (``backup_json.write_private``).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cipn_coach.checkin.averages import MEASURES
from cipn_coach.errors import CoachError
from cipn_coach.fhir import codes
from cipn_coach.fhir.questionnaire import questionnaire, questionnaire_response
from cipn_coach.routines.routine_format import Routine
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.patient import Profile, read_profile
from cipn_coach.storage.rows import ENDED_STATUSES, CheckInRow, SessionRow

# uuid5(NAMESPACE_URL, "cipn-coach:fhir:ids"): the namespace of every resource id
ID_NAMESPACE = uuid.UUID("f7d348b6-1ece-5772-8fbe-d4ff9fe54056")
# uuid5(NAMESPACE_URL, "cipn-coach:fhir:record-id"): the system of the Patient identifier
RECORD_ID_SYSTEM = "urn:uuid:24b91e40-73cd-558e-8461-96986e2ffabd"
MINUTES = {"unit": "min", "system": codes.UCUM, "code": "min"}


def resource_id(*key: object) -> str:
    """A stable id: the same key gives the same id in every export."""
    return str(uuid.uuid5(ID_NAMESPACE, "|".join(str(part) for part in key)))


def reference(resource: dict[str, Any]) -> dict[str, str]:
    """A reference to a resource of this bundle (its ``urn:uuid:`` full URL)."""
    return {"reference": f"urn:uuid:{resource['id']}"}


@dataclass(frozen=True)
class FhirRecord:
    """What the export reads, gathered through the services (no SQL here)."""

    first: date
    last: date
    record_id: str  # the app's own random id of this record (``patient.record_id``)
    profile: Profile
    plan_start: date | None  # None until the app first sets the programme's start
    routines: list[Routine]
    steps: dict[str, list[str]]  # routine id → its exercises' titles this program week
    checkins: list[CheckInRow]
    sessions: list[SessionRow]  # finished ones of the period
    flags: list[dict[str, Any]]  # as ``summary --json`` gives them
    self_tests: list[dict[str, Any]]  # the summary's ``self_tests`` section


@dataclass(frozen=True)
class FhirExportResult:
    path: Path
    first: date
    last: date
    counts: dict[str, int]  # resource type → how many

    def summary(self) -> str:
        from cipn_coach.formatting import day_year, whole

        parts = ", ".join(f"{kind} × {whole(n)}" for kind, n in self.counts.items())
        return (
            f"Wrote {self.path}: a FHIR R4 bundle of {day_year(self.first)} to "
            f"{day_year(self.last)} ({parts})."
        )


def read_record(services: Any, first: date, last: date, now: datetime) -> FhirRecord:
    """Everything about ``first``..``last`` the bundle holds. Reads only, but for the
    record's id, made once the first time any export needs it."""
    from cipn_coach.reports.summary import load_summary
    from cipn_coach.routines.plan import plan_routine
    from cipn_coach.routines.schedule import program_week

    summary = load_summary(services, first, last, now)
    plan_start = prefs.Preferences(services.settings).get(prefs.PLAN_START)  # None: not begun
    routines = services.plan.routines()
    week = program_week(plan_start or last, last)
    steps = {r.id: [s.title for s in plan_routine(r, services.library, week)] for r in routines}
    sessions = [
        s
        for s in services.sessions.between(first, last, with_steps=False)
        if s.status in ENDED_STATUSES and s.ended_at is not None
    ]
    return FhirRecord(
        first,
        last,
        services.patient.record_id(),
        read_profile(services.settings),
        plan_start,
        routines,
        steps,
        services.checkins.between(first, last),
        sessions,
        summary["flags"],
        summary.get("self_tests", []),
    )


# ---------------------------------------------------------------- the resources
def _patient(record: FhirRecord) -> dict[str, Any]:
    patient_id = record.record_id  # a UUID already; the same in every export of this record
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": patient_id,
        "identifier": [{"system": RECORD_ID_SYSTEM, "value": patient_id}],
    }
    profile = record.profile
    if profile.name:
        patient["name"] = [{"text": profile.name}]
    if profile.sex:
        patient["gender"] = profile.sex
    if profile.birth_year:
        patient["birthDate"] = str(profile.birth_year)  # FHIR dates may be a year alone
    return patient


def _timing(routine: Routine) -> dict[str, Any]:
    slots = sorted(routine.schedule.slots, key=lambda slot: slot.time)
    return {
        "repeat": {
            "dayOfWeek": [day.value for day in routine.schedule.days],
            "timeOfDay": [f"{slot.time}:00" for slot in slots],
        }
    }


def _care_plan(record: FhirRecord, subject: dict[str, str]) -> dict[str, Any]:
    activities = []
    for routine in record.routines:
        exercises = ", ".join(record.steps[routine.id])
        activities.append(
            {
                "detail": {
                    "code": {"coding": [codes.EXERCISE_THERAPY], "text": routine.title},
                    "status": "in-progress",
                    "scheduledTiming": _timing(routine),
                    "description": f"{routine.description.strip()} Exercises: {exercises}.",
                }
            }
        )
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": resource_id("careplan", record.record_id),
        "status": "active",
        "intent": "plan",
        "category": [{"coding": [codes.PHYSICAL_ACTIVITY]}],
        "title": "Guided hand and foot exercises for peripheral neuropathy",
        "description": "The routines the patient follows with the CIPN Coach app, with "
        "spoken guidance, at the days and times below.",
        "subject": subject,
    }
    if record.plan_start is not None:
        plan["period"] = {"start": record.plan_start.isoformat()}
    if activities:
        plan["activity"] = activities
    return plan


def _score(
    measure: str, row: CheckInRow, subject: dict[str, str], response: dict[str, Any]
) -> dict[str, Any]:
    coding = [codes.measure_coding(measure)]
    if measure == "pain":
        coding.append(codes.PAIN_SEVERITY_0_10)
    return {
        "resourceType": "Observation",
        "id": resource_id("score", measure, row.day.isoformat()),
        "status": "final",
        "category": [{"coding": [codes.SURVEY]}],
        "code": {"coding": coding, "text": codes.MEASURE_CODES[measure][1]},
        "subject": subject,
        "effectiveDateTime": row.day.isoformat(),
        "issued": row.updated_at.isoformat(),
        "performer": [subject],
        "valueInteger": getattr(row, measure),
        "derivedFrom": [reference(response)],
    }


def _part(code: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": {"coding": [codes.coding(code, codes.SESSION_PARTS[code])]}, **value}


def _minutes(seconds: float) -> dict[str, Any]:
    return {"value": round(seconds / 60, 2), **MINUTES}


def _session_parts(session: SessionRow) -> list[dict[str, Any]]:
    planned = _minutes(session.planned_seconds)
    parts = [
        _part("session-routine", {"valueString": session.routine_title}),
        _part("session-planned-duration", {"valueQuantity": planned}),
    ]
    outcome = codes.SESSION_OUTCOMES.get(session.status, session.status)
    parts.append(
        _part(
            "session-outcome",
            {
                "valueCodeableConcept": {
                    "coding": [codes.coding(f"outcome-{session.status}", outcome)]
                }
            },
        )
    )
    if session.effort is not None:
        parts.append(_part("session-effort", {"valueInteger": session.effort}))
    if session.symptoms_change in codes.SYMPTOMS_CHANGES:
        change = session.symptoms_change
        parts.append(
            _part(
                "session-symptoms-change",
                {
                    "valueCodeableConcept": {
                        "coding": [
                            codes.coding(f"symptoms-{change}", codes.SYMPTOMS_CHANGES[change])
                        ]
                    }
                },
            )
        )
    return parts


def _session(
    session: SessionRow, subject: dict[str, str], plan: dict[str, Any] | None
) -> dict[str, Any]:
    period = {"start": session.started_at.isoformat()}
    if session.ended_at is not None:  # always, for the finished sessions read
        period["end"] = session.ended_at.isoformat()
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id("session", session.routine_id, session.started_at.isoformat()),
        "status": "final",
        "category": [{"coding": [codes.ACTIVITY]}, {"coding": [codes.PHYSICAL_ACTIVITY]}],
        "code": {"coding": [codes.EXERCISE_DURATION]},
        "subject": subject,
        "effectivePeriod": period,
        "performer": [subject],
        "valueQuantity": _minutes(session.done_seconds),
        "component": _session_parts(session),
    }
    if plan is not None:
        observation["basedOn"] = [reference(plan)]
    return observation


def _self_test_part(code: str, concept: str, display: str) -> dict[str, Any]:
    return {
        "code": {"coding": [codes.coding(code, codes.SELF_TEST_PARTS[code])]},
        "valueCodeableConcept": {"coding": [codes.coding(concept, display)]},
    }


def _self_test(
    test: dict[str, Any], result: dict[str, Any], ordinal: int, subject: dict[str, str]
) -> dict[str, Any]:
    """One result: ``ordinal`` tells apart two results of the same test, day and side
    (in the summary's order, which is the order they were recorded)."""
    side = result["side"]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id("selftest", test["id"], result["date"], side or "", ordinal),
        "status": "final",
        "category": [{"coding": [codes.ACTIVITY]}],
        "code": {
            "coding": [codes.self_test_coding(test["id"], test["title"])],
            "text": test["title"],
        },
        "subject": subject,
        "effectiveDateTime": result["date"],
        "performer": [subject],
        "valueQuantity": {"value": result["value"], **codes.self_test_unit(test["unit"])},
    }
    parts = []
    if side in codes.SIDES:
        parts.append(_self_test_part("selftest-side", f"side-{side}", codes.SIDES[side]))
    if result["source"] in codes.SELF_TEST_SOURCES:
        source = result["source"]
        parts.append(
            _self_test_part("selftest-source", f"source-{source}", codes.SELF_TEST_SOURCES[source])
        )
    if parts:
        observation["component"] = parts
    if result["stopped_for_safety"]:
        code, display, meaning = codes.STOPPED_FOR_SAFETY
        observation["interpretation"] = [{"coding": [codes.coding(code, display)], "text": display}]
        observation["note"] = [{"text": meaning}]
    return observation


def _self_tests(section: list[dict[str, Any]], subject: dict[str, str]) -> list[dict[str, Any]]:
    observations = []
    for test in section:
        seen: Counter[tuple[str, str | None]] = Counter()
        for result in test["results"]:
            key = (result["date"], result["side"])
            observations.append(_self_test(test, result, seen[key], subject))
            seen[key] += 1
    return observations


def _flag(flag: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    level_code, level_display = codes.FLAG_LEVELS[flag["level"]]
    rule = flag["rule"]
    return {
        "resourceType": "Flag",
        "id": resource_id("flag", rule, flag["measure"], flag["since"]),
        "status": "active" if flag["current"] else "inactive",
        "category": [
            {"coding": [codes.CLINICAL_FLAG]},
            {"coding": [codes.coding(level_code, level_display)]},
        ],
        "code": {
            "coding": [codes.coding(rule, codes.FLAG_RULES.get(rule, rule))],
            "text": flag["clinical"] or flag["explanation"],
        },
        "subject": subject,
        "period": {"start": flag["since"], "end": flag["until"]},
    }


def _timestamp(record: FhirRecord) -> str | None:
    """The latest moment recorded in the bundle: it tells a newer export from an older
    one without making two exports of the same data differ."""
    moments = [c.updated_at for c in record.checkins]
    moments += [s.ended_at for s in record.sessions if s.ended_at is not None]
    return max(moments).isoformat() if moments else None


def build_bundle(record: FhirRecord) -> dict[str, Any]:
    """The bundle as plain JSON-ready data (not yet validated)."""
    code_system = codes.code_system(resource_id("codesystem", codes.CODE_SYSTEM_VERSION))
    form = questionnaire(resource_id("questionnaire", "checkin"))
    patient = _patient(record)
    subject = reference(patient)
    plan = _care_plan(record, subject)
    planned = {r.id for r in record.routines}
    resources: list[dict[str, Any]] = [code_system, form, patient, plan]
    scores = []
    for row in record.checkins:
        response = questionnaire_response(
            resource_id("checkin", row.day.isoformat()), row, subject, form
        )
        resources.append(response)
        scores += [
            _score(m, row, subject, response) for m in MEASURES if getattr(row, m) is not None
        ]
    resources += scores
    resources += [
        _session(s, subject, plan if s.routine_id in planned else None) for s in record.sessions
    ]
    resources += _self_tests(record.self_tests, subject)
    resources += [_flag(f, subject) for f in record.flags]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": resource_id("bundle", record.record_id, record.first, record.last),
        "type": "collection",
    }
    timestamp = _timestamp(record)
    if timestamp is not None:
        bundle["timestamp"] = timestamp
    bundle["entry"] = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
    return bundle


def render(bundle: dict[str, Any]) -> bytes:
    """Validate ``bundle`` (every resource, against the R4B models) and return the file's
    bytes: what the library accepted, as indented UTF-8 JSON."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        model = Bundle.model_validate(bundle)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CoachError(
            f"the FHIR bundle did not validate ({where}: {first['msg']}); nothing was written"
        ) from None
    data = json.loads(model.model_dump_json())
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def count_resources(bundle: dict[str, Any]) -> dict[str, int]:
    """Resource type → how many, in the order they first appear."""
    return dict(Counter(e["resource"]["resourceType"] for e in bundle["entry"]))


def export_fhir(
    services: Any, path: Path, first: date, last: date, now: datetime, *, overwrite: bool = False
) -> FhirExportResult:
    """Write the FHIR bundle of ``first``..``last`` to ``path`` (0600, atomic).
    ``now``: local wall-clock time, which decides whether a flag is still current."""
    from cipn_coach.backup.json_file import check_export_target, write_private

    check_export_target(path, overwrite)
    bundle = build_bundle(read_record(services, first, last, now))
    write_private(path, render(bundle))
    return FhirExportResult(path, first, last, count_resources(bundle))
