"""The clinician PIN: a hash to store, a check, and a growing wait after wrong entries.

The PIN keeps the Clinician area from being changed by accident. It is NOT protection
against someone who can read or replace the data files (they can simply remove the
setting); the UI and README must say so plainly.

Stored form: ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``. The parameters travel with the
hash so they can be raised later without breaking PINs already set. scrypt (n=2**14,
r=8, p=1) costs ~16 MB and a few tens of ms: unnoticeable once, slow for guessing all
four-digit PINs from a stolen file — though a short PIN is never strong against that.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
PREFIX = "scrypt"
MAX_N = 2**20  # refuse absurd stored parameters (a tampered setting must not hang the app)

FIRST_WAIT_SECONDS = 1.0
MAX_WAIT_SECONDS = 60.0


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=HASH_BYTES
    )


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of ``pin`` with its parameters, for the settings table."""
    if not pin:
        raise ValueError("the PIN must not be empty")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, N, R, P)
    b64 = base64.b64encode
    return f"{PREFIX}${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True if ``pin`` matches ``stored``; False for a wrong PIN or an unreadable hash."""
    try:
        prefix, n_text, r_text, p_text, salt_text, digest_text = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(digest_text, validate=True)
    except (ValueError, AttributeError):
        return False
    if (
        prefix != PREFIX
        or not (2 <= n <= MAX_N and n & (n - 1) == 0)
        or not 1 <= r <= 32
        or not 1 <= p <= 16
        or len(expected) != HASH_BYTES
    ):
        return False
    try:
        actual = _scrypt(pin, salt, n, r, p)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


class Backoff:
    """After each wrong PIN the next try waits twice as long: 1 s, 2 s, 4 s … 60 s.

    Times come from an injected monotonic clock (``time.monotonic`` in the app, a fake in
    tests), so the UI asks ``allowed_at(now)`` and shows "try again in N s" without
    sleeping. ``reset()`` after a right PIN.
    """

    def __init__(self) -> None:
        self.failures = 0
        self._not_before = 0.0

    def wait_seconds(self) -> float:
        """The wait the latest failure imposed (0 before any failure)."""
        if self.failures == 0:
            return 0.0
        return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** min(self.failures - 1, 16))

    def allowed_at(self, now: float) -> bool:
        return now >= self._not_before

    def remaining(self, now: float) -> float:
        return max(0.0, self._not_before - now)

    def record_failure(self, now: float) -> float:
        """Count a wrong entry at ``now``; returns the seconds until the next try."""
        self.failures += 1
        self._not_before = now + self.wait_seconds()
        return self.wait_seconds()

    def reset(self) -> None:
        self.failures = 0
        self._not_before = 0.0
