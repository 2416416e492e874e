"""Clinician PIN: scrypt hash with salt and parameters, constant-time check, back-off."""

from __future__ import annotations

from cipn_coach.settings.pin import Backoff, hash_pin, verify_pin


def test_hash_verifies_and_is_salted():
    stored = hash_pin("2468")
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert hash_pin("2468") != stored  # a fresh random salt every time


def test_unreadable_or_tampered_hash_is_a_wrong_pin_not_a_crash():
    stored = hash_pin("1234")
    for bad in (
        "",
        "nonsense",
        stored.replace("scrypt", "md5"),
        stored[:-4],
        "scrypt$3$8$1$AAAA$AAAA",
        "scrypt$1073741824$8$1$AAAA$AAAA",
        stored + "$x",
    ):
        assert not verify_pin("1234", bad)


def test_backoff_doubles_to_a_cap_and_resets():
    clock = 100.0
    backoff = Backoff()
    assert backoff.allowed_at(clock)
    waits = [backoff.record_failure(clock) for _ in range(9)]
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert not backoff.allowed_at(clock + 59.9)
    assert backoff.allowed_at(clock + 60)
    backoff.reset()
    assert backoff.allowed_at(clock) and backoff.wait_seconds() == 0


def test_backoff_counts_from_the_latest_failure():
    backoff = Backoff()
    backoff.record_failure(10.0)
    assert not backoff.allowed_at(10.5) and backoff.allowed_at(11.0)
    backoff.record_failure(11.0)
    assert backoff.remaining(11.5) == 1.5
