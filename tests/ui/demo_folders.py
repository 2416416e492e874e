"""A data folder filled once per test module, for tests that only read it (the report
and the summary through the CLI).

The report tests need the same patient: the demo's check-ins up to a fixed ``now`` and a
treatment record of oxaliplatin with given cycles. Built by hand in each file it was the
same dozen lines; here it is one function, so the files differ only in what they ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from cipn_coach.cli.demo import fill_demo
from cipn_coach.services import open_services
from cipn_coach.treatment.record import Agent, Cycle

RECORDED = datetime(2026, 12, 1, tzinfo=UTC)  # when the treatment record was typed in


def demo_with_cycles(folder: Path, days: int, now: datetime, cycles: Iterable[Cycle]) -> Path:
    """Fill ``folder`` with ``days`` days of demo check-ins ending at ``now``, the agent
    oxaliplatin and ``cycles``; closed again, so the CLI under test opens it afresh."""
    services = open_services(folder)
    fill_demo(services, days, now)
    services.treatment.set_agents((Agent.OXALIPLATIN,), None, RECORDED)
    for cycle in cycles:
        services.treatment.add_cycle(cycle, RECORDED)
    services.close()
    return folder
