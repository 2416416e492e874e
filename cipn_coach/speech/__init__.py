"""Speech: the ``Speaker`` protocol the session engine talks to, and the synthesizer.

Importing this package is cheap: pyttsx3 is loaded only when the synthesizer's worker
(or ``synthesize_to_wav`` / ``doctor_check``) first needs the engine.
"""

from cipn_coach.speech.check import SpeechCheck, WavStats, doctor_check, wav_stats
from cipn_coach.speech.speaker import (
    RATE_MAX_WPM,
    RATE_MIN_WPM,
    ErrorCallback,
    FakeSpeaker,
    NullSpeaker,
    ReadyCallback,
    Speaker,
    SpeechError,
    SpeechSynth,
    SpeechUnavailable,
    VoiceSettings,
)
from cipn_coach.speech.synthesizer import (
    Synthesizer,
    synthesize_to_wav,
)

__all__ = [
    "RATE_MAX_WPM",
    "RATE_MIN_WPM",
    "ErrorCallback",
    "FakeSpeaker",
    "NullSpeaker",
    "ReadyCallback",
    "Speaker",
    "SpeechCheck",
    "SpeechError",
    "SpeechSynth",
    "SpeechUnavailable",
    "Synthesizer",
    "VoiceSettings",
    "WavStats",
    "doctor_check",
    "synthesize_to_wav",
    "wav_stats",
]
