"""Tests for the Caesar breaker (not shown to students).

caesar.encrypt comes from the test dependency itpcp.pgph.py.caesar (^1.0).
"""
from pathlib import Path

import pytest

from breaker import CIPHER_FILE, best_shift, chi_squared, crack, letter_counts, load_frequencies
from caesar import encrypt

HERE = Path(__file__).resolve().parent
PLAIN = (
    "it was the best of times, it was the worst of times, it was the age of "
    "wisdom, it was the age of foolishness, it was the epoch of belief"
)


@pytest.fixture(scope="module")
def freq():
    return load_frequencies()


def test_frequencies_are_normalised(freq):
    assert len(freq) == 26
    assert sum(freq.values()) == pytest.approx(1.0)
    assert max(freq, key=freq.get) == "e"


def test_letter_counts():
    counts = letter_counts("Abc, aB!")
    assert counts[:3] == [2, 2, 1]
    assert sum(counts) == 5


def test_chi_squared_perfect_match_is_zero():
    freq = {c: 1 / 26 for c in "abcdefghijklmnopqrstuvwxyz"}
    assert chi_squared([4] * 26, freq) == pytest.approx(0.0)


@pytest.mark.parametrize("shift", [0, 1, 3, 11, 13, 25])
def test_best_shift_on_encrypted_text(shift, freq):
    assert best_shift(encrypt(PLAIN, shift), freq) == shift


def test_crack_given_file(freq):
    expected = (HERE / "reference" / "plaintext.txt").read_text(encoding="utf-8")
    shift, text = crack(CIPHER_FILE.read_text(encoding="utf-8"), freq)
    assert shift == 11
    assert text == expected
