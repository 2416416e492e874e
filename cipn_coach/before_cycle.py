"""Symptoms by chemotherapy cycle: per-cycle averages and the "Before your next cycle" page.

Pure functions of the treatment record and the check-ins (no database, no Qt). The
summary's ``treatment`` section (``cipn-coach summary --json``), the pre-cycle PDF and
the screen all read what ``treatment_section`` returns, so their numbers are the same.

What it never does: advise on doses or medicines. It lays out what changed since the last
cycle, for the patient to share with the oncology team, with the guide's questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cipn_coach.rules import MEASURES, ByDay, records_between, rolling_average
from cipn_coach.thresholds import MIN_DAYS_IN_WINDOW
from cipn_coach.treatment import Treatment

SHARE_LINE = ("Share this with your oncology team. It is a record of how you have been, "
              "not advice about your treatment.")
# The guide's questions for the oncologist (CONTENT.md, "Questions worth asking"), in the
# app's words. The same list the report prints.
QUESTIONS_SOURCE = "oncology guide: prevention facts and questions worth asking the care team"
QUESTIONS = (
    "Which drug in my treatment is most likely to affect my nerves, and at what total dose?",
    "Can we agree in advance at which point the dose would be lowered or changed?",
    "Are cooling gloves and socks available during my infusions?",
    "If the pain grows, is duloxetine right for me?",
    "What recovery time fits my treatment, and when should I see a neurologist?",
)
LOOKBACK_WITHOUT_CYCLE_DAYS = 28  # no earlier cycle on the record: the last four weeks


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _change(now: float | None, then: float | None) -> float | None:
    return None if now is None or then is None else round(now - then, 2)


def period_averages(days: ByDay, first: date, last: date) -> tuple[dict[str, float | None], int]:
    """Each measure's mean over the recorded days of ``first``..``last`` (``None`` with
    fewer than ``MIN_DAYS_IN_WINDOW`` answers: too few to say), and the days recorded."""
    records = [r for r in records_between(days, first, last) if r is not None]
    averages: dict[str, float | None] = {}
    for measure in MEASURES:
        values = [getattr(r, measure) for r in records if getattr(r, measure) is not None]
        averages[measure] = _r(sum(values) / len(values)) if len(values) >= MIN_DAYS_IN_WINDOW \
            else None
    return averages, len(records)


@dataclass(frozen=True)
class BeforeCycle:
    """What the pre-cycle page shows. ``since`` is the last cycle day before the coming
    one (or four weeks back when there is none); ``then`` the 7-day averages on the day
    before it, ``now`` those of ``today``."""

    today: date
    next_cycle: date | None
    last_cycle: date | None
    since: date
    then: dict[str, float | None]
    now: dict[str, float | None]
    change: dict[str, float | None]
    daily_tasks: list[tuple[date, bool]]  # the weekly answers since then, oldest first
    self_care: list[tuple[date, bool]]
    falls: int
    near_fall_days: list[date]
    cold_days: list[date]
    weakness_days: list[date]
    unfelt_wound_days: list[date]

    def as_dict(self) -> dict[str, Any]:
        def iso(days: list[date]) -> list[str]:
            return [d.isoformat() for d in days]

        return {
            "today": self.today.isoformat(),
            "next_cycle": self.next_cycle.isoformat() if self.next_cycle else None,
            "last_cycle": self.last_cycle.isoformat() if self.last_cycle else None,
            "since": self.since.isoformat(),
            "averages_then": self.then, "averages_now": self.now, "change": self.change,
            "daily_tasks_harder": [{"date": d.isoformat(), "yes": y} for d, y in self.daily_tasks],
            "self_care_harder": [{"date": d.isoformat(), "yes": y} for d, y in self.self_care],
            "falls": self.falls, "near_fall_days": iso(self.near_fall_days),
            "cold_sensitive_days": iso(self.cold_days),
            "new_weakness_days": iso(self.weakness_days),
            "unfelt_wound_days": iso(self.unfelt_wound_days),
            "questions": list(QUESTIONS), "share": SHARE_LINE,
        }


def before_cycle(treatment: Treatment, days: ByDay, today: date) -> BeforeCycle:
    """Changes since the last cycle, as of ``today`` (the day the summary is made).

    The coming cycle is the first one on or after ``today`` (on the cycle day itself the
    summary is still "before" it); the last cycle is the one before that.
    """
    upcoming = next((c.day for c in treatment.cycles if c.day >= today), None) \
        if treatment.in_treatment(today) else None
    before = upcoming if upcoming is not None else today + timedelta(days=1)
    earlier = [c.day for c in treatment.cycles if c.day < before]
    last_cycle = earlier[-1] if earlier else None
    since = last_cycle or today - timedelta(days=LOOKBACK_WITHOUT_CYCLE_DAYS - 1)
    then = {m: _r(rolling_average(days, since - timedelta(days=1), m)) for m in MEASURES}
    now = {m: _r(rolling_average(days, today, m)) for m in MEASURES}
    rows = [r for r in records_between(days, since, today) if r is not None]

    def answered(name: str) -> list[tuple[date, bool]]:
        return [(r.day, bool(getattr(r, name))) for r in rows if getattr(r, name) is not None]

    def yes(name: str) -> list[date]:
        return [r.day for r in rows if getattr(r, name)]

    return BeforeCycle(
        today, upcoming, last_cycle, since, then, now,
        {m: _change(now[m], then[m]) for m in MEASURES},
        answered("daily_tasks_harder"), answered("self_care_harder"),
        sum(r.falls for r in rows), [r.day for r in rows if r.near_falls > 0],
        yes("cold_sensitive"), yes("new_weakness"), yes("unfelt_wound"))


def treatment_section(treatment: Treatment, days: ByDay, last: date,
                      today: date) -> dict[str, Any] | None:
    """The ``treatment`` section of the summary: medicines, cycles with their periods'
    averages and the change from the cycle before, and the pre-cycle summary as of
    ``today``. ``None`` when no treatment was entered."""
    if treatment.is_empty:
        return None
    cycles = []
    previous: dict[str, float | None] | None = None
    periods = {p.cycle.day: p for p in treatment.periods(last)}
    for number, cycle in enumerate(treatment.cycles, start=1):
        entry: dict[str, Any] = {"number": number, "day": cycle.day.isoformat(),
                                 "planned": cycle.planned}
        period = periods.get(cycle.day)
        if period is not None:
            averages, recorded = period_averages(days, period.first, period.last)
            entry.update({
                "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
                "days_recorded": recorded, "averages": averages,
                "change_from_previous": None if previous is None else
                {m: _change(averages[m], previous[m]) for m in MEASURES}})
            previous = averages
        cycles.append(entry)
    upcoming = treatment.next_cycle(today)
    return {
        "agents": [a.value for a in treatment.agents],
        "finished_on": treatment.finished_on.isoformat() if treatment.finished_on else None,
        "in_treatment": treatment.in_treatment(today),
        "next_cycle": upcoming.day.isoformat() if upcoming else None,
        "cycles": cycles,
        "before_next_cycle": before_cycle(treatment, days, today).as_dict(),
    }


# ---------------------------------------------------------------- the page in words
MEASURE_LABELS = {"hands": "Hands: numbness/tingling", "feet": "Feet: numbness/tingling",
                  "pain": "Pain", "night": "Night-time discomfort"}


@dataclass(frozen=True)
class BeforeCyclePage:
    """The "Before your next cycle" page in words: what the PDF and the screen lay out.
    Every number and date has gone through ``formatting``."""

    title: str
    intro: str
    table_heading: tuple[str, str, str, str]
    rows: tuple[tuple[str, str, str, str], ...]  # measure, then, now, change
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # heading, lines
    share: str


def _number(value: float | None) -> str:
    from cipn_coach import formatting

    return "–" if value is None else formatting.number(value, 1)


def _change_words(value: float | None) -> str:
    from cipn_coach import formatting

    if value is None:
        return "–"
    if abs(value) < 0.05:
        return "same"
    sign = "+" if value > 0 else "−"
    return f"{sign}{formatting.number(abs(value), 1)} ({'worse' if value > 0 else 'easier'})"


def _days_list(days: list[str]) -> str:
    from cipn_coach import formatting

    return ", ".join(formatting.day_month(date.fromisoformat(d)) for d in days)


def _answers(entries: list[dict[str, Any]]) -> str:
    from cipn_coach import formatting

    if not entries:
        return "not answered since then"
    return "; ".join(f"{formatting.day_month(date.fromisoformat(e['date']))}: "
                     f"{'yes' if e['yes'] else 'no'}" for e in entries)


def before_cycle_page(section: dict[str, Any]) -> BeforeCyclePage:
    """The page from the summary's ``treatment`` section (``treatment_section``), so it
    shows exactly the numbers ``summary --json`` prints."""
    from cipn_coach import formatting
    from cipn_coach.checkin_fields import DAILY_LIFE_QUESTIONS
    from cipn_coach.treatment import AGENT_LABELS, Agent

    before = section["before_next_cycle"]
    upcoming = before["next_cycle"]
    title = "Before your next cycle"
    if upcoming:
        title += f" ({formatting.day_long(date.fromisoformat(upcoming))})"
    since = date.fromisoformat(before["since"])
    agents = ", ".join(AGENT_LABELS[Agent(a)] for a in section["agents"]) or "not entered"
    if before["last_cycle"]:
        intro = (f"Changes since your last cycle on {formatting.day_year(since)}. "
                 f"Medicines: {agents}.")
    else:
        intro = (f"Changes over the four weeks since {formatting.day_year(since)} (no earlier "
                 f"cycle on the record). Medicines: {agents}.")
    heading = ("0–10, lower is better", "7-day average before the last cycle",
               "7-day average now", "Change")
    rows = tuple((MEASURE_LABELS[m], _number(before["averages_then"][m]),
                  _number(before["averages_now"][m]), _change_words(before["change"][m]))
                 for m in MEASURE_LABELS)
    near = before["near_fall_days"]
    signs = [f"Falls: {formatting.whole(before['falls'])}. Days with near-falls: "
             f"{formatting.whole(len(near))}" + (f" ({_days_list(near)})." if near else ".")]
    for key, words in (("cold_sensitive_days", "Sensitive to cold"),
                       ("new_weakness_days", "New weakness or tripping"),
                       ("unfelt_wound_days", "A burn, cut or wound not felt")):
        days = before[key]
        signs.append(f"{words}: " + (_days_list(days) if days else "no"))
    daily = tuple(f"{DAILY_LIFE_QUESTIONS[name]} — {_answers(before[name])}"
                  for name in ("daily_tasks_harder", "self_care_harder"))
    sections = (("Daily life", daily), ("Falls and warning signs", tuple(signs)),
                ("Questions you may want to ask", tuple(before["questions"])))
    return BeforeCyclePage(title, intro, heading, rows, sections, before["share"])
