"""Figure 9 of ``make bench``: the clinic workspace under load, SQLite beside PostgreSQL.

``python -m tests.perf.bench_clinic [PATIENTS] [DAYS]`` (default 200 × 120): one
patient's history of DAYS days (check-ins, sessions with their steps; ``bench_data``)
exported as JSON backups of PATIENTS different people (their own name and record id):
each an export a week old (DAYS − 7 days) and today's (DAYS days). On each database:
the week-old exports imported in one command, the panel built (median of 3), today's
exports imported (a week more each: merged), and today's imported again (the same
files: recognised, nothing merged). The PostgreSQL server is a throw-away cluster
(``tests.core.pg_server``). Also: reading and validating one FHIR bundle of DAYS days,
which costs more per file than a backup. The last stdout line is JSON.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cipn_coach import __version__
from cipn_coach.backup.format import FORMAT, FORMAT_VERSION, Backup, BackupData
from cipn_coach.backup.json_file import snapshot
from cipn_coach.clinic.db import ClinicDatabase, clinic_url_for, open_clinic
from cipn_coach.clinic.importer import import_files
from cipn_coach.clinic.panel import build_panel
from cipn_coach.clinic.sources import read_export
from cipn_coach.fhir.export import export_fhir
from cipn_coach.routines.library import load_library
from cipn_coach.services import open_services
from tests.core.pg_server import create_database, start_server
from tests.perf.bench_data import fill_history

NOW = datetime(2026, 3, 29, 21, 0)


def _patient_files(folder: Path, patients: int, days: int) -> dict[str, Any]:
    services = open_services(database_url="sqlite://")
    try:
        made = fill_history(services, days, NOW)
        data = snapshot(services.db)
        fhir = folder / "one.fhir.json"
        export_fhir(services, fhir, NOW.date() - timedelta(days=days - 1), NOW.date(), NOW)
    finally:
        services.close()
    week_ago = NOW.date() - timedelta(days=7)
    for number in range(patients):
        shift = timedelta(seconds=number)  # a record id of their own
        checkins = [
            c.model_copy(
                update={"created_at": c.created_at + shift, "updated_at": c.updated_at + shift}
            )
            for c in data.checkins
        ]
        settings = dict(data.settings) | {"patient.name": f"Patient {number + 1:03d}"}
        for version, last in (("old", week_ago), ("new", NOW.date())):
            record = data.model_copy(
                update={
                    "checkins": [c for c in checkins if c.day <= last],
                    "sessions": [r for r in data.sessions if r.local_date <= last],
                    "settings": settings,
                }
            )
            backup = Backup(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                app_version=__version__,
                created=datetime.combine(last, NOW.time()).astimezone(UTC),
                data=BackupData.model_validate(record),
            )
            (folder / f"patient-{number:03d}.{version}.json").write_text(backup.model_dump_json())
    made["fhir"] = str(fhir)
    return made


CPU: dict[str, float] = {}  # the last action's CPU seconds in this process (not a server's)


def _timed(action: Any) -> tuple[float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    CPU["last"] = time.process_time() - cpu
    return time.perf_counter() - start, result


def _measure(db: ClinicDatabase, folder: Path, library: Any) -> dict[str, Any]:
    now = NOW.astimezone()
    old, new = sorted(folder.glob("patient-*.old.json")), sorted(folder.glob("patient-*.new.json"))

    def run(files: list[Path]) -> list[Any]:
        return import_files(db, files, library, now=now, user="bench")

    imported, done = _timed(lambda: run(old))
    cpu = {"import_s": CPU["last"]}
    panels = [_timed(lambda: build_panel(db, library, NOW)) for _ in range(3)]
    cpu["panel_s"] = CPU["last"]
    newer, merged = _timed(lambda: run(new))
    cpu["reimport_newer_s"] = CPU["last"]
    same, _ = _timed(lambda: run(new))
    cpu["reimport_same_s"] = CPU["last"]
    rows = build_panel(db, library, NOW)
    return {
        "cpu": {key: round(value, 2) for key, value in cpu.items()},
        "import_s": round(imported, 2),
        "panel_s": round(statistics.median(p[0] for p in panels), 2),
        "panel_runs_s": [round(p[0], 2) for p in panels],
        "reimport_newer_s": round(newer, 2),
        "reimport_same_s": round(same, 2),
        "patients": len(done),
        "added_by_newer": sum(d.stats.checkins_added + d.stats.sessions_added for d in merged),
        "attention": sum(bool(r.reasons) for r in rows),
    }


def main(patients: int, days: int) -> dict[str, Any]:
    library = load_library()
    folder = Path(tempfile.mkdtemp(prefix="cipn-clinic-bench-"))
    result: dict[str, Any] = {"patients": patients, "days": days}
    try:
        made = _patient_files(folder, patients, days)
        result |= {k: made[k] for k in ("checkins", "sessions", "steps")}
        result["fhir_read_s"], _ = _timed(lambda: read_export(Path(made["fhir"]), library))
        db = open_clinic(clinic_url_for(folder / "clinic"))
        try:
            result["sqlite"] = _measure(db, folder, library)
        finally:
            db.close()
        server = start_server()
        if server is None:
            result["postgresql"] = None
        else:
            try:
                db = open_clinic(create_database(server.url, "clinic_bench"))
                try:
                    result["postgresql"] = _measure(db, folder, library)
                finally:
                    db.close()
            finally:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(main(*(args or [200, 120]))))
