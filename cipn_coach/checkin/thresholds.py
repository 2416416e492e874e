"""Every number the rules and the check-in form use, named once, with where it comes from.

A family member or physiotherapist asking "why did it say that?" should find the answer
here: each constant has an entry in ``SOURCES`` (a test checks none is missing). The
rules never hard-code a number; change one here and the README table with it.
"""

from __future__ import annotations

from cipn_coach.i18n import N_

PARTIAL_COUNTS_AS_DONE = 0.5  # fraction of planned exercise time; see SOURCES below


# --- check-in form bounds -------------------------------------------------------------
SCALE_MIN = 0
SCALE_MAX = 10
COUNT_MAX = 50
NOTE_MAX_CHARS = 1000

# --- averages and trends ---------------------------------------------------------------
WINDOW_DAYS = 7
MIN_DAYS_IN_WINDOW = 4
TREND_MIN_DAYS = 4
DEFAULT_SUMMARY_DAYS = 28
MAX_SUMMARY_DAYS = 3660

# --- "professional evaluation recommended" --------------------------------------------
EVALUATION_AVERAGE = 4.0  # strictly above: exactly 4.0 does not count
EVALUATION_SPAN_DAYS = 14
FUNCTION_YES_DAYS = 3
FUNCTION_RECENT_DAYS = 7

# --- "contact your care team now" -----------------------------------------------------
FALLS_RED_FLAG = 1
NEAR_FALL_DAYS = 2
NEAR_FALL_WINDOW_DAYS = 7
RED_FLAG_RISE = 3.0
RISE_WITHIN_DAYS = 7

# marked (N_) for the catalogue; translated (_) where a flag carries one
SOURCES: dict[str, str] = {
    "SCALE_MIN": N_("patient guide: daily 0–10 rating (0 = none, 10 = unbearable)"),
    "SCALE_MAX": N_("patient guide: daily 0–10 rating (0 = none, 10 = unbearable)"),
    "COUNT_MAX": N_("app safety bound: more than 50 falls a day is a typing mistake"),
    "NOTE_MAX_CHARS": N_("app bound: a note is a short remark, not a diary"),
    "WINDOW_DAYS": N_("patient guide: 'the past week's average'"),
    "MIN_DAYS_IN_WINDOW": N_("app rule: an average of fewer than 4 of 7 days is 'not enough data'"),
    "TREND_MIN_DAYS": N_("app rule: a straight line through fewer than 4 days says nothing"),
    "DEFAULT_SUMMARY_DAYS": N_("patient guide: easing often noticed after 2–4 weeks of practice"),
    "MAX_SUMMARY_DAYS": N_("app bound: a summary covers at most about ten years"),
    "EVALUATION_AVERAGE": N_(
        "patient guide: weekly average above 4–5 for more than 2 weeks "
        "→ professional evaluation (the app uses the lower bound, 4)"
    ),
    "EVALUATION_SPAN_DAYS": N_("patient guide: weekly average above 4–5 for more than 2 weeks"),
    "FUNCTION_YES_DAYS": N_(
        "patient guide: if daily life is affected (dropping things, fine "
        "tasks hard, holding walls) that deserves professional attention"
    ),
    "FUNCTION_RECENT_DAYS": N_("patient guide: functional impact questions (app window: a week)"),
    "FALLS_RED_FLAG": N_("oncology guide, red flags: a fall → contact your care team now"),
    "NEAR_FALL_DAYS": N_("oncology guide, red flags: repeated near-falls or stumbling"),
    "NEAR_FALL_WINDOW_DAYS": N_(
        "oncology guide, red flags: repeated near-falls or stumbling (within a week)"
    ),
    "RED_FLAG_RISE": N_(
        "oncology guide, red flags: rapid worsening, a rise of 3 or more points in a week's average"
    ),
    "RISE_WITHIN_DAYS": N_(
        "oncology guide, red flags: rapid worsening, a rise of 3 or more points in a week's average"
    ),
    "PARTIAL_COUNTS_AS_DONE": N_(
        "app rule: a session with at least half of its "
        "planned time done counts as done, shown as partial"
    ),
}

__all__ = [name for name in SOURCES] + ["SOURCES"]
