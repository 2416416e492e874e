"""A FHIR bundle written by ``export --fhir`` read back as the backup model.

The bundle is first validated whole by ``fhir.resources`` (R4B, as the export writes
it); then the parts the app wrote are mapped back: the Patient (name, birth year, sex,
record id), the CarePlan (programme start; routines matched to the library by title),
each QuestionnaireResponse (one day's check-in, by ``linkId``) and each exercise-
duration Observation (one session, its Observation id as the session's uid, so a
re-import of the same session is recognised). Score Observations are derived from the
responses and Flags are recomputed by the clinic, so neither is read.

What a FHIR bundle does not carry: a check-in's earlier versions and its first save
(only ``authored``, the last), a session's steps and slot. A session's local day is its
start in the clinic computer's time zone: the bundle keeps the instant, not the zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from cipn_coach.backup.format import BackupData, CheckInData, SessionData
from cipn_coach.checkin.fields import PainKind
from cipn_coach.errors import FileFormatError
from cipn_coach.fhir import codes
from cipn_coach.fhir.export import RECORD_ID_SYSTEM
from cipn_coach.fhir.questionnaire import QUESTIONNAIRE_URL
from cipn_coach.i18n import _
from cipn_coach.routines.library import Library
from cipn_coach.routines.routine_format import Routine
from cipn_coach.settings import preferences as prefs

MAX_PROBLEMS = 8
CHECKIN_FIELDS = (
    "hands",
    "feet",
    "pain",
    "night",
    "woke_me",
    "cold_sensitive",
    "dropped",
    "fine_motor",
    "held_wall",
    "stumbled",
    "falls",
    "near_falls",
    "new_weakness",
    "unfelt_wound",
    "note",
)
FHIR_ROUTINE_PREFIX = "fhir-"  # a session whose routine the library does not know


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"'{text}' has no time zone")
    return moment.astimezone(UTC)


def _answer(item: dict[str, Any]) -> Any:
    answers = item.get("answer") or []
    if item["linkId"] == "pain_kinds":
        known = {f"pain-kind-{k.value}": k.value for k in PainKind}
        return [
            known[a["valueCoding"]["code"]]
            for a in answers
            if a.get("valueCoding", {}).get("code") in known
        ]
    if not answers:
        return None
    (value,) = [v for k, v in answers[0].items() if k.startswith("value")]
    return value


def checkin_of(response: dict[str, Any]) -> dict[str, Any]:
    """One QuestionnaireResponse as ``CheckInData`` fields (validated by the caller)."""
    if not str(response.get("questionnaire", "")).startswith(QUESTIONNAIRE_URL):
        raise ValueError(_("not an answer to the CIPN Coach check-in"))
    answers = {item["linkId"]: _answer(item) for item in response.get("item", [])}
    authored = _moment(response["authored"])
    data = {name: answers[name] for name in CHECKIN_FIELDS if answers.get(name) is not None}
    data.setdefault("falls", 0)
    data.setdefault("near_falls", 0)
    return data | {
        "day": answers.get("day"),
        "pain_kinds": answers.get("pain_kinds", []),
        "version": 1,
        "created_at": authored,
        "updated_at": authored,
    }


def _parts(observation: dict[str, Any]) -> dict[str, Any]:
    parts = {}
    for component in observation.get("component", []):
        code = component["code"]["coding"][0]["code"]
        parts[code] = component
    return parts


def _coded(part: dict[str, Any] | None, prefix: str) -> str | None:
    if part is None:
        return None
    code = part["valueCodeableConcept"]["coding"][0]["code"]
    return code.removeprefix(prefix)


def session_of(observation: dict[str, Any], titles: dict[str, Routine]) -> dict[str, Any]:
    """One exercise-duration Observation as ``SessionData`` fields."""
    parts = _parts(observation)
    title = parts["session-routine"]["valueString"]
    routine = titles.get(title)
    period = observation["effectivePeriod"]
    started = _moment(period["start"])
    effort = parts.get("session-effort")
    return {
        "uid": observation["id"],
        "routine_id": routine.id if routine else (FHIR_ROUTINE_PREFIX + observation["id"])[:64],
        "routine_version": routine.version if routine else 0,
        "routine_title": title,
        "local_date": started.astimezone().date(),
        "started_at": started,
        "ended_at": _moment(period["end"]) if period.get("end") else None,
        "status": _coded(parts.get("session-outcome"), "outcome-"),
        "planned_seconds": parts["session-planned-duration"]["valueQuantity"]["value"] * 60,
        "done_seconds": observation["valueQuantity"]["value"] * 60,
        "effort": effort["valueInteger"] if effort else None,
        "symptoms_change": _coded(parts.get("session-symptoms-change"), "symptoms-"),
    }


def _is_session(resource: dict[str, Any]) -> bool:
    coding = resource.get("code", {}).get("coding", [])
    return any(c.get("code") == codes.EXERCISE_DURATION["code"] for c in coding)


def patient_of(resource: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The record id and the profile settings of the bundle's Patient."""
    ids = [
        i["value"] for i in resource.get("identifier", []) if i.get("system") == RECORD_ID_SYSTEM
    ]
    if not ids:
        raise ValueError(
            _("no CIPN Coach record id (an identifier with system {system})").format(
                system=RECORD_ID_SYSTEM
            )
        )
    settings: dict[str, Any] = {}
    names = [n.get("text") for n in resource.get("name", []) if n.get("text")]
    if names:
        settings[prefs.PATIENT_NAME.key] = names[0]
    if resource.get("birthDate"):
        settings[prefs.BIRTH_YEAR.key] = int(str(resource["birthDate"])[:4])
    if resource.get("gender") in ("female", "male"):
        settings[prefs.SEX.key] = resource["gender"]
    return ids[0], settings


def plan_settings(plan: dict[str, Any], titles: dict[str, Routine]) -> dict[str, Any]:
    """The programme start and the routines of the CarePlan, as the app's settings."""
    settings: dict[str, Any] = {}
    if plan.get("period", {}).get("start"):
        settings[prefs.PLAN_START.key] = date.fromisoformat(plan["period"]["start"]).isoformat()
    followed = [
        titles[a["detail"]["code"]["text"]].id
        for a in plan.get("activity", [])
        if a.get("detail", {}).get("code", {}).get("text") in titles
    ]
    if followed:
        settings[prefs.PLAN_ROUTINES.key] = followed
    return settings


def _validate_bundle(raw: dict[str, Any], name: str) -> None:
    from fhir.resources.R4B.bundle import Bundle

    try:
        Bundle.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise FileFormatError(
            name,
            [
                _("not a valid FHIR R4 bundle: {problems}").format(
                    problems="; ".join(problems[:MAX_PROBLEMS])
                )
            ],
        ) from None


def read_bundle(
    raw: dict[str, Any], name: str, library: Library
) -> tuple[str, datetime | None, BackupData]:
    """(record id, export time, the record as the backup model) of a bundle, or one
    ``FileFormatError`` naming every problem found (up to eight)."""
    _validate_bundle(raw, name)
    titles = {r.title: r for r in library.routines.values()}
    problems: list[str] = []
    record_id: str | None = None
    settings: dict[str, Any] = {}
    checkins: list[CheckInData] = []
    sessions: list[SessionData] = []
    for index, entry in enumerate(raw.get("entry", [])):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        where = f"entry[{index}] ({kind} {resource.get('id', '')})".replace(" )", ")")
        try:
            if kind == "Patient":
                if record_id is not None:
                    raise ValueError(_("a second Patient: a bundle must hold one person"))
                record_id, profile = patient_of(resource)
                settings |= profile
            elif kind == "CarePlan":
                settings |= plan_settings(resource, titles)
            elif kind == "QuestionnaireResponse":
                checkins.append(CheckInData.model_validate(checkin_of(resource)))
            elif kind == "Observation" and _is_session(resource):
                sessions.append(SessionData.model_validate(session_of(resource, titles)))
        except ValidationError as exc:
            first = exc.errors()[0]
            problems.append(f"{where}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            problems.append(f"{where}: {exc if not isinstance(exc, KeyError) else f'no {exc}'}")
    if record_id is None:
        problems.append(_("no Patient: not a CIPN Coach export"))
    if problems:
        raise FileFormatError(name, problems[:MAX_PROBLEMS])
    try:
        data = BackupData.model_validate(
            {"settings": settings, "checkins": checkins, "sessions": sessions}
        )
    except ValidationError as exc:
        raise FileFormatError(name, [str(exc.errors()[0]["msg"])]) from None
    stamp = raw.get("timestamp")
    return str(record_id), _moment(stamp) if stamp else None, data
