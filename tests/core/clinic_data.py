"""Three patients' exports for the clinic tests, written by the app's own exporters.

- Ann: 28 days of demo data ending two days before ``NOW``, exported (JSON and FHIR);
  then two more days of check-ins and an edit of her last day's, exported again (v2):
  the "newer export of the same patient".
- Bo: 28 days ending four days before ``NOW``: silent since, so no recent check-in and
  no sessions this week.
- Cy: 28 days ending on ``NOW``, and a fall today: a red flag. Exported as FHIR.
- Fay (``fay_in_treatment``): 28 days ending on ``NOW``, two medicines, cycle days and
  self-test results, exported as JSON twice (the second time with more of both).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from cipn_coach.backup.json_file import export_json
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.fhir.export import export_fhir
from cipn_coach.services import Services, open_services
from cipn_coach.settings.patient import save_profile
from cipn_coach.treatment.record import Agent, Cycle
from tests.perf.bench_data import fill_history

NOW = datetime(2026, 3, 29, 21, 0)  # local wall-clock time, after the evening sessions
TODAY = NOW.date()
FIRST_EXPORT = NOW - timedelta(days=1)  # Fay's first export


@dataclass(frozen=True)
class Exports:
    services: dict[str, Services]  # patient → their own app's services (in memory)
    files: dict[str, Path]  # "ann.v1.json", "ann.v2.fhir.json", …


def _values(**changed: object) -> CheckInValues:
    return CheckInValues.parse(
        {"hands": 3, "feet": 4, "pain": 2, "night": 2, "pain_kinds": [], **changed}
    )


def _aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)


def _export(services: Services, target: Path, now: datetime, fhir: bool) -> None:
    if fhir:
        export_fhir(services, target, now.date() - timedelta(days=27), now.date(), now)
    else:
        export_json(services.db, target, now=now.astimezone(UTC))


def _patient(name: str, last_day: date) -> Services:
    """A patient's app over an in-memory database: the same code, without the fsyncs."""
    services = open_services(database_url="sqlite://")
    fill_history(services, 28, datetime.combine(last_day, NOW.time()))  # the demo's days, in bulk
    save_profile(services.settings, name=name, birth_year=1950)
    return services


def _recorded(days_back: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_back), time(9)).astimezone()


def fay_in_treatment(base: Path) -> tuple[Services, dict[str, Path]]:
    """Fay's app: two medicines, two cycles given and one planned for today, three
    self-test results; exported the day before (v1). Then today's cycle given, the next
    one planned and a fourth result (from paper), exported again (v2)."""
    fay = _patient("Fay Ng", TODAY)
    fay.treatment.set_agents((Agent.PACLITAXEL, Agent.OXALIPLATIN), None, _recorded(30))
    for back, planned in ((28, False), (14, False), (0, True)):
        fay.treatment.add_cycle(Cycle(TODAY - timedelta(days=back), planned), _recorded(30))
    fay.self_tests.add("chair_stand_30s", TODAY - timedelta(days=20), 9, _recorded(20))
    fay.self_tests.add(
        "single_leg_stance", TODAY - timedelta(days=6), 12.5, _recorded(6), side="left"
    )
    fay.self_tests.add(
        "single_leg_stance",
        TODAY - timedelta(days=6),
        4,
        _recorded(6) + timedelta(minutes=2),  # apart: a backup keeps no order for one moment
        side="right",
        stopped_for_safety=True,
    )
    files = {"v1": base / "fay.v1.json", "v2": base / "fay.v2.json"}
    _export(fay, files["v1"], FIRST_EXPORT, fhir=False)
    fay.self_tests.add("chair_stand_30s", TODAY, 11, _recorded(0), source="paper", note="clinic")
    fay.treatment.add_cycle(Cycle(TODAY, False), _recorded(0))
    fay.treatment.add_cycle(Cycle(TODAY + timedelta(days=14), True), _recorded(0))
    _export(fay, files["v2"], NOW, fhir=False)
    return fay, files


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exports]:
    base = tmp_path_factory.mktemp("clinic-patients")
    files: dict[str, Path] = {}

    ann_then = NOW - timedelta(days=2)
    ann = _patient("Ann Ho", ann_then.date())
    for kind, fhir in (("json", False), ("fhir.json", True)):
        files[f"ann.v1.{kind}"] = base / f"ann.v1.{kind}"
        _export(ann, files[f"ann.v1.{kind}"], ann_then, fhir)
    ann.checkins.save(ann_then.date(), _values(hands=8), _aware(TODAY, 9), today=TODAY)
    for back in (1, 0):
        day = TODAY - timedelta(days=back)
        ann.checkins.save(day, _values(), _aware(day, 20), today=TODAY)
    for kind, fhir in (("json", False), ("fhir.json", True)):
        files[f"ann.v2.{kind}"] = base / f"ann.v2.{kind}"
        _export(ann, files[f"ann.v2.{kind}"], NOW, fhir)

    bo = _patient("Bo Lam", TODAY - timedelta(days=4))
    files["bo.json"] = base / "bo.json"
    _export(bo, files["bo.json"], NOW, fhir=False)

    cy = _patient("Cy Chan", TODAY)
    cy.checkins.save(TODAY, _values(falls=1), _aware(TODAY, 21), today=TODAY)
    files["cy.fhir.json"] = base / "cy.fhir.json"
    _export(cy, files["cy.fhir.json"], NOW, fhir=True)
    everyone = {"ann": ann, "bo": bo, "cy": cy}
    yield Exports(everyone, files)
    for services in everyone.values():
        services.close()
