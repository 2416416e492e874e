"""Three patients' exports for the clinic tests, written by the app's own exporters.

- Ann: 28 days of demo data ending two days before ``NOW``, exported (JSON and FHIR);
  then two more days of check-ins and an edit of her last day's, exported again (v2):
  the "newer export of the same patient".
- Bo: 28 days ending four days before ``NOW``: silent since, so no recent check-in and
  no sessions this week.
- Cy: 28 days ending on ``NOW``, and a fall today: a red flag. Exported as FHIR.
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
from tests.perf.bench_data import fill_history

NOW = datetime(2026, 3, 29, 21, 0)  # local wall-clock time, after the evening sessions
TODAY = NOW.date()


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
