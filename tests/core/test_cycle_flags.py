"""Treatment-aware rules: the two weekly daily-life flags, the pre-cycle summary, the
Today reminder and keep-warm advice, the weekly prompts, and balance levels held still in
the week of a cycle. Real SQLite files where the services are involved; fixed clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cipn_coach.checkin.averages import by_day
from cipn_coach.checkin.flag_words import CLINICIAN_HEADINGS, PATIENT_HEADINGS, topic
from cipn_coach.checkin.flags import BEFORE_NEXT_CYCLE, CONTACT_NOW, TELL_BEFORE_CYCLE, flags
from cipn_coach.checkin.prompts import prompts_for
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.reports.summary import load_summary
from cipn_coach.reports.today import KEEP_WARM, cycle_reminder, keep_warm
from cipn_coach.routines.progression import History, SessionOutcome, plan_for_day
from cipn_coach.services import Services, open_services
from cipn_coach.treatment.before_cycle import before_cycle
from cipn_coach.treatment.record import Agent, Cycle, Treatment
from tests.core import factories as f

TODAY = date(2027, 1, 8)  # a Friday; the next cycle is on Sunday 10 January
NOW = datetime(2027, 1, 8, 18, 0)
TREATMENT = Treatment(
    (Agent.OXALIPLATIN,), None, (Cycle(date(2026, 12, 20)), Cycle(date(2027, 1, 10), planned=True))
)


def rows(**answers_by_offset):
    return by_day(
        f.checkin_row(TODAY - timedelta(days=int(k[1:])), 2, 2, 1, **v)
        for k, v in answers_by_offset.items()
    )


# ---------------------------------------------------------------- the two flags
def test_yes_to_self_care_is_contact_now_in_or_out_of_treatment():
    days = rows(d3={"self_care_harder": True, "daily_tasks_harder": True})
    for treatment in (None, TREATMENT, Treatment()):
        found = [
            x
            for x in flags(days, TODAY - timedelta(days=27), TODAY, treatment=treatment)
            if x.rule == "self_care_harder"
        ]
        assert len(found) == 1 and found[0].level == CONTACT_NOW
        assert found[0].days == (TODAY - timedelta(days=3),)
        assert "wash, dress or eat by yourself" in found[0].explanation
        assert "NCI CTCAE" in found[0].source and "grade 3" in found[0].source


def test_yes_to_everyday_tasks_flags_before_next_cycle_only_during_treatment():
    days = rows(d2={"daily_tasks_harder": True, "self_care_harder": False})
    first = TODAY - timedelta(days=27)
    [flag] = [
        x
        for x in flags(days, first, TODAY, treatment=TREATMENT)
        if x.rule == "daily_tasks_harder_in_treatment"
    ]
    assert flag.level == BEFORE_NEXT_CYCLE and flag.what_to_do == TELL_BEFORE_CYCLE
    assert "cooking, shopping or handling money" in flag.explanation
    assert "grade 2" in flag.source and "before the next cycle" in flag.clinical
    assert PATIENT_HEADINGS[flag.level] == "Tell your oncology team before your next cycle"
    assert CLINICIAN_HEADINGS[flag.level].startswith("Before the next cycle")
    assert topic(flag.as_dict()) == "Everyday tasks harder during chemotherapy"
    finished = Treatment(TREATMENT.agents, TODAY - timedelta(days=5), TREATMENT.cycles)
    for treatment in (None, Treatment(), finished):
        assert not [
            x
            for x in flags(days, first, TODAY, treatment=treatment)
            if x.level == BEFORE_NEXT_CYCLE
        ]


def test_no_answer_and_no_are_not_flags():
    days = rows(d1={"daily_tasks_harder": False, "self_care_harder": False}, d2={})
    assert flags(days, TODAY - timedelta(days=27), TODAY, treatment=TREATMENT) == []


# ---------------------------------------------------------------- prompts
def test_daily_life_questions_are_weekly_and_cold_follows_oxaliplatin():
    answered = [f.checkin_row(TODAY - timedelta(days=6), daily_tasks_harder=False)]
    assert not prompts_for(answered, TREATMENT, TODAY).daily_life
    answered = [f.checkin_row(TODAY - timedelta(days=7), daily_tasks_harder=False)]
    assert prompts_for(answered, TREATMENT, TODAY).daily_life
    assert prompts_for([f.checkin_row(TODAY, self_care_harder=True)], TREATMENT, TODAY).daily_life
    later = [f.checkin_row(TODAY + timedelta(days=6), self_care_harder=False)]  # filled in late
    assert not prompts_for(later, TREATMENT, TODAY).daily_life
    assert prompts_for([], TREATMENT, date(2027, 1, 11)).cold
    assert not prompts_for([], TREATMENT, TODAY).cold


# ---------------------------------------------------------------- Today
def test_today_reminds_two_days_before_a_cycle_and_says_keep_warm_after_oxaliplatin():
    assert cycle_reminder(TREATMENT, TODAY) == "Your next cycle is on Sunday. Take your summary."
    assert cycle_reminder(TREATMENT, TODAY - timedelta(days=1)) is None
    assert cycle_reminder(None, TODAY) is None
    assert keep_warm(TREATMENT, date(2026, 12, 21)) == KEEP_WARM
    assert keep_warm(TREATMENT, TODAY) is None
    paclitaxel = Treatment((Agent.PACLITAXEL,), None, TREATMENT.cycles)
    assert keep_warm(paclitaxel, date(2026, 12, 21)) is None


@pytest.fixture
def services(tmp_path) -> Services:
    services = open_services(tmp_path / "data")
    services.plan.start_date(date(2026, 12, 1))
    yield services
    services.close()


def save(services: Services, day: date, **answers) -> None:
    values = {"hands": 2, "feet": 2, "pain": 1, **answers}
    services.checkins.save(
        day,
        CheckInValues.parse(values),
        datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=20),
        today=TODAY,
    )


def test_today_model_carries_the_reminder_and_the_flag(services):
    from cipn_coach.reports.today import today_words

    services.treatment.set_agents((Agent.OXALIPLATIN,), None, datetime(2026, 12, 1, tzinfo=UTC))
    for cycle in TREATMENT.cycles:
        services.treatment.add_cycle(cycle, datetime(2026, 12, 1, tzinfo=UTC))
    save(services, TODAY - timedelta(days=1), daily_tasks_harder=True, self_care_harder=False)
    model = today_words(services.today_data(NOW))
    assert model.cycle_reminder == "Your next cycle is on Sunday. Take your summary."
    assert model.keep_warm is None
    assert [x.level for x in model.flags] == [BEFORE_NEXT_CYCLE]


# ---------------------------------------------------------------- before the next cycle
def test_before_cycle_compares_the_week_before_the_last_cycle_with_now(services):
    services.treatment.set_agents((Agent.OXALIPLATIN,), None, datetime(2026, 12, 1, tzinfo=UTC))
    for cycle in TREATMENT.cycles:
        services.treatment.add_cycle(cycle, datetime(2026, 12, 1, tzinfo=UTC))
    for n in range(7):  # the week before the last cycle (13–19 Dec): hands 2, feet 3
        save(services, date(2026, 12, 13) + timedelta(days=n), hands=2, feet=3, pain=1, night=1)
    for n in range(7):  # the last week (2–8 Jan): hands 5, feet 3.5 on average
        save(
            services,
            TODAY - timedelta(days=n),
            hands=5,
            feet=3 + n % 2,
            pain=2,
            near_falls=1 if n == 2 else 0,
            cold_sensitive=n == 6,
            daily_tasks_harder=True if n == 1 else None,
        )
    summary = load_summary(services, TODAY - timedelta(days=27), TODAY, NOW)
    section = summary["treatment"]
    assert section["agents"] == ["oxaliplatin"] and section["next_cycle"] == "2027-01-10"
    before = section["before_next_cycle"]
    assert before["last_cycle"] == "2026-12-20" and before["next_cycle"] == "2027-01-10"
    assert before["averages_then"] == {"hands": 2.0, "feet": 3.0, "pain": 1.0, "night": 1.0}
    assert before["averages_now"] == {"hands": 5.0, "feet": 3.43, "pain": 2.0, "night": None}
    assert before["change"] == {"hands": 3.0, "feet": 0.43, "pain": 1.0, "night": None}
    assert before["near_fall_days"] == ["2027-01-06"] and before["falls"] == 0
    assert before["cold_sensitive_days"] == ["2027-01-02"]
    assert before["daily_tasks_harder"] == [{"date": "2027-01-07", "yes": True}]
    assert "Share this with your oncology team" in before["share"]
    assert not any("dose of" in q.lower() for q in before["questions"])
    [first, second] = section["cycles"]
    assert first["period"] == {"from": "2026-12-20", "to": "2027-01-08"}
    assert first["averages"]["hands"] == 5.0 and second["planned"] and "averages" not in second
    assert [x["rule"] for x in summary["flags"]] == ["daily_tasks_harder_in_treatment"]
    # the page's table: each average with its decimal, so the columns compare ('3.0', '3.4')
    from cipn_coach.treatment.before_cycle import before_cycle_page

    rows = {row[0]: row[1:] for row in before_cycle_page(section).rows}
    assert rows["Feet: numbness/tingling"][:2] == ("3.0", "3.4")
    assert rows["Hands: numbness/tingling"][:2] == ("2.0", "5.0")


def test_per_cycle_averages_and_change_from_the_cycle_before():
    cycles = Treatment(
        (Agent.CISPLATIN,), None, (Cycle(date(2026, 12, 28)), Cycle(date(2027, 1, 4)))
    )
    days = by_day(
        [
            f.checkin_row(date(2026, 12, 28) + timedelta(days=n), 2 if n < 7 else 4, 1, 0)
            for n in range(12)
        ]
    )
    from cipn_coach.treatment.before_cycle import treatment_section

    section = treatment_section(cycles, days, date(2027, 1, 8), date(2027, 1, 8))
    one, two = section["cycles"]
    assert one["period"] == {"from": "2026-12-28", "to": "2027-01-03"}
    assert (one["averages"]["hands"], two["averages"]["hands"]) == (2.0, 4.0)
    assert two["change_from_previous"]["hands"] == 2.0 and one["change_from_previous"] is None
    assert two["days_recorded"] == 5
    assert before_cycle(cycles, days, date(2027, 1, 8)).next_cycle is None


# ---------------------------------------------------------------- balance levels
def test_balance_level_does_not_rise_in_the_week_of_a_cycle_unless_the_physio_allows():
    lib = f.library(f.exercise("stance", reps=None, hold=20, levels=4))
    start = date(2026, 11, 2)

    def level(rule: dict, cycles: tuple[date, ...], on: date) -> int:
        r = f.routine("rr", [{"exercise": "stance", "progression": [{"kind": "level", **rule}]}])
        history = History(
            tuple(SessionOutcome(start + timedelta(days=n), "rr", 3) for n in (1, 3, 5)), {}, cycles
        )
        return plan_for_day(r, lib, start, on, history)[0].level.level

    week_two = start + timedelta(days=7)
    assert level({}, (), week_two) == 2
    assert level({}, (week_two + timedelta(days=2),), week_two) == 1  # cycle in two days
    assert level({}, (week_two - timedelta(days=6),), week_two) == 1  # cycle six days ago
    assert level({}, (week_two - timedelta(days=7),), week_two) == 2
    assert level({}, (week_two + timedelta(days=3),), week_two) == 2
    assert level({"up_in_cycle_week": True}, (week_two,), week_two) == 2
