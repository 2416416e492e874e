"""What each kind of cue does, in a physiotherapist's words, for the places that list a
routine's cue script: the clinician's preview (``ui.clinician.pin_panels``) and
``cipn-coach preview``. Keyed by ``CueKind`` value; marked here (N_: made at import),
translated where shown."""

from __future__ import annotations

from cipn_coach.i18n import N_, _

CUE_KIND_WORDS = {
    "announce": N_("Introduction"),
    "countdown": N_("Countdown"),
    "start": N_("Start"),
    "count": N_("Count"),
    "phrase": N_("Rhythm"),
    "last_one": N_("Last one"),
    "halfway": N_("Halfway"),
    "time_left": N_("Time left"),
    "tip": N_("Tip"),
    "switch": N_("Switch sides"),
    "set": N_("Next set"),
    "end": N_("End"),
    "finish": N_("Finish"),
    "chime": N_("Chime"),
}
CHIME_WORDS = N_("(a chime sound, not spoken)")  # the text of a chime: a sound, not words


def cue_kind_words(kind: str) -> str:
    """``'time_left'`` → 'Time left' in the current language (an unknown kind readably)."""
    if kind in CUE_KIND_WORDS:
        return _(CUE_KIND_WORDS[kind])
    return kind.replace("_", " ").capitalize()


def cue_text(cue: dict[str, object]) -> str:
    """What a cue says; a chime says nothing, which is told in words."""
    return _(CHIME_WORDS) if cue["kind"] == "chime" else str(cue["text"])
