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

from cipn_coach.checkin.averages import MEASURES, ByDay, records_between, rolling_average
from cipn_coach.checkin.thresholds import MIN_DAYS_IN_WINDOW
from cipn_coach.i18n import N_, _, p_
from cipn_coach.treatment.record import Treatment

SHARE_LINE = N_(
    "Share this with your oncology team. It is a record of how you have been, "
    "not advice about your treatment."
)
# The guide's questions for the oncologist (CONTENT.md, "Questions worth asking"), in the
# app's words. The same list the report prints.
QUESTIONS_SOURCE = N_("oncology guide: prevention facts and questions worth asking the care team")
# Marked for the catalogue (N_); shown translated (_()). JSON keeps the English.
QUESTIONS = (
    N_("Which drug in my treatment is most likely to affect my nerves, and at what total dose?"),
    N_("Can we agree in advance at which point the dose would be lowered or changed?"),
    N_("Are cooling gloves and socks available during my infusions?"),
    N_("If the pain grows, is duloxetine right for me?"),
    N_("What recovery time fits my treatment, and when should I see a neurologist?"),
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
        averages[measure] = (
            _r(sum(values) / len(values)) if len(values) >= MIN_DAYS_IN_WINDOW else None
        )
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
            "averages_then": self.then,
            "averages_now": self.now,
            "change": self.change,
            "daily_tasks_harder": [{"date": d.isoformat(), "yes": y} for d, y in self.daily_tasks],
            "self_care_harder": [{"date": d.isoformat(), "yes": y} for d, y in self.self_care],
            "falls": self.falls,
            "near_fall_days": iso(self.near_fall_days),
            "cold_sensitive_days": iso(self.cold_days),
            "new_weakness_days": iso(self.weakness_days),
            "unfelt_wound_days": iso(self.unfelt_wound_days),
            # in the run's language, as the summary's other words (explanations)
            "questions": [_(question) for question in QUESTIONS],
            "share": _(SHARE_LINE),
        }


def before_cycle(treatment: Treatment, days: ByDay, today: date) -> BeforeCycle:
    """Changes since the last cycle, as of ``today`` (the day the summary is made).

    The coming cycle is the first one on or after ``today`` (on the cycle day itself the
    summary is still "before" it); the last cycle is the one before that.
    """
    upcoming = (
        next((c.day for c in treatment.cycles if c.day >= today), None)
        if treatment.in_treatment(today)
        else None
    )
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
        today,
        upcoming,
        last_cycle,
        since,
        then,
        now,
        {m: _change(now[m], then[m]) for m in MEASURES},
        answered("daily_tasks_harder"),
        answered("self_care_harder"),
        sum(r.falls for r in rows),
        [r.day for r in rows if r.near_falls > 0],
        yes("cold_sensitive"),
        yes("new_weakness"),
        yes("unfelt_wound"),
    )


def treatment_section(
    treatment: Treatment, days: ByDay, last: date, today: date
) -> dict[str, Any] | None:
    """The ``treatment`` section of the summary: medicines, cycles with their periods'
    averages and the change from the cycle before, and the pre-cycle summary as of
    ``today``. ``None`` when no treatment was entered."""
    if treatment.is_empty:
        return None
    cycles = []
    previous: dict[str, float | None] | None = None
    periods = {p.cycle.day: p for p in treatment.periods(last)}
    for number, cycle in enumerate(treatment.cycles, start=1):
        entry: dict[str, Any] = {
            "number": number,
            "day": cycle.day.isoformat(),
            "planned": cycle.planned,
        }
        period = periods.get(cycle.day)
        if period is not None:
            averages, recorded = period_averages(days, period.first, period.last)
            entry.update(
                {
                    "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
                    "days_recorded": recorded,
                    "averages": averages,
                    "change_from_previous": None
                    if previous is None
                    else {m: _change(averages[m], previous[m]) for m in MEASURES},
                }
            )
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
MEASURE_LABELS = {
    "hands": N_("Hands: numbness/tingling"),
    "feet": N_("Feet: numbness/tingling"),
    "pain": N_("Pain"),
    "night": N_("Night-time discomfort"),
}


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

    return "–" if value is None else formatting.average(value)


def _change_words(value: float | None) -> str:
    from cipn_coach import formatting

    if value is None:
        return "–"
    if abs(value) < 0.05:
        return _("same")
    amount = formatting.number(abs(value), 1)
    if value > 0:
        return _("+{amount} (worse)").format(amount=amount)
    return _("−{amount} (easier)").format(amount=amount)


def _days_list(days: list[str]) -> str:
    from cipn_coach import formatting

    return p_("list separator", ", ").join(
        formatting.day_month(date.fromisoformat(d)) for d in days
    )


def _answers(entries: list[dict[str, Any]]) -> str:
    from cipn_coach import formatting

    if not entries:
        return _("not answered since then")
    return p_("answer separator", "; ").join(
        _("{day}: {answer}").format(
            day=formatting.day_month(date.fromisoformat(e["date"])),
            answer=_("yes") if e["yes"] else _("no"),
        )
        for e in entries
    )


def before_cycle_page(section: dict[str, Any]) -> BeforeCyclePage:
    """The page from the summary's ``treatment`` section (``treatment_section``), so it
    shows exactly the numbers ``summary --json`` prints."""
    from cipn_coach import formatting
    from cipn_coach.checkin.fields import DAILY_LIFE_QUESTIONS
    from cipn_coach.treatment.record import AGENT_LABELS, Agent

    before = section["before_next_cycle"]
    upcoming = before["next_cycle"]
    title = _("Before your next cycle")
    if upcoming:
        title = _("Before your next cycle ({day})").format(
            day=formatting.day_long(date.fromisoformat(upcoming))
        )
    since = date.fromisoformat(before["since"])
    agents = p_("list separator", ", ").join(
        _(AGENT_LABELS[Agent(a)]) for a in section["agents"]
    ) or _("not entered")
    if before["last_cycle"]:
        intro = _("Changes since your last cycle on {day}. Medicines: {agents}.").format(
            day=formatting.day_year(since), agents=agents
        )
    else:
        intro = _(
            "Changes over the four weeks since {day} (no earlier cycle on the record). "
            "Medicines: {agents}."
        ).format(day=formatting.day_year(since), agents=agents)
    heading = (
        _("0–10, lower is better"),
        _("7-day average before the last cycle"),
        _("7-day average now"),
        _("Change"),
    )
    rows = tuple(
        (
            _(MEASURE_LABELS[m]),
            _number(before["averages_then"][m]),
            _number(before["averages_now"][m]),
            _change_words(before["change"][m]),
        )
        for m in MEASURE_LABELS
    )
    near = before["near_fall_days"]
    falls, near_days = formatting.whole(before["falls"]), formatting.whole(len(near))
    if near:
        signs = [
            _("Falls: {falls}. Days with near-falls: {days} ({dates}).").format(
                falls=falls, days=near_days, dates=_days_list(near)
            )
        ]
    else:
        signs = [
            _("Falls: {falls}. Days with near-falls: {days}.").format(falls=falls, days=near_days)
        ]
    for key, words in (
        ("cold_sensitive_days", N_("Sensitive to cold")),
        ("new_weakness_days", N_("New weakness or tripping")),
        ("unfelt_wound_days", N_("A burn, cut or wound not felt")),
    ):
        days = before[key]
        signs.append(
            _("{sign}: {days}").format(sign=_(words), days=_days_list(days) if days else _("no"))
        )
    daily = tuple(
        _("{question} — {answers}").format(
            question=_(DAILY_LIFE_QUESTIONS[name]), answers=_answers(before[name])
        )
        for name in ("daily_tasks_harder", "self_care_harder")
    )
    sections = (
        (_("Daily life"), daily),
        (_("Falls and warning signs"), tuple(signs)),
        (_("Questions you may want to ask"), tuple(_(q) for q in before["questions"])),
    )
    return BeforeCyclePage(title, intro, heading, rows, sections, _(before["share"]))
