"""The session's own words, per language: "Get ready", the counts, "Set 2 of 3 coming up".

The exercise files carry the exercise's words in each language; the few sentences the
timeline builds around them live here, one small template set per language, so that a
Chinese session counts in Chinese ("三，張開") instead of reading English words or digits
with a Cantonese voice. A third language is one more ``CueWords`` in ``CUE_WORDS``.

Numbers a voice counts aloud are written as words: espeak-ng reads a lone "3" well in
English, but the Chinese count must be the character a Cantonese speaker hears ("三").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_ENGLISH_COUNTS = (
    "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen "
    "Fifteen Sixteen Seventeen Eighteen Nineteen Twenty"
).split()
_CHINESE_DIGITS = "零一二三四五六七八九"


def english_count(n: int) -> str:
    """ "Three" for 3 (a repetition's count), digits past twenty."""
    return _ENGLISH_COUNTS[n - 1] if 1 <= n <= len(_ENGLISH_COUNTS) else str(n)


def chinese_number(n: int) -> str:
    """1-9999 in Chinese numerals, as counted aloud: 3 → 三, 12 → 十二, 20 → 二十,
    105 → 一百零五. A teen is 十二 (not 一十二), as Cantonese speakers count."""
    if not 0 <= n <= 9999:
        return str(n)
    if n < 10:
        return _CHINESE_DIGITS[n]
    words, zero_pending = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero_pending = bool(words)
            continue
        if zero_pending:
            words += "零"
            zero_pending = False
        words += _CHINESE_DIGITS[digit] + unit
    return words[1:] if 10 <= n < 20 else words


def chinese_quantity(n: int) -> str:
    """A number of things: 2 is 兩 ("兩組"), every other number as ``chinese_number``."""
    return "兩" if n == 2 else chinese_number(n)


@dataclass(frozen=True)
class CueWords:
    """Templates for one language. ``{title}``, ``{how_to}``, ``{side}`` … are filled in
    by the timeline; ``join`` puts sentences together (a space in English, nothing in
    Chinese); ``count`` says a repetition's number, ``number`` a countdown or a number
    of seconds, ``quantity`` a number of things."""

    language: str
    join: str
    count: Callable[[int], str]
    number: Callable[[int], str]
    quantity: Callable[[int], str]
    get_ready: str
    next_up: str
    start_with: str
    side_words: str
    left: str
    right: str
    count_cue: str
    last_one: str
    begin: str
    halfway: str
    minute_left: str
    seconds_left: str
    switch: str
    set_coming: str
    rest: str
    finish: str
    done_title: str
    done_instruction: str
    # the closing when every exercise was skipped: calm, never praise for nothing done
    nothing_done: str
    nothing_done_title: str
    nothing_done_instruction: str
    title_with_level: str

    def side(self, side: str) -> str:
        """ "left"/"right" (the timeline's machine values) in this language."""
        return self.left if side == "left" else self.right


ENGLISH = CueWords(
    language="en",
    join=" ",
    count=english_count,
    number=str,
    quantity=str,
    get_ready="Get ready. First: {title}. {how_to}",
    next_up="Next: {title}. {how_to}",
    start_with="Start with your {side_words}.",
    side_words="{side} {noun}",
    left="left",
    right="right",
    count_cue="{count}. {phrase}",
    last_one="Last one. {phrase}",
    begin="Begin.",
    halfway="Halfway.",
    minute_left="One minute left.",
    seconds_left="{seconds} seconds left.",
    switch="Switch to your {side_words}.",
    set_coming="Set {number} of {sets} coming up.",
    rest="Rest. Breathe easy.",
    finish="That is the end of this session. Well done, and thank you.",
    done_title="Well done",
    done_instruction="Session complete.",
    nothing_done=(
        "No exercises were done this time, and that is fine. "
        "Rest now, and try again later when you feel up to it."
    ),
    nothing_done_title="Nothing done this time",
    nothing_done_instruction="That is fine. You can try again later.",
    title_with_level="{title}: {level}",
)

CHINESE_HK = CueWords(
    language="zh_HK",
    join="",
    count=chinese_number,
    number=chinese_number,
    quantity=chinese_quantity,
    get_ready="準備好。第一項：{title}。{how_to}",
    next_up="下一項：{title}。{how_to}",
    start_with="先做{side_words}。",
    side_words="{side}{noun}",
    left="左",
    right="右",
    # an ideographic space, not "，": the comma's pause made "三，食指" too long for the
    # 1.5 s slot of thumb to fingertips (the yue voice: 1.22 s against 0.95 s)
    count_cue="{count}\u3000{phrase}",
    last_one="最後{phrase}",
    begin="開始。",
    halfway="做了一半。",
    minute_left="還有一分鐘。",
    seconds_left="還有{seconds}秒。",
    switch="轉做{side_words}。",
    set_coming="準備做第{number}組，一共{sets}組。",
    rest="休息一下，輕鬆呼吸。",
    finish="這次的練習完成了。做得好，謝謝你。",
    done_title="做得好",
    done_instruction="練習完成。",
    nothing_done="這次沒有做任何練習，這也沒關係。先休息一下，有精神的時候可以再試。",
    nothing_done_title="這次沒有做練習",
    nothing_done_instruction="沒關係，稍後可以再試。",
    title_with_level="{title}：{level}",
)

CUE_WORDS: dict[str, CueWords] = {words.language: words for words in (ENGLISH, CHINESE_HK)}


def cue_words(language: str) -> CueWords:
    """The templates for ``language`` ("en", "zh_HK"); ValueError for another."""
    try:
        return CUE_WORDS[language]
    except KeyError:
        raise ValueError(
            f"no session words for language '{language}' (known: {', '.join(CUE_WORDS)})"
        ) from None
