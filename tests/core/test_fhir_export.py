"""``export --fhir``: a FHIR R4 bundle every resource of which the FHIR library accepts,
with the numbers ``summary --json`` gives for the same period, the same bytes for the
same data, and the one-line refusals of the CLI contract (nothing half-written)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from cipn_coach.checkin.averages import MEASURES
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.cli.commands import main
from cipn_coach.cli.demo import fill_demo
from cipn_coach.fhir.codes import CODE_SYSTEM_URL
from cipn_coach.fhir.export import export_fhir
from cipn_coach.routines.schedule import PARTIAL_COUNTS_AS_DONE
from cipn_coach.services import open_services
from cipn_coach.settings.patient import save_profile

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 29, 21, 0)  # local wall-clock time, after the evening sessions
FIRST, LAST = date(2026, 3, 2), NOW.date()  # the demo's 28 days
SCORE_CODES = {
    "hands-numbness": "hands",
    "feet-numbness": "feet",
    "pain": "pain",
    "night-discomfort": "night",
}


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """28 days of demo data ending on NOW, with the patient's details."""
    folder = tmp_path_factory.mktemp("fhir-demo")
    services = open_services(folder)
    try:
        fill_demo(services, 28, NOW)
        save_profile(services.settings, name="Mary O'Brien", birth_year=1956, sex="female")
        services.writer.flush(timeout=30)
    finally:
        services.close()
    return folder


def export(capsys, folder: Path, target: Path, *period: object) -> dict[str, Any]:
    code, out, err = run(capsys, "--data-dir", folder, "export", "--fhir", target, *period)
    assert (code, err) == (0, ""), err
    assert "FHIR R4 bundle" in out and str(target) in out
    return json.loads(target.read_bytes())


def summary(capsys, folder: Path, first: date, last: date) -> dict[str, Any]:
    code, out, err = run(
        capsys, "--data-dir", folder, "summary", "--json", "--from", first, "--to", last
    )
    assert (code, err) == (0, "")
    return json.loads(out)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def sessions_of(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]
        == {"system": "http://loinc.org", "code": "55411-3", "display": "Exercise duration"}
    ]


def scores_of(bundle: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(day, measure) → value of the daily-score Observations."""
    found = {}
    for o in resources(bundle, "Observation"):
        coding = o["code"]["coding"][0]
        if coding["system"] == CODE_SYSTEM_URL:
            key = (o["effectiveDateTime"], SCORE_CODES[coding["code"]])
            assert key not in found, f"two Observations for {key}"
            found[key] = o["valueInteger"]
    return found


def component(observation: dict[str, Any], code: str) -> dict[str, Any]:
    (part,) = [c for c in observation["component"] if c["code"]["coding"][0]["code"] == code]
    return part


def outcome(session: dict[str, Any]) -> str:
    return component(session, "session-outcome")["valueCodeableConcept"]["coding"][0]["code"]


def test_every_resource_validates_and_every_reference_resolves(capsys, folder, tmp_path):
    target = tmp_path / "record.fhir.json"
    raw_bundle = export(capsys, folder, target, "--from", FIRST, "--to", LAST)
    assert target.stat().st_mode & 0o777 == 0o600  # health data: readable by its owner only
    bundle = Bundle.model_validate_json(target.read_bytes())
    assert bundle.type == "collection"
    for entry, raw in zip(bundle.entry, raw_bundle["entry"], strict=False):
        kind = raw["resource"]["resourceType"]
        assert type(entry.resource) is get_fhir_model_class(kind)
        get_fhir_model_class(kind).model_validate(raw["resource"])  # each one on its own too
        assert raw["fullUrl"] == f"urn:uuid:{raw['resource']['id']}"
    full_urls = [e["fullUrl"] for e in raw_bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    references = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"reference"}:
                references.add(node["reference"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(raw_bundle)
    assert references and references <= set(full_urls)
    kinds = {e["resource"]["resourceType"] for e in raw_bundle["entry"]}
    assert kinds == {
        "CodeSystem",
        "Questionnaire",
        "Patient",
        "CarePlan",
        "QuestionnaireResponse",
        "Observation",
        "Flag",
    }
    (patient,) = resources(raw_bundle, "Patient")
    assert patient["name"] == [{"text": "Mary O'Brien"}]
    assert (patient["birthDate"], patient["gender"]) == ("1956", "female")


def test_the_numbers_are_those_of_summary_json(capsys, folder, tmp_path):
    bundle = export(capsys, folder, tmp_path / "record.json", "--from", FIRST, "--to", LAST)
    data = summary(capsys, folder, FIRST, LAST)
    expected = {(d["date"], m): d[m] for d in data["days"] for m in MEASURES if d[m] is not None}
    assert scores_of(bundle) == expected
    assert any(m == "night" for _, m in expected)  # every measure is there
    responses = resources(bundle, "QuestionnaireResponse")
    assert len(responses) == data["period"]["days_recorded"]

    # every finished session is there; those the schedule counts as done are summary's
    sessions = sessions_of(bundle)
    adherence = data["adherence"]
    completed = [s for s in sessions if outcome(s) == "outcome-completed"]
    counted = [
        s
        for s in sessions
        if s in completed
        or s["valueQuantity"]["value"]
        >= PARTIAL_COUNTS_AS_DONE
        * component(s, "session-planned-duration")["valueQuantity"]["value"]
    ]
    assert len(counted) == adherence["done"] > 0
    assert len(counted) - len(completed) == adherence["partial"] > 0
    assert len(sessions) > len(counted)  # the demo stops two sessions under half-way
    minutes = sum(s["valueQuantity"]["value"] for s in sessions)
    assert minutes == pytest.approx(adherence["minutes_done"], abs=0.01 * len(sessions))
    assert all(s["valueQuantity"]["code"] == "min" for s in sessions)
    (plan,) = resources(bundle, "CarePlan")
    assert all(s["basedOn"] == [{"reference": f"urn:uuid:{plan['id']}"}] for s in sessions)
    assert len(plan["activity"]) == 3  # morning, evening, balance builder

    flags = [
        (f["code"]["coding"][0]["code"], f["period"]["start"], f["period"]["end"], f["status"])
        for f in resources(bundle, "Flag")
    ]
    assert sorted(flags) == sorted(
        (f["rule"], f["since"], f["until"], "active" if f["current"] else "inactive")
        for f in data["flags"]
    )
    assert any(rule == "repeated_near_falls" for rule, *_ in flags)


def test_the_questionnaire_asks_every_checkin_question(capsys, folder, tmp_path):
    bundle = export(capsys, folder, tmp_path / "record.json", "--from", FIRST, "--to", LAST)
    (form,) = resources(bundle, "Questionnaire")
    asked = [item["linkId"] for item in form["item"]]
    assert sorted(asked) == sorted({"day", *CheckInValues.model_fields})
    reference = f"{form['url']}|{form['version']}"
    for response in resources(bundle, "QuestionnaireResponse"):
        assert response["questionnaire"] == reference
        answered = [item["linkId"] for item in response["item"]]
        assert answered == [a for a in asked if a in answered]  # in the form's order
        assert {"day", "hands", "feet", "pain", "falls", "dropped"} <= set(answered)


def test_the_same_data_gives_the_same_bytes(capsys, folder, tmp_path):
    """Twice from the CLI, once from the core on the injected clock, and once more after
    the record moved to another computer through a JSON backup."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export(capsys, folder, first, "--from", FIRST, "--to", LAST)
    export(capsys, folder, second, "--from", FIRST, "--to", LAST)
    assert first.read_bytes() == second.read_bytes()
    services = open_services(folder)
    try:
        export_fhir(services, tmp_path / "core.json", FIRST, LAST, NOW)
    finally:
        services.close()
    assert (tmp_path / "core.json").read_bytes() == first.read_bytes()

    moved = tmp_path / "moved"
    moved.mkdir()
    assert run(capsys, "--data-dir", folder, "export", "--json", tmp_path / "backup.json")[0] == 0
    assert run(capsys, "--data-dir", moved, "import", "--json", tmp_path / "backup.json")[0] == 0
    export(capsys, moved, tmp_path / "moved.json", "--from", FIRST, "--to", LAST)
    assert (tmp_path / "moved.json").read_bytes() == first.read_bytes()


def test_from_and_to_bound_the_period(capsys, folder, tmp_path):
    first, last = date(2026, 3, 16), date(2026, 3, 22)
    whole = export(capsys, folder, tmp_path / "whole.json", "--from", FIRST, "--to", LAST)
    week = export(capsys, folder, tmp_path / "week.json", "--from", first, "--to", last)
    data = summary(capsys, folder, first, last)
    days = {d.isoformat() for d in (first + timedelta(days=i) for i in range(7))}
    assert {day for day, _ in scores_of(week)} <= days
    assert scores_of(week) == {k: v for k, v in scores_of(whole).items() if k[0] in days}
    assert len(resources(week, "QuestionnaireResponse")) == data["period"]["days_recorded"]
    starts = {s["effectivePeriod"]["start"][:10] for s in sessions_of(week)}
    assert starts <= days | {
        (first - timedelta(days=1)).isoformat(),  # local day vs UTC
        (last + timedelta(days=1)).isoformat(),
    }
    assert 0 < len(sessions_of(week)) < len(sessions_of(whole))
    assert data["adherence"]["minutes_done"] == pytest.approx(
        sum(s["valueQuantity"]["value"] for s in sessions_of(week)), abs=0.1
    )
    # the patient and the codes are the same in every period's bundle; the plan is the
    # same plan (its exercises are those of the period's last program week)
    for kind in ("Patient", "CodeSystem", "Questionnaire"):
        assert resources(week, kind) == resources(whole, kind)
    assert resources(week, "CarePlan")[0]["id"] == resources(whole, "CarePlan")[0]["id"]


def one_line_refusal(capsys, argv: list[object], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


@pytest.mark.parametrize(
    "period, fragment",
    [
        (["--from", "2026-02-30"], "'2026-02-30' is not a date"),
        (["--to", "yesterday"], "'yesterday' is not a date"),
        (["--from", "2026-03-20", "--to", "2026-03-10"], "after --to"),
    ],
)
def test_a_bad_period_is_refused_in_one_line(capsys, folder, tmp_path, period, fragment):
    target = tmp_path / "record.json"
    one_line_refusal(capsys, ["--data-dir", folder, "export", "--fhir", target, *period], fragment)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_target_is_refused_and_nothing_is_half_written(capsys, folder, tmp_path, monkeypatch):
    base = ["--data-dir", folder, "export", "--fhir"]
    one_line_refusal(capsys, [*base, tmp_path / "no such folder" / "x.json"], "does not exist")
    one_line_refusal(capsys, [*base, tmp_path], "is a folder")
    kept = tmp_path / "kept.json"
    kept.write_text("mine")
    one_line_refusal(capsys, [*base, kept], "already exists")
    assert kept.read_text() == "mine"
    one_line_refusal(capsys, [*base, "/proc/record.json"], "could not write /proc/record.json")
    one_line_refusal(
        capsys,
        ["--data-dir", folder, "export", "--json", tmp_path / "b.json", "--from", FIRST],
        "--from and --to go with --fhir",
    )
    one_line_refusal(
        capsys,
        ["--data-dir", tmp_path / "empty", "export", "--fhir", tmp_path / "x.json"],
        "there is no CIPN Coach data",
    )

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)  # the last step of the atomic write
    one_line_refusal(capsys, [*base, tmp_path / "full.json"], "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json"]  # no partial file


def test_the_fhir_library_loads_only_to_export():
    """Start-up and every other command stay as quick as before."""
    probe = (
        "import sys; from ui.app import main; from cipn_coach.cli.commands import build_parser; "
        "build_parser().parse_args(['export', '--fhir', 'x.json']); "
        "print(any(m.startswith('fhir') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_a_record_with_no_days_yet_exports_the_same_patient_for_any_period(capsys, tmp_path):
    folder = tmp_path / "new"
    assert run(capsys, "--data-dir", folder, "profile", "--name", "Ann Lee")[0] == 0
    march = export(capsys, folder, tmp_path / "march.json", "--from", FIRST, "--to", LAST)
    april = export(
        capsys, folder, tmp_path / "april.json", "--from", "2026-04-01", "--to", "2026-04-28"
    )
    Bundle.model_validate(march)
    assert resources(march, "Patient") == resources(april, "Patient")
    assert resources(march, "Patient")[0]["name"] == [{"text": "Ann Lee"}]
    (plan,) = resources(march, "CarePlan")
    assert "period" not in plan  # no programme start to tell
    assert "timestamp" not in march  # nothing recorded: no moment to give
    assert {e["resource"]["resourceType"] for e in march["entry"]} == {
        "CodeSystem",
        "Questionnaire",
        "Patient",
        "CarePlan",
    }


def _self_test_folder(tmp_path: Path) -> Path:
    """A fortnight of demo data and self-test results: counts and seconds, both legs, one
    stopped for safety, one from paper, two of the same test on one day."""
    folder = tmp_path / "selftests"
    services = open_services(folder)
    try:
        fill_demo(services, 14, NOW)
        save_profile(services.settings, name="Mary O'Brien", birth_year=1956, sex="female")
        recorded = datetime(2026, 3, 29, 9, 0).astimezone()
        add = services.self_tests.add
        add("chair_stand_30s", date(2026, 3, 16), 8, recorded)
        add("chair_stand_30s", date(2026, 3, 23), 10, recorded, source="paper")
        add("chair_stand_30s", date(2026, 3, 23), 11, recorded + timedelta(minutes=5))
        add("single_leg_stance", date(2026, 3, 20), 12.4, recorded, side="left")
        add("single_leg_stance", date(2026, 3, 20), 20, recorded, side="right")
        add(
            "single_leg_stance",
            date(2026, 3, 27),
            5,
            recorded,
            side="left",
            stopped_for_safety=True,
        )
        services.writer.flush(timeout=30)
    finally:
        services.close()
    return folder


def test_self_test_results_are_observations_with_the_numbers_of_summary_json(capsys, tmp_path):
    folder = _self_test_folder(tmp_path)
    first, last = date(2026, 3, 16), LAST
    bundle = export(capsys, folder, tmp_path / "st.json", "--from", first, "--to", last)
    expected = [
        (t["id"], t["unit"], r)
        for t in summary(capsys, folder, first, last)["self_tests"]
        for r in t["results"]
    ]
    assert len(expected) == 6
    code_system = resources(bundle, "CodeSystem")[0]
    defined = {c["code"] for group in code_system["concept"] for c in group.get("concept", [])}
    found = [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"].startswith("selftest-")
    ]
    assert len(found) == len(expected)
    assert len({o["id"] for o in found}) == len(found)
    for observation, (test_id, unit, result) in zip(found, expected, strict=True):
        coding = observation["code"]["coding"][0]
        assert coding["system"] == CODE_SYSTEM_URL and coding["code"] == f"selftest-{test_id}"
        assert coding["code"] in defined
        assert observation["effectiveDateTime"] == result["date"]
        quantity = observation["valueQuantity"]
        assert quantity["value"] == result["value"]
        assert quantity["system"] == "http://unitsofmeasure.org"
        assert quantity["code"] == ("s" if unit == "seconds" else "{" + unit + "}")
        parts = {
            c["code"]["coding"][0]["code"]: c["valueCodeableConcept"]["coding"][0]["code"]
            for c in observation.get("component", [])
        }
        assert parts.get("selftest-side") == (f"side-{result['side']}" if result["side"] else None)
        assert parts["selftest-source"] == f"source-{result['source']}"
        stopped = [i["coding"][0]["code"] for i in observation.get("interpretation", [])]
        assert stopped == (["stopped-for-safety"] if result["stopped_for_safety"] else [])
        assert ("note" in observation) == result["stopped_for_safety"]
    again = export(capsys, folder, tmp_path / "st2.json", "--from", first, "--to", last)
    assert [o["id"] for o in found] == [
        o["id"]
        for o in resources(again, "Observation")
        if o["code"]["coding"][0]["code"].startswith("selftest-")
    ]


def test_the_patient_is_named_by_the_apps_own_record_id(capsys, tmp_path):
    """A random id made at the first export and kept, not one derived from the record:
    two people whose programmes began alike must never be one Patient."""
    from cipn_coach.settings import preferences as prefs

    ids = []
    for who in ("a", "b"):
        folder = tmp_path / who
        services = open_services(folder)
        try:
            fill_demo(services, 28, NOW)  # the very same days for both
            services.writer.flush(timeout=30)
        finally:
            services.close()
        (patient,) = resources(
            export(capsys, folder, tmp_path / f"{who}.json", "--from", FIRST, "--to", LAST),
            "Patient",
        )
        services = open_services(folder)
        try:
            kept = prefs.Preferences(services.settings).get(prefs.RECORD_ID)
        finally:
            services.close()
        assert patient["id"] == kept and patient["identifier"][0]["value"] == kept
        ids.append(kept)
    assert ids[0] != ids[1]
